import 'fake-indexeddb/auto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { makeKiosk } from '../helpers/kiosk';
import { recordingFetch, startInProcessApi, statusCounts, type InProcessApi } from './harness';
import { assertSyncInvariants, waitUntilSynced } from './invariants';
import { TcpProxy } from './tcp-proxy';

const PUSH = '/v1/sync/push';
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

it('lost acknowledgement: the server stored the batch but the answer never arrived; the resend is counted once', async () => {
  const device = await server.api.enrolDevice();
  const log = recordingFetch();
  const kiosk = makeKiosk(proxy.url, device, { fetch: log.fetch, batchSize: 100 });
  cleanups.push(() => kiosk.engine.stop());
  for (let i = 1; i <= 250; i++) await kiosk.record(100 + i * 7);

  // The first batch goes through; the second reaches the server, whose answer is then cut off.
  proxy.failNext('pass', { path: PUSH });
  proxy.failNext('cut-before-response', { path: PUSH });
  kiosk.engine.start();
  await waitUntilSynced(kiosk.db, kiosk.engine, 10_000);

  expect(proxy.requestsTo(PUSH).map((r) => r.mode)).toEqual(['pass', 'cut-before-response', 'pass', 'pass']);
  expect(log.pushes.map((p) => [p.seqs[0], p.seqs.at(-1), p.outcome])).toEqual([
    [1, 100, 'answered'],
    [101, 200, 'failed'],
    [101, 200, 'answered'],
    [201, 250, 'answered'],
  ]);
  // The resent batch was already stored: every event of it is answered `duplicate`, none stored twice.
  expect(log.pushes[2]!.results.every((r) => r.status === 'duplicate')).toBe(true);
  expect(statusCounts(log.pushes)).toEqual({ accepted: 150, duplicate: 100, rejected: 0 });
  expect(kiosk.statuses.some((s) => s.state === 'offline')).toBe(true);

  await assertSyncInvariants({ db: kiosk.db, serverDbFile: server.dbFile, deviceId: device.deviceId });
});
