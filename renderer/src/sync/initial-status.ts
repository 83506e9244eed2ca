import type { SyncStatus } from './engine';

/**
 * The status before the engine has said anything. Apart from engine.ts so that the page's first screen (the status
 * store, the worker's client) can show it without carrying the engine's code, which runs in the sync worker.
 */
export function initialSyncStatus(): SyncStatus {
  return { state: 'idle', online: null, message: null, text: null, progress: null, nextRetryAt: null, sending: null, waitingSince: null, upgrade: null };
}
