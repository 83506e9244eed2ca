import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { expectEachAnsweredOnce, PIPELINE_DEPTHS, recordingFetch, statusCounts, useFaultStack } from './harness';
import { assertSyncInvariants, waitUntilSynced } from './invariants';

const PUSH = '/v1/sync/push';
/** The pushes whose whole body the server read and handed to the handler, by their first seq. */
let handled: number[];

beforeEach(() => {
  handled = [];
});
const fault = useFaultStack({
  proxy: true,
  api: (app) => {
    app.addHook('preHandler', async (request) => {
      if (request.url !== PUSH) return;
      // The push route receives its body as bytes (it is parsed in the validation worker).
      const body: unknown = Buffer.isBuffer(request.body) ? JSON.parse(request.body.toString('utf8')) : request.body;
      const events = (body as { events?: { seq?: number }[] } | null)?.events ?? [];
      handled.push(events[0]?.seq ?? -1);
    });
  },
});

describe.each(PIPELINE_DEPTHS)('connection cut, pipeline depth %i', (depth) => {
  it('before the request arrives: nothing reaches the server, the batch is sent again', async () => {
    const device = await fault.server.api.enrolDevice();
    const log = recordingFetch();
    const kiosk = fault.kiosk(fault.proxy.url, device, { fetch: log.fetch, batchSize: 100, pipelineDepth: depth });
    for (let i = 1; i <= 150; i++) await kiosk.record(200 + i);

    fault.proxy.failNext('cut-before-request', { path: PUSH, times: 2 });
    kiosk.engine.start();
    await waitUntilSynced(kiosk.db, kiosk.engine, 10_000);

    expect(fault.proxy.requestsTo(PUSH).map((r) => r.mode)).toEqual(['cut-before-request', 'cut-before-request', 'pass', 'pass']);
    expect(log.pushes.map((p) => p.outcome)).toEqual(['failed', 'failed', 'answered', 'answered']);
    // The server only ever saw the two pushes that got through (at depth 2 they travel together, in either order).
    expect([...handled].sort((a, b) => a - b)).toEqual([1, 101]);
    expect(log.pushes.flatMap((p) => p.results.map((r) => r.status))).not.toContain('duplicate');
    expectEachAnsweredOnce(log.pushes, 150);
    // One batch at a time: each cut is a failed round. Two at a time: both cuts hit the first round's two batches.
    expect(kiosk.statuses.filter((s) => s.state === 'offline').length).toBeGreaterThanOrEqual(depth === 1 ? 2 : 1);

    await assertSyncInvariants({ db: kiosk.db, serverDbFile: fault.server.dbFile, deviceId: device.deviceId });
  });

  it('in the middle of the request body: the server stores nothing of the half batch, the resend is whole', async () => {
    const device = await fault.server.api.enrolDevice();
    const log = recordingFetch();
    const kiosk = fault.kiosk(fault.proxy.url, device, { fetch: log.fetch, batchSize: 100, pipelineDepth: depth });
    for (let i = 1; i <= 250; i++) await kiosk.record(300 + i);

    // Second push: cut half-way through its body, then once more on the next one.
    fault.proxy.failNext('pass', { path: PUSH });
    fault.proxy.failNext('cut-mid-body', { path: PUSH, times: 2 });
    kiosk.engine.start();
    await waitUntilSynced(kiosk.db, kiosk.engine, 10_000);

    const pushes = fault.proxy.requestsTo(PUSH);
    expect(pushes.map((r) => r.mode).slice(0, 3)).toEqual(['pass', 'cut-mid-body', 'cut-mid-body']);
    expect(pushes.slice(3).every((r) => r.mode === 'pass')).toBe(true);
    expect(pushes[1]!.contentLength).toBeGreaterThan(10_000);
    if (depth === 1) {
      expect(pushes).toHaveLength(5);
      expect(log.pushes.map((p) => [p.seqs[0], p.outcome])).toEqual([
        [1, 'answered'],
        [101, 'failed'],
        [101, 'failed'],
        [101, 'answered'],
        [201, 'answered'],
      ]);
    }
    // The truncated bodies never reached the handler, so nothing of them was stored: the resend of 101–200 is all
    // `accepted`. (At depth 2, 201–250 may have travelled whole beside a cut one and is then answered duplicate.)
    expect([...new Set(handled)].sort((a, b) => a - b)).toEqual([1, 101, 201]);
    expect(handled.filter((seq) => seq === 101)).toHaveLength(1);
    const resend = log.pushes.find((p) => p.seqs[0] === 101 && p.outcome === 'answered')!;
    expect(resend.results.every((r) => r.status === 'accepted')).toBe(true);
    if (depth === 1) expect(statusCounts(log.pushes)).toEqual({ accepted: 250, duplicate: 0, rejected: 0 });
    expectEachAnsweredOnce(log.pushes, 250);

    await assertSyncInvariants({ db: kiosk.db, serverDbFile: fault.server.dbFile, deviceId: device.deviceId });
  });
});
