import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { expectEachAnsweredOnce, PIPELINE_DEPTHS, recordingFetch, useFaultStack } from './harness';
import { assertSyncInvariants, waitUntilSynced } from './invariants';

const PUSH = '/v1/sync/push';
const TIMEOUT_MS = 300;

const fault = useFaultStack({ proxy: true });

describe.each(PIPELINE_DEPTHS)('stalled server, pipeline depth %i', (depth) => {
  it('a server that accepts the connection but never answers: the kiosk times out, retries, and gets everything through', async () => {
    const device = await fault.server.api.enrolDevice();
    const log = recordingFetch();
    const kiosk = fault.kiosk(fault.proxy.url, device, { fetch: log.fetch, batchSize: 100, requestTimeoutMs: TIMEOUT_MS, pipelineDepth: depth });
    for (let i = 1; i <= 150; i++) await kiosk.record(700 + i);

    fault.proxy.failNext('stall', { path: PUSH, times: 2 });
    const started = Date.now();
    kiosk.engine.start();
    await waitUntilSynced(kiosk.db, kiosk.engine, 8000);
    const elapsed = Date.now() - started;

    // Two or more at a time, the first round's two batches (150 events) meet both stalls, and the second round gets everything through.
    expect(fault.proxy.requestsTo(PUSH).map((r) => r.mode)).toEqual(['stall', 'stall', 'pass', 'pass']);
    expect(log.pushes.map((p) => p.outcome)).toEqual(['failed', 'failed', 'answered', 'answered']);
    expectEachAnsweredOnce(log.pushes, 150);
    // Each stalled request was given up when its request timeout ran out (aborted), not left waiting; then retried
    // promptly. Bounds are loose: Node arms a timer from the event loop's cached clock, and this machine is busy.
    for (const stalled of log.pushes.slice(0, 2)) {
      expect(stalled.error).toMatch(/abort/i);
      const waited = stalled.settledAt! - stalled.startedAt;
      expect(waited).toBeGreaterThanOrEqual(TIMEOUT_MS / 2);
      expect(waited).toBeLessThan(TIMEOUT_MS + 1000);
    }
    expect(log.pushes[2]!.startedAt - log.pushes[1]!.settledAt!).toBeLessThan(400 + 2000);
    expect(elapsed).toBeLessThan(6000);
    expect(kiosk.statuses.filter((s) => s.state === 'offline').length).toBeGreaterThanOrEqual(depth === 1 ? 2 : 1);

    await assertSyncInvariants({ db: kiosk.db, serverDbFile: fault.server.dbFile, deviceId: device.deviceId });
  });

  it('a server that sends its headers and then stalls the body: the kiosk still gives up after the request timeout', async () => {
    const device = await fault.server.api.enrolDevice();
    const kiosk = fault.kiosk(fault.proxy.url, device, { batchSize: 100, requestTimeoutMs: TIMEOUT_MS, pipelineDepth: depth });
    for (let i = 1; i <= 50; i++) await kiosk.record(800 + i);

    fault.proxy.failNext('stall-after-headers', { path: PUSH });
    kiosk.engine.start();
    // Well past the request timeout plus the longest backoff, the batch must have been sent again.
    await expect
      .poll(() => fault.proxy.requestsTo(PUSH).length, {
        timeout: TIMEOUT_MS + 400 + 2000,
        message: 'the kiosk is still waiting for the body of a stalled answer: its request timeout does not cover reading the answer',
      })
      .toBeGreaterThanOrEqual(2);
    // The stalled answer was for a batch the server did store; the resend is answered `duplicate`.
    await waitUntilSynced(kiosk.db, kiosk.engine, 3000);

    expect(fault.proxy.requestsTo(PUSH).map((r) => r.mode)).toEqual(['stall-after-headers', 'pass']);
    await assertSyncInvariants({ db: kiosk.db, serverDbFile: fault.server.dbFile, deviceId: device.deviceId });
  });
});
