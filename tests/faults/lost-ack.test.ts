import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { expectEachAnsweredOnce, PIPELINE_DEPTHS, pushRanges, recordingFetch, statusCounts, useFaultStack } from './harness';
import { assertSyncInvariants, waitUntilSynced } from './invariants';

const PUSH = '/v1/sync/push';

const fault = useFaultStack({ proxy: true });

describe.each(PIPELINE_DEPTHS)('pipeline depth %i', (depth) => {
  it('lost acknowledgement: the server stored the batch but the answer never arrived; the resend is counted once', async () => {
    const device = await fault.server.api.enrolDevice();
    const log = recordingFetch();
    const kiosk = fault.kiosk(fault.proxy.url, device, { fetch: log.fetch, batchSize: 100, pipelineDepth: depth });
    for (let i = 1; i <= 250; i++) await kiosk.record(100 + i);

    // The first push goes through; the second reaches the server, whose answer is then cut off.
    fault.proxy.failNext('pass', { path: PUSH });
    fault.proxy.failNext('cut-before-response', { path: PUSH });
    kiosk.engine.start();
    await waitUntilSynced(kiosk.db, kiosk.engine, 10_000);

    const ranges = pushRanges(log.pushes);
    if (depth === 1) {
      expect(fault.proxy.requestsTo(PUSH).map((r) => r.mode)).toEqual(['pass', 'cut-before-response', 'pass', 'pass']);
      expect(ranges).toEqual([
        [1, 100, 'answered'],
        [101, 200, 'failed'],
        [101, 200, 'answered'],
        [201, 250, 'answered'],
      ]);
    } else {
      // Two on the wire at once: 1–100 and 101–200 go together, and 201–250 follows as soon as 1–100 is answered.
      expect(fault.proxy.requestsTo(PUSH).map((r) => r.mode).slice(0, 2)).toEqual(['pass', 'cut-before-response']);
      expect(ranges.slice(0, 2)).toEqual([
        [1, 100, 'answered'],
        [101, 200, 'failed'],
      ]);
      // After the failure the batches go again from the cursor (100), in order.
      const resent = ranges.slice(2).filter(([, , outcome]) => outcome === 'answered');
      expect(resent.map(([first]) => first)).toContain(101);
      expect(resent.map(([first]) => first)).toContain(201);
    }
    // The resent batch was already stored: every event of it is answered `duplicate`, none stored twice. No event is
    // ever answered `accepted` twice, and every one was answered, whatever was on the wire when the answer was lost.
    const resend = log.pushes.find((p, i) => i > 1 && p.seqs[0] === 101 && p.outcome === 'answered')!;
    expect(resend.results.every((r) => r.status === 'duplicate')).toBe(true);
    expectEachAnsweredOnce(log.pushes, 250);
    if (depth === 1) expect(statusCounts(log.pushes)).toEqual({ accepted: 150, duplicate: 100, rejected: 0 });
    expect(kiosk.statuses.some((s) => s.state === 'offline')).toBe(true);

    await assertSyncInvariants({ db: kiosk.db, serverDbFile: fault.server.dbFile, deviceId: device.deviceId });
  });
});
