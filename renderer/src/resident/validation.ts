import { businessDate, containsCardNumber, hasControlCharacters, serviceRequestFiledSchema } from '../../../shared';

/** Checks for what a resident types, answering with message keys (errors.*) so every message is translated. */
export interface FieldProblem {
  key: string;
  values?: Record<string, number>;
}

export type Problems<K extends string> = Partial<Record<K, FieldProblem | null>>;

const LINE_BREAK = /[\r\n\u2028\u2029]/;

export function checkText(value: string, rule: { required?: boolean; max: number; multiline?: boolean }): FieldProblem | null {
  const text = value.trim();
  if (text === '') return rule.required ? { key: 'errors.required' } : null;
  if (containsCardNumber(text)) return { key: 'errors.cardNumber' };
  if (hasControlCharacters(text) || (!rule.multiline && LINE_BREAK.test(text))) return { key: 'errors.controlCharacters' };
  if (text.length > rule.max) return { key: 'errors.tooLong', values: { count: rule.max } };
  return null;
}

/** Optional phone: the Open311 event's own rule (digits, spaces, + ( ) . -, 7–20 characters). */
export function checkPhone(value: string): FieldProblem | null {
  const text = value.trim();
  if (text === '') return null;
  return serviceRequestFiledSchema.shape.phone.safeParse(text).success ? null : { key: 'errors.phone' };
}

/** Optional email, by the Open311 event's own rule. */
export function checkEmail(value: string): FieldProblem | null {
  const text = value.trim();
  if (text === '') return null;
  return serviceRequestFiledSchema.shape.email.safeParse(text).success ? null : { key: 'errors.email' };
}

/**
 * A calendar date (YYYY-MM-DD, as the day/month/year field composes it), not after today: a box left empty or not a
 * number is "enter a date", 31 February "that date does not exist", tomorrow "today or earlier", each in words.
 */
export function checkDate(value: string, today: string): FieldProblem | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  if (!match) return { key: value.trim() === '' ? 'errors.required' : 'errors.date' };
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  const real = year >= 1800 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  if (!real) return { key: 'errors.dateNotReal' };
  if (value.trim() > today) return { key: 'errors.dateFuture' };
  return null;
}

export const MIN_COPIES = 1;
export const MAX_COPIES = 20;

export function checkCopies(copies: number): FieldProblem | null {
  return Number.isInteger(copies) && copies >= MIN_COPIES && copies <= MAX_COPIES ? null : { key: 'errors.copies', values: { min: MIN_COPIES, max: MAX_COPIES } };
}

/** Today as YYYY-MM-DD on the city's clock, whatever zone the kiosk's laptop is set to. */
export function localToday(timeZone: string, now = new Date()): string {
  return businessDate(now, timeZone);
}

export function hasProblems<K extends string>(problems: Problems<K>): boolean {
  return Object.values(problems).some(Boolean);
}
