/**
 * The benchmark's sync worker: the kiosk's own worker body (serveSyncWorker, as renderer/src/sync/sync.worker.ts
 * runs it), its database wrapped to count writes; it answers one message of its own, `bench-counts`.
 */
import { serveSyncWorker, type WorkerScope } from '../../renderer/src/sync/worker-serve';
import { countingDb, type WriteCounts } from './counting-db';

const counts: WriteCounts = { calls: 0, records: 0, byTable: {} };
serveSyncWorker(self as unknown as WorkerScope, { openDb: (name, dataKey) => countingDb(name, counts, dataKey) });
self.addEventListener('message', (event: MessageEvent<{ type: string }>) => {
  if (event.data.type === 'bench-counts') self.postMessage({ type: 'bench-counts', counts });
});
