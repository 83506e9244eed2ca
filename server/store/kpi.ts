import type { KpiDimension, KpiGrouping, VoiceItem, VoiceKind, VoiceReviewStatus } from '../../shared';
import type { Row, SqlDialect } from './dialect';
import { jsonOrNull, numOrNull, strOrNull } from './rows';
import { givenClauses, whereGiven } from './sql';

/**
 * The programme's measures (issue 17) and the residents' voice, written once for both stores like office.ts: tickets
 * and survey answers get read models of their own (the KPIs would otherwise read every event of a year), 311 requests
 * and "Tell the city" answers get the stop and city day they were filed on, and the office's reviews and translations of
 * what residents wrote sit in voice_reviews. Instants are kept as epoch milliseconds beside the ISO text where the KPIs
 * subtract them, so a wait is plain arithmetic in either dialect.
 */

/** What the projection adds for the KPIs, applied by each store through `kpiStatements`. */
export type KpiOp =
  | { op: 'insertTicket'; row: { id: string; stopId: string; number: string; categoryCode: string; source: string; language: string | null; issuedAt: string; businessDate: string } }
  | { op: 'ticketCalled'; ticketId: string; at: string }
  | { op: 'ticketServed'; ticketId: string; at: string }
  | { op: 'ticketOutcome'; ticketId: string; outcome: 'no_show' | 'cancelled' | null }
  | { op: 'ticketTransferred'; ticketId: string; categoryCode: string }
  | { op: 'insertSurvey'; row: { id: string; stopId: string | null; ticketId: string | null; rating: number; comment: string; answeredAt: string; businessDate: string } }
  | { op: 'datedServiceRequest'; id: string; stopId: string | null; businessDate: string }
  | { op: 'datedCityAnswer'; id: string; businessDate: string };

/** The SQL an op runs (`?` placeholders; PostgreSQL numbers them). Only the device's own ticket changes. */
export function kpiStatement(op: KpiOp, deviceId: string): [string, unknown[]] {
  switch (op.op) {
    case 'insertTicket': {
      const t = op.row;
      return [
          `INSERT INTO tickets (id, device_id, stop_id, number, category_code, source, language, issued_at, issued_ms, business_date)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
          [t.id, deviceId, t.stopId, t.number, t.categoryCode, t.source, t.language, t.issuedAt, Date.parse(t.issuedAt), t.businessDate],
      ];
    }
    case 'ticketCalled':
      // The first call ends the wait; a recall (after an undone no-show) does not restart it.
      return ['UPDATE tickets SET called_ms = COALESCE(called_ms, ?) WHERE id = ? AND device_id = ?', [Date.parse(op.at), op.ticketId, deviceId]];
    case 'ticketServed':
      return [`UPDATE tickets SET served_ms = ?, outcome = 'served' WHERE id = ? AND device_id = ?`, [Date.parse(op.at), op.ticketId, deviceId]];
    case 'ticketOutcome':
      return ['UPDATE tickets SET outcome = ? WHERE id = ? AND device_id = ?', [op.outcome, op.ticketId, deviceId]];
    case 'ticketTransferred':
      return ['UPDATE tickets SET category_code = ? WHERE id = ? AND device_id = ?', [op.categoryCode, op.ticketId, deviceId]];
    case 'insertSurvey': {
      const s = op.row;
      return [
          `INSERT INTO survey_answers (id, device_id, stop_id, ticket_id, rating, comment, answered_at, business_date)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
          [s.id, deviceId, s.stopId, s.ticketId, s.rating, s.comment, s.answeredAt, s.businessDate],
      ];
    }
    case 'datedServiceRequest':
      return ['UPDATE service_requests SET stop_id = ?, business_date = ? WHERE id = ? AND device_id = ?', [op.stopId, op.businessDate, op.id, deviceId]];
    case 'datedCityAnswer':
      return ['UPDATE city_answers SET business_date = ? WHERE id = ? AND device_id = ?', [op.businessDate, op.id, deviceId]];
  }
}


/** Nearest-rank percentile over sorted values: the same answer as percentile_disc. */
export function nearestRank(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
}

export interface KpiQuery {
  from: string;
  to: string;
  /** 'all': one row for the whole period and every key (the period's totals). */
  grouping: KpiGrouping | 'all';
  dimension: KpiDimension | 'all';
}

