import { businessDate, isValidTimeZone, personalColumnsOf, personalFieldsOf, projectionsOf, SEALED_PROPERTY, type EventPayloadInput } from '../../../shared';
import type { Row } from './at-rest';
import { getSyncCursor, type KioskDb, type StoredEvent } from './db';
import { recordEvent, type RecordContext } from './outbox';

/**
 * Retention on the van: the personal fields of a record (shared/personal-data.ts) are removed once
 * - its day (stop) was closed (DayClosed) and that business date is at least `retentionDays` days before today,
 *   both dates read in the city's zone;
 * - the central office accepted it (seq at or below the sync cursor, never rejected: nothing in quarantine, resolved
 *   or not) and a verified central backup holds it (seq at or below the `backedUpSeq` the office reported);
 * - for a certificate order, it is no longer pending (the counter still needs the name to take its payment).
 * Removing = dropping the record's `sealed` ciphertext and any personal field left in clear; every other field, and
 * so every total, stays. The rows the event projected to (transactions, 311 requests, orders, surveys) lose theirs
 * too. The purge and its audit event (PersonalDataPurged: counts and seqs only) commit in one transaction; a run
 * that finds nothing left to remove records nothing.
 */
export interface RetentionOptions {
  retentionDays: number;
  timeZone: string;
}

export type PurgeSummary = EventPayloadInput<'PersonalDataPurged'>;

class NothingToPurge extends Error {}

/** The last purge, for the supervisor's storage panel: when, and how many of the van's records lost their personal data. */
export interface LastPurge {
  at: string;
  records: number;
  retentionDays: number;
}

export async function lastPurge(db: KioskDb): Promise<LastPurge | null> {
  const entry = await db.meta.get('lastPersonalDataPurge');
  return typeof entry?.value === 'string' ? (JSON.parse(entry.value) as LastPurge) : null;
}

/** YYYY-MM-DD `days` days before `date` (calendar arithmetic: a DST night is one day like any other). */
export function daysBefore(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! - days)).toISOString().slice(0, 10);
}

const holdsPersonal = (holder: Row, fields: readonly string[], row: Row) => typeof row[SEALED_PROPERTY] === 'string' || fields.some((f) => holder[f] !== undefined);

function stripped(holder: Row, fields: readonly string[]): Row {
  const rest = { ...holder };
  for (const f of fields) delete rest[f];
  delete rest[SEALED_PROPERTY];
  return rest;
}

const stopOf = (event: StoredEvent): string | null => {
  const stopId = (event.payload as { stopId?: unknown }).stopId;
  return typeof stopId === 'string' ? stopId : null;
};

/** Removes the personal data retention allows to remove and records the audit event; null when there was none. */
export async function purgeExpiredPersonalData(ctx: RecordContext, options: RetentionOptions): Promise<PurgeSummary | null> {
  const { db } = ctx;
  const cutoffDate = daysBefore(businessDate(ctx.now(), options.timeZone), options.retentionDays);
  type Plan = { summary: PurgeSummary; events: StoredEvent[]; rows: { table: string; row: Row }[] };
  try {
    const event = await recordEvent<'PersonalDataPurged', Plan>(
      ctx,
      'PersonalDataPurged',
      (_seq, plan) => plan.summary,
      async (event, plan) => {
        const last: LastPurge = { at: event.occurredAt, records: plan.summary.events, retentionDays: plan.summary.retentionDays };
        await db.meta.put({ key: 'lastPersonalDataPurge', value: JSON.stringify(last) });
        await db.events.bulkPut(plan.events);
        for (const { table, row } of plan.rows) await db.table(table).put(row);
      },
      {
        readModels: (d) => [d.dayCloses, d.meta, d.quarantine, d.transactions, d.serviceRequests, d.certificateOrders, d.surveys],
        // Inside the purge's own transaction: rows come back as stored (sealed), and what is decided holds at commit.
        load: () => planPurge(db, cutoffDate, options.retentionDays),
      },
    );
    return event.payload as PurgeSummary;
  } catch (error) {
    if (error instanceof NothingToPurge) return null;
    throw error;
  }
}

