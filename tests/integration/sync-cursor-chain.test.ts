import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { countPending, getSyncCursor, type KioskDb } from '../../renderer/src/db/db';
import { DEFAULT_PIPELINE_DEPTH } from '../../shared';
import { makeKiosk } from '../helpers/kiosk';
import { ADMIN_TOKEN, listeningTestApi, type TestApi } from '../helpers/server';

let api: TestApi;
let url: string;
listeningTestApi((started, at) => ((api = started), (url = at)));

/**
 * Every syncCursor value the kiosk asks IndexedDB to write, in the order asked, and in the order they were done;
 * `fail(n)` refuses the n-th one. Each write is made slow by reads inside its own transaction (which keep it open), so
 * that answers arrive while writes are still waiting in the chain.
 */
function watchCursorWrites(db: KioskDb, fail?: (n: number) => boolean) {
  const written: number[] = [];
  const onDisk: number[] = [];
  db.use({
    stack: 'dbcore',
    name: 'watch-cursor-writes',
    create(down) {
      return {
        ...down,
        table(name) {
          const table = down.table(name);
          if (name !== 'meta') return table;
          return {
            ...table,
            async mutate(request) {
              const cursor = request.type === 'put' ? (request.values as { key: string; value: unknown }[]).find((v) => v.key === 'syncCursor') : undefined;
              if (cursor && typeof cursor.value === 'number') {
                written.push(cursor.value);
                if (fail?.(written.length)) throw new Error('QuotaExceededError: the disk is full');
                for (let i = 0; i < 200; i++) await table.get({ trans: request.trans, key: 'syncCursor' });
              }
              const done = table.mutate(request);
              if (cursor && typeof cursor.value === 'number') void done.then(() => onDisk.push(cursor.value as number), () => undefined);
              return done;
            },
          };
        },
      };
    },
  });
  return { written, onDisk };
}

async function central() {
  const response = await fetch(`${url}/v1/transactions?limit=1`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  const { total } = (await response.json()) as { total: number };
  const ids = await api.store.eventIds();
  return { total, events: ids.length, distinct: new Set(ids).size };
}

describe(`the cursor writes of a pipelined push (depth ${DEFAULT_PIPELINE_DEPTH})`, () => {
  it('go one batch at a time in seq order, all of them done when the round reports "up to date"', async () => {
    const device = await api.enrolDevice();
    const doneAtIdle: number[][] = [];
    const kiosk = makeKiosk(url, device, {
      batchSize: 100,
      pipelineDepth: DEFAULT_PIPELINE_DEPTH,
      onStatus: (status) => {
        kiosk.statuses.push(status);
        if (status.state === 'idle') doneAtIdle.push([...watch.onDisk]);
      },
    });
    const watch = watchCursorWrites(kiosk.db);
    for (let i = 0; i < 1000; i++) await kiosk.record(100 + i);
    await kiosk.engine.trigger();
    expect(watch.written).toEqual([100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
    expect(doneAtIdle).toEqual([[100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]]);
    expect(await getSyncCursor(kiosk.db)).toBe(1000);
    expect(await countPending(kiosk.db)).toBe(0);
    // Progress follows the writes: each count the screen saw was on disk when it saw it, and the last one is the whole.
    const done = kiosk.statuses.flatMap((s) => (s.progress ? [s.progress.done] : []));
    expect(done.at(-1)).toBe(1000);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(kiosk.statuses.at(-1)?.state).toBe('idle');
    expect(await central()).toEqual({ total: 1000, events: 1000, distinct: 1000 });
  });

  it('stop at one that fails: the cursor stays on the last batch written, none after it is written, and the next round sends the rest once', async () => {
    const device = await api.enrolDevice();
    const kiosk = makeKiosk(url, device, { batchSize: 100, pipelineDepth: DEFAULT_PIPELINE_DEPTH });
    const { written } = watchCursorWrites(kiosk.db, (n) => n === 3);
    for (let i = 0; i < 1000; i++) await kiosk.record(100 + i);
    await kiosk.engine.trigger();
    kiosk.engine.stop();
    expect(written).toEqual([100, 200, 300]);
    expect(await getSyncCursor(kiosk.db)).toBe(200);
    expect(kiosk.statuses.at(-1)).toMatchObject({ state: 'error', message: expect.stringContaining('the disk is full') });
    expect(kiosk.statuses.some((s) => s.state === 'idle')).toBe(false);
    expect(await countPending(kiosk.db)).toBe(800);

    await kiosk.engine.trigger();
    kiosk.engine.stop();
    expect(written.slice(3)).toEqual([300, 400, 500, 600, 700, 800, 900, 1000]);
    expect(await countPending(kiosk.db)).toBe(0);
    expect(kiosk.statuses.at(-1)?.state).toBe('idle');
    // What the server stored before the failure came back `duplicate`: each event is there once.
    expect(await central()).toEqual({ total: 1000, events: 1000, distinct: 1000 });
  });
});
