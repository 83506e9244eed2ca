import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { SqliteStore } from './store/sqlite';
import type { CentralStore } from './store/store';

/** The file the running server keeps in its data folder: a restore refuses to replace a store that is in use. */
export const SERVER_LOCK_FILE = 'server.pid';

export interface BackupReport {
  file: string;
  events: number;
  integrity: 'ok';
  /** Per device, the highest contiguous seq the copy holds: now recorded as each device's backup watermark. */
  heldSeqs: Map<string, number>;
}

/**
 * An online, consistent copy of the SQLite store (SQLite's backup API, not a file copy: pushes go on meanwhile),
 * verified (integrity_check, event count) and only then counted: each device's watermark rises to what the copy holds.
 */
export async function backupSqliteStore(store: SqliteStore, to: string, now: () => Date = () => new Date()): Promise<BackupReport> {
  const target = resolve(to);
  if (existsSync(target)) throw new Error(`${target} already exists; choose a new file for the backup`);
  const partial = `${target}.partial`;
  rmSync(partial, { force: true });
  try {
    const copy = await store.backupTo(partial);
    renameSync(partial, target);
    await store.recordBackupWatermarks(copy.heldSeqs, now().toISOString());
    return { file: target, events: copy.events, integrity: 'ok', heldSeqs: copy.heldSeqs };
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
}

const BACKUP_NAME = /^central-(\d{8}T\d{6}Z)\.sqlite$/;

/** Backups on a schedule into `dir`, keeping the newest `keep`. Returns a stop function. */
export function scheduleBackups(
  store: SqliteStore,
  options: { dir: string; everyMinutes: number; keep: number; now?: () => Date; onBackup?: (report: BackupReport) => void; onError?: (error: unknown) => void },
): () => void {
  const now = options.now ?? (() => new Date());
  mkdirSync(options.dir, { recursive: true, mode: 0o700 });
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      const stamp = now().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
      const report = await backupSqliteStore(store, join(options.dir, `central-${stamp}.sqlite`), now);
      pruneBackups(options.dir, options.keep);
      options.onBackup?.(report);
    } catch (error) {
      options.onError?.(error);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void run(), options.everyMinutes * 60_000);
  timer.unref();
  return () => clearInterval(timer);
}

/** Removes all but the newest `keep` scheduled backups in `dir` (files of other names are left alone). */
export function pruneBackups(dir: string, keep: number): string[] {
  const backups = readdirSync(dir)
    .filter((name) => BACKUP_NAME.test(name))
    .sort()
    .reverse();
  const removed = backups.slice(keep);
  for (const name of removed) rmSync(join(dir, name), { force: true });
  return removed;
}

function describeStore(file: string): { events: number; lastReceivedAt: string | null; devices: number } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const { events, last } = db.prepare('SELECT COUNT(*) AS events, MAX(received_at) AS last FROM events').get() as { events: number; last: string | null };
    const { devices } = db.prepare('SELECT COUNT(*) AS devices FROM devices').get() as { devices: number };
    return { events, lastReceivedAt: last, devices };
  } finally {
    db.close();
  }
}

function serverRunning(dataDir: string): number | null {
  const lock = join(dataDir, SERVER_LOCK_FILE);
  if (!existsSync(lock)) return null;
  const pid = Number(readFileSync(lock, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
  } catch {
    return null;
  }
  // A killed server can linger a moment as a zombie: it holds nothing, so it is not running.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) return null;
  } catch {
    // no /proc (not Linux): trust the signal check
  }
  return pid;
}

export interface RestorePlan {
  from: string;
  into: string;
  backup: { events: number; lastReceivedAt: string | null; devices: number };
  replaces: { events: number; lastReceivedAt: string | null; devices: number } | null;
}

/**
 * Restores a verified backup as the data folder's store. Refuses while a server runs on that folder, and says what
 * it would replace; with `confirm` it replaces it (the replaced store is kept beside it, never deleted) and gives the
 * restored store a new epoch, so every kiosk sends again what the backup does not hold.
 */
export async function restoreSqliteStore(options: { from: string; dataDir: string; confirm: boolean }): Promise<{ plan: RestorePlan; restored: boolean; keptAs: string | null }> {
  const from = resolve(options.from);
  const dataDir = resolve(options.dataDir);
  if (!existsSync(from) || !statSync(from).isFile()) throw new Error(`no backup file at ${from}`);
  const check = new Database(from, { readonly: true, fileMustExist: true });
  try {
    const integrity = check.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new Error(`${basename(from)} fails its integrity check (${String(integrity)}); nothing was restored`);
  } finally {
    check.close();
  }
  const pid = serverRunning(dataDir);
  if (pid !== null) throw new Error(`the API (process ${pid}) is running on ${dataDir}; stop it before restoring, nothing was changed`);
  const into = join(dataDir, 'central.sqlite');
  const plan: RestorePlan = { from, into, backup: describeStore(from), replaces: existsSync(into) ? describeStore(into) : null };
  if (!options.confirm) return { plan, restored: false, keptAs: null };
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  let keptAs: string | null = null;
  if (existsSync(into)) {
    keptAs = `${into}.replaced-${new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')}`;
    // Fold the WAL into the old file first, so the kept copy is whole.
    const old = new Database(into);
    old.pragma('wal_checkpoint(TRUNCATE)');
    old.close();
    renameSync(into, keptAs);
  }
  for (const suffix of ['-wal', '-shm']) rmSync(`${into}${suffix}`, { force: true });
  copyFileSync(from, into);
  const store = new SqliteStore({ file: into, checkpointIntervalMs: 0 });
  try {
    await store.migrate();
    await store.renewStoreEpoch();
  } finally {
    await store.close();
  }
  return { plan, restored: true, keptAs };
}

/** Marks the data folder as in use by this process; removed on a clean stop. */
export function holdServerLock(dataDir: string): () => void {
  const lock = join(dataDir, SERVER_LOCK_FILE);
  writeFileSync(lock, `${process.pid}\n`, { mode: 0o600 });
  return () => rmSync(lock, { force: true });
}

export function isSqliteStore(store: CentralStore): store is SqliteStore {
  return store instanceof SqliteStore;
}
