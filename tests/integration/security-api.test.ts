import { mkdirSync, mkdtempSync, rmSync, statSync, chmodSync, existsSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { newId, pushResponseSchema } from '../../shared';
import { hashToken } from '../../server/auth';
import { readServerEnv } from '../../server/config';
import { DEMO_VAN_NAME } from '../../server/seed';
import { startServer, type RunningServer } from '../../server/server';
import { SqliteStore } from '../../server/store/sqlite';
import type { AppOptions } from '../../server/app';
import { dayClosedEvent, stopOpenedEvent } from '../helpers/event-builders';
import { transactionEvent } from '../helpers/events';
import { ADMIN_TOKEN, startTestApi, type TestApi } from '../helpers/server';

const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
const toFullWidth = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));

let api: TestApi | null = null;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  await api?.close();
  api = null;
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(options: Partial<AppOptions> & { seed?: boolean } = {}): Promise<TestApi> {
  api = await startTestApi(options);
  return api;
}

function inject(method: 'GET' | 'POST' | 'PUT' | 'OPTIONS', url: string, headers: Record<string, string> = {}, payload?: unknown) {
  return api!.app.inject({
    method,
    url,
    headers: payload === undefined ? headers : { 'content-type': 'application/json', ...headers },
    ...(payload === undefined ? {} : { payload: typeof payload === 'string' ? payload : JSON.stringify(payload) }),
  });
}

async function enrolWithCode(body: Record<string, unknown>, redeem: Record<string, unknown> = {}) {
  const made = await inject('POST', '/v1/admin/enrolment-codes', admin, body);
  expect(made.statusCode).toBe(200);
  return inject('POST', '/v1/devices/enrol', {}, { code: made.json().code, ...redeem });
}

async function newDevice(vanName: string) {
  const response = await enrolWithCode({ vanName });
  expect(response.statusCode).toBe(201);
  return response.json() as { deviceId: string; token: string; vanName: string };
}

const push = (token: string, events: unknown[]) => inject('POST', '/v1/sync/push', { authorization: `Bearer ${token}` }, { events });

describe('enrolment cannot take over a device', () => {
  it('a code for a new kiosk, sent with another device’s id, is refused and changes nothing', async () => {
    await start();
    const victim = await newDevice('Van B');
    const takeover = await enrolWithCode({ vanName: 'Van Thief' }, { deviceId: victim.deviceId });
    expect(takeover.statusCode).toBe(403);
    expect(takeover.json().error.code).toBe('code_for_new_device');
    expect((await push(victim.token, [transactionEvent(victim.deviceId, 1)])).statusCode).toBe(200);
    expect((await api!.store.listDevices()).map((d) => [d.id, d.vanName])).toEqual([[victim.deviceId, 'Van B']]);
  });

  it('a re-enrolment code for one device cannot re-enrol another; it works for its own device', async () => {
    await start();
    const a = await newDevice('Van A');
    const b = await newDevice('Van B');
    const made = await inject('POST', '/v1/admin/enrolment-codes', admin, { deviceId: a.deviceId });
    expect(made.json()).toMatchObject({ vanName: 'Van A', deviceId: a.deviceId });
    const code = made.json().code as string;
    const wrong = await inject('POST', '/v1/devices/enrol', {}, { code, deviceId: b.deviceId });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().error.code).toBe('code_for_other_device');
    expect((await push(b.token, [transactionEvent(b.deviceId, 1)])).statusCode).toBe(200);
    const right = await inject('POST', '/v1/devices/enrol', {}, { code, deviceId: a.deviceId });
    expect(right.statusCode).toBe(201);
    expect(right.json()).toMatchObject({ deviceId: a.deviceId, vanName: 'Van A' });
  });

  it('enrolment never lifts a revocation; unrevoke is the administrator’s own call', async () => {
    await start();
    const device = await newDevice('Van R');
    await inject('POST', `/v1/admin/devices/${device.deviceId}/revoke`, admin);
    const sneaky = await enrolWithCode({ vanName: 'Van R' }, { deviceId: device.deviceId });
    expect(sneaky.statusCode).toBe(403);
    expect((await push(device.token, [transactionEvent(device.deviceId, 1)])).json().error.code).toBe('device_revoked');
    expect((await inject('POST', '/v1/admin/devices/dev-nobody/unrevoke', admin)).statusCode).toBe(404);
    expect((await inject('POST', `/v1/admin/devices/${device.deviceId}/unrevoke`, { authorization: `Bearer ${device.token}` })).statusCode).toBe(403);
    expect((await inject('POST', `/v1/admin/devices/${device.deviceId}/unrevoke`, admin)).statusCode).toBe(200);
    expect((await push(device.token, [transactionEvent(device.deviceId, 1)])).statusCode).toBe(200);
  });

  it('a re-enrolment under a new van name keeps past transactions under the name they were recorded with', async () => {
    let clock = Date.parse('2026-11-27T15:00:00.000Z');
    const now = () => new Date(clock);
    const dir = mkdtempSync(join(tmpdir(), 'chtg-names-'));
    const store = new SqliteStore({ file: join(dir, 'central.sqlite'), checkpointIntervalMs: 0, now });
    cleanups.push(async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    });
    await start({ store, now });
    const device = await newDevice('Van Old');
    clock += 1000;
    expect((await push(device.token, [transactionEvent(device.deviceId, 1, { reference: 'BEFORE' })])).statusCode).toBe(200);
    clock += 1000;
    const renamed = await enrolWithCode({ deviceId: device.deviceId, vanName: 'Van New' }, { deviceId: device.deviceId });
    expect(renamed.json()).toMatchObject({ deviceId: device.deviceId, vanName: 'Van New' });
    clock += 1000;
    expect((await push(renamed.json().token, [transactionEvent(device.deviceId, 2, { reference: 'AFTER' })])).statusCode).toBe(200);
    const listed = (await inject('GET', '/v1/transactions', admin)).json() as { items: { reference: string; vanName: string }[] };
    expect(listed.items.map((t) => [t.reference, t.vanName])).toEqual([
      ['BEFORE', 'Van Old'],
      ['AFTER', 'Van New'],
    ]);
  });
});

