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
    payload: transactionPayload({ receiptNumber: `R-${String(seq).padStart(6, '0')}`, ...overrides }),
  };
}
