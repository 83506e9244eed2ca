import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { answerCityQuestion, answerSurvey, closeDay, closeStop, openStop, recordServiceTransaction } from '../../renderer/src/db/actions';
import { KioskDb } from '../../renderer/src/db/db';
import type { RecordContext } from '../../renderer/src/db/outbox';
import { findByReceiptNumber, loadDay } from '../../renderer/src/db/queries';
import { vanCode } from '../../renderer/src/db/transactions';
import { balancedDayClose, parkingSale, staffCatalogue, stopOn } from '../helpers/kiosk-fixtures';
import { oldKioskDb } from '../helpers/old-kiosk-schema';

/**
 * The reads a year on the van made slow (bench:device) now go through an index; on a small kiosk they must give what
 * the scans they replaced gave, for every stop and receipt, and on a database written before the indexes existed.
 */
let n = 0;

async function twoDays() {
  const clock = { at: Date.parse('2026-11-26T15:00:00.000Z') };
  const db = new KioskDb(`bounded-${process.pid}-${++n}`);
  await db.catalogue.put({ key: 'current', version: 1, etag: null, catalogue: staffCatalogue, fetchedAt: '2026-11-26T12:00:00.000Z' });
  const ctx: RecordContext = { db, deviceId: 'dev-b', now: () => new Date((clock.at += 60_000)), actorId: 'clerk-ana', catalogueVersion: 1, receiptPrefix: vanCode('Van 3') };
  const stops: string[] = [];
  for (const [day, sales] of [['2026-11-26', 3], ['2026-11-27', 2]] as const) {
    clock.at = Date.parse(`${day}T15:00:00.000Z`);
    const stop = await openStop(ctx, stopOn(day));
    stops.push(stop.id);
    for (let i = 0; i < sales; i++) {
      await recordServiceTransaction(ctx, parkingSale(500 + i));
      await answerSurvey({ ...ctx, actorId: null }, { rating: 1 + i, comment: '', ticketId: null });
      await answerCityQuestion({ ...ctx, actorId: null }, { questionId: 'streets-first', language: 'en', topic: 'streets', text: `Answer ${i}`, contact: null });
    }
    if (day === '2026-11-26') {
      await closeDay(ctx, balancedDayClose(stop.id, day));
      await closeStop(ctx, stop.id);
    }
  }
  // A survey taken with no stop open is kept, and belongs to no stop's day.
  await db.surveys.add({ id: 'survey-no-stop', stopId: null, ticketId: null, rating: 5, comment: '', answeredAt: '2026-11-27T23:00:00.000Z' });
  return { db, stops };
}

describe('bounded reads give what the scans gave', () => {
  it("a stop's surveys and residents' answers, by the stop index, for each stop", async () => {
    const { db, stops } = await twoDays();
    for (const stopId of stops) {
      const stop = (await db.stops.get(stopId))!;
      const day = await loadDay(db, stop);
      const scannedSurveys = (await db.surveys.toArray()).filter((s) => s.stopId === stopId);
      const scannedAnswers = (await db.cityAnswers.toArray()).filter((a) => a.stopId === stopId);
      expect(scannedSurveys.length).toBeGreaterThan(0);
      expect(day.surveys).toEqual(scannedSurveys.map((s) => ({ rating: s.rating, answeredAt: s.answeredAt })));
      expect(day.cityAnswers).toEqual(scannedAnswers);
    }
    expect((await loadDay(db, (await db.stops.get(stops[0]!))!)).surveys).toHaveLength(3);
    expect((await loadDay(db, (await db.stops.get(stops[1]!))!)).cityAnswers).toHaveLength(2);
    db.close();
  });

  it('every receipt number finds the same sale as a scan; one never issued finds none', async () => {
    const { db } = await twoDays();
    const all = await db.transactions.toArray();
    expect(all).toHaveLength(5);
    for (const tx of all) {
      const scanned = all.find((t) => t.receiptNumber === tx.receiptNumber);
      expect((await findByReceiptNumber(db, tx.receiptNumber))?.id).toBe(scanned?.id);
      expect((await findByReceiptNumber(db, ` ${tx.receiptNumber.toLowerCase()} `))?.id).toBe(tx.id);
    }
    expect(await findByReceiptNumber(db, all[0]!.receiptNumber.replace(/\d+$/, '999999'))).toBeUndefined();
    expect(await findByReceiptNumber(db, '')).toBeUndefined();
    db.close();
  });
});

it('a v7 kiosk database opened at v8 keeps its rows, and the new indexes find them', async () => {
  const name = `upgrade-v8-${process.pid}`;
  // The tables v8 touches, as v7 declared them.
  const old = oldKioskDb(name, 7);
  const stop = { id: 's1', neighbourhood: 'Dorchester', place: 'Fields Corner', plannedStart: '', plannedEnd: '', openingFloatCents: 0, openedBy: null, floatConfirmedBy: 'super-sam', openedAt: '2026-11-27T14:00:00.000Z', closedAt: null, dayClosedAt: null };
  await old.table('stops').add(stop);
  await old.table('transactions').add({ id: 't1', eventId: 'e1', seq: 1, serviceCode: 'parking-ticket', serviceName: 'Pay parking ticket', reference: 'T1', quantity: 1, amountCents: 4500, payment: { method: 'none' }, receiptNumber: 'R-VAN3-000001', occurredAt: '2026-11-27T15:00:00.000Z', status: 'recorded', stopId: 's1' });
  await old.table('surveys').bulkAdd([
    { id: 'sv1', stopId: 's1', ticketId: null, rating: 4, comment: '', answeredAt: '2026-11-27T15:01:00.000Z' },
    { id: 'sv2', stopId: 's-other', ticketId: null, rating: 2, comment: '', answeredAt: '2026-11-26T15:01:00.000Z' },
  ]);
  await old.table('cityAnswers').add({ id: 'ca1', stopId: 's1', questionId: 'streets-first', language: 'en', topic: 'streets', answeredAt: '2026-11-27T15:02:00.000Z' });
  old.close();

  const db = new KioskDb(name);
  await db.open();
  expect(db.verno).toBeGreaterThanOrEqual(8);
  expect(await db.surveys.count()).toBe(2);
  const day = await loadDay(db, stop);
  expect(day.surveys).toEqual([{ rating: 4, answeredAt: '2026-11-27T15:01:00.000Z' }]);
  expect(day.cityAnswers.map((a) => a.id)).toEqual(['ca1']);
  expect((await findByReceiptNumber(db, 'r-van3-000001'))?.id).toBe('t1');
  db.close();
});
