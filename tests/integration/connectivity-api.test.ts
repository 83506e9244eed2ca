import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CORS_PREFLIGHT_MAX_AGE_SECONDS } from '../../server/app';
import { startTestApi, type TestApi } from '../helpers/server';

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
