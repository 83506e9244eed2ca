import type { TFunction } from 'i18next';

/** Values put into a staff message (`{{number}}`, `{{amount}}`…), already formatted; `context` picks a variant key. */
export type StaffTextParams = Record<string, string | number>;

/**
 * Words for a person, by reference: a key in the staff catalogue, its values, and the key to read instead when the
 * catalogue has no `key` (a code the office sent that this kiosk has no words for). Plain data, so it crosses the
 * sync worker's messages and is kept in the sync log; the English `message` beside it is for logs and tests.
 */
export interface StaffText {
  key: string;
  params?: StaffTextParams;
  orElse?: StaffText;
}

/** An error that says what to show (DomainError, the sync engine's errors, an error the sync worker sent back). */
export interface WordedError extends Error {
  readonly text: StaffText;
}

export function isStaffText(value: unknown): value is StaffText {
  return typeof value === 'object' && value !== null && typeof (value as StaffText).key === 'string';
}

export function isWorded(error: unknown): error is WordedError {
  return error instanceof Error && isStaffText((error as Partial<WordedError>).text);
}

/**
 * The words for a program's code in a group of the catalogue (`errors.refused`, `recordKind`…): `<group>.<code>`, else
 * the group's `other` sentence, which names the code, for a code this kiosk has no words for (sent by a newer office or
 * kiosk, or kept in an older log).
 */
export function codeText(group: string, code: string | undefined): StaffText {
  const params = { code: code ?? '?' };
  return { key: `${group}.${code ?? 'unknown'}`, params, orElse: { key: `${group}.other`, params } };
}

/** The words for `text` in t's language: its key, else its `orElse`'s; null when the catalogue has neither. */
function wordsFor(t: TFunction<'staff'>, text: StaffText): string | null {
  const words = t(text.key, { ...text.params, defaultValue: '' });
  if (words) return words;
  return text.orElse ? wordsFor(t, text.orElse) : null;
}

/** The words for `text` in t's language: its key, else its `orElse`, else the plain "this did not work" sentence. */
export function staffText(t: TFunction<'staff'>, text: StaffText): string {
  return wordsFor(t, text) ?? t('errors.unexpected');
}

/**
 * What a clerk or supervisor reads for an error: the staff message it names, or `fallback` for an error nobody gave
 * words to (by default the plain "this did not work" sentence). The error's own `message` is English for logs and
 * tests and is never put on screen; an unknown error goes to the console instead.
 */
export function staffErrorText(t: TFunction<'staff'>, error: unknown, fallback?: string): string {
  const words = isWorded(error) ? wordsFor(t, error.text) : null;
  if (words) return words;
  console.error(error);
  return fallback ?? t('errors.unexpected');
}

/** A message in both forms: English for logs and tests, and the staff catalogue's key (with its values) for the screen. */
export interface Said {
  message: string;
  text: StaffText;
}

export function said(key: string, message: string, params?: StaffTextParams): Said {
  return { message, text: params ? { key, params } : { key } };
}
