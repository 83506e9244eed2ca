import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS, renderMigration } from '../../server/store/migrations';
import type { SqlRunner } from '../../server/store/dialect';
import { newId } from '../../shared';
import { startTestApi, type TestApi } from '../helpers/server';
import { storeFactories } from '../helpers/stores';
import { asOffice, makeOfficeUser, signIn, type OfficeSession } from '../helpers/office';
import { check, cityQuestionAnsweredEvent, deviceEvent, serviceRequestFiledEvent, stopOpenedEvent } from '../helpers/event-builders';
import type { CentralStore } from '../../server/store/store';

const ctx = { timeZone: 'America/New_York', serviceNames: new Map<string, string>() };

/**
 * A small city, figures worked out by hand (the city is New York's zone):
 * - Van A at Dorchester on Fri 27 Nov 2026: four tickets. Waits 300, 600, 1800 and 2220 s (the last a no-show);
 *   services 600, 300 and 120 s; two surveys (5 with a comment, 3 without); one 311 request; a "Tell the city"
 *   answer at 04:30 UTC on the 28th, which is 23:30 on the 27th in the city.
 * - Van B at Roxbury, a late stop: one ticket at 04:59 UTC on the 28th (23:59 on the 27th in the city), wait and
 *   service 120 s; and on Tue 1 Dec one more ticket (wait 60 s, service 240 s), the next week and month.
 * - Van C across the night the clocks go back (Sun 1 Nov 2026): 03:30 UTC is 23:30 EDT on 31 Oct, 04:30 UTC is 00:30
 *   on 1 Nov.
 */
class Van {
  seq = 0;
  events: unknown[] = [];
  constructor(readonly deviceId: string) {}
  stop(neighbourhood: string, at: string): string {
    const e = stopOpenedEvent(this.deviceId, ++this.seq, { neighbourhood, place: `${neighbourhood} stop` }, at);
    this.events.push(e);
    return e.payload.stopId;
  }
  ticket(stopId: string, t: { issued: string; called?: string; served?: string; noShow?: string; category: string; source?: 'resident' | 'staff'; language?: string | null }): string {
    const ticketId = newId();
    const at = (occurredAt: string) => ({ occurredAt });
    this.events.push(
      deviceEvent(this.deviceId, ++this.seq, 'TicketIssued', { ticketId, stopId, number: `A${String(this.seq).padStart(3, '0')}`, categoryCode: t.category, source: t.source ?? 'resident', language: t.language ?? null }, at(t.issued)),
    );
    if (t.called) this.events.push(deviceEvent(this.deviceId, ++this.seq, 'TicketCalled', { ticketId, staffId: 'clerk-1' }, at(t.called)));
    if (t.served) this.events.push(deviceEvent(this.deviceId, ++this.seq, 'TicketServed', { ticketId, staffId: 'clerk-1' }, at(t.served)));
    if (t.noShow) this.events.push(deviceEvent(this.deviceId, ++this.seq, 'TicketNoShow', { ticketId, staffId: 'clerk-1' }, at(t.noShow)));
    return ticketId;
  }
  survey(stopId: string | null, ticketId: string | null, rating: number, comment: string, at: string): string {
    const surveyId = newId();
    this.events.push(deviceEvent(this.deviceId, ++this.seq, 'SurveyAnswered', { surveyId, stopId, ticketId, rating, comment }, { occurredAt: at }));
    return surveyId;
  }
  async push(store: CentralStore) {
    await store.pushEvents(this.deviceId, this.events.map(check), ctx);
  }
}

