import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { countPending, getSyncCursor } from '../../renderer/src/db/db';
import type { DeviceCredentials } from '../../shared';
import { expectEachAnsweredOnce, PIPELINE_DEPTHS, recordingFetch, reissueDeviceToken, revokeDevice, sleep, statusCounts, useFaultStack } from './harness';
import { assertSyncInvariants, countServerEvents, waitUntilSynced } from './invariants';

const fault = useFaultStack();

describe.each(PIPELINE_DEPTHS)('pipeline depth %i', (depth) => {
  it('device token revoked mid-backlog: sync stops as unauthorized, nothing is lost, and after re-enrolment it resumes from the cursor', async () => {
    const device = await fault.server.api.enrolDevice();
    let credentials: DeviceCredentials = { ...device };
    // The administrator revokes the device right after its second batch was answered.
    const log = recordingFetch({
      after: (push) => {
        if (push === 2) revokeDevice(fault.server.dbFile, device.deviceId);
      },
    });
    const kiosk = fault.kiosk(fault.server.url, device, { fetch: log.fetch, batchSize: 100, pipelineDepth: depth, getCredentials: async () => credentials });
    for (let i = 1; i <= 1000; i++) await kiosk.record(3000 + i);

    kiosk.engine.start();
    await expect.poll(() => kiosk.engine.getStatus().state, { timeout: 5000 }).toBe('unauthorized');
    expect(kiosk.engine.getStatus().message).toMatch(/enrol/i);
    const sentBeforeStop = log.pushes.length;
    let cursor: number;
    if (depth === 1) {
      expect(log.pushes.map((p) => p.httpStatus)).toEqual([200, 200, 401]);
      cursor = 200;
    } else {
      // Several at a time: up to depth - 1 more batches may have left (and been stored) before the revocation, the
      // ones after the second; the refusal stops it all. (At depth 2: 200 or 300.)
      expect(log.pushes.slice(0, 2).map((p) => p.httpStatus)).toEqual([200, 200]);
      expect(log.pushes.map((p) => p.httpStatus)).toContain(401);
      cursor = await getSyncCursor(kiosk.db);
      expect(Array.from({ length: depth }, (_, i) => 200 + 100 * i)).toContain(cursor);
    }
    // Nothing lost, nothing half-done: the answered batches are synced, the rest still pending.
    expect(await getSyncCursor(kiosk.db)).toBe(cursor);
    expect(await countPending(kiosk.db)).toBe(1000 - cursor);
    expect(await kiosk.db.events.count()).toBe(1000);
    expect(countServerEvents(fault.server.dbFile, device.deviceId)).toBeGreaterThanOrEqual(cursor);
    // It stays stopped rather than hammering the server with a token it knows is refused.
    await sleep(500);
    expect(log.pushes).toHaveLength(sentBeforeStop);
    expect(kiosk.engine.getStatus().state).toBe('unauthorized');

    // Re-enrolment: the same device id, a new token; the kiosk stores it and syncs again.
    credentials = { deviceId: device.deviceId, token: reissueDeviceToken(fault.server.dbFile, device.deviceId) };
    kiosk.engine.start();
    await waitUntilSynced(kiosk.db, kiosk.engine, 10_000);

    // It resumed from the cursor, and every event arrived: one at a time exactly once; two at a time, a batch that
    // left before the revocation and was stored may be answered duplicate on the resend, never accepted twice.
    const after = log.pushes.slice(sentBeforeStop);
    expect(after[0]!.seqs[0]).toBe(cursor + 1);
    expect(after.flatMap((p) => p.seqs)).toEqual(Array.from({ length: 1000 - cursor }, (_, i) => cursor + 1 + i));
    if (depth === 1) expect(statusCounts(log.pushes)).toEqual({ accepted: 1000, duplicate: 0, rejected: 0 });
    expectEachAnsweredOnce(log.pushes, 1000);
    await assertSyncInvariants({ db: kiosk.db, serverDbFile: fault.server.dbFile, deviceId: device.deviceId });
  });
});
