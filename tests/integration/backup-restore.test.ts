import 'fake-indexeddb/auto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { countPending } from '../../renderer/src/db/db';
import { backupSqliteStore, pruneBackups, restoreSqliteStore } from '../../server/backup';
import { hashToken, newSecretToken } from '../../server/auth';
import { readServerEnv } from '../../server/config';
import { startServer, type RunningServer } from '../../server/server';
import { SqliteStore } from '../../server/store/sqlite';
import { freePort } from '../helpers/ports';
import { makeKiosk } from '../helpers/kiosk';

const ADMIN = 'backup-test-admin-token-0123456789';
const dirs: string[] = [];
const tempDir = (label: string) => {
  const dir = mkdtempSync(join(tmpdir(), `chtg-${label}-`));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const serve = (dataDir: string, port: number) => startServer(readServerEnv({ PORT: String(port), DATA_DIR: dataDir, ADMIN_TOKEN: ADMIN, LOG_LEVEL: 'silent' }));

async function centralTotals(server: RunningServer) {
  const response = await fetch(`${server.url}/v1/transactions?limit=1`, { headers: { authorization: `Bearer ${ADMIN}` } });
  const { total } = (await response.json()) as { total: number };
  const events = await server.store.countEvents();
  const ids = await server.store.eventIds();
  return { total, events, distinct: new Set(ids).size };
}

describe('central backups that restore', () => {
  it('pushes go on during a backup; after a restore of that older copy the kiosk rewinds and resends, and the office equals the kiosk to the cent', async () => {
    const port = await freePort();
    const liveDir = tempDir('live');
    const backupFile = join(tempDir('backups'), 'central-backup.sqlite');
    let server = await serve(liveDir, port);
    const credentials = { deviceId: 'dev-backup-van', token: newSecretToken() };
    await server.store.createDevice({ id: credentials.deviceId, vanName: 'Van B', tokenHash: hashToken(credentials.token) });
    const kiosk = makeKiosk(server.url, credentials);
    let kioskCents = 0;
    const record = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const cents = 100 + ((i * 37) % 900);
        kioskCents += cents;
        await kiosk.record(cents);
      }
    };
    try {
      await record(200);
      await kiosk.engine.trigger();
      expect(await countPending(kiosk.db)).toBe(0);

      // 200 more go out while the backup is taken: the copy is one consistent moment, whichever side of it they land.
      await record(200);
      const [report] = await Promise.all([backupSqliteStore(server.store as SqliteStore, backupFile), kiosk.engine.trigger()]);
      expect(report.integrity).toBe('ok');
      expect(report.events).toBeGreaterThanOrEqual(200);
      const covered = report.heldSeqs.get(credentials.deviceId)!;
      expect(covered).toBeGreaterThanOrEqual(200);
      // What the copy holds is exactly a prefix of the device's seqs.
      expect(report.events).toBe(covered);

      await record(100);
      await kiosk.engine.trigger();
      expect(await countPending(kiosk.db)).toBe(0);
      expect(await centralTotals(server)).toEqual({ total: 500, events: 500, distinct: 500 });
      // Every push answer now says how far the verified backup covers this device.
      await record(1);
      const latest = (await kiosk.db.events.orderBy('seq').last())!;
      const push = async () =>
        (await fetch(`${server.url}/v1/sync/push`, {
          method: 'POST',
          headers: { authorization: `Bearer ${credentials.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ events: [latest] }),
        }).then((r) => r.json())) as { backedUpSeq?: number; storeEpoch?: string };
      await expect.poll(push, { timeout: 5000 }).toMatchObject({ backedUpSeq: covered, storeEpoch: expect.any(String) });
      await kiosk.engine.trigger();

      // A restore refuses the folder of a running API, and says so without changing anything.
      await expect(restoreSqliteStore({ from: backupFile, dataDir: liveDir, confirm: true })).rejects.toThrow(/is running/);
      await server.close();

      // The disk is lost: the backup is restored into a new data folder and the API starts on it at the same address.
      const restoredDir = tempDir('restored');
      const dryRun = await restoreSqliteStore({ from: backupFile, dataDir: restoredDir, confirm: false });
      expect(dryRun).toMatchObject({ restored: false, plan: { replaces: null, backup: { events: covered } } });
      expect((await restoreSqliteStore({ from: backupFile, dataDir: restoredDir, confirm: true })).restored).toBe(true);
      server = await serve(restoredDir, port);
      expect(await server.store.countEvents()).toBe(covered);

      // The kiosk has nothing pending, yet learns from the new store epoch that the office lost some: it resends them.
      expect(await countPending(kiosk.db)).toBe(0);
      await kiosk.engine.trigger();
      // One round, or a retry of it should a request time out on a loaded machine: the engine goes on by itself.
      await expect.poll(() => countPending(kiosk.db), { timeout: 20_000 }).toBe(0);
      expect(await centralTotals(server)).toEqual({ total: 501, events: 501, distinct: 501 });
      const sum = await fetch(`${server.url}/v1/transactions?limit=1000`, { headers: { authorization: `Bearer ${ADMIN}` } });
      const items = ((await sum.json()) as { items: { amountCents: number }[] }).items;
      expect(items.reduce((total, t) => total + t.amountCents, 0)).toBe(kioskCents);
      // A second round changes nothing: the epoch is known now.
      await kiosk.engine.trigger();
      expect(await server.store.countEvents()).toBe(501);
    } finally {
      kiosk.engine.stop();
      await server.close().catch(() => undefined);
    }
  });

  it('a restore first seen in a push answer while more batches are on the wire: the kiosk rewinds, and nothing is lost or doubled', async () => {
    const port = await freePort();
    const backupFile = join(tempDir('backups'), 'central-backup.sqlite');
    let server = await serve(tempDir('live'), port);
    const credentials = { deviceId: 'dev-backup-pipelined', token: newSecretToken() };
    await server.store.createDevice({ id: credentials.deviceId, vanName: 'Van P', tokenHash: hashToken(credentials.token) });
    // Four batches of 50 on the wire at once: the answer carrying the new store epoch arrives with three more behind it.
    const kiosk = makeKiosk(server.url, credentials, { batchSize: 50, pipelineDepth: 4 });
    let kioskCents = 0;
    const record = async (n: number) => {
      for (let i = 0; i < n; i++) {
        kioskCents += 100 + i;
        await kiosk.record(100 + i);
      }
    };
    try {
      await record(100);
      await kiosk.engine.trigger();
      expect((await backupSqliteStore(server.store as SqliteStore, backupFile)).heldSeqs.get(credentials.deviceId)).toBe(100);
      await record(100);
      await kiosk.engine.trigger();
      expect(await centralTotals(server)).toEqual({ total: 200, events: 200, distinct: 200 });
      await server.close();

      const restoredDir = tempDir('restored');
      expect((await restoreSqliteStore({ from: backupFile, dataDir: restoredDir, confirm: true })).restored).toBe(true);
      server = await serve(restoredDir, port);
      // 300 recorded while the office was down: the first answer about them says the store lost 101-200.
      await record(300);
      await kiosk.engine.trigger();
      // One round, or a retry of it should a request time out on a loaded machine: the engine goes on by itself.
      await expect.poll(() => countPending(kiosk.db), { timeout: 20_000 }).toBe(0);
      expect(await centralTotals(server)).toEqual({ total: 500, events: 500, distinct: 500 });
      const sum = await fetch(`${server.url}/v1/transactions?limit=1000`, { headers: { authorization: `Bearer ${ADMIN}` } });
      const items = ((await sum.json()) as { items: { amountCents: number }[] }).items;
      expect(items.reduce((total, t) => total + t.amountCents, 0)).toBe(kioskCents);
    } finally {
      kiosk.engine.stop();
      await server.close().catch(() => undefined);
    }
  });

  it('a backup never overwrites a file, and scheduled backups keep only the newest ones', async () => {
    const dir = tempDir('store');
    const store = new SqliteStore({ file: join(dir, 'central.sqlite'), checkpointIntervalMs: 0 });
    await store.migrate();
    try {
      const target = join(dir, 'copy.sqlite');
      await backupSqliteStore(store, target);
      await expect(backupSqliteStore(store, target)).rejects.toThrow(/already exists/);
      const backups = tempDir('rotation');
      for (const stamp of ['20261127T100000Z', '20261127T110000Z', '20261127T120000Z', '20261127T130000Z']) await backupSqliteStore(store, join(backups, `central-${stamp}.sqlite`));
      expect(pruneBackups(backups, 2)).toEqual(['central-20261127T110000Z.sqlite', 'central-20261127T100000Z.sqlite']);
    } finally {
      await store.close();
    }
  });

  it('a restore refuses a file that is not a sound SQLite store, and changes nothing', async () => {
    const dir = tempDir('bad');
    const bogus = join(dir, 'not-a-backup.sqlite');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(bogus, 'this is not a database');
    await expect(restoreSqliteStore({ from: bogus, dataDir: join(dir, 'data'), confirm: true })).rejects.toThrow();
    await expect(restoreSqliteStore({ from: join(dir, 'missing.sqlite'), dataDir: join(dir, 'data'), confirm: true })).rejects.toThrow(/no backup file/);
  });
});
