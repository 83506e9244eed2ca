import 'fake-indexeddb/auto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { makeKiosk } from '../helpers/kiosk';
import { recordingFetch, startInProcessApi, type InProcessApi } from './harness';
import { assertSyncInvariants, waitUntilSynced } from './invariants';

let server: InProcessApi;
const cleanups: (() => void | Promise<void>)[] = [];

beforeEach(async () => {
  server = await startInProcessApi();
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await server.close();
});

it('a write made during a sync goes out in the next round without another trigger', async () => {
  const device = await server.api.enrolDevice();
  let kiosk: ReturnType<typeof makeKiosk> | null = null;
  // While the first push is on its way (its batch already read from the outbox), another event is recorded;
  // nobody calls trigger() for it (say it was recorded in the other window).
  const log = recordingFetch({
    before: async (push) => {
      if (push === 1) await kiosk!.record(200);
    },
  });
  // The idle poll is a minute away: only the engine noticing the new work can send it within the test.
  kiosk = makeKiosk(server.url, device, { fetch: log.fetch, batchSize: 100, idlePollMs: 60_000 });
  cleanups.push(() => kiosk!.engine.stop());
  await kiosk.record(100);

  kiosk.engine.start();
  await expect.poll(() => log.pushes.length, { timeout: 2000 }).toBeGreaterThanOrEqual(1);
  expect(log.pushes[0]!.seqs).toEqual([1]);
  expect(await kiosk.db.events.count()).toBe(2);

  await waitUntilSynced(kiosk.db, kiosk.engine, 3000);
  expect(log.pushes.map((p) => p.seqs)).toEqual([[1], [2]]);
  await assertSyncInvariants({ db: kiosk.db, serverDbFile: server.dbFile, deviceId: device.deviceId });
});
