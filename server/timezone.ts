const formatters = new Map<string, Intl.DateTimeFormat>();
const recent = new Map<string, string>();

/** The city's calendar date (YYYY-MM-DD) of an instant: a stop that runs past midnight UTC stays on its own day. */
export function businessDate(instant: string | Date, timeZone: string): string {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  // Every zone's offset is a whole number of quarter hours, so the date is the same across a UTC quarter hour.
  const quarter = Math.floor(date.getTime() / 900_000);
  const key = `${timeZone}|${quarter}`;
  const cached = recent.get(key);
  if (cached !== undefined) return cached;
  if (recent.size > 10_000) recent.clear();
  // Making a DateTimeFormat costs far more than using one: keep one per zone. en-CA formats as YYYY-MM-DD.
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, format);
  }
  const day = format.format(date);
  recent.set(key, day);
  return day;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}
