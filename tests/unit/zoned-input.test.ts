import { describe, expect, it } from 'vitest';
import { instantFromZonedInput, zonedInputValue } from '../../shared';

const NY = 'America/New_York';

describe('wall-clock values in the city zone, whatever the laptop zone', () => {
  it.each([
    ['2026-11-27T23:30', '2026-11-28T04:30:00.000Z'],
    ['2026-11-28T00:10', '2026-11-28T05:10:00.000Z'],
    ['2026-07-01T12:00', '2026-07-01T16:00:00.000Z'],
    // Spring forward (8 March 2026): 01:59 EST, then 03:00 EDT.
    ['2026-03-08T01:59', '2026-03-08T06:59:00.000Z'],
    ['2026-03-08T03:00', '2026-03-08T07:00:00.000Z'],
    // Autumn back (1 November 2026): 01:30 happens twice; the first (EDT) is taken.
    ['2026-11-01T01:30', '2026-11-01T05:30:00.000Z'],
    ['2026-11-01T03:00', '2026-11-01T08:00:00.000Z'],
  ])('%s in New York is %s', (value, iso) => {
    expect(instantFromZonedInput(value, NY)?.toISOString()).toBe(iso);
    expect(zonedInputValue(new Date(iso), NY)).toBe(value);
  });

  it('refuses a time the clocks skip and malformed values', () => {
    expect(instantFromZonedInput('2026-03-08T02:30', NY)).toBeNull();
    for (const bad of ['', '2026-13-01T10:00', '2026-02-01 10:00', '2026-02-01T24:00', 'tomorrow']) expect(instantFromZonedInput(bad, NY)).toBeNull();
  });

  it('works in other zones too', () => {
    expect(instantFromZonedInput('2026-11-28T09:00', 'Asia/Tokyo')?.toISOString()).toBe('2026-11-28T00:00:00.000Z');
    expect(zonedInputValue(new Date('2026-11-28T00:00:00Z'), 'UTC')).toBe('2026-11-28T00:00');
  });
});
