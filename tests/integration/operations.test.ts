import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { pushResponseSchema } from '../../shared';
import { buildApp } from '../../server/app';
import type { CentralStore } from '../../server/store/store';
import { transactionEvent } from '../helpers/events';
import { ADMIN_TOKEN, startTestApi, type TestApi } from '../helpers/server';
import { sqliteFactory } from '../helpers/stores';

let api: TestApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

describe('graceful shutdown', () => {
  it('finishes the batch in flight, answers new requests 503 with Retry-After, then closes', async () => {
    const { store, dispose } = await sqliteFactory.create();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    // A store whose push waits for the test, so a batch is provably in flight when shutdown starts.
    const slow: CentralStore = Object.assign(Object.create(store) as CentralStore, {
      pushEvents: async (...args: Parameters<CentralStore['pushEvents']>) => {
        await gate;
        return store.pushEvents(...args);
      },
    });
    const app = await buildApp({ store: slow, adminToken: ADMIN_TOKEN, retryAfterSeconds: 7 });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const device = { deviceId: 'dev-shutdown', token: 'shutdown-token-0123456789abcdef' };
    const { hashToken } = await import('../../server/auth');
    await store.createDevice({ id: device.deviceId, vanName: 'Van S', tokenHash: hashToken(device.token) });
    const post = (seq: number) =>
      fetch(`${url}/v1/sync/push`, {
        method: 'POST',
        headers: { authorization: `Bearer ${device.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ events: [transactionEvent(device.deviceId, seq)] }),
      });
    const inFlight = post(1);
    await expect.poll(() => store.countEvents().then(() => true)).toBe(true);
    await new Promise((r) => setTimeout(r, 100));
    const draining = app.drain();
    const refused = await post(2);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('7');
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('shutting_down');
    release();
    const finished = await inFlight;
    expect(finished.status).toBe(200);
    expect(pushResponseSchema.parse(await finished.json()).results[0]?.status).toBe('accepted');
    await draining;
    expect(await store.countEvents()).toBe(1);
    await dispose();
  });
  it('closes even when a browser holds a connection open that never sends a request (a speculative preconnect)', async () => {
    const { store, dispose } = await sqliteFactory.create();
    const app = await buildApp({ store, adminToken: ADMIN_TOKEN, drainGraceMs: 200 });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    // Chromium opens sockets ahead of use; Node only drops one that sends nothing after headersTimeout (60 s).
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    const drained = app.drain().then(() => 'drained' as const);
    // Well inside the 30 s test timeout and far from Node's 60 s, so a drain that waits for the socket fails here.
    const outcome = await Promise.race([drained, new Promise<'still waiting'>((resolve) => setTimeout(() => resolve('still waiting'), 10_000))]);
    expect(outcome).toBe('drained');
    await closed;
    expect(socket.destroyed).toBe(true);
    await dispose();
  });
});

describe('limits', () => {
  it('rate-limits a device with 429 and Retry-After, without touching other devices', async () => {
    api = await startTestApi({ deviceRateLimit: { max: 3, timeWindow: 60_000 } });
    const a = await api.enrolDevice();
    const b = await api.enrolDevice();
    const push = (d: { deviceId: string; token: string }, seq: number) =>
      api!.app.inject({
        method: 'POST',
        url: '/v1/sync/push',
        headers: { authorization: `Bearer ${d.token}`, 'content-type': 'application/json' },
        payload: JSON.stringify({ events: [transactionEvent(d.deviceId, seq)] }),
      });
    for (let seq = 1; seq <= 3; seq++) expect((await push(a, seq)).statusCode).toBe(200);
    const limited = await push(a, 4);
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json().error.code).toBe('rate_limited');
    expect((await push(b, 1)).statusCode).toBe(200);
    expect(await api.store.countEvents()).toBe(4);
  });
});

describe('structured logs', () => {
  it('log a request id per request and no personal data, bodies or credentials', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const { store, dispose } = await sqliteFactory.create();
    const app = await buildApp({ store, adminToken: ADMIN_TOKEN, logger: { level: 'info', stream } });
    const { hashToken } = await import('../../server/auth');
    const token = 'log-test-token-0123456789abcdef';
    await store.createDevice({ id: 'dev-log', vanName: 'Van L', tokenHash: hashToken(token) });
    const event = transactionEvent('dev-log', 1, { residentName: 'Maria Lopez', reference: 'SECRETREF1' });
    await app.inject({
      method: 'POST',
      url: '/v1/sync/push?note=maria@example.org',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ events: [event] }),
    });
    await app.close();
    await dispose();
    const text = lines.join('');
    const records = lines.map((l) => JSON.parse(l) as { reqId?: string; req?: { id?: string } });
    expect(records.some((r) => typeof r.reqId === 'string')).toBe(true);
    for (const secret of ['Maria Lopez', 'SECRETREF1', 'maria@example.org', token]) expect(text).not.toContain(secret);
  });
});
