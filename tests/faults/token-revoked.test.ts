import 'fake-indexeddb/auto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { countPending, getSyncCursor } from '../../renderer/src/db/db';
import type { DeviceCredentials } from '../../shared';
import { makeKiosk } from '../helpers/kiosk';
import { recordingFetch, reissueDeviceToken, revokeDevice, sleep, startInProcessApi, statusCounts, type InProcessApi } from './harness';
import { assertSyncInvariants, countServerEvents, waitUntilSynced } from './invariants';

let server: InProcessApi;
const cleanups: (() => void | Promise<void>)[] = [];

beforeEach(async () => {
  server = await startInProcessApi();
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await server.close();
});

it('device token revoked mid-backlog: sync stops as unauthorized, nothing is lost, and after re-enrolment it resumes from the cursor', async () => {
  const device = await server.api.enrolDevice();
  let credentials: DeviceCredentials = { ...device };
  // The administrator revokes the device right after its second batch was answered.
  const log = recordingFetch({
    after: (push) => {
      if (push === 2) revokeDevice(server.dbFile, device.deviceId);
    },
  });
  const kiosk = makeKiosk(server.url, device, { fetch: log.fetch, batchSize: 100, getCredentials: async () => credentials });
  cleanups.push(() => kiosk.engine.stop());
  for (let i = 1; i <= 1000; i++) await kiosk.record(3000 + i);

  kiosk.engine.start();
  await expect.poll(() => kiosk.engine.getStatus().state, { timeout: 5000 }).toBe('unauthorized');
  expect(kiosk.engine.getStatus().message).toMatch(/enrol/i);
  expect(log.pushes.map((p) => p.httpStatus)).toEqual([200, 200, 401]);
  // Nothing lost, nothing half-done: the two answered batches are synced, the rest still pending.
  expect(await getSyncCursor(kiosk.db)).toBe(200);
  expect(await countPending(kiosk.db)).toBe(800);
  expect(await kiosk.db.events.count()).toBe(1000);
  expect(countServerEvents(server.dbFile, device.deviceId)).toBe(200);
  // It stays stopped rather than hammering the server with a token it knows is refused.
  await sleep(500);
  expect(log.pushes).toHaveLength(3);
  expect(kiosk.engine.getStatus().state).toBe('unauthorized');

  // Re-enrolment: the same device id, a new token; the kiosk stores it and syncs again.
  credentials = { deviceId: device.deviceId, token: reissueDeviceToken(server.dbFile, device.deviceId) };
  kiosk.engine.start();
  await waitUntilSynced(kiosk.db, kiosk.engine, 10_000);

  // It resumed from the cursor: seq 201 first, and every event arrived exactly once.
  const after = log.pushes.slice(3);
  expect(after[0]!.seqs[0]).toBe(201);
  expect(after.flatMap((p) => p.seqs)).toEqual(Array.from({ length: 800 }, (_, i) => 201 + i));
  expect(statusCounts(log.pushes)).toEqual({ accepted: 1000, duplicate: 0, rejected: 0 });
  await assertSyncInvariants({ db: kiosk.db, serverDbFile: server.dbFile, deviceId: device.deviceId });
});
