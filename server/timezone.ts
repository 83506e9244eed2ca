const formatters = new Map<string, Intl.DateTimeFormat>();

/** The city's calendar date (YYYY-MM-DD) of an instant: a stop that runs past midnight UTC stays on its own day. */
export function businessDate(instant: string | Date, timeZone: string): string {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  // Making a DateTimeFormat costs far more than using one: keep one per zone. en-CA formats as YYYY-MM-DD.
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, format);
  }
  return format.format(date);
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}
