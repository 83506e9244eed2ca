import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { answerCityQuestion, answerSurvey, cancelOrder, closeDay, fileServiceRequest, openStop, orderCertificate, recordServiceTransaction } from '../../renderer/src/db/actions';
import { closeOutData, dayFigures } from '../../renderer/src/db/queries';
import { countPending, type KioskDb } from '../../renderer/src/db/db';
import type { RecordContext } from '../../renderer/src/db/outbox';
import { lastPurge, purgeExpiredPersonalData } from '../../renderer/src/db/retention';
import { computeDayKpis, personalFieldsOf, personalTables, SEALED_PROPERTY } from '../../shared';
import { makeKiosk } from '../helpers/kiosk';
import { balancedDayClose, stopOn } from '../helpers/kiosk-fixtures';
import { startTestApi, type TestApi } from '../helpers/server';

const secrets = { residentName: 'Perpetua Ngozi-Lindqvist', reference: 'BILL-PNL-4471', description: 'Pothole-zqx by the Lindqvist gate', address: '12 Marrowbone Row', phone: '+1 617 555 0123', comment: 'Thanks-wq for the help', nameOnRecord: 'Bartholomew Ekwueme-Saar', cityText: 'A crossing-vvq near the school' };
const TZ = 'America/New_York';
const DAY = '2026-03-02';
// DST starts in New York on Sunday 2026-03-08. 23:30 that evening (EDT) is already 03-09 in UTC: day 6 in the city.
const DAY_6_LATE = new Date('2026-03-09T03:30:00.000Z');
// 00:30 on 03-09 (EDT): day 7 in the city, though fewer than 7 × 24 hours after the day was closed.
const DAY_7_EARLY = new Date('2026-03-09T04:30:00.000Z');

let api: TestApi;
let url: string;
beforeEach(async () => {
  api = await startTestApi({ seed: true });
  url = await api.app.listen({ port: 0, host: '127.0.0.1' });
});
afterEach(async () => {
  await api.close();
});

/** A kiosk whose clock the test moves. Set the API's backup watermark before the first push (it caches it a second). */
async function kioskAt() {
  const device = await api.enrolDevice();
  const kiosk = makeKiosk(url, device);
  const clock = { now: new Date(`${DAY}T15:00:00.000Z`) };
  const ctx: RecordContext = { db: kiosk.db, deviceId: device.deviceId, now: () => clock.now, actorId: 'super-sam', catalogueVersion: 1 };
  const backedUpTo = (seq: number) => api.store.recordBackupWatermarks(new Map([[device.deviceId, seq]]), '2026-03-01T00:00:00.000Z');
  return { ...kiosk, ctx, clock, backedUpTo };
}

/** A day at a stop with a named resident's sale, a 311 request, a survey, a city answer and an order (cancelled). */
async function residentsDay(ctx: RecordContext, close = true) {
  const stop = await openStop(ctx, stopOn(DAY));
  const resident = { ...ctx, actorId: null };
  const tx = await recordServiceTransaction(ctx, {
    serviceCode: 'parking-ticket',
    serviceName: 'Pay parking ticket',
    reference: secrets.reference,
    quantity: 1,
    unitFeeCents: null,
    amountCents: 4500,
    payment: { method: 'cash', tenderedCents: 4500, changeCents: 0 },
    catalogueVersion: 1,
    fields: { plate: 'PNL-77' },
    residentName: secrets.residentName,
    orderId: null,
  });
  const request = await fileServiceRequest(resident, { service_code: 'streetlight', description: secrets.description, address_string: secrets.address, lat: 42.3, long: -71.06, first_name: 'Perpetua', last_name: 'Lindqvist', phone: secrets.phone, email: null });
  await answerSurvey(resident, { rating: 4, comment: secrets.comment, ticketId: null });
  await answerCityQuestion(resident, { questionId: 'benches', language: 'en', topic: 'parks', text: secrets.cityText, contact: null });
  const order = await orderCertificate(resident, { certificateType: 'birth', copies: 1, nameOnRecord: secrets.nameOnRecord, eventDate: '1990-04-12', eventPlace: 'Boston', requesterName: secrets.nameOnRecord, unitFeeCents: 1400, amountCents: 1400 });
  await cancelOrder(ctx, order.id, 'Resident will come back');
  if (close) await closeDay(ctx, { ...balancedDayClose(stop.id, DAY), cashCount: { '10000': 1, '2000': 2, '500': 1 }, countedCashCents: 14_500, expectedCashCents: 14_500 });
  return { stop, tx, request, order };
}

