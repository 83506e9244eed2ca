import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CORS_PREFLIGHT_MAX_AGE_SECONDS } from '../../server/app';
import { transactionEvent } from '../helpers/events';
import { ADMIN_TOKEN, startTestApi, type TestApi } from '../helpers/server';

let api: TestApi;
beforeEach(async () => {
  api = await startTestApi({ seed: true });
});
afterEach(async () => {
  await api.close();
});

describe('preflights the browser can keep', () => {
  it('a CORS preflight for a push says how long it may be reused (Access-Control-Max-Age)', async () => {
    const response = await api.app.inject({
      method: 'OPTIONS',
      url: '/v1/sync/push',
      headers: { origin: 'http://127.0.0.1:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(response.statusCode).toBe(204);
    expect(response.headers['access-control-max-age']).toBe(String(CORS_PREFLIGHT_MAX_AGE_SECONDS));
    expect(CORS_PREFLIGHT_MAX_AGE_SECONDS).toBeGreaterThanOrEqual(600);
  });
});

describe('conditional catalogue without a conditional header', () => {
  it('answers 304 to ?ifNoneMatch= with the current ETag, the full catalogue to a stale one, and 400 to a bad one', async () => {
    const { token } = await api.enrolDevice();
    const auth = { authorization: `Bearer ${token}` };
    const first = await api.app.inject({ method: 'GET', url: '/v1/catalogue', headers: auth });
    expect(first.statusCode).toBe(200);
    const etag = String(first.headers.etag);
    const same = await api.app.inject({ method: 'GET', url: `/v1/catalogue?ifNoneMatch=${encodeURIComponent(etag)}`, headers: auth });
    expect(same.statusCode).toBe(304);
    expect(same.body).toBe('');
    const stale = await api.app.inject({ method: 'GET', url: `/v1/catalogue?ifNoneMatch=${encodeURIComponent('"catalogue-v0"')}`, headers: auth });
    expect(stale.statusCode).toBe(200);
    expect(stale.json()).toMatchObject({ version: expect.any(Number) });
    const tooLong = await api.app.inject({ method: 'GET', url: `/v1/catalogue?ifNoneMatch=${'x'.repeat(201)}`, headers: auth });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error.code).toBe('invalid_query');
  });
});

describe('each van reports its status; the office keeps the latest per device', () => {
  const REPORT = { pendingTransactions: 4, pendingOtherRecords: 2, oldestPendingAgeSeconds: 900, appVersion: '0.1.0', storageUsedBytes: 1_048_576, storageQuotaBytes: 2_147_483_648 };
  const fleet = async () => {
    const response = await api.app.inject({ method: 'GET', url: '/v1/admin/devices/status', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(response.statusCode).toBe(200);
    return (response.json() as { devices: { id: string; vanName: string; status: null | Record<string, unknown> }[] }).devices;
  };

  it('a probe report and a push report are kept as the latest, and shown to the admin with the van', async () => {
    const { deviceId, token } = await api.enrolDevice('Van 3');
    const other = await api.enrolDevice('Van 4');
    const auth = { authorization: `Bearer ${token}` };
    expect((await fleet()).map((d) => d.status)).toEqual([null, null]);

    const probe = await api.app.inject({ method: 'POST', url: '/v1/devices/status', headers: auth, payload: REPORT });
    expect(probe.statusCode).toBe(200);
    expect((await fleet()).find((d) => d.id === deviceId)?.status).toMatchObject({ ...REPORT, via: 'probe', receivedAt: probe.json().receivedAt });

    const push = await api.app.inject({
      method: 'POST',
      url: '/v1/sync/push',
      headers: { ...auth, 'content-type': 'application/json' },
      payload: { events: [transactionEvent(deviceId, 1)], status: { ...REPORT, pendingTransactions: 0, oldestPendingAgeSeconds: null } },
    });
    expect(push.statusCode).toBe(200);
    const devices = await fleet();
    expect(devices.find((d) => d.id === deviceId)).toMatchObject({ vanName: 'Van 3', status: { ...REPORT, pendingTransactions: 0, oldestPendingAgeSeconds: null, via: 'push' } });
    expect(devices.find((d) => d.id === other.deviceId)?.status).toBeNull();
  });

  it.each([
    ['a negative count', { ...REPORT, pendingTransactions: -1 }, 'pendingTransactions'],
    ['a fractional count', { ...REPORT, pendingOtherRecords: 1.5 }, 'pendingOtherRecords'],
    ['a count as text', { ...REPORT, pendingTransactions: '4' }, 'pendingTransactions'],
    ['a missing field', { ...REPORT, appVersion: undefined }, 'appVersion'],
    ['markup in the version', { ...REPORT, appVersion: '<script>' }, 'appVersion'],
    ['an unknown field', { ...REPORT, cardNumber: '4111111111111111' }, ''],
    ['a storage figure past 2^53', { ...REPORT, storageUsedBytes: 2 ** 60 }, 'storageUsedBytes'],
  ])('refuses %s with a specific error and keeps nothing', async (_name, payload, field) => {
    const { deviceId, token } = await api.enrolDevice();
    const auth = { authorization: `Bearer ${token}` };
    const probe = await api.app.inject({ method: 'POST', url: '/v1/devices/status', headers: auth, payload });
    expect(probe.statusCode).toBe(400);
    expect(probe.json().error.code).toBe('invalid_body');
    expect(probe.json().error.message).toContain(field);

    // The same report riding on a push: the push is refused whole, with its own code, and stores no event.
    const push = await api.app.inject({
      method: 'POST',
      url: '/v1/sync/push',
      headers: { ...auth, 'content-type': 'application/json' },
      payload: { events: [transactionEvent(deviceId, 1)], status: payload },
    });
    expect(push.statusCode).toBe(400);
    expect(push.json().error).toMatchObject({ code: 'invalid_device_status', message: expect.stringContaining('the device status is invalid') });
    expect(await api.store.countEvents()).toBe(0);
    expect((await fleet()).find((d) => d.id === deviceId)?.status).toBeNull();
  });

  it('a report needs the device token, and the fleet view the admin credential', async () => {
    expect((await api.app.inject({ method: 'POST', url: '/v1/devices/status', payload: REPORT })).statusCode).toBe(401);
    const { token } = await api.enrolDevice();
    const asDevice = await api.app.inject({ method: 'GET', url: '/v1/admin/devices/status', headers: { authorization: `Bearer ${token}` } });
    expect(asDevice.statusCode).toBe(403);
    expect(await api.store.listDeviceStatuses()).toEqual([]);
  });
});
