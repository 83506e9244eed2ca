import { parentPort } from 'node:worker_threads';
import { validatePushText } from './push-validation';

/** Parses and validates pushed batches off the main thread, which meanwhile stores the previous batch. */
parentPort?.on('message', (message: { id: number; body: Uint8Array; deviceId: string }) => {
  const text = new TextDecoder().decode(message.body);
  // JSON text crosses the thread boundary faster than a structured clone of the same objects.
  parentPort?.postMessage({ id: message.id, result: JSON.stringify(validatePushText(text, message.deviceId)) });
});
// The code has loaded: the pool may count this worker as able to answer (the server listens once all are).
parentPort?.postMessage({ ready: true });