export interface KpiRow {
  period: string;
  key: string;
  tickets: number;
  residentsServed: number;
  waitMedianSeconds: number | null;
  waitP90Seconds: number | null;
  serviceMedianSeconds: number | null;
  serviceP90Seconds: number | null;
  surveys: number;
  /** Sum of ratings; the average is ratingSum / surveys. */
  ratingSum: number;
  requests311: number;
  cityAnswers: number;
}

export interface KpiResult {
  rows: KpiRow[];
  /** Tickets taken at the touchscreen, by language, per period and key. */
  languages: { period: string; key: string; language: string; tickets: number }[];
}

export interface VoiceFilter {
  from?: string;
  to?: string;
  kind?: VoiceKind;
  stopId?: string;
  neighbourhood?: string;
  topic?: string;
  language?: string;
  status?: VoiceReviewStatus;
  limit: number;
}

/** One van's city day at one stop for one service: what kpi_rollups holds (before it is stored). */
interface Rollup {
  deviceId: string;
  businessDate: string;
  stopId: string;
  categoryCode: string;
  tickets: number;
  served: number;
  waitMs: number[];
  serviceMs: number[];
  languages: Record<string, number>;
  surveys: number;
  ratingSum: number;
}

/** The Monday (ISO week start) of a city date, as SQLite's `weekday 1` and PostgreSQL's date_trunc('week') give it. */
export function weekStartOf(date: string): string {
  const ms = Date.parse(`${date}T00:00:00.000Z`);
  const dayOfWeek = (new Date(ms).getUTCDay() + 6) % 7;
  return new Date(ms - dayOfWeek * 86_400_000).toISOString().slice(0, 10);
}

const ascending = (a: number, b: number) => a - b;

export class KpiSql {
  /** Roll-ups of this process run one after another (the KPI route asks for up to four periods at once). */
  private rolling: Promise<unknown> = Promise.resolve();

  constructor(private readonly db: Pick<SqlDialect, 'all' | 'run' | 'tx' | 'forUpdate' | 'weekStart' | 'percentile'>) {}

  /**
   * Rolls up the van-days of [from, to] marked in kpi_dirty (by the triggers on tickets and survey_answers): each one's
   * rows are recomputed from its tickets and answers and replace the ones stored. A mark is taken away only if no push
   * moved it on meanwhile (`mark` unchanged), so a day changed during a roll-up is rolled up again next time; on
   * PostgreSQL the marks are locked first, so two API instances never roll up one day together.
   */
  async refreshRollups(from: string, to: string): Promise<number> {
    const run = this.rolling.then(() => this.rollUp(from, to));
    this.rolling = run.catch(() => undefined);
    return run;
  }

