import { describe, expect, it } from 'vitest';
import { formatStats, listFlag, numberFlag, ratioLine, runStats } from '../../scripts/bench-stats';

describe('bench figures', () => {
  it.each([
    { runs: [5], expected: { min: 5, median: 5, max: 5, runs: 1 } },
    { runs: [9, 1, 5], expected: { min: 1, median: 5, max: 9, runs: 3 } },
    { runs: [4, 1, 3, 2], expected: { min: 1, median: 2.5, max: 4, runs: 4 } },
    { runs: [100, 1, 2, 3, 4], expected: { min: 1, median: 3, max: 100, runs: 5 } },
  ])('a bench reports the median of its runs, not the best one: $runs', ({ runs, expected }) => {
    expect(runStats(runs)).toEqual(expected);
  });

  it('refuses to summarise no runs', () => {
    expect(() => runStats([])).toThrow('at least one run');
  });

  it('prints the median with its range and the ratio of the medians', () => {
    const kiosk = runStats([7000, 8000, 9000]);
    const node = runStats([10_000, 12_000, 11_000]);
    expect(formatStats(kiosk, 'events/s')).toBe('median 8,000 events/s (min 7,000 – max 9,000, 3 runs)');
    expect(ratioLine('10,000 events', kiosk, node, '≥ 0.70×')).toBe('RESULT 10,000 events: ratio of medians 0.73× (target ≥ 0.70×)');
  });

  it('reads --runs and --events flags before the environment and the default', () => {
    expect(numberFlag('runs', 'RUNS_UNSET_FOR_TEST', 5, ['node', 'x', '--runs', '3'])).toBe(3);
    expect(numberFlag('runs', 'RUNS_UNSET_FOR_TEST', 5, ['node', 'x'])).toBe(5);
    expect(listFlag('events', 'EVENTS_UNSET_FOR_TEST', [10_000, 100_000], ['node', 'x', '--events', '2000,5000'])).toEqual([2000, 5000]);
    expect(() => numberFlag('runs', 'X', 5, ['node', 'x', '--runs', 'many'])).toThrow('--runs must be a positive number, got many');
    expect(() => listFlag('events', 'X', [1], ['node', 'x', '--events', '10,-1'])).toThrow('--events must be positive numbers');
  });
});
