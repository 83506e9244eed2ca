import 'fake-indexeddb/auto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { SyncStatus } from '../../renderer/src/sync/engine';
import { makeKiosk } from '../helpers/kiosk';
import { recordingFetch, startInProcessApi, type InProcessApi } from './harness';
import { assertSyncInvariants, countServerEvents, waitUntilSynced } from './invariants';

const PUSH = '/v1/sync/push';
const FAILED = 'the server failed; the request can be retried';
const BUSY = 'the server is busy; try again in a second';
let server: InProcessApi;
/** What the server's front door did with each push, and when. */
let seen: { at: number; status: number; storedBefore: number }[];
const cleanups: (() => void | Promise<void>)[] = [];

beforeEach(async () => {
  seen = [];
  const plan = [500, 503];
  server = await startInProcessApi((app) => {
    // A failing front door: 500, then 503 with Retry-After, then the real handler.
    app.addHook('onRequest', async (request, reply) => {
      if (request.url !== PUSH) return;
      const status = plan.shift() ?? 200;
      seen.push({ at: Date.now(), status, storedBefore: await server.api.store.countEvents() });
      if (status === 500) {
        await reply.code(500).send({ error: { code: 'internal_error', message: FAILED } });
      } else if (status === 503) {
        await reply.code(503).header('Retry-After', '1').send({ error: { code: 'unavailable', message: BUSY } });
      }
    });
  });
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await server.close();
});

it('server answers 500, then 503 with Retry-After, then recovers: the kiosk waits as told and sends everything once', async () => {
  const device = await server.api.enrolDevice();
  const statuses: { at: number; status: SyncStatus }[] = [];
  const log = recordingFetch();
  const kiosk = makeKiosk(server.url, device, {
    fetch: log.fetch,
    batchSize: 100,
    onStatus: (status) => statuses.push({ at: Date.now(), status }),
  });
  cleanups.push(() => kiosk.engine.stop());
  for (let i = 1; i <= 120; i++) await kiosk.record(500 + i);

  kiosk.engine.start();
  await waitUntilSynced(kiosk.db, kiosk.engine, 10_000);

  expect(seen.map((s) => s.status)).toEqual([500, 503, 200, 200]);
  expect(seen.map((s) => s.storedBefore)).toEqual([0, 0, 0, 100]);
  expect(log.pushes.map((p) => p.httpStatus)).toEqual([500, 503, 200, 200]);

  // The supervisor sees the server's own words, and that the server is reachable (not "offline").
  const errors = statuses.filter((s) => s.status.state === 'error');
  expect(errors.map((s) => s.status.message)).toEqual([FAILED, BUSY]);
  expect(errors.every((s) => s.status.online === true)).toBe(true);
  // After the 503 the kiosk honours Retry-After: 1 s, not its own 50–400 ms backoff.
  const busy = errors[1]!;
  expect(busy.status.nextRetryAt! - busy.at).toBeGreaterThanOrEqual(900);
  expect(busy.status.nextRetryAt! - busy.at).toBeLessThanOrEqual(1100);
  expect(seen[2]!.at - seen[1]!.at).toBeGreaterThanOrEqual(950);
  // After the 500 it backs off, briefly.
  expect(seen[1]!.at - seen[0]!.at).toBeLessThan(1000);

  expect(countServerEvents(server.dbFile, device.deviceId)).toBe(120);
  await assertSyncInvariants({ db: kiosk.db, serverDbFile: server.dbFile, deviceId: device.deviceId });
});
