import { liveQuery } from 'dexie';
import { DEFAULT_BATCH_SIZE, DEFAULT_PIPELINE_DEPTH, type KioskConfig, type KioskHost } from '../../../shared';
import type { KioskDb } from '../db/db';
import { dataKeyFor } from '../host/data-key';
import { sealCatalogue } from '../pin-seal';
import { readDeviceStatus } from './device-status';
import { SyncEngine } from './engine';
import { useSyncStatus } from './status-store';
import { askHostForUpdate } from './update-check';

const LOCK_NAME = 'city-hall-to-go-sync';
/** GET /healthz this often between rounds (online) and while offline: no credentials, no preflight, a few bytes. */
const CONNECTIVITY_CHECK_MS = 2000;

/** Wires the sync engine to the browser: Web Locks across windows, real timers, the `online` event. */
export function startSync(db: KioskDb, host: KioskHost, config: KioskConfig): SyncEngine {
  const engine = new SyncEngine({
    db,
    apiUrl: config.apiUrl,
    getCredentials: () => host.getCredentials(),
    sealCatalogue: async (catalogue) => sealCatalogue(await dataKeyFor(host), catalogue),
    fetch: (input, init) => fetch(input, init),
    now: () => new Date(),
    random: Math.random,
    withLock: (run) => navigator.locks.request(LOCK_NAME, run),
    setTimer: (run, ms) => window.setTimeout(run, ms),
    clearTimer: (handle) => window.clearTimeout(handle as number),
    onStatus: (status) => useSyncStatus.setState(status),
    batchSize: DEFAULT_BATCH_SIZE,
    pipelineDepth: DEFAULT_PIPELINE_DEPTH,
    requestTimeoutMs: 15_000,
    retryBaseMs: config.syncRetryBaseMs,
    retryMaxMs: config.syncRetryMaxMs,
    idlePollMs: Math.min(config.syncRetryMaxMs, 15_000),
    // Offline seen within ~3 s (a heartbeat between rounds, or the browser's `offline` event at once), and sending
    // resumed within ~2 s of the office answering again (a probe while offline, apart from the push backoff).
    heartbeatMs: CONNECTIVITY_CHECK_MS,
    probeIntervalMs: CONNECTIVITY_CHECK_MS,
    probeTimeoutMs: 1500,
    // The office answers a kiosk too old for it with 426: the status says so and the host looks for the update.
    kioskVersion: () => host.appVersion(),
    onUpgradeRequired: () => void askHostForUpdate(host),
    // Each push and probe tells the office how far behind this van is, even when it cannot push.
    deviceStatus: () =>
      readDeviceStatus({
        db,
        appVersion: () => host.appVersion(),
        storageEstimate: async () => (navigator.storage?.estimate ? navigator.storage.estimate() : null),
        now: () => new Date(),
      }),
  });
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
