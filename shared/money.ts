/** Money is always an integer number of cents. These helpers are the only way in from text. */

export type Cents = number;

export const MAX_CENTS = 100_000_000_00; // $100 million: larger than any bill a van takes

export function isCents(value: unknown): value is Cents {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= MAX_CENTS;
}

export type MoneyParseError = 'empty' | 'not_a_number' | 'negative' | 'too_many_decimals' | 'too_large';

export type MoneyParseResult = { ok: true; cents: Cents } | { ok: false; error: MoneyParseError };

const MONEY_PATTERN = /^(\d{1,3}(,\d{3})+|\d+)?(\.(\d*))?$/;

/** Parses what a clerk types ("12", "12.5", "1,234.56", "$3.00") into cents, without floating point. */
export function parseMoney(input: string): MoneyParseResult {
  let text = input.trim();
  if (text.startsWith('$')) text = text.slice(1).trim();
  if (text === '') return { ok: false, error: 'empty' };
  if (text.startsWith('-')) return { ok: false, error: 'negative' };
  const match = MONEY_PATTERN.exec(text);
  if (!match || text === '.') return { ok: false, error: 'not_a_number' };
  const whole = (match[1] ?? '0').replaceAll(',', '');
  const fraction = match[4] ?? '';
  if (fraction.length > 2) return { ok: false, error: 'too_many_decimals' };
  if (whole.length > 12) return { ok: false, error: 'too_large' };
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  if (cents > MAX_CENTS) return { ok: false, error: 'too_large' };
  return { ok: true, cents };
}

/** Formats cents for people, in their locale; the arithmetic never leaves integers. */
export function formatMoney(cents: Cents, locale = 'en-US', currency = 'USD'): string {
  const negative = cents < 0;
  const abs = Math.abs(cents);
  const whole = Math.trunc(abs / 100);
  const fraction = abs % 100;
  // Intl only formats here; building the value from integer parts keeps it exact.
  const formatted = new Intl.NumberFormat(locale, { style: 'currency', currency }).format(
    Number(`${whole}.${String(fraction).padStart(2, '0')}`),
  );
  return negative ? `-${formatted}` : formatted;
}

/** Cents as a plain decimal string ("1234.05"), for CSV and reports. */
export function centsToDecimalString(cents: Cents): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export function sumCents(values: readonly Cents[]): Cents {
  let total = 0;
  for (const value of values) total += value;
  if (!Number.isSafeInteger(total)) throw new RangeError('sum of cents is not a safe integer');
  return total;
}
