import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createValidationPool, type PushValidator } from '../../server/validation-pool';
import { transactionEvent } from '../helpers/events';

/** Worker modules that behave badly, written as plain .mjs so they load without tsx. */
const dir = mkdtempSync(join(tmpdir(), 'chtg-validation-pool-'));
function workerModule(name: string, code: string): URL {
  const file = join(dir, `${name}.mjs`);
  writeFileSync(file, code);
  return pathToFileURL(file);
}

const pools: PushValidator[] = [];
function pool(...args: Parameters<typeof createValidationPool>): PushValidator {
  const created = createValidationPool(...args);
  pools.push(created);
  return created;
}
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
  rmSync(dir, { recursive: true, force: true });
});

describe('the push validation pool', () => {
  it('is ready once its worker has loaded, then validates a batch and refuses malformed JSON with its code', async () => {
    const validator = pool({ size: 1 });
    await validator.ready();
    const events = [1, 2, 3].map((seq) => transactionEvent('van-7', seq));
    const result = await validator.validate(Buffer.from(JSON.stringify({ events })), 'van-7');
    expect(result.ok).toBe(true);
    expect(result.ok && result.checked.map((c) => c.ok && c.event.seq)).toEqual([1, 2, 3]);
    const malformed = await validator.validate(Buffer.from('{"events": ['), 'van-7');
    expect(malformed).toMatchObject({ ok: false, status: 400, code: 'malformed_json' });
  });

  it('is not ready while its worker has not said so, even after the worker has answered a request', async () => {
    // A worker that answers but never posts { ready: true }: readiness comes from the worker, not from spawning it.
    const url = workerModule('never-ready', `
      import { parentPort } from 'node:worker_threads';
      parentPort.on('message', (m) => parentPort.postMessage({ id: m.id, result: JSON.stringify({ ok: false, status: 400, code: 'test', message: 'test' }) }));
    `);
    const validator = pool({ size: 1, workerUrl: url });
    let settled = false;
    void validator.ready().then(() => (settled = true), () => (settled = true));
    expect(await validator.validate(Buffer.from('{}'), 'van-7')).toMatchObject({ code: 'test' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
  });

  it('rejects ready() and every validation with the reason when its worker cannot load', async () => {
    const url = workerModule('throws', `throw new Error('the schema module is missing');`);
    const validator = pool({ size: 1, workerUrl: url });
    await expect(validator.ready()).rejects.toThrow(/the push validation worker could not start: .*the schema module is missing/);
    await expect(validator.validate(Buffer.from('{}'), 'van-7')).rejects.toThrow(/could not start/);
  });

  it('rejects ready() when its worker exits before it is ready', async () => {
    const url = workerModule('exits', `process.exit(3);`);
    const validator = pool({ size: 1, workerUrl: url });
    await expect(validator.ready()).rejects.toThrow('the push validation worker could not start: it exited with code 3 before it was ready');
  });
});
