/** The kiosk's sync worker: the SyncEngine off the page's thread (see worker-serve.ts and worker-client.ts). */
import { serveSyncWorker, type WorkerScope } from './worker-serve';

serveSyncWorker(self as unknown as WorkerScope);
