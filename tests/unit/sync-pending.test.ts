import { describe, expect, it } from 'vitest';
import { buildDeviceStatus } from '../../renderer/src/sync/device-status';
import { computeWatermark, summarisePending } from '../../renderer/src/sync/pending';
import { formatClock, watermarkWords } from '../../renderer/src/sync/status-model';

const ev = (seq: number, type: string, payload: Record<string, unknown>, occurredAt: string) => ({ id: `e${seq}`, seq, type, payload, occurredAt }) as never;
const T1 = '00000000-0000-4000-8000-000000000001';
const T2 = '00000000-0000-4000-8000-000000000002';

describe('what waits on the van, in transactions', () => {
  it('a sale and its void are one transaction; sign-ins and tickets are other records', () => {
    const summary = summarisePending([
      ev(1, 'StaffSignedIn', { staffId: 'ana' }, '2026-11-27T14:00:00Z'),
      ev(2, 'TransactionRecorded', { transactionId: T1 }, '2026-11-27T14:01:00Z'),
      ev(3, 'TicketIssued', { ticketId: 'x' }, '2026-11-27T14:02:00Z'),
      ev(4, 'TransactionRecorded', { transactionId: T2 }, '2026-11-27T14:03:00Z'),
      ev(5, 'TransactionVoided', { transactionId: T1 }, '2026-11-27T14:04:00Z'),
    ]);
    expect(summary).toMatchObject({ transactions: 2, otherRecords: 2, oldestPendingAt: '2026-11-27T14:00:00Z' });
    expect([...summary.unsentTransactionIds].sort()).toEqual([T1, T2]);
  });

  it('a void alone (its sale already sent) is one transaction not yet sent', () => {
    expect(summarisePending([ev(9, 'TransactionVoided', { transactionId: T1 }, '2026-11-27T15:00:00Z')])).toMatchObject({ transactions: 1, otherRecords: 0 });
  });

  it('a refund is a transaction of its own', () => {
    expect(summarisePending([ev(9, 'RefundIssued', { refundId: T2, transactionId: T1 }, '2026-11-27T15:00:00Z')]).unsentTransactionIds).toEqual(new Set([T2]));
  });

  it('nothing unsent: zero, zero, no oldest', () => {
    expect(summarisePending([])).toMatchObject({ transactions: 0, otherRecords: 0, oldestPendingAt: null });
  });
});

describe('the watermark', () => {
  it('is the time of the highest contiguous acknowledged event', () => {
    expect(computeWatermark(41, { occurredAt: '2026-11-27T22:42:30Z' }, '2026-11-27T22:50:00Z')).toEqual({ seq: 41, upTo: '2026-11-27T22:42:30.000Z', complete: false });
  });

  it('never claims an unsent record whose device clock stepped back before the acknowledged one', () => {
    expect(computeWatermark(41, { occurredAt: '2026-11-27T22:42:30Z' }, '2026-11-27T22:40:00Z').upTo).toBe('2026-11-27T22:39:59.999Z');
  });

  it('with nothing unsent, reaches the last answer from the office', () => {
    expect(computeWatermark(41, { occurredAt: '2026-11-27T22:42:30Z' }, null, '2026-11-27T23:10:00Z')).toEqual({ seq: 41, upTo: '2026-11-27T23:10:00.000Z', complete: true });
  });

  it('says so plainly when nothing has reached the office, or nothing was recorded', () => {
    expect(watermarkWords(computeWatermark(0, undefined, '2026-11-27T22:40:00Z'), 0)).toBe('Nothing recorded on this van has reached the office yet.');
    expect(watermarkWords(computeWatermark(0, undefined, null), 0)).toBe('Nothing has been recorded on this van yet.');
  });

  // 22:42:30Z is 5:42 PM in Boston (EST): the sentence is in the city's zone and 12-hour clock, whatever this machine's TZ.
  it.each([
    ['2026-11-27T22:42:30Z', '2026-11-27T23:00:00Z', 'Everything recorded up to 5:42 PM has reached the office.'],
    ['2026-11-28T04:30:00Z', '2026-11-28T04:45:00Z', 'Everything recorded up to 11:30 PM has reached the office.'],
    ['2026-11-28T05:00:59Z', '2026-11-28T05:10:00Z', 'Everything recorded up to 12:00 AM has reached the office.'],
    ['2026-11-28T04:30:00Z', '2026-11-28T05:10:00Z', 'Everything recorded up to Nov 27, 11:30 PM has reached the office.'],
  ])('up to %s, read at %s: "%s"', (upTo, at, words) => {
    expect(watermarkWords({ seq: 5, upTo, complete: false }, Date.parse(at), 'America/New_York')).toBe(words);
  });

  it('a time on the night the clocks go back reads in the city offset of that instant', () => {
    // 2026-11-01 06:30Z is 1:30 AM EST (after the change); 05:30Z is 1:30 AM EDT (before it).
    expect(formatClock('2026-11-01T06:30:00Z', Date.parse('2026-11-01T07:00:00Z'), 'America/New_York')).toBe('1:30 AM');
    expect(formatClock('2026-11-01T05:30:00Z', Date.parse('2026-11-01T07:00:00Z'), 'America/New_York')).toBe('1:30 AM');
  });
});

describe('the status report a van sends', () => {
  const NOW = new Date('2026-11-27T18:00:00Z');
  it('counts in transactions, ages the oldest unsent record on the van clock, and rounds storage to whole bytes', () => {
    expect(buildDeviceStatus({ transactions: 3, otherRecords: 2, oldestPendingAt: '2026-11-27T17:15:00Z' }, '0.1.0', { usage: 1234.7, quota: 5e9 }, NOW)).toEqual({
      pendingTransactions: 3,
      pendingOtherRecords: 2,
      oldestPendingAgeSeconds: 2700,
      appVersion: '0.1.0',
      storageUsedBytes: 1234,
      storageQuotaBytes: 5_000_000_000,
    });
  });

  it('says null where the browser gives no storage figure, and no age when nothing waits', () => {
    expect(buildDeviceStatus({ transactions: 0, otherRecords: 0, oldestPendingAt: null }, '0.1.0', null, NOW)).toMatchObject({ oldestPendingAgeSeconds: null, storageUsedBytes: null, storageQuotaBytes: null });
    expect(buildDeviceStatus({ transactions: 0, otherRecords: 0, oldestPendingAt: null }, '0.1.0', { usage: Number.NaN }, NOW)).toMatchObject({ storageUsedBytes: null });
  });

  it('a record stamped ahead of the van clock ages 0, not a negative age the office would refuse', () => {
    expect(buildDeviceStatus({ transactions: 1, otherRecords: 0, oldestPendingAt: '2026-11-27T18:05:00Z' }, '0.1.0', null, NOW)?.oldestPendingAgeSeconds).toBe(0);
  });

  it('a report the office would refuse (an unreadable version) is not made at all, so it can never hold up a push', () => {
    expect(buildDeviceStatus({ transactions: 1, otherRecords: 0, oldestPendingAt: null }, 'version 1 (beta)', null, NOW)).toBeNull();
  });
});
