import { liveQuery } from 'dexie';
import type { KioskConfig, KioskHost } from '../../../shared';
import type { KioskDb } from '../db/db';
import { dataKeyFor } from '../host/data-key';
import type { SyncHandle } from './engine';
import type { EngineSurroundings } from './kiosk-engine';
import { engineOnDemand } from './on-demand';
import { useSyncStatus } from './status-store';
import { askHostForUpdate } from './update-check';
import { WorkerSync, type SyncWorkerPort } from './worker-client';

/** The sync worker, bundled by Vite as its own chunk (loaded under the CSP's worker-src 'self'). */
export function createSyncWorker(): SyncWorkerPort {
  return new Worker(new URL('./sync.worker.ts', import.meta.url), { type: 'module', name: 'sync' });
}

/**
 * Wires the sync engine to the browser: it runs in a dedicated worker (the page's thread stays free for the clerk),
 * or in the page where there are no workers or the worker cannot load. Web Locks keep one sync per device across
 * windows; the page forwards the `online`/`offline` events and starts a round when a record is written.
 */
export function startSync(db: KioskDb, host: KioskHost, config: KioskConfig, options: { worker?: boolean } = {}): SyncHandle {
  const surroundings: EngineSurroundings = {
    db,
    config,
    getCredentials: () => host.getCredentials(),
    appVersion: () => host.appVersion(),
    dataKey: () => dataKeyFor(host),
    now: () => new Date(),
    onStatus: (status) => useSyncStatus.setState(status),
    onUpgradeRequired: () => void askHostForUpdate(host),
  };
  // The in-page engine's code is fetched only where it is chosen (no workers, or the worker would not load): the
  // first screen does not carry it.
  const inPage = () => engineOnDemand(() => import('./kiosk-engine').then((m) => m.createKioskEngine(surroundings)), surroundings.onStatus);
  const engine: SyncHandle =
    options.worker !== false && typeof Worker === 'function'
      ? new WorkerSync({
          dbName: db.name,
          config,
          createWorker: createSyncWorker,
          answers: { getCredentials: surroundings.getCredentials, appVersion: surroundings.appVersion, dataKey: surroundings.dataKey },
          onStatus: surroundings.onStatus,
          onUpgradeRequired: surroundings.onUpgradeRequired,
          fallback: inPage,
        })
      : inPage();
  const onOnline = () => engine.networkBack();
  const onOffline = () => engine.networkLost();
  window.addEventListener('online', onOnline);
  window.addEventListener('offline', onOffline);
  // Anything recorded in any window of this kiosk goes out at once while the API is reachable; when it is not, the
  // backoff timer and the health probe decide when to try again.
  // The newest seq, not a count: counting a year of events on every write would read them all each time.
  let lastCount = -1;
  const recorded = liveQuery(async () => (await db.events.orderBy('seq').last())?.seq ?? 0).subscribe((count) => {
    const grew = lastCount >= 0 && count > lastCount;
    lastCount = count;
    if (grew && engine.getStatus().state === 'idle') void engine.trigger();
  });
  engine.start();
  const stop = engine.stop.bind(engine);
  engine.stop = () => {
    window.removeEventListener('online', onOnline);
    window.removeEventListener('offline', onOffline);
    recorded.unsubscribe();
    stop();
  };
  return engine;
}
