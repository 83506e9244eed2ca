import { businessDate, type CityTopic } from '../../shared';
import { officeT } from './i18n';

/** Times in the city's zone, whatever the office computer's zone is. */
export function cityDateTime(iso: string | null, timeZone: string): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat('en-US', { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

export function dollars(cents: number): string {
  const sign = cents < 0 ? '−' : '';
  const abs = Math.abs(cents);
  return `${sign}$${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`;
}

/** A kiosk language named in English, as office staff read it (the console bundles no fonts for every script). */
export function languageName(code: string, ownName: string): string {
  const english = new Intl.DisplayNames('en', { type: 'language' }).of(code);
  // Where the browser has no English name (Kabuverdianu, "kea"), the language's own name.
  return english && english !== code ? english : ownName;
}

/** Today in the city's zone, as YYYY-MM-DD: the city's business date of now. */
export function cityToday(timeZone: string): string {
  return businessDate(Date.now(), timeZone);
}

/** A city date moved by whole days (calendar arithmetic on the date itself, so no zone or clock change can shift it). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Seconds as minutes and seconds ("4 min 05 s"); a dash when there is nothing to measure. */
export function duration(seconds: number | null): string {
  if (seconds === null) return '—';
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return m === 0 ? officeT('common.duration.seconds', { s }) : officeT('common.duration.minutes', { m, ss: String(s).padStart(2, '0') });
}

/** The city's topics as the office reads them (the code names stay the values sent and stored). */
const TOPIC_NAMES = {
  streets: () => officeT('common.topics.streets'),
  safety: () => officeT('common.topics.safety'),
  parks: () => officeT('common.topics.parks'),
  housing: () => officeT('common.topics.housing'),
  transit: () => officeT('common.topics.transit'),
  trash: () => officeT('common.topics.trash'),
  other: () => officeT('common.topics.other'),
} satisfies Record<CityTopic, () => string>;

/** A topic's name; one this console does not know (a newer API's) is shown as its code. */
export function topicName(topic: string): string {
  return Object.hasOwn(TOPIC_NAMES, topic) ? TOPIC_NAMES[topic as CityTopic]() : topic;
}
