import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { expect, it } from 'vitest';
import { newId, parseEvent } from '../../shared';
import { countPending, KioskDb } from '../../renderer/src/db/db';
import { makeKiosk } from '../helpers/kiosk';
import { ADMIN_TOKEN, listeningTestApi, type TestApi } from '../helpers/server';

let api: TestApi;
let url: string;
listeningTestApi((started, at) => ((api = started), (url = at)));

/** An event exactly as the first version of the kiosk wrote it: no actorId, no catalogueVersion in the envelope. */
function firstVersionEvent(deviceId: string, seq: number, amountCents: number) {
  return {
    id: newId(),
    deviceId,
    seq,
    type: 'TransactionRecorded',
    occurredAt: new Date(Date.UTC(2026, 10, 27, 15, seq)).toISOString(),
    schemaVersion: 1,
    payload: {
      transactionId: crypto.randomUUID(),
      serviceCode: 'parking-ticket',
      serviceName: 'Pay parking ticket',
      reference: `T${seq}`,
      quantity: 1,
      amountCents,
      payment: { method: 'cash', tenderedCents: amountCents, changeCents: 0 },
      catalogueVersion: 0,
      unitFeeCents: null,
      receiptNumber: `R-${String(seq).padStart(6, '0')}`,
      stopId: null,
      staffId: null,
    },
  };
}

it('a kiosk database from the first version, with events still unsent, opens with the current app and every event still syncs', async () => {
  const device = await api.enrolDevice('Van 1');
  const name = `upgrade-from-v1-${process.pid}`;
  const v1 = new Dexie(name);
  v1.version(1).stores({ events: 'seq, &id, type', transactions: 'id, occurredAt, receiptNumber, status', quarantine: 'seq, &id', meta: 'key' });
  const events = [firstVersionEvent(device.deviceId, 1, 4500), firstVersionEvent(device.deviceId, 2, 1200), firstVersionEvent(device.deviceId, 3, 800)];
  await v1.table('events').bulkAdd(events);
  await v1.table('transactions').bulkAdd(
    events.map((e) => ({ id: e.payload.transactionId, eventId: e.id, seq: e.seq, serviceCode: 'parking-ticket', serviceName: 'Pay parking ticket', reference: e.payload.reference, quantity: 1, amountCents: e.payload.amountCents, payment: e.payload.payment, receiptNumber: e.payload.receiptNumber, occurredAt: e.occurredAt, status: 'recorded' })),
  );
  // The first event reached the office before the upgrade; the other two did not.
  await v1.table('meta').put({ key: 'syncCursor', value: 1 });
  v1.close();
  const first = await api.app.inject({ method: 'POST', url: '/v1/sync/push', headers: { authorization: `Bearer ${device.token}` }, payload: { events: [events[0]] } });
  expect(first.json()).toMatchObject({ results: [{ status: 'accepted' }] });

  const db = new KioskDb(name);
  await db.open();
  expect(db.verno).toBeGreaterThanOrEqual(5);
  expect((await db.events.orderBy('seq').toArray()).map((e) => e.id)).toEqual(events.map((e) => e.id));
  expect(await db.transactions.get(events[2]!.payload.transactionId)).toMatchObject({ amountCents: 800, stopId: null, status: 'recorded' });
  expect(await countPending(db)).toBe(2);
  // What the old app wrote still reads as an event today.
  for (const e of await db.events.toArray()) expect(parseEvent(e)).toMatchObject({ ok: true });
  db.close();

  const kiosk = makeKiosk(url, device, {}, name);
  await kiosk.engine.trigger();
  expect(await countPending(kiosk.db)).toBe(0);
  expect(await kiosk.db.quarantine.count()).toBe(0);
  const list = await api.app.inject({ method: 'GET', url: '/v1/transactions?limit=10', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  expect((list.json() as { items: { amountCents: number }[] }).items.map((t) => t.amountCents).sort((a, b) => a - b)).toEqual([800, 1200, 4500]);
  kiosk.engine.stop();
});
