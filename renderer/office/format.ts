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
