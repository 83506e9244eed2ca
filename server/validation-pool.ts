import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { validatePushText, type ValidatedBatch } from './push-validation';

export interface PushValidator {
  validate(body: Buffer, deviceId: string): Promise<ValidatedBatch>;
  close(): Promise<void>;
}

/** Validation on the calling thread: for tests and tiny deployments. */
export const inlineValidator: PushValidator = {
  validate: async (body, deviceId) => validatePushText(body.toString('utf8'), deviceId),
  close: async () => {},
};

interface Pending {
  resolve: (result: ValidatedBatch) => void;
  reject: (error: Error) => void;
}

/**
 * A small pool of worker threads that JSON-parse and schema-check pushed batches, so the main thread spends its time
 * on the store. Under tsx (development, `npm start`) the worker registers tsx itself; a worker that dies is replaced and
 * its requests fail with a 500, which devices retry.
 */
export function createValidationPool(size = Math.max(1, availableParallelism() - 1)): PushValidator {
  const workerUrl = new URL('./push-validation.worker' + (import.meta.url.endsWith('.ts') ? '.ts' : '.js'), import.meta.url);
  const source = workerUrl.pathname.endsWith('.ts')
    ? `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(workerUrl.href)}); });`
    : `import(${JSON.stringify(workerUrl.href)});`;
  let nextId = 1;
  let turn = 0;
  let closing = false;
  const pending = new Map<number, Pending & { worker: number }>();
  const workers: Worker[] = [];

  const spawnWorker = (slot: number) => {
    const worker = new Worker(source, { eval: true });
    worker.unref();
    worker.on('message', (message: { id: number; result: string }) => {
      const entry = pending.get(message.id);
      pending.delete(message.id);
      // The worker already validated these objects; this only carries them across.
      entry?.resolve(JSON.parse(message.result) as ValidatedBatch);
    });
    worker.on('error', (error) => {
      for (const [id, entry] of pending) {
        if (entry.worker === slot) {
          pending.delete(id);
          entry.reject(error);
        }
      }
    });
    worker.on('exit', () => {
      if (!closing) workers[slot] = spawnWorker(slot);
    });
    return worker;
  };
  for (let slot = 0; slot < size; slot++) workers.push(spawnWorker(slot));

  return {
    validate(body, deviceId) {
      const slot = turn++ % workers.length;
      const id = nextId++;
      return new Promise<ValidatedBatch>((resolve, reject) => {
        pending.set(id, { resolve, reject, worker: slot });
        workers[slot]!.postMessage({ id, body, deviceId });
      });
    },
    async close() {
      closing = true;
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
