import { DEFAULT_BATCH_SIZE, DEFAULT_PIPELINE_DEPTH, type DeviceIdentity, type KioskConfig } from '../../../shared';
import type { KioskDb } from '../db/db';
import { sealCatalogue } from '../pin-seal';
import { readDeviceStatus } from './device-status';
import { SyncEngine, type SyncDeps, type SyncStatus, type SyncTrace, type UpgradeNeeded } from './engine';

/** One sync at a time per device, across the kiosk's windows and their workers. */
export const SYNC_LOCK_NAME = 'city-hall-to-go-sync';
/** GET /healthz this often between rounds (online) and while offline: no credentials, no preflight, a few bytes. */
const CONNECTIVITY_CHECK_MS = 2000;

/** The engine's sizes and timings; the benchmark overrides some of them. */
export type EngineTuning = Pick<
  SyncDeps,
  'batchSize' | 'pipelineDepth' | 'requestTimeoutMs' | 'retryBaseMs' | 'retryMaxMs' | 'idlePollMs' | 'heartbeatMs' | 'probeIntervalMs' | 'probeTimeoutMs'
>;

export function kioskTuning(config: KioskConfig): EngineTuning {
  return {
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
  };
}

/** What the engine needs from where it runs: the page (in-page engine) or the sync worker (the page's answers). */
export interface EngineSurroundings {
  db: KioskDb;
  config: KioskConfig;
  getCredentials: () => Promise<DeviceIdentity | null>;
  appVersion: () => Promise<string>;
  dataKey: () => Promise<CryptoKey>;
  now: () => Date;
  onStatus: (status: SyncStatus) => void;
  onUpgradeRequired: (needed: UpgradeNeeded) => void;
  tuning?: Partial<EngineTuning>;
  /** Send the van's status with pushes and probes (default true; the benchmark turns it off). */
  deviceStatus?: boolean;
  trace?: SyncTrace;
}

/** The kiosk's SyncEngine, the same in the page and in the worker: Web Locks, real timers, the global fetch. */
export function createKioskEngine(s: EngineSurroundings): SyncEngine {
  const { db } = s;
  const tuning = { ...kioskTuning(s.config), ...s.tuning };
  return new SyncEngine({
    db,
    apiUrl: s.config.apiUrl,
    getCredentials: s.getCredentials,
    sealCatalogue: async (catalogue) => sealCatalogue(await s.dataKey(), catalogue),
    fetch: (input, init) => fetch(input, init),
    now: s.now,
    random: Math.random,
    withLock: (run) => navigator.locks.request(SYNC_LOCK_NAME, run),
    setTimer: (run, ms) => setTimeout(run, ms),
    clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    onStatus: s.onStatus,
    ...tuning,
    // The office answers a kiosk too old for it with 426: the status says so and the host looks for the update.
    kioskVersion: s.appVersion,
    onUpgradeRequired: s.onUpgradeRequired,
    // Each push and probe tells the office how far behind this van is, even when it cannot push.
    ...(s.deviceStatus === false
      ? {}
      : {
          deviceStatus: () =>
            readDeviceStatus({
              db,
              appVersion: s.appVersion,
              storageEstimate: async () => (navigator.storage?.estimate ? navigator.storage.estimate() : null),
              now: s.now,
            }),
        }),
    ...(s.trace ? { trace: s.trace } : {}),
  });
}
