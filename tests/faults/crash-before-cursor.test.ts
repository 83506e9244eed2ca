import 'fake-indexeddb/auto';
import type { DBCore } from 'dexie';
import { describe, expect, it } from 'vitest';
import { getSyncCursor, KioskDb } from '../../renderer/src/db/db';
import { makeKiosk } from '../helpers/kiosk';
import { expectEachAnsweredOnce, PIPELINE_DEPTHS, pushRanges, recordingFetch, statusCounts, useFaultStack } from './harness';
import { assertSyncInvariants, countServerEvents, waitUntilSynced } from './invariants';

const CRASH = 'simulated crash between the answer and the cursor write';

const fault = useFaultStack();

/** Makes the n-th write of the sync cursor fail, as if the kiosk died right before it. Returns whether it has fired. */
function crashOnCursorWrite(db: KioskDb, n: number): () => boolean {
  let writes = 0;
  db.use({
    stack: 'dbcore',
    name: 'crash-before-cursor',
    create: (down: DBCore): DBCore => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        if (name !== 'meta') return table;
        return {
          ...table,
          mutate: (request) => {
            const writesCursor =
              request.type === 'put' && request.values.some((v: { key?: unknown }) => v.key === 'syncCursor');
            if (writesCursor && ++writes === n) return Promise.reject(new Error(CRASH));
            return table.mutate(request);
          },
        };
      },
    }),
  });
  return () => writes >= n;
}

describe.each(PIPELINE_DEPTHS)('pipeline depth %i', (depth) => {
  it('client crash between the server’s answer and the cursor write: a new engine on the same database resends, the server counts once', async () => {
    const device = await fault.server.api.enrolDevice();
    const log = recordingFetch();
    const kiosk = makeKiosk(fault.server.url, device, { fetch: log.fetch, batchSize: 100, pipelineDepth: depth });
    // Batch 1 moves the cursor; batch 2 is stored and answered, but the kiosk "dies" before writing the cursor.
    const crashed = crashOnCursorWrite(kiosk.db, 2);
    for (let i = 1; i <= 250; i++) await kiosk.record(900 + i);

    // However the engine reacts to the failed write (throwing or reporting an error), the kiosk then "dies".
    await kiosk.engine.trigger().catch((error: unknown) => {
      expect(String(error)).toContain(CRASH);
    });
    kiosk.engine.stop();
    expect(crashed()).toBe(true);
    expect(await getSyncCursor(kiosk.db)).toBe(100);
    // Depth 2 may also have had 201–250 on the wire, stored but never applied: it is resent like 101–200.
    const storedAtCrash = countServerEvents(fault.server.dbFile, device.deviceId);
    expect(depth === 1 ? [200] : [200, 250]).toContain(storedAtCrash);
    kiosk.db.close();

    // The kiosk starts again: a fresh database connection and a fresh engine over the same IndexedDB database.
    const reopened = new KioskDb(kiosk.db.name);
    fault.onCleanup(() => reopened.close());
    const restarted = fault.kiosk(fault.server.url, device, { db: reopened, fetch: log.fetch, batchSize: 100, pipelineDepth: depth });
    expect(await getSyncCursor(reopened)).toBe(100);
    restarted.engine.start();
    await waitUntilSynced(reopened, restarted.engine, 10_000);

    if (depth === 1) {
      expect(pushRanges(log.pushes)).toEqual([
        [1, 100, 'answered'],
        [101, 200, 'answered'],
        [101, 200, 'answered'],
        [201, 250, 'answered'],
      ]);
      expect(statusCounts(log.pushes)).toEqual({ accepted: 250, duplicate: 100, rejected: 0 });
    }
    // After the restart the first push starts at the cursor, 101, and every event of it is answered `duplicate`.
    const firstAfterRestart = log.pushes.findIndex((p, i) => i >= 2 && p.seqs[0] === 101);
    expect(firstAfterRestart).toBeGreaterThan(0);
    expect(log.pushes[firstAfterRestart]!.results.every((r) => r.status === 'duplicate')).toBe(true);
    expectEachAnsweredOnce(log.pushes, 250);
    await assertSyncInvariants({ db: reopened, serverDbFile: fault.server.dbFile, deviceId: device.deviceId });
  });
});
