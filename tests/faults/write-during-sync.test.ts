import 'fake-indexeddb/auto';
import { expect, it } from 'vitest';
import { recordingFetch, useFaultStack } from './harness';
import { assertSyncInvariants, waitUntilSynced } from './invariants';

const fault = useFaultStack();

it('a write made during a sync goes out in the next round without another trigger', async () => {
  const device = await fault.server.api.enrolDevice();
  let kiosk: ReturnType<typeof fault.kiosk> | null = null;
  // While the first push is on its way (its batch already read from the outbox), another event is recorded;
  // nobody calls trigger() for it (say it was recorded in the other window).
  const log = recordingFetch({
    before: async (push) => {
      if (push === 1) await kiosk!.record(200);
    },
  });
  // The idle poll is a minute away: only the engine noticing the new work can send it within the test.
  kiosk = fault.kiosk(fault.server.url, device, { fetch: log.fetch, batchSize: 100, idlePollMs: 60_000 });
  await kiosk.record(100);

  kiosk.engine.start();
  await expect.poll(() => log.pushes.length, { timeout: 2000 }).toBeGreaterThanOrEqual(1);
  expect(log.pushes[0]!.seqs).toEqual([1]);
  expect(await kiosk.db.events.count()).toBe(2);

  await waitUntilSynced(kiosk.db, kiosk.engine, 3000);
  expect(log.pushes.map((p) => p.seqs)).toEqual([[1], [2]]);
  await assertSyncInvariants({ db: kiosk.db, serverDbFile: fault.server.dbFile, deviceId: device.deviceId });
});