describe('card numbers are neither stored nor published', () => {
  it('a disguised card number is refused by Open311 and by the push, and never reaches the public feed or rejected_events', async () => {
    await start({ seed: true });
    const key = (await inject('POST', '/v1/admin/api-keys', admin, { role: 'open311', name: 'bridge' })).json().key as string;
    for (const disguise of ['4111.1111.1111.1111', '4111  1111  1111  1111', toFullWidth('4111111111111111')]) {
      const filed = await api!.app.inject({
        method: 'POST',
        url: '/open311/v2/requests.json',
        payload: { api_key: key, service_code: 'pothole', description: `card ${disguise}`, address_string: '1 Main St' },
      });
      expect(filed.statusCode, disguise).toBe(400);
    }
    const feed = await inject('GET', '/open311/v2/requests.json');
    expect(feed.json()).toEqual([]);

    const device = await api!.enrolDevice();
    const answer = pushResponseSchema.parse((await push(device.token, [transactionEvent(device.deviceId, 1, { reference: toFullWidth('4111 1111 1111 1111') })])).json());
    expect(answer.results[0]).toMatchObject({ status: 'rejected', code: 'invalid_payload' });
    const kept = await api!.store.listRejected(device.deviceId);
    expect(JSON.parse(kept[0]!.raw)).toMatchObject({ paths: ['payload.reference'] });
    expect(JSON.stringify(kept)).not.toMatch(/4111|４１１１/);
  });
});

describe('a device may touch only its own stops, transactions and orders', () => {
  it('another device cannot overwrite a van’s day close', async () => {
    await start({ seed: true });
    const a = await newDevice('Van A');
    const b = await newDevice('Van B');
    const stop = stopOpenedEvent(a.deviceId, 1);
    expect(pushResponseSchema.parse((await push(a.token, [stop])).json()).results[0]?.status).toBe('accepted');
    const forged = pushResponseSchema.parse((await push(b.token, [dayClosedEvent(b.deviceId, 1, stop.payload.stopId!, { countedCashCents: 0, reason: 'forged' })])).json());
    expect(forged.results[0]).toMatchObject({ status: 'rejected', code: 'foreign_reference' });
    const own = pushResponseSchema.parse((await push(a.token, [dayClosedEvent(a.deviceId, 2, stop.payload.stopId!)])).json());
    expect(own.results[0]?.status).toBe('accepted');
    const closes = await api!.store.dayClosesOn('2026-11-27');
    expect(closes).toEqual([expect.objectContaining({ stopId: stop.payload.stopId, deviceId: a.deviceId, countedCashCents: 25_000 })]);
  });
});

