import 'fake-indexeddb/auto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { recordTransaction } from '../../renderer/src/db/transactions';
import { makeKiosk, parkingDraft } from '../helpers/kiosk';
import { startInProcessApi, type InProcessApi } from './harness';
import { assertSyncInvariants, readServerEvents, waitUntilSynced } from './invariants';
import { TcpProxy } from './tcp-proxy';

const DAY_MS = 24 * 60 * 60 * 1000;
let server: InProcessApi;
let proxy: TcpProxy;
const cleanups: (() => void | Promise<void>)[] = [];

beforeEach(async () => {
  server = await startInProcessApi();
  proxy = await TcpProxy.start({ targetPort: server.port });
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await proxy.close();
  await server.close();
});

it('device clock a day ahead, then jumped back, while offline: seqs stay gap-free and everything syncs as recorded', async () => {
  const device = await server.api.enrolDevice();
  let skewMs = DAY_MS;
  const deviceNow = () => new Date(Date.now() + skewMs);
  const kiosk = makeKiosk(proxy.url, device, { now: deviceNow, batchSize: 4 });
  cleanups.push(() => kiosk.engine.stop());
  const record = (amountCents: number) =>
    recordTransaction({ db: kiosk.db, deviceId: device.deviceId, now: deviceNow, actorId: null, catalogueVersion: 0 }, parkingDraft(amountCents));

  // Offline: every connection to the central office is cut.
  proxy.setDefault('cut-before-request');
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
  expect(readServerEvents(server.dbFile, device.deviceId)).toEqual([]);
  // The kiosk tried the office, and every try was cut: a push, or the connectivity probe when that found it first.
  const attempts = [...proxy.requestsTo('/v1/sync/push'), ...proxy.requestsTo('/healthz')];
  expect(attempts.length).toBeGreaterThan(0);
  expect(attempts.every((r) => r.mode === 'cut-before-request')).toBe(true);

  // Back online: the kiosk finds out on its own (retry), and sends everything in seq order.
  proxy.setDefault('pass');
  await waitUntilSynced(kiosk.db, kiosk.engine, 10_000);

  const central = readServerEvents(server.dbFile, device.deviceId);
  expect(central.map((e) => [e.seq, e.occurredAt])).toEqual(local.map((e) => [e.seq, e.occurredAt]));
  await assertSyncInvariants({ db: kiosk.db, serverDbFile: server.dbFile, deviceId: device.deviceId });
});
