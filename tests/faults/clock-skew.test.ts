import 'fake-indexeddb/auto';
import { expect, it } from 'vitest';
import { recordTransaction } from '../../renderer/src/db/transactions';
import { parkingDraft } from '../helpers/kiosk';
import { useFaultStack } from './harness';
import { assertSyncInvariants, readServerEvents, waitUntilSynced } from './invariants';

const DAY_MS = 24 * 60 * 60 * 1000;

const fault = useFaultStack({ proxy: true });

it('device clock a day ahead, then jumped back, while offline: seqs stay gap-free and everything syncs as recorded', async () => {
  const device = await fault.server.api.enrolDevice();
  let skewMs = DAY_MS;
  const deviceNow = () => new Date(Date.now() + skewMs);
  const kiosk = fault.kiosk(fault.proxy.url, device, { now: deviceNow, batchSize: 4 });
  const record = (amountCents: number) =>
    recordTransaction({ db: kiosk.db, deviceId: device.deviceId, now: deviceNow, actorId: null, catalogueVersion: 0 }, parkingDraft(amountCents));

  // Offline: every connection to the central office is cut.
  fault.proxy.setDefault('cut-before-request');
  kiosk.engine.start();
  for (let i = 1; i <= 5; i++) {
    await record(1000 + i);
    void kiosk.engine.trigger();
  }
  await expect.poll(() => kiosk.engine.getStatus().state, { timeout: 5000 }).toBe('offline');

  // The clock is corrected: back a day and then some, so these are "older" than what was recorded before.
  skewMs = -2 * 60 * 60 * 1000;
  for (let i = 6; i <= 10; i++) {
    await record(1000 + i);
    void kiosk.engine.trigger();
  }
  const local = await kiosk.db.events.orderBy('seq').toArray();
  expect(local.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  expect(Date.parse(local[0]!.occurredAt)).toBeGreaterThan(Date.now() + DAY_MS - 60_000);
  expect(local[5]!.occurredAt < local[4]!.occurredAt).toBe(true);
  const receipts = (await kiosk.db.transactions.toArray()).map((t) => t.receiptNumber);
  expect(new Set(receipts).size).toBe(10);
  expect(readServerEvents(fault.server.dbFile, device.deviceId)).toEqual([]);
  // The kiosk tried the office, and every try was cut: a push, or the connectivity probe when that found it first.
  const attempts = [...fault.proxy.requestsTo('/v1/sync/push'), ...fault.proxy.requestsTo('/healthz')];
  expect(attempts.length).toBeGreaterThan(0);
  expect(attempts.every((r) => r.mode === 'cut-before-request')).toBe(true);

  // Back online: the kiosk finds out on its own (retry), and sends everything in seq order.
  fault.proxy.setDefault('pass');
  await waitUntilSynced(kiosk.db, kiosk.engine, 10_000);

  const central = readServerEvents(fault.server.dbFile, device.deviceId);
  expect(central.map((e) => [e.seq, e.occurredAt])).toEqual(local.map((e) => [e.seq, e.occurredAt]));
  await assertSyncInvariants({ db: kiosk.db, serverDbFile: fault.server.dbFile, deviceId: device.deviceId });
});