describe('staff PINs', () => {
  it.each(['1234', '12345', '111111', '123456', '987654', '121212', '150390', '19900315'])('refuses the PIN %s', async (pin) => {
    await start({ seed: true });
    const response = await inject('POST', '/v1/admin/staff', admin, { id: 'weak-pin', name: 'Weak', role: 'clerk', pin });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toMatch(/PIN/);
    expect((await api!.store.listStaff()).map((s) => s.id)).not.toContain('weak-pin');
  });

  it('each van receives only the staff assigned to it', async () => {
    await start({ seed: true });
    const demo = await api!.enrolDevice(DEMO_VAN_NAME);
    const other = await api!.enrolDevice('Van Z');
    const staffOf = async (token: string) =>
      ((await inject('GET', '/v1/catalogue', { authorization: `Bearer ${token}` })).json() as { staff: { id: string }[] }).staff.map((s) => s.id);
    expect(await staffOf(demo.token)).toEqual(['clerk-ana', 'super-sam']);
    expect(await staffOf(other.token)).toEqual([]);
    const added = await inject('POST', '/v1/admin/staff', admin, { id: 'zed', name: 'Zed Clerk', role: 'clerk', pin: '482913', vans: ['Van Z'] });
    expect(added.json()).toMatchObject({ vans: ['Van Z'] });
    expect((await inject('PUT', '/v1/admin/staff/clerk-ana/vans', admin, { vans: [DEMO_VAN_NAME, 'Van Z'] })).json()).toMatchObject({ vans: [DEMO_VAN_NAME, 'Van Z'] });
    expect(await staffOf(other.token)).toEqual(['clerk-ana', 'zed']);
    expect(await staffOf(demo.token)).toEqual(['clerk-ana', 'super-sam']);
    expect((await inject('PUT', '/v1/admin/staff/nobody/vans', admin, { vans: [] })).statusCode).toBe(404);
    const listed = (await inject('GET', '/v1/admin/staff', admin)).json() as { staff: { id: string; vans: string[] }[] };
    expect(listed.staff.find((s) => s.id === 'zed')?.vans).toEqual(['Van Z']);
  });
});

describe('API keys', () => {
  it('are listed without the key, stop working when revoked, and expire', async () => {
    let clock = Date.parse('2026-11-27T12:00:00.000Z');
    await start({ now: () => new Date(clock) });
    const made = (await inject('POST', '/v1/admin/api-keys', admin, { role: 'office', name: 'Finance', expiresInDays: 1 })).json();
    expect(made).toMatchObject({ role: 'office', name: 'Finance', expiresAt: '2026-11-28T12:00:00.000Z' });
    const office = { authorization: `Bearer ${made.key}` };
    const listed = await inject('GET', '/v1/admin/api-keys', admin);
    expect(listed.json().keys).toEqual([{ id: made.id, role: 'office', name: 'Finance', createdAt: '2026-11-27T12:00:00.000Z', expiresAt: '2026-11-28T12:00:00.000Z', revokedAt: null }]);
    expect(listed.body).not.toContain(made.key);
    expect((await inject('GET', '/v1/admin/api-keys', office)).statusCode).toBe(403);
    expect((await inject('GET', '/v1/transactions', office)).statusCode).toBe(200);
    clock = Date.parse('2026-11-28T12:00:00.000Z');
    expect((await inject('GET', '/v1/transactions', office)).statusCode).toBe(401);

    clock = Date.parse('2026-11-27T12:00:00.000Z');
    const second = (await inject('POST', '/v1/admin/api-keys', admin, { role: 'office', name: 'Audit' })).json();
    expect(second.expiresAt).toBe('2027-11-27T12:00:00.000Z');
    expect((await inject('GET', '/v1/transactions', { authorization: `Bearer ${second.key}` })).statusCode).toBe(200);
    expect((await inject('POST', `/v1/admin/api-keys/${second.id}/revoke`, admin)).json()).toEqual({ id: second.id, revoked: true });
    expect((await inject('GET', '/v1/transactions', { authorization: `Bearer ${second.key}` })).statusCode).toBe(401);
    expect((await inject('POST', `/v1/admin/api-keys/${second.id}/revoke`, admin)).statusCode).toBe(404);
    expect((await inject('POST', '/v1/admin/api-keys/not-an-id/revoke', admin)).statusCode).toBe(400);
  });
});

