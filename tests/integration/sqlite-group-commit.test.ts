import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../server/store/sqlite';
import type { PushContext } from '../../server/store/store';
import { check, transactionEvent } from '../helpers/event-builders';

const ctx: PushContext = { timeZone: 'America/New_York', serviceNames: new Map() };

describe('SQLite group commit', () => {
  let dir: string;
  let file: string;
  let store: SqliteStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'chtg-group-'));
    file = join(dir, 'central.sqlite');
    store = new SqliteStore({ file, checkpointIntervalMs: 0 });
    await store.migrate();
    for (let d = 0; d < 10; d++) await store.createDevice({ id: `dev-${d}`, vanName: 'Van', tokenHash: `hash-${d}` });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const batch = (deviceId: string, from: number, n: number) => Array.from({ length: n }, (_, i) => check(transactionEvent(deviceId, from + i)));

  it('stores batches that arrive together in one commit, and a lone batch in a commit of its own', async () => {
    await Promise.all(Array.from({ length: 10 }, (_, d) => store.pushEvents(`dev-${d}`, batch(`dev-${d}`, 1, 20), ctx)));
    expect(store.pushStats).toEqual({ commits: 1, batches: 10 });
    await store.pushEvents('dev-0', batch('dev-0', 21, 5), ctx);
    expect(store.pushStats).toEqual({ commits: 2, batches: 11 });
    expect(await store.countEvents()).toBe(205);
  });

  it('never puts more than 5,000 events in one commit', async () => {
    await Promise.all(Array.from({ length: 10 }, (_, d) => store.pushEvents(`dev-${d}`, batch(`dev-${d}`, 1, 1000), ctx)));
    expect(store.pushStats).toEqual({ commits: 2, batches: 10 });
    expect(await store.countEvents()).toBe(10_000);
  });

  it('a batch that fails is undone alone: the rest of its group is stored and answered', async () => {
    const results = await Promise.allSettled([
      store.pushEvents('dev-1', batch('dev-1', 1, 3), ctx),
      store.pushEvents('dev-unknown', batch('dev-unknown', 1, 3), ctx),
      store.pushEvents('dev-2', batch('dev-2', 1, 3), ctx),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(store.pushStats.commits).toBe(1);
    expect(await store.countEvents()).toBe(6);
    expect((await store.queryTransactions({ limit: 10, offset: 0 })).items.map((t) => t.deviceId).sort()).toEqual(['dev-1', 'dev-1', 'dev-1', 'dev-2', 'dev-2', 'dev-2']);
  });

  it('closing stores what was already handed to it before it shuts', async () => {
    const pending = store.pushEvents('dev-3', batch('dev-3', 1, 7), ctx);
    await store.close();
    await expect(pending).resolves.toMatchObject({ highestContiguousSeq: 7 });
    store = new SqliteStore({ file, checkpointIntervalMs: 0 });
    expect(await store.countEvents()).toBe(7);
  });

  it('a push to a closed store is refused, not lost silently', async () => {
    await store.close();
    await expect(store.pushEvents('dev-1', batch('dev-1', 1, 1), ctx)).rejects.toThrow(/closed/);
    store = new SqliteStore({ file, checkpointIntervalMs: 0 });
  });
});
