import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { hashToken } from '../../server/auth';
import { SqliteStore } from '../../server/store/sqlite';
import { transactionEvent } from '../helpers/events';
import { valid } from '../helpers/event-builders';

const run = promisify(execFile);
let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'chtg-backup-cli-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

async function admin(dataDir: string, ...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'server/admin-cli.ts', ...args], { env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' } });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

async function storeWithEvents(dataDir: string, count: number): Promise<void> {
  const store = new SqliteStore({ file: join(dataDir, 'central.sqlite'), checkpointIntervalMs: 0 });
  await store.migrate();
  await store.createDevice({ id: 'dev-cli', vanName: 'Van C', tokenHash: hashToken('t'.repeat(40)) });
  await store.pushEvents('dev-cli', Array.from({ length: count }, (_, i) => valid(transactionEvent('dev-cli', i + 1))), { timeZone: 'America/New_York', serviceNames: new Map() });
  await store.close();
}

it('npm run admin -- backup writes a verified copy; restore says what it would replace and replaces it only with --yes', async () => {
  const live = join(root, 'live');
  await storeWithEvents(live, 3);
  const copy = join(root, 'copy.sqlite');
  const backup = await admin(live, 'backup', '--to', copy);
  expect(backup.code).toBe(0);
  expect(backup.out).toContain('integrity_check: ok; 3 events; 1 devices covered.');
  expect(existsSync(copy)).toBe(true);

  const target = join(root, 'other');
  await storeWithEvents(target, 5);
  const asked = await admin(target, 'restore', '--from', copy);
  expect(asked.code).toBe(1);
  expect(asked.out).toContain('3 events from 1 devices');
  expect(asked.out).toMatch(/It would replace .*central\.sqlite: 5 events from 1 devices/);
  expect(asked.out).toContain('Nothing was changed.');
  const done = await admin(target, 'restore', '--from', copy, '--yes');
  expect(done.code).toBe(0);
  expect(done.out).toContain('the replaced store is kept as');
  const restored = new SqliteStore({ file: join(target, 'central.sqlite'), checkpointIntervalMs: 0 });
  await restored.migrate();
  expect(await restored.countEvents()).toBe(3);
  await restored.close();
});

it('restore refuses a folder whose API is running', async () => {
  const live = join(root, 'live');
  await storeWithEvents(live, 1);
  const copy = join(root, 'copy.sqlite');
  await admin(live, 'backup', '--to', copy);
  // The running API's lock: this test process stands in for it.
  writeFileSync(join(live, 'server.pid'), `${process.pid}\n`);
  const refused = await admin(live, 'restore', '--from', copy, '--yes');
  expect(refused.code).toBe(2);
  expect(refused.out).toContain(`the API (process ${process.pid}) is running`);
});
