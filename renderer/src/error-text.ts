import type { TFunction } from 'i18next';
import { DomainError } from './db/actions/errors';

/**
 * What a clerk or supervisor reads for an error: the staff message its key names (a DomainError's `key`, with its
 * params), or `fallback` for an error nobody gave words to (by default a plain "this did not work" sentence). The
 * error's own `message` is English for logs and tests and is never put on screen; an unknown error goes to the console.
 */
export function staffErrorText(t: TFunction<'staff'>, error: unknown, fallback?: string): string {
  if (error instanceof DomainError) {
    const text = t(error.key, { ...error.params, defaultValue: '' });
    if (text) return text;
  }
  console.error(error);
  return fallback ?? t('errors.unexpected');
}
