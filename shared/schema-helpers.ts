import { z } from 'zod';
import { isCents, MAX_CENTS } from './money';
import { containsCardNumber, hasControlCharacters } from './text';

/** Integer cents, never negative, never fractional. */
export const centsSchema = z
  .number({ error: 'must be a number of cents' })
  .int({ error: 'must be whole cents' })
  .min(0, { error: 'must not be negative' })
  .max(MAX_CENTS, { error: 'is too large' })
  .refine(isCents);

/** Free text a person typed: bounded, no control characters, never a card number. */
export function safeText(max: number) {
  return z
    .string()
    .max(max, { error: `must be at most ${max} characters` })
    .refine((s) => !hasControlCharacters(s), { error: 'must not contain control characters' })
    .refine((s) => !containsCardNumber(s), { error: 'looks like a card number, which must never be recorded' });
}

export function requiredText(max: number) {
  return safeText(max).refine((s) => s.trim().length > 0, { error: 'is required' });
}

export const isoTimestampSchema = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 timestamp' });
