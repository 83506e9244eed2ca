import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { countPending, getSyncCursor, type KioskDb } from '../../renderer/src/db/db';
import { DEFAULT_PIPELINE_DEPTH } from '../../shared';
import { makeKiosk } from '../helpers/kiosk';
import { listeningTestApi, type TestApi } from '../helpers/server';

let api: TestApi;
let url: string;
listeningTestApi((started, at) => ((api = started), (url = at)));

/** Every read of a batch of `batchSize` events (the seq it reads after), and the most of them running at once. */
function watchOutboxReads(db: KioskDb, batchSize: number) {
  const after: number[] = [];
  let running = 0;
  let most = 0;
  db.use({
    stack: 'dbcore',
    name: 'watch-outbox-reads',
    create(down) {
      return {
        ...down,
        table(name) {
          const table = down.table(name);
          if (name !== 'events') return table;
          return {
            ...table,
            async query(request) {
              const lower = request.query.range.lower as unknown;
              if (request.limit === batchSize && typeof lower === 'number') after.push(lower);
              running++;
              most = Math.max(most, running);
              try {
                return await table.query(request);
              } finally {
                running--;
              }
            },
          };
        },
      };
    },
  });
  return { after, most: () => most };
}

/** The office holds exactly the kiosk's events: each once, none missing. */
async function officeHoldsEachOnce(db: KioskDb): Promise<void> {
  const kioskIds = (await db.events.toArray()).map((e) => e.id).sort();
  const officeIds = await api.store.eventIds();
  expect(officeIds).toEqual(kioskIds);
}

describe(`the outbox read ahead of a pipelined push (depth ${DEFAULT_PIPELINE_DEPTH})`, () => {
  it('reads the next batch beside the current one, and every event reaches the office once, in order', async () => {
    const device = await api.enrolDevice();
    const kiosk = makeKiosk(url, device, { batchSize: 100, pipelineDepth: DEFAULT_PIPELINE_DEPTH });
    const reads = watchOutboxReads(kiosk.db, 100);
    for (let i = 0; i < 1050; i++) await kiosk.record(100 + i);
    await kiosk.engine.trigger();
    // Two reads were on their way at once: the one for a batch and the one for the batch after it.
    expect(reads.most()).toBeGreaterThanOrEqual(2);
    // Each full batch was read once, from where the one before it ended (a read ahead is the read it stands for); then
    // the short last one from 1,000, and what comes after it (nothing) as the round ends.
    expect(reads.after.slice(0, 11)).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
    expect(reads.after.slice(11).every((seq) => seq >= 1050)).toBe(true);
    expect(await getSyncCursor(kiosk.db)).toBe(1050);
    expect(await countPending(kiosk.db)).toBe(0);
    await officeHoldsEachOnce(kiosk.db);
  });

  it('drops a read ahead that no longer follows on: sales recorded while the push runs all go, none twice', async () => {
    const device = await api.enrolDevice();
    let recording: Promise<void> = Promise.resolve();
    let added = false;
    const kiosk = makeKiosk(url, device, {
      batchSize: 100,
      pipelineDepth: DEFAULT_PIPELINE_DEPTH,
      onStatus: (status) => {
        kiosk.statuses.push(status);
        // After the first answer, with the short last batch (and its read ahead) already read: 130 more sales.
        if (!added && status.progress && status.progress.done >= 100) {
          added = true;
          recording = (async () => {
            for (let i = 0; i < 130; i++) await kiosk.record(5000 + i);
          })();
        }
      },
    });
    for (let i = 0; i < 250; i++) await kiosk.record(100 + i);
    await kiosk.engine.trigger();
    await recording;
    // Whatever the round did not take goes in the next one.
    await kiosk.engine.trigger();
    expect(await countPending(kiosk.db)).toBe(0);
    expect(await getSyncCursor(kiosk.db)).toBe(380);
    await officeHoldsEachOnce(kiosk.db);
  });
});