/** Every stored record as the disk holds it (explicit transaction: nothing opened), as JSON lines. */
async function rawRecords(db: KioskDb): Promise<string[]> {
  return db.transaction('r', db.tables, async () => (await Promise.all(db.tables.map(async (t) => (await t.toArray()).map((r) => `${t.name}: ${JSON.stringify(r)}`)))).flat());
}
const leaks = (records: string[]) => records.filter((r) => Object.values(secrets).some((s) => r.includes(s)));
const sealedRecords = (records: string[]) => records.filter((r) => r.includes(`"${SEALED_PROPERTY}":`));

/** The day's figures as the dashboard and close-out compute them (the rows' personal columns left out). */
async function figures(db: KioskDb) {
  const { raw: _raw, ...day } = await dayFigures(db);
  const { raw: _raw2, pending: _p, sync: _s, ...close } = await closeOutData(db);
  return { day, close, kpis: computeDayKpis({ ...day, timeZone: TZ }) };
}

describe('retention purge of personal data', () => {
  it('removes synced, backed-up personal data 7 city days after the day closed (not on day 6, across the DST night); figures unchanged; audited once', async () => {
    const kiosk = await kioskAt();
    const { tx, request, order } = await residentsDay(kiosk.ctx);
    await kiosk.backedUpTo(1000);
    await kiosk.engine.trigger();
    expect(await countPending(kiosk.db)).toBe(0);
    expect(await kiosk.db.meta.get('backedUpSeq')).toMatchObject({ value: 1000 });
    const before = await figures(kiosk.db);
    const eventsBefore = await kiosk.db.events.count();

    kiosk.clock.now = DAY_6_LATE;
    expect(await purgeExpiredPersonalData(kiosk.ctx, { retentionDays: 7, timeZone: TZ })).toBeNull();
    expect(await lastPurge(kiosk.db)).toBeNull();
    expect(await kiosk.db.events.count()).toBe(eventsBefore);
    expect(sealedRecords(await rawRecords(kiosk.db))).toHaveLength(9);

    kiosk.clock.now = DAY_7_EARLY;
    const summary = await purgeExpiredPersonalData(kiosk.ctx, { retentionDays: 7, timeZone: TZ });
    expect(summary).toMatchObject({ retentionDays: 7, cutoffDate: DAY, stops: 1, events: 5, records: 4 });
    const raw = await rawRecords(kiosk.db);
    expect(leaks(raw)).toEqual([]);
    expect(sealedRecords(raw)).toEqual([]);
    // The personal fields are gone, not just hidden: reads through the app find none; the rest is there.
    expect(await kiosk.db.transactions.get(tx.id)).toMatchObject({ amountCents: 4500, receiptNumber: tx.receiptNumber, status: 'recorded' });
    expect((await kiosk.db.transactions.get(tx.id))?.residentName).toBeUndefined();
    expect(await kiosk.db.serviceRequests.get(request.requestId)).toMatchObject({ serviceCode: 'streetlight', localReference: request.localReference });
    expect((await kiosk.db.serviceRequests.get(request.requestId))?.description).toBeUndefined();
    expect(await kiosk.db.certificateOrders.get(order.id)).toMatchObject({ status: 'cancelled', amountCents: 1400 });
    for (const e of await kiosk.db.events.toArray()) for (const f of personalFieldsOf(e.type)) expect((e.payload as Record<string, unknown>)[f]).toBeUndefined();
    expect(await figures(kiosk.db)).toEqual(before);

    // The audit: one event, counts and seqs only, sent to the office and accepted there.
    const audits = (await kiosk.db.events.toArray()).filter((e) => e.type === 'PersonalDataPurged');
    expect(audits).toHaveLength(1);
    expect(audits[0]!.payload).toEqual(summary);
    expect(leaks([JSON.stringify(audits[0])])).toEqual([]);
    expect(audits[0]!.payload).toMatchObject({ fromSeq: expect.any(Number), toSeq: expect.any(Number) });

    // The supervisor's storage panel reads when and how much.
    expect(await lastPurge(kiosk.db)).toEqual({ at: DAY_7_EARLY.toISOString(), records: 5, retentionDays: 7 });

    // Running again removes nothing more and records nothing.
    kiosk.clock.now = new Date('2026-04-01T12:00:00.000Z');
    expect(await purgeExpiredPersonalData(kiosk.ctx, { retentionDays: 7, timeZone: TZ })).toBeNull();
    expect(await kiosk.db.events.count()).toBe(eventsBefore + 1);
    await kiosk.engine.trigger();
    expect(await countPending(kiosk.db)).toBe(0);
    expect(await kiosk.db.quarantine.count()).toBe(0);
    kiosk.db.close();
  });

  it('never purges a day that is not closed', async () => {
    const open = await kioskAt();
    await residentsDay(open.ctx, false);
    await open.backedUpTo(1000);
    await open.engine.trigger();
    open.clock.now = new Date('2026-04-02T12:00:00.000Z');
    expect(await purgeExpiredPersonalData(open.ctx, { retentionDays: 7, timeZone: TZ })).toBeNull();
    expect(sealedRecords(await rawRecords(open.db))).toHaveLength(9);
    open.db.close();
  });

  it('never purges events above the backup watermark the office reported', async () => {
    const partial = await kioskAt();
    const { tx } = await residentsDay(partial.ctx);
    const saleSeq = (await partial.db.events.where('id').equals(tx.eventId).first())!.seq;
    // The verified backup covers the sale and nothing after it.
    await partial.backedUpTo(saleSeq);
    await partial.engine.trigger();
    expect(await countPending(partial.db)).toBe(0);
    expect(await partial.db.meta.get('backedUpSeq')).toMatchObject({ value: saleSeq });
    partial.clock.now = DAY_7_EARLY;
    expect(await purgeExpiredPersonalData(partial.ctx, { retentionDays: 7, timeZone: TZ })).toMatchObject({ events: 1, records: 1, fromSeq: saleSeq, toSeq: saleSeq });
    const left = sealedRecords(await rawRecords(partial.db));
    expect(left.filter((r) => r.startsWith('events:') && r.includes(`"seq":${saleSeq},`))).toEqual([]);
    expect(left.filter((r) => r.startsWith('transactions:'))).toEqual([]);
    expect(left).toHaveLength(7);
    partial.db.close();
  });

  it('never purges rejected events (even resolved) nor unsent ones (a restore moved the cursor back)', async () => {
    const guarded = await kioskAt();
    await residentsDay(guarded.ctx);
    await guarded.backedUpTo(1000);
    await guarded.engine.trigger();
    const events = await guarded.db.events.toArray();
    const survey = events.find((e) => e.type === 'SurveyAnswered')!;
    const cityAnswer = events.find((e) => e.type === 'CityQuestionAnswered')!;
    await guarded.db.quarantine.put({ seq: survey.seq, id: survey.id, type: survey.type, code: 'invalid_payload', message: 'refused', rejectedAt: '2026-03-02T16:00:00.000Z', resolvedAt: '2026-03-02T17:00:00.000Z', resolvedBy: 'super-sam', resolutionNote: 'ok' });
    // What noteStoreEpoch does when the office's store comes back from an older backup: the cursor moves back.
    await guarded.db.meta.put({ key: 'syncCursor', value: cityAnswer.seq - 1 });
    guarded.clock.now = DAY_7_EARLY;
    const result = await purgeExpiredPersonalData(guarded.ctx, { retentionDays: 7, timeZone: TZ });
    const kept = sealedRecords(await rawRecords(guarded.db));
    const keptEvent = (seq: number) => kept.some((r) => r.startsWith('events:') && r.includes(`"seq":${seq},`));
    expect(keptEvent(survey.seq)).toBe(true);
    expect(keptEvent(cityAnswer.seq)).toBe(true);
    // The survey's row keeps its comment with its event; the order after the rewound cursor keeps its name.
    expect(kept.filter((r) => r.startsWith('surveys:'))).toHaveLength(1);
    expect(kept.filter((r) => r.startsWith('certificateOrders:'))).toHaveLength(1);
    expect(result).toMatchObject({ stops: 1, events: 2, records: 2 });
    expect(result!.toSeq).toBeLessThan(cityAnswer.seq);
    guarded.db.close();
  });

  it('the settings and the audit event refuse bad values', async () => {
    const { kioskConfigSchema, parseEvent } = await import('../../shared');
    const base = { apiUrl: 'http://127.0.0.1:1', cityName: 'Boston', vanName: 'Van 1' };
    expect(kioskConfigSchema.parse(base).retentionDays).toBe(7);
    for (const bad of [0, 366, 2.5, '7']) expect(kioskConfigSchema.safeParse({ ...base, retentionDays: bad }).success).toBe(false);
    const envelope = { id: '01930000-0000-7000-8000-000000000001', deviceId: 'dev-test-1', seq: 9, type: 'PersonalDataPurged', occurredAt: '2026-03-09T04:30:00.000Z', schemaVersion: 1, actorId: null, catalogueVersion: 1 };
    const good = { retentionDays: 7, cutoffDate: DAY, stops: 1, events: 5, records: 4, fromSeq: 2, toSeq: 8 };
    expect(parseEvent({ ...envelope, payload: good }).ok).toBe(true);
    for (const payload of [{ ...good, fromSeq: 9 }, { ...good, retentionDays: 0 }, { ...good, cutoffDate: '03/02/2026' }, { ...good, stops: 0 }]) {
      expect(parseEvent({ ...envelope, payload })).toMatchObject({ ok: false, code: 'invalid_payload' });
    }
    expect(personalTables.length).toBe(4);
  });
});
