import { describe, expect, it } from 'vitest';
import { pushResponseSchema } from '../../shared';
import { transactionEvent } from '../helpers/events';
import { ADMIN_TOKEN, useTestApi, type TestApi } from '../helpers/server';
import { storeFactories } from '../helpers/stores';

for (const factory of storeFactories) {
describe.skipIf(factory.skipReason !== null)(`push endpoint on ${factory.name}${factory.skipReason ? ` (skipped: ${factory.skipReason})` : ''}`, () => {
let api: TestApi;
useTestApi(factory, {}, (started) => {
  api = started;
});

function push(token: string, body: unknown) {
  return api.app.inject({
    method: 'POST',
    url: '/v1/sync/push',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('POST /v1/sync/push', () => {
  it('stores a batch and answers per event', async () => {
    const device = await api.enrolDevice();
    const events = [1, 2, 3].map((seq) => transactionEvent(device.deviceId, seq));
    const response = await push(device.token, { events });
    expect(response.statusCode).toBe(200);
    const body = pushResponseSchema.parse(response.json());
    expect(body.results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted']);
    expect(body.highestContiguousSeq).toBe(3);
    expect(await api.store.countEvents()).toBe(3);
  });

  it('counts a duplicate push of the same events once', async () => {
    const device = await api.enrolDevice();
    const events = [1, 2].map((seq) => transactionEvent(device.deviceId, seq));
    await push(device.token, { events });
    const again = await push(device.token, { events });
    expect(again.statusCode).toBe(200);
    expect(pushResponseSchema.parse(again.json()).results.map((r) => r.status)).toEqual(['duplicate', 'duplicate']);
    expect(await api.store.countEvents()).toBe(2);
    const list = await api.app.inject({ method: 'GET', url: '/v1/transactions', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(list.json().total).toBe(2);
  });

  it('rejects one bad event without blocking the rest of its batch', async () => {
    const device = await api.enrolDevice();
    const events = [1, 2, 3].map((seq) => transactionEvent(device.deviceId, seq));
    (events[1]!.payload as { amountCents: number }).amountCents = -5;
    const body = pushResponseSchema.parse((await push(device.token, { events })).json());
    expect(body.results.map((r) => r.status)).toEqual(['accepted', 'rejected', 'accepted']);
    expect(body.results[1]).toMatchObject({ code: 'invalid_payload' });
    expect(body.highestContiguousSeq).toBe(3);
    expect(await api.store.countEvents()).toBe(2);
  });

  it('shows a gap in the seqs it has received', async () => {
    const device = await api.enrolDevice();
    const body = pushResponseSchema.parse((await push(device.token, { events: [transactionEvent(device.deviceId, 1), transactionEvent(device.deviceId, 3)] })).json());
    expect(body.highestContiguousSeq).toBe(1);
    const fill = pushResponseSchema.parse((await push(device.token, { events: [transactionEvent(device.deviceId, 2)] })).json());
    expect(fill.highestContiguousSeq).toBe(3);
  });

  it('refuses a seq reused by a different event', async () => {
    const device = await api.enrolDevice();
    await push(device.token, { events: [transactionEvent(device.deviceId, 1)] });
    const body = pushResponseSchema.parse((await push(device.token, { events: [transactionEvent(device.deviceId, 1)] })).json());
    expect(body.results[0]).toMatchObject({ status: 'rejected', code: 'seq_conflict' });
    expect(await api.store.countEvents()).toBe(1);
  });

  describe('bad requests get a specific error and change nothing', () => {
    it.each([
      ['malformed JSON', (_d: string) => '{"events": [', 400, 'malformed_json'],
      ['no events array', (_d: string) => ({ items: [] }), 400, 'invalid_body'],
      ['an empty batch', (_d: string) => ({ events: [] }), 400, 'invalid_body'],
      ['an event without id or seq', (d: string) => ({ events: [{ ...transactionEvent(d, 1), seq: undefined }] }), 400, 'invalid_batch'],
      ['events out of seq order', (d: string) => ({ events: [transactionEvent(d, 2), transactionEvent(d, 1)] }), 400, 'batch_not_in_seq_order'],
      ['another device’s events', (d: string) => ({ events: [transactionEvent(d, 1), transactionEvent('dev-someone-else', 2)] }), 403, 'foreign_device'],
      ['too many events', (d: string) => ({ events: Array.from({ length: 1001 }, (_, i) => transactionEvent(d, i + 1)) }), 413, 'batch_too_large'],
    ])('%s', async (_name, makeBody, status, code) => {
      const device = await api.enrolDevice();
      const response = await push(device.token, makeBody(device.deviceId));
      expect(response.statusCode).toBe(status);
      expect(response.json().error.code).toBe(code);
      expect(await api.store.countEvents()).toBe(0);
    });

    it.each([
      ['no token', undefined, 'missing_token'],
      ['a malformed header', 'Basic abc', 'malformed_token'],
      ['an unknown token', 'Bearer aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'unknown_token'],
    ])('%s is 401', async (_name, authorization, code) => {
      const device = await api.enrolDevice();
      const response = await api.app.inject({
        method: 'POST',
        url: '/v1/sync/push',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        payload: JSON.stringify({ events: [transactionEvent(device.deviceId, 1)] }),
      });
      expect(response.statusCode).toBe(401);
      expect(response.json().error.code).toBe(code);
      expect(await api.store.countEvents()).toBe(0);
    });
  });
});

describe('GET /v1/transactions', () => {
  it('needs the office credential, not a device token', async () => {
    const device = await api.enrolDevice();
    const asDevice = await api.app.inject({ method: 'GET', url: '/v1/transactions', headers: { authorization: `Bearer ${device.token}` } });
    expect(asDevice.statusCode).toBe(403);
    const anonymous = await api.app.inject({ method: 'GET', url: '/v1/transactions' });
    expect(anonymous.statusCode).toBe(401);
  });

  it('lists what devices pushed, with amounts and ids', async () => {
    const device = await api.enrolDevice('Van 7');
    const event = transactionEvent(device.deviceId, 1, { amountCents: 9000, payment: { method: 'check', checkNumber: '1042' } });
    await push(device.token, { events: [event] });
    const response = await api.app.inject({ method: 'GET', url: '/v1/transactions', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      total: 1,
      items: [{ id: event.payload.transactionId, eventId: event.id, amountCents: 9000, paymentMethod: 'check', vanName: 'Van 7' }],
    });
  });

  it('refuses a bad page size', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/v1/transactions?limit=0', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('invalid_query');
  });
});

describe('GET /healthz', () => {
  it('answers ok', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/healthz' });
    expect(response.json()).toEqual({ status: 'ok' });
  });
});
});
}
