import 'fake-indexeddb/auto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { enrolIntoFile, expectEachAnsweredOnce, PIPELINE_DEPTHS, recordingFetch, statusCounts, useFaultStack } from './harness';
import { assertSyncInvariants, countServerEvents, waitUntilSynced } from './invariants';
import { TcpProxy } from './tcp-proxy';

const PUSH = '/v1/sync/push';
const fault = useFaultStack({ api: false, dataDir: 'chtg-fault-crash-' });

describe.each(PIPELINE_DEPTHS)('pipeline depth %i', (depth) => {
  it('server killed with SIGKILL mid-batch, then restarted: the batch is resent and every event stored once', async () => {
    const dbFile = join(fault.dataDir, 'central.sqlite');
    const device = await enrolIntoFile(dbFile, `dev-fault-crash-${Date.now()}`);
    const first = await fault.spawnServer();

    let killed: Promise<void> | null = null;
    const proxy = await TcpProxy.start({
      targetPort: first.port,
      // The moment the second batch has been handed to the server whole (it is reading and validating it), kill the
      // server without warning. (A server that stored a batch but never answered is the lost-ack scenario.)
      // Which push it is goes by its place among the pushes, not by how many have arrived: with a pipeline the third
      // one's headers can arrive while the second one's body is still being forwarded (then there were 3 already).
      onForwarded: (request) => {
        if (request.path === PUSH && proxy.requestsTo(PUSH).indexOf(request) === 1 && !killed) killed = first.kill();
      },
    });
    fault.onCleanup(() => proxy.close());

    const log = recordingFetch();
    const kiosk = fault.kiosk(proxy.url, device, { fetch: log.fetch, batchSize: 500, requestTimeoutMs: 5000, pipelineDepth: depth });
    for (let i = 1; i <= 1200; i++) await kiosk.record(1000 + i);

    kiosk.engine.start();
    await expect.poll(() => killed !== null, { timeout: 10_000 }).toBe(true);
    await killed;
    await expect.poll(() => kiosk.engine.getStatus().state, { timeout: 5000 }).toBe('offline');
    expect(log.pushes[1]).toMatchObject({ seqs: expect.arrayContaining([501, 1000]), outcome: 'failed' });

    // Restart over the same data folder. What the killed server had committed is intact: the first batch, and the
    // second one whole or not at all.
    const second = await fault.spawnServer();
    const storedAfterCrash = countServerEvents(dbFile, device.deviceId);
    // One at a time, the first batch was answered before the second left; two at a time, it may not be stored yet.
    expect(depth === 1 ? [500, 1000] : [0, 500, 1000]).toContain(storedAfterCrash);
    proxy.setTarget(second.port);

    await waitUntilSynced(kiosk.db, kiosk.engine, 15_000);
    const counts = statusCounts(log.pushes);
    expect(counts.accepted + counts.duplicate + counts.rejected).toBe(1200);
    if (depth === 1) expect(counts.duplicate).toBe(storedAfterCrash === 1000 ? 500 : 0);
    expectEachAnsweredOnce(log.pushes, 1200);

    await assertSyncInvariants({ db: kiosk.db, serverDbFile: dbFile, deviceId: device.deviceId });
    console.info(`server-crash (pipeline depth ${depth}): the killed server had committed ${storedAfterCrash} of 1000 events sent`);
  });
});
