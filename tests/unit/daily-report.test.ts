import { describe, expect, it } from 'vitest';
import { buildDailyReport } from '../../server/reports';
import type { StoredTransaction } from '../../server/store/store';

const sale = (over: Partial<StoredTransaction>): StoredTransaction => ({
  id: 'tx-1',
  eventId: 'ev-1',
  deviceId: 'dev-1',
  vanName: 'Van 1',
  stopId: null,
  serviceCode: 'dog-licence',
  serviceName: 'Dog licence',
  reference: '',
  quantity: 1,
  amountCents: 2_000,
  paymentMethod: 'cash',
  receiptNumber: 'R-000001',
  staffId: 'clerk-1',
  occurredAt: '2026-11-27T15:00:00.000Z',
  businessDate: '2026-11-27',
  receivedAt: '2026-11-27T15:00:01.000Z',
  status: 'recorded',
  voidReason: null,
  ...over,
});

const report = (transactions: StoredTransaction[]) =>
  buildDailyReport({ date: '2026-11-27', timeZone: 'America/New_York', transactions, stops: [], dayCloses: [], vanNames: new Map() });

describe('central daily report through the shared close-out functions', () => {
  it('counts a zero-fee sale under "none" and keeps it out of the drawer', () => {
    const stop = report([sale({}), sale({ id: 'tx-2', amountCents: 0, paymentMethod: 'none' })]).vans[0]!.stops[0]!;
    expect(stop.byPaymentMethod).toEqual([
      { key: 'cash', label: 'cash', count: 1, revenueCents: 2_000 },
      { key: 'none', label: 'none', count: 1, revenueCents: 0 },
    ]);
    expect(stop.cash.expectedCents).toBe(2_000);
  });

  it('refuses a stored row with a payment method it does not know, naming the transaction', () => {
    expect(() => report([sale({ id: 'tx-9', paymentMethod: 'bitcoin' })])).toThrow(new RangeError('transaction tx-9 has an unknown payment method "bitcoin"'));
  });
});
