/**
 * Wall-clock date-times in the city's time zone, as a `datetime-local` field shows them ("2026-03-08T23:30"), and
 * back to instants. The laptop's own zone plays no part: a van whose clock is set to UTC still opens its stop at
 * Boston hours.
 */

const partFormatters = new Map<string, Intl.DateTimeFormat>();

function wallParts(instant: Date, timeZone: string) {
  let format = partFormatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
    partFormatters.set(timeZone, format);
  }
  const parts: Record<string, string> = {};
  for (const p of format.formatToParts(instant)) parts[p.type] = p.value;
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), hour: Number(parts.hour), minute: Number(parts.minute) };
}

/** The zone's wall clock at an instant, as a datetime-local value (minutes precision). */
export function zonedInputValue(instant: Date, timeZone: string): string {
  const p = wallParts(instant, timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${String(p.year).padStart(4, '0')}-${two(p.month)}-${two(p.day)}T${two(p.hour)}:${two(p.minute)}`;
}

const INPUT_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/**
 * The instant a datetime-local value means in the zone, or null when it is malformed or names a time the clocks skip
 * (02:30 on the spring-forward night). In the repeated hour of the autumn night the earlier instant is taken.
 */
export function instantFromZonedInput(value: string, timeZone: string): Date | null {
  const m = INPUT_PATTERN.exec(value);
  if (!m) return null;
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null;
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  // Try the offsets the zone has around that day; keep the earliest instant whose wall clock reads the value.
  const offsets = new Set<number>();
  for (const probe of [asUtc - 86_400_000, asUtc, asUtc + 86_400_000]) {
    const p = wallParts(new Date(probe), timeZone);
    offsets.add(Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) - Math.floor(probe / 60_000) * 60_000);
  }
  const candidates = [...offsets].map((offset) => asUtc - offset).sort((a, b) => a - b);
  for (const candidate of candidates) {
    if (zonedInputValue(new Date(candidate), timeZone) === value) return new Date(candidate);
  }
  return null;
}
