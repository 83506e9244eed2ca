import { afterEach, describe, expect, it } from 'vitest';
import {
  businessDate,
  formatCityDateTime,
  formatCityTime,
  formatHour12,
  fromCityDateTime,
  isoInZone,
  isValidTimeZone,
  offsetMinutes,
  startOfCityDay,
  toCityDateTimeInput,
  zonedParts,
} from '../../shared';

const NY = 'America/New_York';
const originalTz = process.env.TZ;
afterEach(() => {
  process.env.TZ = originalTz;
});

describe('the city clock reads the same whatever zone the machine is in', () => {
  it.each(['UTC', 'Asia/Tokyo', 'America/Los_Angeles', 'Pacific/Kiritimati'])('machine zone %s', (machineZone) => {
    process.env.TZ = machineZone;
    // 04:30 UTC on 1 Dec is 23:30 the evening before in New York.
    const instant = '2026-12-01T04:30:00.000Z';
    expect(businessDate(instant, NY)).toBe('2026-11-30');
    expect(formatCityTime(instant, NY)).toBe('11:30 PM');
    expect(formatCityDateTime(instant, NY)).toBe('Nov 30, 2026, 11:30 PM');
    expect(isoInZone(instant, NY)).toBe('2026-11-30T23:30:00-05:00');
    expect(toCityDateTimeInput(instant, NY)).toBe('2026-11-30T23:30');
    expect(fromCityDateTime('2026-11-30T23:30', NY).toISOString()).toBe(instant);
    expect(startOfCityDay('2026-11-30', NY).toISOString()).toBe('2026-11-30T05:00:00.000Z');
  });
});

describe('business date', () => {
  it.each([
    ['2026-12-01T04:59:59.999Z', NY, '2026-11-30'],
    ['2026-12-01T05:00:00.000Z', NY, '2026-12-01'],
    ['2026-12-01T14:59:59.000Z', 'Asia/Tokyo', '2026-12-01'],
    ['2026-12-01T15:00:00.000Z', 'Asia/Tokyo', '2026-12-02'],
    ['2026-12-01T23:59:59.000Z', 'UTC', '2026-12-01'],
  ])('%s in %s is %s', (instant, zone, day) => {
    expect(businessDate(instant, zone)).toBe(day);
  });
});

describe('12-hour hours', () => {
  it.each([
    [0, '12 AM'],
    [1, '1 AM'],
    [11, '11 AM'],
    [12, '12 PM'],
    [13, '1 PM'],
    [23, '11 PM'],
  ])('%i → %s', (hour, text) => {
    expect(formatHour12(hour)).toBe(text);
  });
  it('refuses an hour that is not one', () => {
    expect(() => formatHour12(24)).toThrow(RangeError);
    expect(() => formatHour12(1.5)).toThrow(RangeError);
  });
  it.each([
    ['2026-12-01T05:00:00Z', '12:00 AM'],
    ['2026-12-01T17:05:00Z', '12:05 PM'],
    ['2026-12-01T18:00:00Z', '1:00 PM'],
  ])('%s reads %s in New York', (instant, text) => {
    expect(formatCityTime(instant, NY)).toBe(text);
  });
});

describe('the nights the clocks change (New York, 2026)', () => {
  it('offsets either side of the spring change on 8 March', () => {
    expect(offsetMinutes('2026-03-08T06:59:00Z', NY)).toBe(-300);
    expect(offsetMinutes('2026-03-08T07:00:00Z', NY)).toBe(-240);
    expect(isoInZone('2026-03-08T07:00:00Z', NY)).toBe('2026-03-08T03:00:00-04:00');
  });
  it('a time skipped in spring is read with the offset from before the change', () => {
    expect(fromCityDateTime('2026-03-08T02:30', NY).toISOString()).toBe('2026-03-08T07:30:00.000Z');
    expect(zonedParts('2026-03-08T07:30:00Z', NY)).toMatchObject({ hour: 3, minute: 30 });
  });
  it('an hour that happens twice in autumn is the first of the two', () => {
    expect(fromCityDateTime('2026-11-01T01:30', NY).toISOString()).toBe('2026-11-01T05:30:00.000Z');
    expect(isoInZone('2026-11-01T06:30:00Z', NY)).toBe('2026-11-01T01:30:00-05:00');
  });
  it('the autumn day has 25 hours and the spring day 23', () => {
    expect(startOfCityDay('2026-11-02', NY).getTime() - startOfCityDay('2026-11-01', NY).getTime()).toBe(25 * 3_600_000);
    expect(startOfCityDay('2026-03-09', NY).getTime() - startOfCityDay('2026-03-08', NY).getTime()).toBe(23 * 3_600_000);
  });
});

describe('bad input', () => {
  it('an unknown zone is refused', () => {
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidTimeZone(NY)).toBe(true);
    expect(() => businessDate('2026-12-01T00:00:00Z', 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
  it('a malformed instant or local time is refused', () => {
    expect(() => zonedParts('yesterday', NY)).toThrow(RangeError);
    expect(() => fromCityDateTime('1/12/2026 9:00', NY)).toThrow(RangeError);
  });
});
