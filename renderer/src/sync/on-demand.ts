import type { SyncHandle, SyncStatus } from './engine';
import { initialSyncStatus } from './initial-status';

/**
 * A SyncHandle for an engine whose code is fetched only when it is chosen: the in-page engine, used where the sync
 * worker cannot run, so the first screen does not carry it. What is asked before the code has arrived is done there,
 * in the order it was asked, once it has; a stop before then means it never starts. If the code cannot be loaded, the
 * status says so (state `error`) and what was asked fails with that reason.
 */
export function engineOnDemand(load: () => Promise<SyncHandle>, onStatus: (status: SyncStatus) => void): SyncHandle {
  let engine: SyncHandle | null = null;
  let started = false;
  let stopped = false;
  const ready = load().then((loaded) => {
    engine = loaded;
    if (started && !stopped) loaded.start();
    return loaded;
  });
  ready.catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    // The reason is the browser's, for the log; the screen says what it means for the van.
    onStatus({ ...initialSyncStatus(), state: 'error', message, text: { key: 'errors.sync.engine_not_loaded' } });
  });
  /** Runs now if the engine is here, else once it is; after a stop, resolves with `stoppedValue` instead. */
  const whenReady = <T>(run: (e: SyncHandle) => T | Promise<T>, stoppedValue: T): Promise<T> =>
    engine ? Promise.resolve(run(engine)) : ready.then((e) => (stopped ? stoppedValue : run(e)));
  return {
    start() {
      started = true;
      stopped = false;
      engine?.start();
    },
    stop() {
      if (stopped) return;
      stopped = true;
      engine?.stop();
    },
    trigger: () => whenReady((e) => e.trigger(), undefined),
    // A supervisor's retry is done even if the window stopped its sync meanwhile, as the engine itself would.
    retryRejected: (seq: number) => ready.then((e) => e.retryRejected(seq)),
    networkLost: () => void whenReady((e) => e.networkLost(), undefined).catch(() => {}),
    networkBack: () => void whenReady((e) => e.networkBack(), undefined).catch(() => {}),
    getStatus: () => (engine ? engine.getStatus() : initialSyncStatus()),
  };
}
