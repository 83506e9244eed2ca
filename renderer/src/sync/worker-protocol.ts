import type { DeviceIdentity, KioskConfig } from '../../../shared';
import type { BatchTiming, SyncHandle, SyncStatus, UpgradeNeeded } from './engine';
import type { EngineTuning } from './kiosk-engine';
import type { StaffText } from '../error-text';

/**
 * The messages between the page and the sync worker (sync.worker.ts). The worker runs the SyncEngine against its own
 * connection to the kiosk's Dexie database; the page keeps what only it has (the host's bridge, its clock) and
 * answers the worker's calls for them.
 */

/** What the worker asks the page for: the host's enrolment, its app version, the device's data key. */
export interface HostCalls {
  getCredentials: DeviceIdentity | null;
  appVersion: string;
  /** A non-extractable AES-GCM CryptoKey: structured-cloneable, never readable as bytes. */
  dataKey: CryptoKey;
}
export type HostCall = keyof HostCalls;

/** The page's commands, one per SyncHandle method; each is answered by a `done` with the same id. */
export type SyncCommand = { command: 'start' } | { command: 'trigger' } | { command: 'retryRejected'; seq: number } | { command: 'networkBack' } | { command: 'networkLost' } | { command: 'stop' };

export type ToWorker =
  /**
   * First message: the database to open and the host's configuration. `pageNow`: the page's Date.now(). The benchmark
   * alone sets `trace`, `tuning` and `deviceStatus: false`.
   */
  | { type: 'init'; dbName: string; config: KioskConfig; pageNow: number; trace?: boolean; tuning?: Partial<EngineTuning>; deviceStatus?: boolean }
  | ({ type: 'command'; id: number; pageNow: number } & SyncCommand)
  /** The page's clock (a pinned or fast-forwarded clock in the tests; the wall clock otherwise). */
  | { type: 'clock'; pageNow: number }
  | { type: 'reply'; id: number; ok: true; value: unknown }
  | { type: 'reply'; id: number; ok: false; message: string };

export type FromWorker =
  /** The worker's script runs: from here on an `error` event is no longer a worker that could not load. */
  | { type: 'ready' }
  /** After `init`: the worker's connection to the database is open (or could not be: the engine will say so). */
  | { type: 'opened' }
  | { type: 'status'; status: SyncStatus }
  | { type: 'done'; id: number; ok: true; value: unknown }
  /** A command that failed: its English, and the staff catalogue's words for it when it had some. */
  | { type: 'done'; id: number; ok: false; message: string; text?: StaffText }
  | { type: 'call'; id: number; call: HostCall }
  | { type: 'upgradeRequired'; needed: UpgradeNeeded }
  /** Only with `trace` on (the benchmark): one applied batch's timing. */
  | { type: 'batch'; timing: BatchTiming };

/** The page's clock as the worker keeps it: an offset under a second is message latency, not a different clock. */
export function clockOffset(pageNow: number, workerNow: number, current: number): number {
  const measured = pageNow - workerNow;
  if (Math.abs(measured - current) < 1000) return current;
  return Math.abs(measured) < 1000 ? 0 : measured;
}

/** Runs one of the page's commands on an engine (in the worker, or in the page after a fallback). */
export function runCommand(engine: SyncHandle, command: SyncCommand): Promise<unknown> {
  switch (command.command) {
    case 'start':
      return Promise.resolve(engine.start());
    case 'trigger':
      return engine.trigger();
    case 'retryRejected':
      return engine.retryRejected(command.seq);
    case 'networkBack':
      return Promise.resolve(engine.networkBack());
    case 'networkLost':
      return Promise.resolve(engine.networkLost());
    case 'stop':
      return Promise.resolve(engine.stop());
  }
}