async function planPurge(db: KioskDb, cutoffDate: string, retentionDays: number) {
  const [closes, cursor, backedUp, quarantined] = await Promise.all([
    db.dayCloses.where('businessDate').belowOrEqual(cutoffDate).toArray(),
    getSyncCursor(db),
    db.meta.get('backedUpSeq'),
    db.quarantine.toCollection().primaryKeys(),
  ]);
  const stops = new Set(closes.map((c) => c.stopId));
  const limit = Math.min(cursor, typeof backedUp?.value === 'number' ? backedUp.value : 0);
  if (stops.size === 0 || limit < 1) throw new NothingToPurge();
  const rejected = new Set(quarantined);
  const candidates = await db.events.where('seq').belowOrEqual(limit).filter((e) => personalFieldsOf(e.type).length > 0).toArray();
  const events: StoredEvent[] = [];
  const rows: { table: string; row: Row }[] = [];
  const touched = { stops: new Set<string>(), fromSeq: Infinity, toSeq: 0 };
  for (const event of candidates) {
    const stopId = stopOf(event);
    if (!stopId || !stops.has(stopId) || rejected.has(event.seq)) continue;
    const projected = await Promise.all(projectionsOf(event.type).map(async (p) => ({ table: p.table, row: (await db.table(p.table).get((event.payload as Row)[p.idField] as string)) as Row | undefined })));
    if (projected.some((p) => p.table === 'certificateOrders' && p.row?.status === 'pending')) continue;
    const before = events.length + rows.length;
    const fields = personalFieldsOf(event.type);
    const payload = event.payload as unknown as Row;
    if (holdsPersonal(payload, fields, event as unknown as Row)) {
      const { [SEALED_PROPERTY]: _sealed, ...rest } = event as unknown as Row;
      events.push({ ...rest, payload: stripped(payload, fields) } as unknown as StoredEvent);
    }
    for (const { table, row } of projected) {
      const columns = personalColumnsOf(table);
      if (row && holdsPersonal(row, columns, row)) rows.push({ table, row: stripped(row, columns) });
    }
    if (events.length + rows.length > before) {
      touched.stops.add(stopId);
      touched.fromSeq = Math.min(touched.fromSeq, event.seq);
      touched.toSeq = Math.max(touched.toSeq, event.seq);
    }
  }
  if (events.length + rows.length === 0) throw new NothingToPurge();
  const summary: PurgeSummary = {
    retentionDays,
    cutoffDate,
    stops: touched.stops.size,
    events: events.length,
    records: rows.length,
    fromSeq: touched.fromSeq,
    toSeq: touched.toSeq,
  };
  return { summary, events, rows };
}

/**
 * The purge as the app runs it (on start and after a day close), in the background: a failure leaves everything
 * stored as it was (the transaction aborts) and is tried again on the next start or close.
 */
export function purgeInBackground(ctx: RecordContext, options: RetentionOptions): Promise<PurgeSummary | null> {
  return purgeExpiredPersonalData(ctx, options).catch((error: unknown) => {
    console.error('retention purge failed; nothing was removed', error);
    return null;
  });
}

/** On start: the city's zone and catalogue version from the stored catalogue (the config's zone until it names one). */
export async function purgeOnStart(db: KioskDb, deviceId: string, config: { retentionDays: number; cityTimeZone: string }, now: () => Date): Promise<PurgeSummary | null> {
  const catalogue = (await db.catalogue.get('current'))?.catalogue;
  const zone = catalogue?.city.timeZone;
  const timeZone = zone && isValidTimeZone(zone) ? zone : config.cityTimeZone;
  return purgeInBackground({ db, deviceId, now, actorId: null, catalogueVersion: catalogue?.version ?? 0 }, { retentionDays: config.retentionDays, timeZone });
}
