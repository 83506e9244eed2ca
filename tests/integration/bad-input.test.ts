import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushResponseSchema } from '../../shared';
import { transactionEvent } from '../helpers/events';
import { ADMIN_TOKEN, startTestApi, type TestApi } from '../helpers/server';

/** Every kind of bad input gets a specific answer and writes nothing. */
let api: TestApi;
let device: { deviceId: string; token: string };
let revoked: { deviceId: string; token: string };
let nextSeq = 1;
const seqs = (n: number) => {
  const first = nextSeq;
  nextSeq += n;
  return first;
};

beforeAll(async () => {
  api = await startTestApi({ seed: true });
  device = await api.enrolDevice();
  revoked = await api.enrolDevice();
  await api.store.revokeDevice(revoked.deviceId, new Date().toISOString());
});
afterAll(async () => {
  await api.close();
});

type Event = ReturnType<typeof transactionEvent>;
const withPayload = (patch: Record<string, unknown>) => (e: Event) => ({ ...e, payload: { ...e.payload, ...patch } });

const SQL_INJECTIONS = ["'; DROP TABLE events; --", "1' OR '1'='1", 'Robert"); DELETE FROM transactions; --'];

describe('a bad event is rejected alone, with a code, and is not stored', () => {
  it.each<[string, (e: Event) => unknown, string]>([
    ['amount as a string', withPayload({ amountCents: '45.00' }), 'invalid_payload'],
    ['negative cents', withPayload({ amountCents: -100 }), 'invalid_payload'],
    ['fractional cents', withPayload({ amountCents: 12.5 }), 'invalid_payload'],
    ['quantity as a string', withPayload({ quantity: '2' }), 'invalid_payload'],
    ['unknown event type', (e) => ({ ...e, type: 'MoneyPrinted' }), 'unknown_event_type'],
    ['missing payload fields', (e) => ({ ...e, payload: { transactionId: e.payload.transactionId } }), 'invalid_payload'],
    ['missing occurredAt', (e) => ({ ...e, occurredAt: undefined }), 'invalid_envelope'],
    ['over-long reference', withPayload({ reference: 'X'.repeat(65) }), 'invalid_payload'],
    ['over-long service name', withPayload({ serviceName: 'X'.repeat(201) }), 'invalid_payload'],
    ['control characters in text', withPayload({ serviceName: 'Parking\u0000ticket' }), 'invalid_payload'],
    ['a card number in free text', withPayload({ reference: '4111111111111111' }), 'invalid_payload'],
    ['a card number in a form field', withPayload({ fields: { note: 'card 5500-0000-0000-0004' } }), 'invalid_payload'],
    ['a full card number as last four', withPayload({ payment: { method: 'card', approvalCode: 'AB12CD', brand: 'visa', last4: '4111111111111111' } }), 'invalid_payload'],
    ...SQL_INJECTIONS.map((s): [string, (e: Event) => unknown, string] => [`SQL injection in serviceCode: ${s}`, withPayload({ serviceCode: s }), 'invalid_payload']),
    ...SQL_INJECTIONS.map((s): [string, (e: Event) => unknown, string] => [`SQL injection in receiptNumber: ${s}`, withPayload({ receiptNumber: s }), 'invalid_payload']),
    ...SQL_INJECTIONS.map((s): [string, (e: Event) => unknown, string] => [`SQL injection in deviceId: ${s}`, (e) => ({ ...e, deviceId: undefined, seq: e.seq, id: e.id, type: s }), 'invalid_envelope']),
  ])('%s', async (_name, mutate, code) => {
    const before = await api.store.countEvents();
    const seqBase = seqs(3);
    const good1 = transactionEvent(device.deviceId, seqBase);
    const bad = mutate(transactionEvent(device.deviceId, seqBase + 1));
    const good2 = transactionEvent(device.deviceId, seqBase + 2);
    const response = await api.app.inject({
      method: 'POST',
      url: '/v1/sync/push',
      headers: { authorization: `Bearer ${device.token}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ events: [good1, bad, good2] }),
    });
    expect(response.statusCode).toBe(200);
    const body = pushResponseSchema.parse(response.json());
    expect(body.results.map((r) => r.status)).toEqual(['accepted', 'rejected', 'accepted']);
    expect(body.results[1]).toMatchObject({ code });
    expect(await api.store.countEvents()).toBe(before + 2);
  });

  it('free text holding SQL is data: stored verbatim, tables intact', async () => {
    const before = await api.store.countEvents();
    const first = seqs(SQL_INJECTIONS.length);
    const events = SQL_INJECTIONS.map((s, i) => transactionEvent(device.deviceId, first + i, { reference: s.slice(0, 64), residentName: s, serviceName: s }));
    const response = await api.app.inject({
      method: 'POST',
      url: '/v1/sync/push',
      headers: { authorization: `Bearer ${device.token}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ events }),
    });
    expect(pushResponseSchema.parse(response.json()).results.every((r) => r.status === 'accepted')).toBe(true);
    expect(await api.store.countEvents()).toBe(before + SQL_INJECTIONS.length);
    const { items } = await api.store.queryTransactions({ limit: 1000, offset: 0 });
    expect(items.map((t) => t.serviceName)).toEqual(expect.arrayContaining(SQL_INJECTIONS));
  });
});