async function seedCity(api: TestApi) {
  const a = new Van((await api.enrolDevice('Van A')).deviceId);
  const dorchester = a.stop('Dorchester', '2026-11-27T14:00:00.000Z');
  const t1 = a.ticket(dorchester, { issued: '2026-11-27T15:00:00.000Z', called: '2026-11-27T15:05:00.000Z', served: '2026-11-27T15:15:00.000Z', category: 'permits', language: 'es' });
  const t2 = a.ticket(dorchester, { issued: '2026-11-27T15:01:00.000Z', called: '2026-11-27T15:11:00.000Z', served: '2026-11-27T15:16:00.000Z', category: 'permits', language: 'vi' });
  a.ticket(dorchester, { issued: '2026-11-27T15:02:00.000Z', called: '2026-11-27T15:32:00.000Z', served: '2026-11-27T15:34:00.000Z', category: 'tax', source: 'staff' });
  a.ticket(dorchester, { issued: '2026-11-27T15:03:00.000Z', called: '2026-11-27T15:40:00.000Z', noShow: '2026-11-27T15:45:00.000Z', category: 'tax', language: 'es' });
  const surveyId = a.survey(dorchester, t1, 5, 'Muy rápido, gracias', '2026-11-27T15:20:00.000Z');
  a.survey(dorchester, t2, 3, '', '2026-11-27T15:21:00.000Z');
  a.events.push(serviceRequestFiledEvent(a.deviceId, ++a.seq, { stopId: dorchester, service_code: 'pothole' }, '2026-11-27T16:00:00.000Z'));
  const answer = cityQuestionAnsweredEvent(a.deviceId, ++a.seq, { stopId: dorchester, neighbourhood: 'Dorchester', language: 'vi', topic: 'streets' }, '2026-11-28T04:30:00.000Z');
  a.events.push(answer);
  await a.push(api.store);

  const b = new Van((await api.enrolDevice('Van B')).deviceId);
  const roxbury = b.stop('Roxbury', '2026-11-28T03:00:00.000Z');
  b.ticket(roxbury, { issued: '2026-11-28T04:59:00.000Z', called: '2026-11-28T05:01:00.000Z', served: '2026-11-28T05:03:00.000Z', category: 'permits', language: 'en' });
  const roxbury2 = b.stop('Roxbury', '2026-12-01T14:00:00.000Z');
  b.ticket(roxbury2, { issued: '2026-12-01T15:00:00.000Z', called: '2026-12-01T15:01:00.000Z', served: '2026-12-01T15:05:00.000Z', category: 'permits', language: 'en' });
  await b.push(api.store);

  const c = new Van((await api.enrolDevice('Van C')).deviceId);
  const late = c.stop('Mattapan', '2026-10-31T20:00:00.000Z');
  c.ticket(late, { issued: '2026-11-01T03:30:00.000Z', called: '2026-11-01T03:31:00.000Z', served: '2026-11-01T03:32:00.000Z', category: 'permits', language: 'ht' });
  const early = c.stop('Mattapan', '2026-11-01T04:15:00.000Z');
  c.ticket(early, { issued: '2026-11-01T04:30:00.000Z', called: '2026-11-01T04:31:00.000Z', served: '2026-11-01T04:32:00.000Z', category: 'permits', language: 'ht' });
  await c.push(api.store);
  return { surveyId, answerId: answer.payload.answerId, dorchester };
}

const NONE = { surveys: 0, satisfactionAverage: null, responseRate: 0, requests311: 0, cityAnswers: 0 };