describe('body limits', () => {
  const big = 'x'.repeat(100 * 1024);

  it('enrolment, admin and Open311 take at most 64 KiB', async () => {
    await start({ seed: true });
    expect((await inject('POST', '/v1/devices/enrol', {}, { code: big })).statusCode).toBe(413);
    expect((await inject('POST', '/v1/admin/enrolment-codes', admin, { vanName: big })).statusCode).toBe(413);
    const open311 = await api!.app.inject({ method: 'POST', url: '/open311/v2/requests.json', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `api_key=${big}` });
    expect(open311.statusCode).toBe(413);
    const device = await api!.enrolDevice();
    // An authenticated push may be large: 1 MiB of valid events is stored.
    const events = Array.from({ length: 400 }, (_, i) => transactionEvent(device.deviceId, i + 1, { residentName: 'y'.repeat(2000) }));
    const large = await push(device.token, events);
    expect(large.payload.length).toBeGreaterThan(0);
    expect(JSON.stringify({ events }).length).toBeGreaterThan(800 * 1024);
    expect(large.statusCode).toBe(200);
  });

  it('an unauthenticated push is refused from its headers alone, before any of its body is sent', async () => {
    await start();
    await api!.app.listen({ port: 0, host: '127.0.0.1' });
    const address = api!.app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => {
        // Headers for a 5 MB body, and not one byte of it.
        socket.write(
          'POST /v1/sync/push HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 5000000\r\n' +
            'Authorization: Bearer not-a-real-token-000000000000\r\n\r\n',
        );
      });
      let text = '';
      socket.on('data', (chunk) => {
        text += chunk.toString();
        if (text.includes('\r\n\r\n') && text.includes('}')) {
          socket.destroy();
          resolve(text);
        }
      });
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1.1 401/);
    expect(answer).toContain('unknown_token');
  });
});