describe('a bad request is refused whole with a specific status and writes nothing', () => {
  const cases: [string, () => { headers: Record<string, string>; payload: string }, number, string][] = [
    ['malformed JSON', () => ({ headers: { authorization: `Bearer ${device.token}` }, payload: '{"events": [}' }), 400, 'malformed_json'],
    ['events is not an array', () => ({ headers: { authorization: `Bearer ${device.token}` }, payload: '{"events": "all of them"}' }), 400, 'invalid_body'],
    ['seq as a string', () => ({ headers: { authorization: `Bearer ${device.token}` }, payload: JSON.stringify({ events: [{ ...transactionEvent(device.deviceId, 900), seq: '900' }] }) }), 400, 'invalid_batch'],
    ['missing token', () => ({ headers: {}, payload: JSON.stringify({ events: [transactionEvent(device.deviceId, 900)] }) }), 401, 'missing_token'],
    ['unknown token', () => ({ headers: { authorization: 'Bearer thisisnotatokenthisisnotatoken' }, payload: JSON.stringify({ events: [transactionEvent(device.deviceId, 900)] }) }), 401, 'unknown_token'],
    ['revoked token', () => ({ headers: { authorization: `Bearer ${revoked.token}` }, payload: JSON.stringify({ events: [transactionEvent(revoked.deviceId, 1)] }) }), 401, 'device_revoked'],
    ["another device's events", () => ({ headers: { authorization: `Bearer ${device.token}` }, payload: JSON.stringify({ events: [transactionEvent(revoked.deviceId, 900)] }) }), 403, 'foreign_device'],
    ['a body over the size limit', () => ({ headers: { authorization: `Bearer ${device.token}` }, payload: JSON.stringify({ events: [transactionEvent(device.deviceId, 900)], pad: 'x'.repeat(9 * 1024 * 1024) }) }), 413, 'body_too_large'],
    ['too many events', () => ({ headers: { authorization: `Bearer ${device.token}` }, payload: JSON.stringify({ events: Array.from({ length: 1001 }, (_, i) => transactionEvent(device.deviceId, 900 + i)) }) }), 413, 'batch_too_large'],
  ];
  it.each(cases)('%s', async (_name, make, status, code) => {
    const before = await api.store.countEvents();
    const { headers, payload } = make();
    const response = await api.app.inject({ method: 'POST', url: '/v1/sync/push', headers: { 'content-type': 'application/json', ...headers }, payload });
    expect(response.statusCode).toBe(status);
    expect(response.json().error.code).toBe(code);
    expect(await api.store.countEvents()).toBe(before);
  });

  it('a replayed enrolment code', async () => {
    const code = (
      await api.app.inject({ method: 'POST', url: '/v1/admin/enrolment-codes', headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, payload: { vanName: 'Van 6' } })
    ).json().code as string;
    await api.app.inject({ method: 'POST', url: '/v1/devices/enrol', payload: { code } });
    const devices = (await api.store.listDevices()).length;
    const replay = await api.app.inject({ method: 'POST', url: '/v1/devices/enrol', payload: { code } });
    expect(replay.statusCode).toBe(409);
    expect(replay.json().error.code).toBe('code_used');
    expect(await api.store.listDevices()).toHaveLength(devices);
  });
});