for (const factory of storeFactories) {
  describe.skipIf(factory.skipReason !== null)(`office KPIs and residents' voice on ${factory.name}${factory.skipReason ? ` (skipped: ${factory.skipReason})` : ''}`, () => {
    let api: TestApi;
    let dispose: () => Promise<void>;
    let viewer: OfficeSession;
    let clerk: OfficeSession;
    let seeded: Awaited<ReturnType<typeof seedCity>>;
    // One city for the whole file (seeding and the scrypt sign-ins are the slow part); tests that change it compare
    // before and after.
    beforeAll(async () => {
      const created = await factory.create();
      dispose = created.dispose;
      api = await startTestApi({ store: created.store, seed: true, now: () => new Date('2026-12-02T15:00:00.000Z') });
      seeded = await seedCity(api);
      await makeOfficeUser(api.store, 'viewer@city.gov', 'viewer');
      await makeOfficeUser(api.store, 'clerk@city.gov', 'office');
      viewer = await signIn(api.app, 'viewer@city.gov');
      clerk = await signIn(api.app, 'clerk@city.gov');
    });
    afterAll(async () => {
      await api.close();
      await dispose();
    });
    const kpis = async (query: string, session = viewer) => {
      const response = await api.app.inject(asOffice(session, 'GET', `/v1/office/kpis?${query}`));
      expect(response.statusCode, response.body).toBe(200);
      return response.json();
    };

    it('a city day by van: counts, nearest-rank median and 90th percentile waits and service times, satisfaction, response rate, 311 and answers', async () => {
      const body = await kpis('from=2026-11-27&to=2026-11-27&grouping=day&dimension=van');
      expect(body.period.rows).toEqual([
        {
          period: '2026-11-27', key: 'Van A', tickets: 4, residentsServed: 3, waitMedianSeconds: 600, waitP90Seconds: 2220, serviceMedianSeconds: 300, serviceP90Seconds: 600,
          surveys: 2, satisfactionAverage: 4, responseRate: 0.6667, requests311: 1, cityAnswers: 1,
        },
        { period: '2026-11-27', key: 'Van B', tickets: 1, residentsServed: 1, waitMedianSeconds: 120, waitP90Seconds: 120, serviceMedianSeconds: 120, serviceP90Seconds: 120, ...NONE },
      ]);
      // Over every ticket of the period, not an average of the rows.
      expect(body.period.totals).toEqual({
        tickets: 5, residentsServed: 4, waitMedianSeconds: 600, waitP90Seconds: 2220, serviceMedianSeconds: 120, serviceP90Seconds: 600,
        surveys: 2, satisfactionAverage: 4, responseRate: 0.5, requests311: 1, cityAnswers: 1,
      });
      // Touchscreen tickets only (the staff-issued ticket has no resident language).
      expect(body.period.languages).toEqual([
        { period: '2026-11-27', key: 'Van A', language: 'es', tickets: 2 },
        { period: '2026-11-27', key: 'Van A', language: 'vi', tickets: 1 },
        { period: '2026-11-27', key: 'Van B', language: 'en', tickets: 1 },
      ]);
      expect(body.compare).toBeNull();
      expect(body.timeZone).toBe('America/New_York');
    });

    it('by neighbourhood and by service', async () => {
      const hoods = await kpis('from=2026-11-27&to=2026-11-27&grouping=day&dimension=neighbourhood');
      expect(hoods.period.rows.map((r: { key: string; tickets: number; cityAnswers: number }) => [r.key, r.tickets, r.cityAnswers])).toEqual([
        ['Dorchester', 4, 1],
        ['Roxbury', 1, 0],
      ]);
      const services = await kpis('from=2026-11-27&to=2026-11-27&grouping=day&dimension=service');
      expect(services.period.rows.map((r: { key: string; tickets: number; surveys: number; requests311: number; cityAnswers: number }) => [r.key, r.tickets, r.surveys, r.requests311, r.cityAnswers])).toEqual([
        ['(none)', 0, 0, 0, 1],
        ['permits', 3, 2, 0, 0],
        ['pothole', 0, 0, 1, 0],
        ['tax', 2, 0, 0, 0],
      ]);
    });

    it('weeks start on Monday and months are city months; a ticket at 23:59 in the city stays on its day', async () => {
      const weeks = await kpis('from=2026-11-23&to=2026-12-06&grouping=week&dimension=van');
      expect(weeks.period.rows.map((r: { period: string; key: string; tickets: number }) => [r.period, r.key, r.tickets])).toEqual([
        ['2026-11-23', 'Van A', 4],
        ['2026-11-23', 'Van B', 1],
        ['2026-11-30', 'Van B', 1],
      ]);
      const months = await kpis('from=2026-10-01&to=2026-12-31&grouping=month&dimension=van');
      expect(months.period.rows.map((r: { period: string; key: string; tickets: number }) => [r.period, r.key, r.tickets])).toEqual([
        ['2026-10', 'Van C', 1],
        ['2026-11', 'Van A', 4],
        ['2026-11', 'Van B', 1],
        ['2026-11', 'Van C', 1],
        ['2026-12', 'Van B', 1],
      ]);
      expect((await kpis('from=2026-11-28&to=2026-11-28&grouping=day')).period.rows).toEqual([]);
    });

    it('the night the clocks go back: 23:30 EDT is 31 October, 00:30 is 1 November', async () => {
      const days = await kpis('from=2026-10-31&to=2026-11-01&grouping=day&dimension=van');
      expect(days.period.rows.map((r: { period: string; tickets: number }) => [r.period, r.tickets])).toEqual([
        ['2026-10-31', 1],
        ['2026-11-01', 1],
      ]);
    });

    it('compares two periods side by side', async () => {
      const body = await kpis('from=2026-11-23&to=2026-11-29&compareFrom=2026-11-30&compareTo=2026-12-06&grouping=week&dimension=van');
      expect(body.period.totals.tickets).toBe(5);
      expect(body.compare.from).toBe('2026-11-30');
      expect(body.compare.totals).toMatchObject({ tickets: 1, residentsServed: 1, waitMedianSeconds: 60, serviceMedianSeconds: 240, surveys: 0, responseRate: 0 });
      expect(body.compare.rows.map((r: { period: string; key: string }) => [r.period, r.key])).toEqual([['2026-11-30', 'Van B']]);
    });

    it.each([
      ['to=2026-11-27', 'from'],
      ['from=2026-11-27', 'to'],
      ['from=2026-11-28&to=2026-11-27', 'from'],
      ['from=2026-11-27&to=2026-11-27&grouping=year', 'grouping'],
      ['from=2026-11-27&to=2026-11-27&dimension=staff', 'dimension'],
      ['from=2026-11-27&to=2026-11-27&compareFrom=2026-11-20', 'compareTo'],
      ['from=2024-01-01&to=2026-11-27', 'to'],
      ['from=27/11/2026&to=2026-11-27', 'from'],
    ])('refuses %s (names %s) and answers nothing else', async (query, field) => {
      const response = await api.app.inject(asOffice(viewer, 'GET', `/v1/office/kpis?${query}`));
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('invalid_query');
      expect(JSON.stringify(response.json().error)).toContain(field);
    });

    it('needs a signed-in office account', async () => {
      const response = await api.app.inject({ method: 'GET', url: '/v1/office/kpis?from=2026-11-27&to=2026-11-27' });
      expect(response.statusCode).toBe(401);
    });

    it('the feed holds survey comments and "Tell the city" answers by city day, with kind, stop and language filters', async () => {
      const feed = async (query: string) => (await api.app.inject(asOffice(viewer, 'GET', `/v1/office/voice?${query}`))).json();
      const day = await feed('from=2026-11-27&to=2026-11-27');
      // The answer at 04:30 UTC on the 28th is the city's 27th; the survey without a comment is not in the feed.
      expect(day.answers.map((a: { kind: string; text: string }) => [a.kind, a.text])).toEqual([
        ['city', 'Sửa vỉa hè trên đường Dorchester Ave'],
        ['survey', 'Muy rápido, gracias'],
      ]);
      expect(day.answers[1]).toMatchObject({ neighbourhood: 'Dorchester', language: 'es', rating: 5, status: 'new', translation: null, topic: null });
      expect(day.summary).toEqual([{ neighbourhood: 'Dorchester', counts: { streets: 1, safety: 0, parks: 0, housing: 0, transit: 0, trash: 0, other: 0 } }]);
      expect((await feed('from=2026-11-28&to=2026-11-28')).answers).toEqual([]);
      expect((await feed('kind=survey')).answers.map((a: { id: string }) => a.id)).toEqual([seeded.surveyId]);
      expect((await feed('language=vi')).answers.map((a: { id: string }) => a.id)).toEqual([seeded.answerId]);
      expect((await feed(`stop=${seeded.dorchester}`)).answers).toHaveLength(2);
      expect((await feed('neighbourhood=Roxbury')).answers).toEqual([]);
    });

    it('office marks reviewed and actioned with a note and saves a translation, audited; the viewer may not', async () => {
      const url = `/v1/office/voice/survey/${seeded.surveyId}`;
      expect((await api.app.inject(asOffice(viewer, 'PUT', `${url}/review`, { status: 'reviewed' }))).statusCode).toBe(403);
      expect((await api.app.inject(asOffice(viewer, 'PUT', `${url}/translation`, { language: 'en', text: 'Very quick' }))).statusCode).toBe(403);
      expect((await api.app.inject(asOffice(clerk, 'PUT', `${url}/review`, { status: 'reviewed' }))).statusCode).toBe(200);
      expect((await api.app.inject(asOffice(clerk, 'PUT', `${url}/translation`, { language: 'en', text: 'Very quick, thank you' }))).statusCode).toBe(200);
      const actioned = await api.app.inject(asOffice(clerk, 'PUT', `${url}/review`, { status: 'actioned', note: 'Shared with the Dorchester team' }));
      expect(actioned.statusCode).toBe(200);
      const [item] = (await api.app.inject(asOffice(viewer, 'GET', '/v1/office/voice?kind=survey'))).json().answers;
      expect(item).toMatchObject({
        status: 'actioned', note: 'Shared with the Dorchester team', reviewedBy: 'clerk@city.gov', reviewedAt: '2026-12-02T15:00:00.000Z',
        text: 'Muy rápido, gracias', translation: { language: 'en', text: 'Very quick, thank you', by: 'clerk@city.gov' },
      });
      expect((await api.app.inject(asOffice(viewer, 'GET', '/v1/office/voice?status=actioned'))).json().answers).toHaveLength(1);
      expect((await api.app.inject(asOffice(viewer, 'GET', '/v1/office/voice?status=new'))).json().answers.map((a: { kind: string }) => a.kind)).toEqual(['city']);
      const audit = (await api.store.office.listAudit({ limit: 20 })).filter((e) => e.action.startsWith('voice.'));
      expect(audit.map((e) => [e.actor, e.action, e.target])).toEqual([
        ['clerk@city.gov', 'voice.reviewed', `survey_answer:${seeded.surveyId}`],
        ['clerk@city.gov', 'voice.translated', `survey_answer:${seeded.surveyId}`],
        ['clerk@city.gov', 'voice.reviewed', `survey_answer:${seeded.surveyId}`],
      ]);
      expect(audit[0]!.detail).toEqual({ status: 'actioned', note: 'Shared with the Dorchester team' });
    });

    it.each([
      ['review', 'survey', { status: 'actioned', note: '' }, 400, 'invalid_body'],
      ['review', 'survey', { status: 'closed' }, 400, 'invalid_body'],
      ['translation', 'survey', { language: 'en', text: '   ' }, 400, 'invalid_body'],
      ['translation', 'survey', { language: 'English', text: 'Hello' }, 400, 'invalid_body'],
      ['review', 'tweet', { status: 'reviewed' }, 400, 'invalid_path'],
      ['review', 'city', { status: 'reviewed' }, 404, 'unknown_answer'],
    ])('%s of a %s answer with %j is refused (%i %s) and changes nothing', async (what, kind, body, status, code) => {
      const feed = async () => (await api.app.inject(asOffice(viewer, 'GET', '/v1/office/voice'))).json();
      const audit = async () => (await api.store.office.listAudit({ limit: 50 })).filter((e) => e.action.startsWith('voice.'));
      const [feedBefore, auditBefore] = [await feed(), await audit()];
      // 'city' with the survey's id: no such "Tell the city" answer.
      const response = await api.app.inject(asOffice(clerk, 'PUT', `/v1/office/voice/${kind}/${seeded.surveyId}/${what}`, body));
      expect(response.statusCode).toBe(status);
      expect(response.json().error.code).toBe(code);
      expect(await feed()).toEqual(feedBefore);
      expect(await audit()).toEqual(auditBefore);
    });

    it('the migration fills the KPI tables from the events stored before them', async () => {
      const before = await kpis('from=2026-10-01&to=2026-12-31&grouping=day&dimension=van');
      // The store's own connection (SqlStore.dialect), to take the KPI tables back to before the backfill.
      const runner = (api.store as unknown as { dialect: SqlRunner & { name: 'sqlite' | 'postgres' } }).dialect;
      await runner.run('DELETE FROM tickets', []);
      await runner.run('DELETE FROM survey_answers', []);
      await runner.run('UPDATE service_requests SET stop_id = NULL, business_date = NULL', []);
      await runner.run('UPDATE city_answers SET business_date = NULL', []);
      expect((await kpis('from=2026-10-01&to=2026-12-31&grouping=day&dimension=van')).period.rows).toEqual([]);
      const backfill = MIGRATIONS.findIndex((m) => m.name === '011_kpi_backfill') + 1;
      expect(backfill).toBeGreaterThan(0);
      // The backfill step itself, as the migration runner renders it for this store (later steps, such as the update
      // policy tables, are not re-run: taking schema_migrations back would make them collide with their own tables).
      await runner.exec(renderMigration(MIGRATIONS[backfill - 1]!, runner.name));
      expect(await kpis('from=2026-10-01&to=2026-12-31&grouping=day&dimension=van')).toEqual(before);
    });
  });
}