describe('rate limits', () => {
  it('the push limit is keyed by the authenticated device; refused tokens count against the caller’s address', async () => {
    await start({ deviceRateLimit: { max: 2, timeWindow: 60_000 } });
    const a = await api!.enrolDevice('Van A');
    const b = await api!.enrolDevice('Van B');
    expect((await push(a.token, [transactionEvent(a.deviceId, 1)])).statusCode).toBe(200);
    expect((await push(a.token, [transactionEvent(a.deviceId, 2)])).statusCode).toBe(200);
    expect((await push(a.token, [transactionEvent(a.deviceId, 3)])).statusCode).toBe(429);
    expect((await push(b.token, [transactionEvent(b.deviceId, 1)])).statusCode).toBe(200);
    // Made-up tokens, each different: they share the caller's address bucket rather than getting one each.
    const guesses: number[] = [];
    for (const i of [1, 2, 3]) guesses.push((await push(`guessed-token-${i}-0000000000000000`, [])).statusCode);
    expect(guesses).toEqual([401, 401, 429]);
  });

  it('Open311 GET and POST are rate-limited per address', async () => {
    await start({ seed: true, open311RateLimit: { max: 2, timeWindow: 60_000 } });
    expect((await inject('GET', '/open311/v2/requests.json')).statusCode).toBe(200);
    expect((await inject('GET', '/open311/v2/requests.json')).statusCode).toBe(200);
    expect((await inject('GET', '/open311/v2/requests.json')).statusCode).toBe(429);
    expect((await inject('GET', '/open311/v2/services.json')).statusCode).toBe(200);
    const other = await api!.app.inject({ method: 'POST', url: '/open311/v2/requests.json', remoteAddress: '10.0.0.9', payload: { service_code: 'pothole' } });
    expect(other.statusCode).toBe(401);
    await api!.app.inject({ method: 'POST', url: '/open311/v2/requests.json', remoteAddress: '10.0.0.9', payload: { service_code: 'pothole' } });
    expect((await api!.app.inject({ method: 'POST', url: '/open311/v2/requests.json', remoteAddress: '10.0.0.9', payload: {} })).statusCode).toBe(429);
  });

  it.each([
    [false, [404, 429]],
    [true, [404, 404]],
  ] as const)('trustProxy %s: clients behind a load balancer are told apart by X-Forwarded-For only when trusted', async (trustProxy, expected) => {
    await start({ trustProxy, enrolRateLimit: { max: 1, timeWindow: 60_000 } });
    const statuses: number[] = [];
    for (const client of ['203.0.113.1', '203.0.113.2']) {
      statuses.push((await inject('POST', '/v1/devices/enrol', { 'x-forwarded-for': client }, { code: 'ZZZZ-ZZZZ-ZZZZ' })).statusCode);
    }
    expect(statuses).toEqual(expected);
  });

  it('TRUST_PROXY and the other new settings are read from the environment, and bad values refused', () => {
    const env = readServerEnv({ TRUST_PROXY: '1', CORS_ORIGINS: 'app://kiosk, http://127.0.0.1:5173', METRICS_TOKEN: 'm'.repeat(20), OPEN311_COARSEN: 'block' });
    expect(env).toMatchObject({ TRUST_PROXY: 1, CORS_ORIGINS: ['app://kiosk', 'http://127.0.0.1:5173'], OPEN311_COARSEN: 'block', OPEN311_RATE_LIMIT_PER_MINUTE: 120 });
    expect(readServerEnv({ TRUST_PROXY: '10.0.0.0/8,127.0.0.1' }).TRUST_PROXY).toBe('10.0.0.0/8,127.0.0.1');
    expect(readServerEnv({}).TRUST_PROXY).toBe(false);
    expect(readServerEnv({}).CORS_ORIGINS).toEqual(['app://kiosk']);
    expect(() => readServerEnv({ TRUST_PROXY: 'everyone' })).toThrow(/TRUST_PROXY/);
    expect(() => readServerEnv({ CORS_ORIGINS: '*' })).toThrow(/CORS_ORIGINS/);
    expect(() => readServerEnv({ OPEN311_COARSEN: 'street' })).toThrow(/OPEN311_COARSEN/);
  });
});

