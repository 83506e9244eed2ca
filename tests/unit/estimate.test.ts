import { describe, expect, it } from 'vitest';
import { DEFAULT_SERVICE_MS, estimateWaitMinutes, median } from '../../renderer/src/resident/estimate';

const min = (m: number) => m * 60_000;

describe('estimateWaitMinutes', () => {
  it('is zero when nobody is ahead, whatever the service times', () => {
    expect(estimateWaitMinutes({ ahead: 0, recentServiceMs: [] })).toBe(0);
    expect(estimateWaitMinutes({ ahead: 0, recentServiceMs: [min(30)] })).toBe(0);
    expect(estimateWaitMinutes({ ahead: -2, recentServiceMs: [min(3)] })).toBe(0);
  });

  it('assumes five minutes a person when this device has served nobody yet', () => {
    expect(DEFAULT_SERVICE_MS).toBe(min(5));
    expect(estimateWaitMinutes({ ahead: 1, recentServiceMs: [] })).toBe(5);
    expect(estimateWaitMinutes({ ahead: 3, recentServiceMs: [] })).toBe(15);
  });

  it('uses the median of the recent service times, so one very long visit does not skew it', () => {
    expect(estimateWaitMinutes({ ahead: 2, recentServiceMs: [min(2), min(3), min(40)] })).toBe(6);
    // Even count: the mean of the two middle values (3 and 5 → 4 minutes).
    expect(estimateWaitMinutes({ ahead: 1, recentServiceMs: [min(2), min(3), min(5), min(60)] })).toBe(4);
  });

  it('rounds up to whole minutes and never says zero when someone is ahead', () => {
    expect(estimateWaitMinutes({ ahead: 1, recentServiceMs: [30_000] })).toBe(1);
    expect(estimateWaitMinutes({ ahead: 3, recentServiceMs: [min(1.5)] })).toBe(5); // 4.5 → 5
    expect(estimateWaitMinutes({ ahead: 1, recentServiceMs: [1] })).toBe(1);
  });

  it('counts only the last ten service times (oldest first)', () => {
    const old = Array.from({ length: 20 }, () => min(20));
    const recent = Array.from({ length: 10 }, () => min(2));
    expect(estimateWaitMinutes({ ahead: 1, recentServiceMs: [...old, ...recent] })).toBe(2);
  });

  it('divides by the number of counters serving at once', () => {
    expect(estimateWaitMinutes({ ahead: 4, recentServiceMs: [min(4)], counters: 2 })).toBe(8);
    expect(estimateWaitMinutes({ ahead: 3, recentServiceMs: [min(4)], counters: 2 })).toBe(6);
    // Nonsense counters fall back to one.
    expect(estimateWaitMinutes({ ahead: 2, recentServiceMs: [min(4)], counters: 0 })).toBe(8);
    expect(estimateWaitMinutes({ ahead: 2, recentServiceMs: [min(4)], counters: Number.NaN })).toBe(8);
  });

  it('ignores service times that are not positive (a clock set back)', () => {
    expect(estimateWaitMinutes({ ahead: 1, recentServiceMs: [-min(3), 0, Number.NaN, min(2)] })).toBe(2);
    expect(estimateWaitMinutes({ ahead: 1, recentServiceMs: [-min(3), 0] })).toBe(5);
  });
});

describe('median', () => {
  it('does not reorder its input', () => {
    const values = [5, 1, 3];
    expect(median(values)).toBe(3);
    expect(values).toEqual([5, 1, 3]);
  });
});
