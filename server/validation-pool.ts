import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { validatePushText, type ValidatedBatch } from './push-validation';

export interface PushValidator {
  validate(body: Buffer, deviceId: string): Promise<ValidatedBatch>;
  /** Settles once the validator can answer at once: every worker has loaded its code (rejects if one could not). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/** Validation on the calling thread: for tests and tiny deployments. */
export const inlineValidator: PushValidator = {
  validate: async (body, deviceId) => validatePushText(body.toString('utf8'), deviceId),
  ready: async () => {},
  close: async () => {},
};

interface Pending {
  resolve: (result: ValidatedBatch) => void;
  reject: (error: Error) => void;
}

/** What a worker posts: an answer to one request, or (once, when its code has loaded) that it is ready. */
type WorkerMessage = { id: number; result: string } | { ready: true };

export interface ValidationPoolOptions {
  size?: number;
  /** The worker's module; the default is push-validation.worker beside this file (tests name another). */
  workerUrl?: URL;
}

/**
 * A small pool of worker threads that JSON-parse and schema-check pushed batches, so the main thread spends its time
 * on the store. Under tsx (development, `npm start`) the worker registers tsx itself; a worker that dies is replaced and
 * its requests fail with a 500, which devices retry.
 *
 * A worker takes a few hundred milliseconds to load its code (more under tsx); `ready()` lets the server listen only
 * once the pool can answer, so the first pushes after a start don't queue behind the loading. A first worker that fails
 * before it is ready is not replaced (it would fail the same way, over and over): ready() and every validate() then
 * reject with the reason, and the server does not start.
 */
export function createValidationPool(options: ValidationPoolOptions = {}): PushValidator {
  const size = options.size ?? Math.max(1, availableParallelism() - 1);
  const workerUrl = options.workerUrl ?? new URL('./push-validation.worker' + (import.meta.url.endsWith('.ts') ? '.ts' : '.js'), import.meta.url);
  const source = workerUrl.pathname.endsWith('.ts')
    ? `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(workerUrl.href)}); });`
    : `import(${JSON.stringify(workerUrl.href)});`;
  let nextId = 1;
  let turn = 0;
  let closing = false;
  let failure: Error | null = null;
  const pending = new Map<number, Pending & { worker: number }>();
  const workers: Worker[] = [];

  /** Rejects the requests waiting for an answer: those sent to `slot`, or all of them. */
  const rejectPending = (error: Error, slot?: number) => {
    for (const [id, entry] of pending) {
      if (slot !== undefined && entry.worker !== slot) continue;
      pending.delete(id);
      entry.reject(error);
    }
  };

  /** `start`: for the pool's first workers, told when the worker is ready or could not start (a respawn has none). */
  const spawnWorker = (slot: number, start?: { resolve: () => void; reject: (error: Error) => void }): Worker => {
    const worker = new Worker(source, { eval: true });
    worker.unref();
    let isReady = false;
    const failStart = (reason: string) => {
      failure ??= new Error(`the push validation worker could not start: ${reason}`);
      start?.reject(failure);
      rejectPending(failure);
    };
    worker.on('message', (message: WorkerMessage) => {
      if ('ready' in message) {
        isReady = true;
        start?.resolve();
        return;
      }
      const entry = pending.get(message.id);
      pending.delete(message.id);
      // The worker already validated these objects; this only carries them across.
      entry?.resolve(JSON.parse(message.result) as ValidatedBatch);
    });
    worker.on('error', (error) => {
      if (start && !isReady) failStart(error.message);
      else rejectPending(error, slot);
    });
    worker.on('exit', (code) => {
      if (closing) return;
      if (start && !isReady) failStart(`it exited with code ${code} before it was ready`);
      else workers[slot] = spawnWorker(slot);
    });
    return worker;
  };
  const allReady = Promise.all(
    Array.from({ length: size }, (_, slot) => new Promise<void>((resolve, reject) => (workers[slot] = spawnWorker(slot, { resolve, reject })))),
  ).then(() => {});
  // Nobody need ask: a start failure is also kept in `failure`, for validate().
  allReady.catch(() => {});

  return {
    validate(body, deviceId) {
      if (failure) return Promise.reject(failure);
      const slot = turn++ % workers.length;
      const id = nextId++;
      return new Promise<ValidatedBatch>((resolve, reject) => {
        pending.set(id, { resolve, reject, worker: slot });
        workers[slot]!.postMessage({ id, body, deviceId });
      });
    },
    ready: () => allReady,
    async close() {
      closing = true;
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