describe('CORS and /metrics', () => {
  it('answers CORS only for the kiosk’s own origins', async () => {
    await start({ corsOrigins: ['app://kiosk', 'http://127.0.0.1:5173'] });
    const preflight = (origin: string) =>
      inject('OPTIONS', '/v1/sync/push', { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' });
    expect((await preflight('app://kiosk')).headers['access-control-allow-origin']).toBe('app://kiosk');
    expect((await preflight('http://127.0.0.1:5173')).headers['access-control-allow-origin']).toBe('http://127.0.0.1:5173');
    expect((await preflight('https://evil.example')).headers['access-control-allow-origin']).toBeUndefined();
    expect((await preflight('null')).headers['access-control-allow-origin']).toBeUndefined();
    expect((await inject('GET', '/healthz', { origin: 'https://evil.example' })).headers['access-control-allow-origin']).toBeUndefined();
  });

  it('by default only app://kiosk', async () => {
    await start();
    const response = await inject('GET', '/healthz', { origin: 'http://localhost:3000' });
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    expect((await inject('GET', '/healthz', { origin: 'app://kiosk' })).headers['access-control-allow-origin']).toBe('app://kiosk');
  });

  it('/metrics needs the metrics token or the admin credential', async () => {
    await start({ metricsToken: 'metrics-token-0123456789' });
    const device = await api!.enrolDevice();
    expect((await inject('GET', '/metrics')).statusCode).toBe(401);
    expect((await inject('GET', '/metrics', { authorization: `Bearer ${device.token}` })).statusCode).toBe(403);
    expect((await inject('GET', '/metrics', { authorization: 'Bearer wrong-token-0123456789' })).statusCode).toBe(401);
    const scraped = await inject('GET', '/metrics', { authorization: 'Bearer metrics-token-0123456789' });
    expect(scraped.statusCode).toBe(200);
    expect(scraped.body).toContain('chtg_http_requests_total');
    expect((await inject('GET', '/metrics', admin)).statusCode).toBe(200);
  });
});

describe('Open311 public feed', () => {
  async function fileOne(): Promise<string> {
    const key = (await inject('POST', '/v1/admin/api-keys', admin, { role: 'open311', name: 'bridge' })).json().key as string;
    const filed = await api!.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      payload: { api_key: key, service_code: 'pothole', description: 'Deep pothole', address_string: '12B Main St, Apt 3', lat: '42.360123', long: '-71.058912' },
    });
    expect(filed.statusCode).toBe(201);
    expect(filed.headers['x-public-notice']).toMatch(/public/);
    return (filed.json() as { service_request_id: string }[])[0]!.service_request_id;
  }

  it('states that descriptions and locations are public', async () => {
    await start({ seed: true });
    const feed = await inject('GET', '/open311/v2/requests.json');
    expect(feed.headers['x-public-notice']).toBe('Descriptions and locations of service requests are public: they are published in this feed.');
    const discovery = await inject('GET', '/open311/v2/discovery.json');
    expect(discovery.json()).toMatchObject({ notice: expect.stringContaining('public'), location_precision: 'as filed' });
    const doc = (await inject('GET', '/openapi.json')).json() as { paths: Record<string, { get?: { summary: string } }> };
    expect(doc.paths['/open311/v2/requests.json']?.get?.summary).toContain('are public');
  });

  it('publishes the exact location by default', async () => {
    await start({ seed: true });
    const id = await fileOne();
    const [one] = (await inject('GET', `/open311/v2/requests/${id}.json`)).json() as { address: string; lat: number; long: number }[];
    expect(one).toMatchObject({ address: '12B Main St, Apt 3', lat: 42.360123, long: -71.058912 });
  });

  it('with OPEN311_COARSEN=block, publishes the block: lat/long to ~100 m and no house number', async () => {
    await start({ seed: true, open311Coarsen: 'block' });
    const id = await fileOne();
    const list = (await inject('GET', '/open311/v2/requests.json')).json() as { address: string; lat: number; long: number }[];
    const [one] = (await inject('GET', `/open311/v2/requests/${id}.json`)).json() as { address: string; lat: number; long: number }[];
    for (const r of [list[0]!, one!]) expect(r).toMatchObject({ address: 'Main St', lat: 42.36, long: -71.059 });
    expect((await inject('GET', '/open311/v2/discovery.json')).json().location_precision).toMatch(/^block/);
    // The office still has the exact location.
    expect(await api!.store.getServiceRequest(id)).toMatchObject({ addressString: '12B Main St, Apt 3', lat: 42.360123 });
  });
});

describe('DATA_DIR', () => {
  let server: RunningServer | null = null;
  afterEach(async () => {
    await server?.close();
    server = null;
  });

  it('is created 0700 and its files 0600, even when it already existed with looser modes', async () => {
    const root = mkdtempSync(join(tmpdir(), 'chtg-perms-'));
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    const fresh = join(root, 'fresh', 'data');
    server = await startServer(readServerEnv({ DATA_DIR: fresh, PORT: '0', LOG_LEVEL: 'silent' }), { seedDemo: true });
    const device = await server.store.createDevice({ id: 'dev-perm', vanName: 'Van P', tokenHash: hashToken(newId()) });
    void device;
    const mode = (path: string) => statSync(path).mode & 0o777;
    expect(mode(fresh)).toBe(0o700);
    for (const file of ['central.sqlite', 'central.sqlite-wal', 'central.sqlite-shm', 'admin-token']) {
      expect(existsSync(join(fresh, file)), file).toBe(true);
      expect(mode(join(fresh, file)), file).toBe(0o600);
    }
    await server.close();
    server = null;

    const loose = join(root, 'loose');
    mkdirSync(loose, { mode: 0o755 });
    chmodSync(loose, 0o755);
    server = await startServer(readServerEnv({ DATA_DIR: loose, PORT: '0', LOG_LEVEL: 'silent' }));
    expect(mode(loose)).toBe(0o700);
    expect(mode(join(loose, 'central.sqlite'))).toBe(0o600);
  });
});
