import { EVENT_SCHEMA_VERSION, newId, type TransactionRecorded } from '../../shared';

export function transactionPayload(overrides: Partial<TransactionRecorded> = {}): TransactionRecorded {
  return {
    transactionId: newId(),
    serviceCode: 'parking-ticket',
    serviceName: 'Pay parking ticket',
    reference: 'T1234567',
    quantity: 1,
    amountCents: 4500,
    payment: { method: 'cash', tenderedCents: 5000, changeCents: 500 },
    catalogueVersion: 1,
    unitFeeCents: null,
    receiptNumber: 'R-000001',
    stopId: null,
    staffId: null,
    fields: {},
    residentName: '',
    orderId: null,
    language: null,
    ...overrides,
  };
}

export function transactionEvent(deviceId: string, seq: number, overrides: Partial<TransactionRecorded> = {}) {
  return {
    id: newId(),
    deviceId,
    seq,
    type: 'TransactionRecorded' as const,
    occurredAt: new Date(Date.UTC(2026, 10, 27, 15, 0, seq % 60)).toISOString(),
    schemaVersion: EVENT_SCHEMA_VERSION,
    actorId: null,
    catalogueVersion: 1,
    payload: transactionPayload({ receiptNumber: `R-${String(seq).padStart(6, '0')}`, ...overrides }),
  };
}

/** Any event type, for tests that need stops, voids, 311 requests or day closes. */
export function deviceEvent(deviceId: string, seq: number, type: string, payload: unknown, occurredAt = new Date().toISOString()) {
  return { id: newId(), deviceId, seq, type, occurredAt, schemaVersion: EVENT_SCHEMA_VERSION, actorId: 'clerk-ana', catalogueVersion: 1, payload };
}
