import { z } from 'zod';
import { MAX_CENTS } from './money';
import { containsCardNumber, hasControlCharacters } from './text';

/** Integer cents, never negative, never fractional. */
export const centsSchema = z
  .number({ error: 'must be a number of cents' })
  .int({ error: 'must be whole cents' })
  .min(0, { error: 'must not be negative' })
  .max(MAX_CENTS, { error: 'is too large' });

/** Free text a person typed: bounded, no control characters, never a card number. */
export function safeText(max: number) {
  // One check function for both rules: this runs for every text field of every pushed event.
  return z
    .string()
    .max(max, { error: `must be at most ${max} characters` })
    .check((ctx) => {
      if (hasControlCharacters(ctx.value)) ctx.issues.push({ code: 'custom', message: 'must not contain control characters', input: ctx.value });
      else if (containsCardNumber(ctx.value)) ctx.issues.push({ code: 'custom', message: 'looks like a card number, which must never be recorded', input: ctx.value });
    });
}

export function requiredText(max: number) {
  return safeText(max).refine((s) => s.trim().length > 0, { error: 'is required' });
}

export const isoTimestampSchema = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 timestamp' });
