import 'fake-indexeddb/auto';
import { expect, it } from 'vitest';
import { KioskDb } from '../../renderer/src/db/db';
import { oldKioskDb } from '../helpers/old-kiosk-schema';

it('upgrading a v3 kiosk database to v4 keeps every event and transaction and drops only the unused indexes', async () => {
  const name = `upgrade-v4-${process.pid}`;
  // The database as a v3 kiosk left it.
  const old = oldKioskDb(name, 3);
  await old.table('events').bulkAdd([
    { seq: 1, id: 'e1', type: 'TransactionRecorded', payload: { amountCents: 4500 } },
    { seq: 2, id: 'e2', type: 'TransactionRecorded', payload: { amountCents: 1400 } },
  ]);
  await old.table('transactions').add({ id: 't1', eventId: 'e1', occurredAt: '2026-11-27T15:00:00.000Z', receiptNumber: 'R-000001', status: 'recorded', stopId: 's1' });
  await old.table('meta').put({ key: 'syncCursor', value: 1 });
  old.close();

  const db = new KioskDb(name);
  await db.open();
  expect(db.verno).toBeGreaterThanOrEqual(4);
  expect(db.events.schema.indexes.map((i) => i.name)).toEqual(['id']);
  // v4 dropped the status and receipt-number indexes; v8 brought the receipt number back (a refund's lookup).
  expect(db.transactions.schema.indexes.map((i) => i.name).sort()).toEqual(['occurredAt', 'receiptNumber', 'stopId']);
  expect((await db.events.toArray()).map((e) => [e.seq, e.id])).toEqual([
    [1, 'e1'],
    [2, 'e2'],
  ]);
  expect(await db.transactions.get('t1')).toMatchObject({ receiptNumber: 'R-000001', status: 'recorded', stopId: 's1' });
  expect((await db.meta.get('syncCursor'))?.value).toBe(1);
  // The event id stays unique.
  await expect(db.events.add({ ...(await db.events.get(1))!, seq: 3 })).rejects.toThrow();
  db.close();
});

it('upgrading to v5 keeps every order: a pending one from a closed stop waits for the next stop, one at the open stop stays there', async () => {
  const name = `upgrade-v5-${process.pid}`;
  const old = oldKioskDb(name, 4);
  await old.table('stops').bulkAdd([
    { id: 's-old', openedAt: '2026-11-26T14:00:00.000Z', closedAt: '2026-11-26T22:00:00.000Z', dayClosedAt: '2026-11-26T21:50:00.000Z' },
    { id: 's-now', openedAt: '2026-11-27T14:00:00.000Z', closedAt: null, dayClosedAt: null },
  ]);
  await old.table('certificateOrders').bulkAdd([
    { id: 'o-old', localReference: 'CO-000001', stopId: 's-old', status: 'pending', orderedAt: '2026-11-26T15:00:00.000Z' },
    { id: 'o-now', localReference: 'CO-000002', stopId: 's-now', status: 'pending', orderedAt: '2026-11-27T15:00:00.000Z' },
    { id: 'o-paid', localReference: 'CO-000003', stopId: 's-old', status: 'paid', orderedAt: '2026-11-26T15:30:00.000Z' },
    { id: 'o-none', localReference: 'CO-000004', stopId: null, status: 'pending', orderedAt: '2026-11-25T15:30:00.000Z' },
  ]);
  old.close();

  const db = new KioskDb(name);
  await db.open();
  expect(db.verno).toBeGreaterThanOrEqual(5);
  expect(await db.certificateOrders.count()).toBe(4);
  expect(await db.certificateOrders.get('o-old')).toMatchObject({ status: 'pending', currentStopId: null, carriedOverFrom: 's-old' });
  expect(await db.certificateOrders.get('o-now')).toMatchObject({ status: 'pending', currentStopId: 's-now' });
  expect(await db.certificateOrders.get('o-paid')).toMatchObject({ status: 'paid', currentStopId: 's-old' });
  expect(await db.certificateOrders.get('o-none')).toMatchObject({ status: 'pending', currentStopId: null });
  db.close();
});

it('upgrading to v6 adds the table of answers to the city\'s question and keeps the surveys', async () => {
  const name = `upgrade-v6-${process.pid}`;
  // v5 changed no table shapes, so the v4 layout is the v5 one.
  const old = oldKioskDb(name, 5);
  await old.table('surveys').add({ id: 'sv1', stopId: 's1', ticketId: null, rating: 4, comment: '', answeredAt: '2026-11-27T15:00:00.000Z' });
  old.close();

  const db = new KioskDb(name);
  await db.open();
  expect(db.verno).toBeGreaterThanOrEqual(6);
  expect(await db.surveys.get('sv1')).toMatchObject({ rating: 4 });
  expect(await db.cityAnswers.count()).toBe(0);
  await db.cityAnswers.add({ id: 'a1', stopId: 's1', questionId: 'fields-corner-fix-first', language: 'vi', topic: 'streets', answeredAt: '2026-11-27T15:05:00.000Z' });
  expect((await db.cityAnswers.orderBy('answeredAt').toArray()).map((a) => a.id)).toEqual(['a1']);
  db.close();
});
