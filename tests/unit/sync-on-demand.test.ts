import { describe, expect, it } from 'vitest';
import type { SyncHandle, SyncStatus } from '../../renderer/src/sync/engine';
import { initialSyncStatus } from '../../renderer/src/sync/initial-status';
import { engineOnDemand } from '../../renderer/src/sync/on-demand';

/** An engine that notes what it was asked, in order. */
function fakeEngine(calls: string[]): SyncHandle {
  const status: SyncStatus = { ...initialSyncStatus(), state: 'syncing' };
  return {
    start: () => void calls.push('start'),
    stop: () => void calls.push('stop'),
    trigger: async () => void calls.push('trigger'),
    retryRejected: async (seq) => (calls.push(`retry ${seq}`), { status: 'accepted' }),
    networkLost: () => void calls.push('networkLost'),
    networkBack: () => void calls.push('networkBack'),
    getStatus: () => status,
  };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('the in-page engine, loaded on demand', () => {
  it('what is asked before its code arrives is done in order once it has; then straight through', async () => {
    const calls: string[] = [];
    const code = deferred<SyncHandle>();
    const handle = engineOnDemand(() => code.promise, () => {});
    handle.start();
    handle.networkLost();
    const triggered = handle.trigger();
    const retried = handle.retryRejected(7);
    expect(handle.getStatus()).toEqual(initialSyncStatus());
    expect(calls).toEqual([]);
    code.resolve(fakeEngine(calls));
    await triggered;
    expect(await retried).toEqual({ status: 'accepted' });
    expect(calls).toEqual(['start', 'networkLost', 'trigger', 'retry 7']);
    expect(handle.getStatus().state).toBe('syncing');
    handle.networkBack();
    handle.stop();
    handle.stop();
    expect(calls.slice(4)).toEqual(['networkBack', 'stop']);
  });

  it('stopped before its code arrives, it never starts and a round asked for is not run', async () => {
    const calls: string[] = [];
    const code = deferred<SyncHandle>();
    const handle = engineOnDemand(() => code.promise, () => {});
    handle.start();
    const triggered = handle.trigger();
    handle.stop();
    code.resolve(fakeEngine(calls));
    await triggered;
    expect(calls).toEqual([]);
  });

  it('code that cannot be loaded shows as a sync error, and a round asked for fails with the reason', async () => {
    const statuses: SyncStatus[] = [];
    const code = deferred<SyncHandle>();
    const handle = engineOnDemand(() => code.promise, (s) => statuses.push(s));
    handle.start();
    const triggered = handle.trigger();
    code.reject(new Error('Failed to fetch dynamically imported module'));
    await expect(triggered).rejects.toThrow('Failed to fetch dynamically imported module');
    expect(statuses).toEqual([{ ...initialSyncStatus(), state: 'error', message: 'Failed to fetch dynamically imported module', text: { key: 'errors.sync.engine_not_loaded' } }]);
  });
});
