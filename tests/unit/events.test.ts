import { describe, expect, it } from 'vitest';
import { containsCardNumber, parseEvent, pushResponseSchema } from '../../shared';
import { transactionEvent } from '../helpers/events';

const valid = () => transactionEvent('dev-1', 1);

describe('event envelope and TransactionRecorded schema', () => {
  it('accepts a well-formed event', () => {
    const result = parseEvent(valid());
    expect(result.ok).toBe(true);
  });

  it.each([
    ['id is not a UUIDv7', (e: ReturnType<typeof valid>) => ({ ...e, id: '123e4567-e89b-12d3-a456-426614174000' }), 'invalid_envelope'],
    ['seq is zero', (e: ReturnType<typeof valid>) => ({ ...e, seq: 0 }), 'invalid_envelope'],
    ['seq is fractional', (e: ReturnType<typeof valid>) => ({ ...e, seq: 1.5 }), 'invalid_envelope'],
    ['occurredAt is not ISO', (e: ReturnType<typeof valid>) => ({ ...e, occurredAt: 'yesterday' }), 'invalid_envelope'],
    ['deviceId has spaces', (e: ReturnType<typeof valid>) => ({ ...e, deviceId: 'dev 1' }), 'invalid_envelope'],
    ['type is unknown', (e: ReturnType<typeof valid>) => ({ ...e, type: 'Teleported' }), 'unknown_event_type'],
    ['schema is from the future', (e: ReturnType<typeof valid>) => ({ ...e, schemaVersion: 99 }), 'unsupported_schema_version'],
    ['amount is negative', (e: ReturnType<typeof valid>) => ({ ...e, payload: { ...e.payload, amountCents: -1 } }), 'invalid_payload'],
    ['amount is fractional', (e: ReturnType<typeof valid>) => ({ ...e, payload: { ...e.payload, amountCents: 45.5 } }), 'invalid_payload'],
    ['amount is a string', (e: ReturnType<typeof valid>) => ({ ...e, payload: { ...e.payload, amountCents: '4500' } }), 'invalid_payload'],
    [
      'reference holds a card number',
      (e: ReturnType<typeof valid>) => ({ ...e, payload: { ...e.payload, reference: '4111 1111 1111 1111' } }),
      'invalid_payload',
    ],
    [
      'reference holds a control character',
      (e: ReturnType<typeof valid>) => ({ ...e, payload: { ...e.payload, reference: 'T1\u0007' } }),
      'invalid_payload',
    ],
    [
      'cash does not add up',
      (e: ReturnType<typeof valid>) => ({ ...e, payload: { ...e.payload, payment: { method: 'cash', tenderedCents: 5000, changeCents: 0 } } }),
      'invalid_payload',
    ],
    [
      'card payment carries more than last four',
      (e: ReturnType<typeof valid>) => ({
        ...e,
        payload: { ...e.payload, payment: { method: 'card', approvalCode: 'A1B2C3', brand: 'visa', last4: '4111111111111111' } },
      }),
      'invalid_payload',
    ],
    ['payload is missing', (e: ReturnType<typeof valid>) => ({ ...e, payload: undefined }), 'invalid_payload'],
  ])('refuses an event whose %s', (_name, mutate, code) => {
    const result = parseEvent(mutate(valid()));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.code).toBe(code);
      expect(result.message.length).toBeGreaterThan(5);
    }
  });

  it('refuses a non-object', () => {
    expect(parseEvent('hello')).toMatchObject({ ok: false, code: 'invalid_envelope' });
    expect(parseEvent(null)).toMatchObject({ ok: false, code: 'invalid_envelope' });
  });
});

describe('card numbers are recognised in free text', () => {
  it.each([
    ['4111111111111111', true],
    ['pay 4111-1111-1111-1111 now', true],
    ['5500 0000 0000 0004', true],
    ['378282246310005', true],
    ['4111111111111112', false],
    ['T1234567', false],
    ['call 617-635-4500', false],
    ['123456789012', false],
  ])('%s → %s', (text, expected) => {
    expect(containsCardNumber(text)).toBe(expected);
  });
});

describe('push response schema', () => {
  it('accepts per-event answers and refuses an unknown status', () => {
    const ok = { results: [{ id: 'a', seq: 1, status: 'accepted' }, { id: 'b', seq: 2, status: 'rejected', code: 'x', message: 'y' }], highestContiguousSeq: 2 };
    expect(pushResponseSchema.safeParse(ok).success).toBe(true);
    expect(pushResponseSchema.safeParse({ ...ok, results: [{ id: 'a', seq: 1, status: 'maybe' }] }).success).toBe(false);
    expect(pushResponseSchema.safeParse({ results: [], highestContiguousSeq: -1 }).success).toBe(false);
  });
});
