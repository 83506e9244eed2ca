import { KioskDb } from '../db/db';
import { createKioskEngine } from './kiosk-engine';
import type { SyncHandle } from './engine';
import { isWorded, said } from '../error-text';
import { clockOffset, runCommand, type FromWorker, type HostCall, type HostCalls, type ToWorker } from './worker-protocol';

/** The part of a DedicatedWorkerGlobalScope the sync worker uses (typed apart: the renderer compiles with DOM). */
export interface WorkerScope {
  postMessage(message: FromWorker): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ToWorker>) => void): void;
}

export interface ServeOptions {
  /** Opens the kiosk's database (the benchmark wraps it to count writes). */
  openDb?: (name: string, dataKey: () => Promise<CryptoKey>) => KioskDb;
}

/**
 * The sync worker's body: opens its own connection to the kiosk's database on `init`, runs the SyncEngine there, and
 * asks the page for what only the page has (the host's enrolment and version, the data key). The page's clock is
 * followed (a pinned clock in the tests): `now` is the worker's clock plus the page's offset.
 */
/**
 * The sync worker's own database connection commits without waiting for the disk's flush (IndexedDB's relaxed
 * durability: on the OS's way to disk, so an app crash keeps it, a power cut may not). It never records: what it writes
 * is the sync cursor, copies of refused events, the sync log and what it pulled, and each of those, if a power cut took
 * it, is only done again (the events go again and are answered `duplicate`; the pull asks again). Every record is
 * written by the page's strict connection, whose flush also carries the worker's writes before it. bench:sync's breakdown
 * showed the flush per batch on the drain's path (cursor write).
 */
export const SYNC_WORKER_DURABILITY = 'relaxed' as const;

/** The sync worker's connection to the kiosk's database (the bench wraps its own the same way). */
export function openWorkerDb(name: string, dataKey: () => Promise<CryptoKey>): KioskDb {
  return new KioskDb(name, { dataKey, durability: SYNC_WORKER_DURABILITY });
}

export function serveSyncWorker(scope: WorkerScope, options: ServeOptions = {}): void {
  let engine: SyncHandle | null = null;
  let offset = 0;
  let nextCallId = 1;
  const calls = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  const post = (message: FromWorker) => scope.postMessage(message);

  function call<K extends HostCall>(name: K): Promise<HostCalls[K]> {
    const id = nextCallId++;
    return new Promise<HostCalls[K]>((resolve, reject) => {
      calls.set(id, { resolve: resolve as (value: unknown) => void, reject });
      post({ type: 'call', id, call: name });
    });
  }

  let dataKey: Promise<CryptoKey> | null = null;
  const readDataKey = () => {
    dataKey ??= call('dataKey');
    dataKey.catch(() => (dataKey = null));
    return dataKey;
  };
  let version: Promise<string> | null = null;
  const appVersion = () => {
    version ??= call('appVersion');
    version.catch(() => (version = null));
    return version;
  };

  scope.addEventListener('message', (event) => {
    const message = event.data;
    switch (message.type) {
      case 'init': {
        if (engine) return;
        offset = clockOffset(message.pageNow, Date.now(), 0);
        const db = (options.openDb ?? openWorkerDb)(message.dbName, readDataKey);
        engine = createKioskEngine({
          db,
          config: message.config,
          getCredentials: () => call('getCredentials'),
          appVersion,
          dataKey: readDataKey,
          now: () => new Date(Date.now() + offset),
          onStatus: (status) => post({ type: 'status', status }),
          onUpgradeRequired: (needed) => post({ type: 'upgradeRequired', needed }),
          ...(message.tuning ? { tuning: message.tuning } : {}),
          ...(message.deviceStatus === false ? { deviceStatus: false } : {}),
          ...(message.trace ? { trace: { clock: () => performance.now(), batch: (timing) => post({ type: 'batch', timing }) } } : {}),
        });
        void db.open().then(
          () => post({ type: 'opened' }),
          () => post({ type: 'opened' }),
        );
        return;
      }
      case 'clock':
        offset = clockOffset(message.pageNow, Date.now(), offset);
        return;
      case 'command': {
        offset = clockOffset(message.pageNow, Date.now(), offset);
        const { id } = message;
        if (!engine) {
          post({ type: 'done', id, ok: false, ...said('errors.sync.worker_not_started', 'The sync worker was not started.') });
          return;
        }
        runCommand(engine, message).then(
          (value) => post({ type: 'done', id, ok: true, value: value ?? null }),
          (error: unknown) => post({ type: 'done', id, ok: false, message: error instanceof Error ? error.message : String(error), ...(isWorded(error) ? { text: error.text } : {}) }),
        );
        return;
      }
      case 'reply': {
        const pending = calls.get(message.id);
        calls.delete(message.id);
        if (!pending) return;
        if (message.ok) pending.resolve(message.value);
        else pending.reject(new Error(message.message));
        return;
      }
    }
  });
  post({ type: 'ready' });
}
