/**
 * The city's clock. Every date and hour the kiosk or the API shows, stores as a business date, or exports is read in
 * the city's time zone through Intl, never in the zone of the machine it happens to run on.
 */

/** The zone used until the catalogue or the host's configuration names one. */
export const DEFAULT_CITY_TIME_ZONE = 'America/New_York';

export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  /** 0–23. */
  hour: number;
  minute: number;
  second: number;
}

const partFormatters = new Map<string, Intl.DateTimeFormat>();
const recentDates = new Map<string, string>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  // Making a DateTimeFormat costs far more than using one: keep one per zone.
  let format = partFormatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    partFormatters.set(timeZone, format);
  }
  return format;
}

const toDate = (instant: string | Date | number) => (instant instanceof Date ? instant : new Date(instant));
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock reading in the zone at an instant. */
export function zonedParts(instant: string | Date | number, timeZone: string): ZonedParts {
  const date = toDate(instant);
  if (Number.isNaN(date.getTime())) throw new RangeError('not a valid instant');
  const out: Record<string, number> = {};
  for (const part of partsFormatter(timeZone).formatToParts(date)) {
    if (part.type !== 'literal') out[part.type] = Number(part.value);
  }
  return { year: out.year!, month: out.month!, day: out.day!, hour: out.hour! % 24, minute: out.minute!, second: out.second! };
}

/** The city's calendar date (YYYY-MM-DD) of an instant: a stop that runs past midnight UTC stays on its own day. */
export function businessDate(instant: string | Date | number, timeZone: string): string {
  const date = toDate(instant);
  // Every zone's offset is a whole number of quarter hours, so the date is the same across a UTC quarter hour.
  const key = `${timeZone}|${Math.floor(date.getTime() / 900_000)}`;
  const cached = recentDates.get(key);
  if (cached !== undefined) return cached;
  if (recentDates.size > 10_000) recentDates.clear();
  const p = zonedParts(date, timeZone);
  const day = `${p.year}-${pad(p.month)}-${pad(p.day)}`;
  recentDates.set(key, day);
  return day;
}

/** The zone's offset from UTC at an instant, in minutes (New York in winter: -300). */
export function offsetMinutes(instant: string | Date | number, timeZone: string): number {
  const date = toDate(instant);
  const p = zonedParts(date, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(date.getTime() / 1000) * 1000) / 60_000);
}

/** "-05:00", "+09:00", "+00:00". */
export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** ISO 8601 with the city's offset, to the second: "2026-12-01T09:05:00-05:00" (for CSV and reports). */
export function isoInZone(instant: string | Date | number, timeZone: string): string {
  const p = zonedParts(instant, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${formatOffset(offsetMinutes(instant, timeZone))}`;
}

/** An hour of the day in the app's 12-hour format: 0 → "12 AM", 13 → "1 PM". */
export function formatHour12(hour: number): string {
  if (!Number.isInteger(hour) || hour < 0 || hour > 23) throw new RangeError(`hour must be 0–23, got ${hour}`);
  return `${hour % 12 === 0 ? 12 : hour % 12} ${hour < 12 ? 'AM' : 'PM'}`;
}

/** The time of an instant on the city's clock, 12-hour: "9:05 AM". */
export function formatCityTime(instant: string | Date | number, timeZone: string): string {
  const p = zonedParts(instant, timeZone);
  return `${p.hour % 12 === 0 ? 12 : p.hour % 12}:${pad(p.minute)} ${p.hour < 12 ? 'AM' : 'PM'}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** A business date (YYYY-MM-DD) for staff screens: "Dec 1, 2026". */
export function formatBusinessDate(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`not a date: ${date}`);
  return `${MONTHS[Number(m[2]) - 1]} ${Number(m[3])}, ${m[1]}`;
}

/** Date and time of an instant on the city's clock: "Dec 1, 2026, 9:05 AM". */
export function formatCityDateTime(instant: string | Date | number, timeZone: string): string {
  return `${formatBusinessDate(businessDate(instant, timeZone))}, ${formatCityTime(instant, timeZone)}`;
}

/** The value a `datetime-local` input shows for an instant, on the city's clock: "2026-12-01T09:05". */
export function toCityDateTimeInput(instant: string | Date | number, timeZone: string): string {
  const p = zonedParts(instant, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

/**
 * The instant a wall-clock reading in the zone stands for ("2026-12-01T09:05" typed into a form). A time skipped by
 * a spring-forward change is read with the offset from before it (02:30 becomes 03:30); an ambiguous autumn time is
 * the first of the two.
 */
export function fromCityDateTime(local: string, timeZone: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(local);
  if (!m) throw new RangeError(`not a local date and time: ${local}`);
  const [year, month, day, hour = 0, minute = 0, second = 0] = m.slice(1).map((v) => (v === undefined ? 0 : Number(v)));
  const asUtc = Date.UTC(year!, month! - 1, day!, hour, minute, second);
  // Try the offsets in force a day either side; the earliest that reads back as the same wall clock wins.
  const candidates = [...new Set([offsetMinutes(asUtc - 86_400_000, timeZone), offsetMinutes(asUtc + 86_400_000, timeZone)])]
    .map((offset) => asUtc - offset * 60_000)
    .sort((a, b) => a - b);
  for (const candidate of candidates) {
    const p = zonedParts(candidate, timeZone);
    if (p.year === year && p.month === month && p.day === day && p.hour === hour && p.minute === minute) return new Date(candidate);
  }
  // In a spring-forward gap: keep the offset from before the change.
  return new Date(asUtc - offsetMinutes(asUtc - 86_400_000, timeZone) * 60_000);
}

/** The instant the city's day `date` (YYYY-MM-DD) begins. */
export function startOfCityDay(date: string, timeZone: string): Date {
  return fromCityDateTime(`${date}T00:00`, timeZone);
}