  private async rollUp(from: string, to: string): Promise<number> {
    const [pending] = await this.db.all('SELECT 1 AS x FROM kpi_dirty WHERE business_date >= ? AND business_date <= ? LIMIT 1', [from, to]);
    if (!pending) return 0;
    return this.db.tx(async (db) => {
      const marks = await db.all(
        `SELECT device_id, business_date, mark FROM kpi_dirty WHERE business_date >= ? AND business_date <= ? ORDER BY device_id, business_date ${this.db.forUpdate}`,
        [from, to],
      );
      const byDate = new Map<string, Map<string, number>>();
      for (const m of marks) {
        const date = String(m.business_date);
        if (!byDate.has(date)) byDate.set(date, new Map());
        byDate.get(date)!.set(String(m.device_id), Number(m.mark));
      }
      for (const [date, devices] of byDate) {
        const rollups = new Map<string, Rollup>();
        /** The rollup a ticket or answer adds to (null when its van's day is not being rolled up). */
        const rollupOf = (row: Row): Rollup | null => {
          const deviceId = String(row.device_id);
          if (!devices.has(deviceId)) return null;
          const stop = strOrNull(row.stop_id) ?? '';
          const category = strOrNull(row.category_code) ?? '';
          const id = `${deviceId}\u0000${stop}\u0000${category}`;
          let found = rollups.get(id);
          if (!found) {
            found = { deviceId, businessDate: date, stopId: stop, categoryCode: category, tickets: 0, served: 0, waitMs: [], serviceMs: [], languages: {}, surveys: 0, ratingSum: 0 };
            rollups.set(id, found);
          }
          return found;
        };
        const tickets = await db.all(
          'SELECT device_id, stop_id, category_code, source, language, issued_ms, called_ms, served_ms, outcome FROM tickets WHERE business_date = ?',
          [date],
        );
        for (const t of tickets) {
          const r = rollupOf(t);
          if (!r) continue;
          r.tickets++;
          const called = numOrNull(t.called_ms);
          const served = numOrNull(t.served_ms);
          if (called !== null) r.waitMs.push(called - Number(t.issued_ms));
          if (t.outcome === 'served') {
            r.served++;
            if (called !== null && served !== null) r.serviceMs.push(served - called);
          }
          if (t.source === 'resident') {
            const language = strOrNull(t.language) ?? 'en';
            r.languages[language] = (r.languages[language] ?? 0) + 1;
          }
        }
        const surveys = await db.all(
          'SELECT a.device_id, a.stop_id, t.category_code, a.rating FROM survey_answers a LEFT JOIN tickets t ON t.id = a.ticket_id WHERE a.business_date = ?',
          [date],
        );
        for (const a of surveys) {
          const r = rollupOf(a);
          if (!r) continue;
          r.surveys++;
          r.ratingSum += Number(a.rating);
        }
        const deviceIds = [...devices.keys()];
        const marks = deviceIds.map(() => '?').join(', ');
        await db.run(`DELETE FROM kpi_rollups WHERE business_date = ? AND device_id IN (${marks})`, [date, ...deviceIds]);
        const rows = [...rollups.values()];
        for (let i = 0; i < rows.length; i += 50) {
          const chunk = rows.slice(i, i + 50);
          await db.run(
            `INSERT INTO kpi_rollups (device_id, business_date, stop_id, category_code, tickets, served, wait_ms, service_ms, languages, surveys, rating_sum)
             VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
            chunk.flatMap((r) => [
              r.deviceId, r.businessDate, r.stopId, r.categoryCode, r.tickets, r.served,
              JSON.stringify(r.waitMs.sort(ascending)), JSON.stringify(r.serviceMs.sort(ascending)), JSON.stringify(r.languages), r.surveys, r.ratingSum,
            ]),
          );
        }
        for (const [deviceId, mark] of devices) {
          await db.run('DELETE FROM kpi_dirty WHERE device_id = ? AND business_date = ? AND mark = ?', [deviceId, date, mark]);
        }
      }
      return marks.length;
    });
  }

  /**
   * The KPIs from the daily rollups (rolling up first what changed in the period): a year reads one row per van, day,
   * stop and service instead of every ticket, and the percentiles come from the rows' exact sorted waits, so the answer
   * is the one `kpisFromTickets` computes.
   */
  async kpis(q: KpiQuery): Promise<KpiResult> {
    await this.refreshRollups(q.from, q.to);
    const period = (date: string) =>
      q.grouping === 'all' ? 'all' : q.grouping === 'day' ? date : q.grouping === 'month' ? date.slice(0, 7) : weekStartOf(date);
    const rollupRows = await this.db.all(
      `SELECT r.business_date, r.category_code, r.tickets, r.served, r.wait_ms, r.service_ms, r.languages, r.surveys, r.rating_sum, d.van_name, s.neighbourhood
       FROM kpi_rollups r JOIN devices d ON d.id = r.device_id LEFT JOIN stops s ON s.id = r.stop_id
       WHERE r.business_date >= ? AND r.business_date <= ?`,
      [q.from, q.to],
    );
    const groups = new Map<string, { period: string; k: unknown; tickets: number; served: number; waits: number[]; services: number[]; languages: Map<string, number>; surveys: number; ratingSum: number }>();
    for (const r of rollupRows) {
      const k = q.dimension === 'all' ? 'all' : q.dimension === 'van' ? r.van_name : q.dimension === 'neighbourhood' ? r.neighbourhood : r.category_code === '' ? null : r.category_code;
      const p = period(String(r.business_date));
      const id = `${p}\u0000${k === null || k === undefined ? '' : String(k)}\u0000${k === null || k === undefined ? 'n' : 'v'}`;
      let g = groups.get(id);
      if (!g) {
        g = { period: p, k, tickets: 0, served: 0, waits: [], services: [], languages: new Map(), surveys: 0, ratingSum: 0 };
        groups.set(id, g);
      }
      g.tickets += Number(r.tickets);
      g.served += Number(r.served);
      for (const ms of JSON.parse(String(r.wait_ms)) as number[]) g.waits.push(ms);
      for (const ms of JSON.parse(String(r.service_ms)) as number[]) g.services.push(ms);
      for (const [language, n] of Object.entries(JSON.parse(String(r.languages)) as Record<string, number>)) g.languages.set(language, (g.languages.get(language) ?? 0) + n);
      g.surveys += Number(r.surveys);
      g.ratingSum += Number(r.rating_sum);
    }
    const ticketRows: Row[] = [];
    const surveyRows: Row[] = [];
    const languageRows: Row[] = [];
    for (const g of groups.values()) {
      if (g.tickets > 0) {
        g.waits.sort(ascending);
        g.services.sort(ascending);
        ticketRows.push({
          period: g.period, k: g.k, tickets: g.tickets, served: g.served,
          wait_p50: nearestRank(g.waits, 0.5), wait_p90: nearestRank(g.waits, 0.9), service_p50: nearestRank(g.services, 0.5), service_p90: nearestRank(g.services, 0.9),
        });
      }
      if (g.surveys > 0) surveyRows.push({ period: g.period, k: g.k, surveys: g.surveys, rating_sum: g.ratingSum });
      for (const [language, n] of g.languages) if (n > 0) languageRows.push({ period: g.period, k: g.k, language, n });
    }
    const [requestRows, answerRows] = await this.requestAndAnswerRows(q);
    return this.assemble(ticketRows, surveyRows, requestRows, answerRows, languageRows);
  }

  private period(grouping: KpiGrouping | 'all', column: string): string {
    if (grouping === 'all') return `'all'`;
    if (grouping === 'day') return column;
    if (grouping === 'month') return `substr(${column}, 1, 7)`;
    return this.db.weekStart(column);
  }

  /** 311 requests filed and "Tell the city" answers (a few a day per van: read as they are, by their date index). */
  private async requestAndAnswerRows(q: KpiQuery): Promise<[Row[], Row[]]> {
    const period = (column: string) => this.period(q.grouping, column);
    const requestKey = q.dimension === 'all' ? `'all'` : { van: 'd.van_name', neighbourhood: 's.neighbourhood', service: 'r.service_code' }[q.dimension];
    const requestRows = await this.db.all(
      `SELECT ${period('r.business_date')} AS period, ${requestKey} AS k, COUNT(*) AS n
       FROM service_requests r JOIN devices d ON d.id = r.device_id LEFT JOIN stops s ON s.id = r.stop_id
       WHERE r.source = 'kiosk' AND r.business_date >= ? AND r.business_date <= ? GROUP BY 1, 2`,
      [q.from, q.to],
    );
    const answerKey = q.dimension === 'all' ? `'all'` : { van: 'd.van_name', neighbourhood: 'c.neighbourhood', service: 'NULL' }[q.dimension];
    const answerRows = await this.db.all(
      `SELECT ${period('c.business_date')} AS period, ${answerKey} AS k, COUNT(*) AS n
       FROM city_answers c JOIN devices d ON d.id = c.device_id
       WHERE c.business_date >= ? AND c.business_date <= ? GROUP BY 1, 2`,
      [q.from, q.to],
    );
    return [requestRows, answerRows];
  }

  /** The same KPIs computed from every ticket and answer of the period (no rollups): what the rollups must equal. */
  async kpisFromTickets(q: KpiQuery): Promise<KpiResult> {
    const p = this.db.percentile;
    const period = (column: string) => this.period(q.grouping, column);
    // The key of each source for the chosen dimension; 'service' is the ticket's service category, or the 311 service.
    // Survey answers are keyed by the same aliases (their stop as s, their ticket as t).
    const ticketKey = q.dimension === 'all' ? `'all'` : { van: 'd.van_name', neighbourhood: 's.neighbourhood', service: 't.category_code' }[q.dimension];
    const ticketRows = await this.db.all(
      `SELECT ${period('t.business_date')} AS period, ${ticketKey} AS k, COUNT(*) AS tickets,
         SUM(CASE WHEN t.outcome = 'served' THEN 1 ELSE 0 END) AS served,
         ${p('t.called_ms - t.issued_ms', 0.5)} AS wait_p50, ${p('t.called_ms - t.issued_ms', 0.9)} AS wait_p90,
         ${p(`CASE WHEN t.outcome = 'served' THEN t.served_ms - t.called_ms END`, 0.5)} AS service_p50,
         ${p(`CASE WHEN t.outcome = 'served' THEN t.served_ms - t.called_ms END`, 0.9)} AS service_p90
       FROM tickets t JOIN devices d ON d.id = t.device_id LEFT JOIN stops s ON s.id = t.stop_id
       WHERE t.business_date >= ? AND t.business_date <= ? GROUP BY 1, 2`,
      [q.from, q.to],
    );
    const surveyRows = await this.db.all(
      `SELECT ${period('a.business_date')} AS period, ${ticketKey} AS k, COUNT(*) AS surveys, SUM(a.rating) AS rating_sum
       FROM survey_answers a JOIN devices d ON d.id = a.device_id LEFT JOIN stops s ON s.id = a.stop_id LEFT JOIN tickets t ON t.id = a.ticket_id
       WHERE a.business_date >= ? AND a.business_date <= ? GROUP BY 1, 2`,
      [q.from, q.to],
    );
    const [requestRows, answerRows] = await this.requestAndAnswerRows(q);
    const languageRows = await this.db.all(
      `SELECT ${period('t.business_date')} AS period, ${ticketKey} AS k, COALESCE(t.language, 'en') AS language, COUNT(*) AS n
       FROM tickets t JOIN devices d ON d.id = t.device_id LEFT JOIN stops s ON s.id = t.stop_id
       WHERE t.source = 'resident' AND t.business_date >= ? AND t.business_date <= ? GROUP BY 1, 2, 3`,
      [q.from, q.to],
    );
    return this.assemble(ticketRows, surveyRows, requestRows, answerRows, languageRows);
  }

  private assemble(ticketRows: Row[], surveyRows: Row[], requestRows: Row[], answerRows: Row[], languageRows: Row[]): KpiResult {
    const rows = new Map<string, KpiRow>();
    const keyOf = (r: Row) => strOrNull(r.k) ?? '(none)';
    const row = (r: Row): KpiRow => {
      const id = `${String(r.period)}\u0000${keyOf(r)}`;
      let found = rows.get(id);
      if (!found) {
        found = {
          period: String(r.period),
          key: keyOf(r),
          tickets: 0,
          residentsServed: 0,
          waitMedianSeconds: null,
          waitP90Seconds: null,
          serviceMedianSeconds: null,
          serviceP90Seconds: null,
          surveys: 0,
          ratingSum: 0,
          requests311: 0,
          cityAnswers: 0,
        };
        rows.set(id, found);
      }
      return found;
    };
    const seconds = (ms: unknown) => (ms === null || ms === undefined ? null : Math.round(Number(ms) / 1000));
    for (const r of ticketRows) {
      const k = row(r);
      k.tickets = Number(r.tickets);
      k.residentsServed = Number(r.served);
      k.waitMedianSeconds = seconds(r.wait_p50);
      k.waitP90Seconds = seconds(r.wait_p90);
      k.serviceMedianSeconds = seconds(r.service_p50);
      k.serviceP90Seconds = seconds(r.service_p90);
    }
    for (const r of surveyRows) {
      const k = row(r);
      k.surveys = Number(r.surveys);
      k.ratingSum = Number(r.rating_sum);
    }
    for (const r of requestRows) row(r).requests311 = Number(r.n);
    for (const r of answerRows) row(r).cityAnswers = Number(r.n);
    const sorted = [...rows.values()].sort((a, b) => (a.period === b.period ? a.key.localeCompare(b.key) : a.period < b.period ? -1 : 1));
    return {
      rows: sorted,
      languages: languageRows
        .map((r) => ({ period: String(r.period), key: keyOf(r), language: String(r.language), tickets: Number(r.n) }))
        .sort((a, b) => (a.period === b.period ? (a.key === b.key ? a.language.localeCompare(b.language) : a.key.localeCompare(b.key)) : a.period < b.period ? -1 : 1)),
    };
  }

  /** Survey comments and "Tell the city" answers, newest first, with the office's review and translation. */
  async voiceFeed(f: VoiceFilter): Promise<VoiceItem[]> {
    const params: unknown[] = [];
    // Each source reads its own date index; the union is small (comments and answers, not every ticket).
    const dated = (column: string) => [[`${column} >= ?`, f.from], [`${column} <= ?`, f.to]] as const;
    const surveys = [`a.comment <> ''`, ...givenClauses(dated('a.business_date'), params)].join(' AND ');
    const cities = whereGiven(dated('c.business_date'), params);
    const where = whereGiven(
      [['v.kind = ?', f.kind], ['v.stop_id = ?', f.stopId], ['v.neighbourhood = ?', f.neighbourhood], ['v.topic = ?', f.topic], ['v.language = ?', f.language], [`COALESCE(r.status, 'new') = ?`, f.status]],
      params,
    );
    const rows = await this.db.all(
      `SELECT v.*, r.status, r.note, r.reviewed_by, r.reviewed_at, r.translation, r.translation_language, r.translated_by, r.translated_at FROM (
         SELECT 'survey' AS kind, a.id, a.stop_id, s.place, s.neighbourhood, t.language, NULL AS topic, a.rating, a.comment AS text,
           NULL AS contact, a.answered_at AS at, a.business_date
         FROM survey_answers a LEFT JOIN stops s ON s.id = a.stop_id LEFT JOIN tickets t ON t.id = a.ticket_id
         WHERE ${surveys}
         UNION ALL
         SELECT 'city' AS kind, c.id, c.stop_id, c.place, c.neighbourhood, c.language, c.topic, NULL AS rating, c.text,
           c.contact, c.answered_at AS at, c.business_date
         FROM city_answers c ${cities}
       ) v LEFT JOIN voice_reviews r ON r.kind = v.kind AND r.item_id = v.id
       ${where} ORDER BY v.at DESC, v.id LIMIT ?`,
      [...params, f.limit],
    );
    return rows.map((r) => ({
      kind: r.kind === 'survey' ? 'survey' : 'city',
      id: String(r.id),
      stopId: strOrNull(r.stop_id),
      place: strOrNull(r.place),
      neighbourhood: strOrNull(r.neighbourhood),
      language: strOrNull(r.language),
      topic: strOrNull(r.topic),
      rating: numOrNull(r.rating),
      text: String(r.text),
      contact: jsonOrNull<VoiceItem['contact']>(r.contact),
      at: String(r.at),
      businessDate: String(r.business_date),
      status: r.status === 'reviewed' || r.status === 'actioned' ? r.status : 'new',
      note: strOrNull(r.note),
      reviewedBy: strOrNull(r.reviewed_by),
      reviewedAt: strOrNull(r.reviewed_at),
      translation:
        r.translation === null || r.translation === undefined
          ? null
          : { language: String(r.translation_language), text: String(r.translation), by: strOrNull(r.translated_by), at: strOrNull(r.translated_at) },
    }));
  }

  /** Counts by topic per neighbourhood of the "Tell the city" answers in a period. */
  async voiceSummary(f: { from?: string; to?: string }): Promise<{ neighbourhood: string; topic: string; answers: number }[]> {
    const params: unknown[] = [];
    const where = whereGiven([['business_date >= ?', f.from], ['business_date <= ?', f.to]], params);
    const rows = await this.db.all(`SELECT neighbourhood, topic, COUNT(*) AS n FROM city_answers ${where} GROUP BY neighbourhood, topic ORDER BY neighbourhood, topic`, params);
    return rows.map((r) => ({ neighbourhood: String(r.neighbourhood), topic: String(r.topic), answers: Number(r.n) }));
  }

  /** False when there is no such comment or answer. */
  async voiceItemExists(kind: VoiceKind, id: string): Promise<boolean> {
    const table = kind === 'survey' ? 'survey_answers' : 'city_answers';
    return (await this.db.all(`SELECT 1 AS x FROM ${table} WHERE id = ?`, [id])).length > 0;
  }

  async saveReview(kind: VoiceKind, id: string, review: { status: VoiceReviewStatus; note: string | null; by: string; at: string }): Promise<void> {
    await this.db.run(
      `INSERT INTO voice_reviews (kind, item_id, status, note, reviewed_by, reviewed_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (kind, item_id) DO UPDATE SET status = excluded.status, note = excluded.note, reviewed_by = excluded.reviewed_by, reviewed_at = excluded.reviewed_at`,
      [kind, id, review.status, review.note, review.by, review.at],
    );
  }

  async saveTranslation(kind: VoiceKind, id: string, t: { language: string; text: string; by: string; at: string }): Promise<void> {
    await this.db.run(
      `INSERT INTO voice_reviews (kind, item_id, status, translation, translation_language, translated_by, translated_at) VALUES (?, ?, 'new', ?, ?, ?, ?)
       ON CONFLICT (kind, item_id) DO UPDATE SET translation = excluded.translation, translation_language = excluded.translation_language,
         translated_by = excluded.translated_by, translated_at = excluded.translated_at`,
      [kind, id, t.text, t.language, t.by, t.at],
    );
  }
}
