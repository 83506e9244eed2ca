import { pbkdf2, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { PinHash } from '../shared';

const pbkdf2Async = promisify(pbkdf2);

/**
 * PINs are hashed with PBKDF2-SHA256, salted and slow, because kiosks check them offline with WebCrypto, which has
 * PBKDF2 but not scrypt or Argon2. The catalogue carries this hash, never the PIN.
 */
export const PIN_ITERATIONS = 210_000;

export const PIN_PATTERN = /^\d{6,8}$/;

function isDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= days;
}

/** Reads the PIN as a date: DDMMYY, MMDDYY, YYMMDD (6 digits); DDMMYYYY, MMDDYYYY, YYYYMMDD (8); a leap-year 29 Feb counts for any YY. */
function looksLikeBirthday(pin: string): boolean {
  const n = (from: number, length: number) => Number(pin.slice(from, from + length));
  const plausibleYear = (y: number) => y >= 1900 && y <= 2099;
  if (pin.length === 6) {
    return isDate(2000, n(2, 2), n(0, 2)) || isDate(2000, n(0, 2), n(2, 2)) || isDate(2000, n(2, 2), n(4, 2));
  }
  if (pin.length === 8) {
    return (
      (plausibleYear(n(4, 4)) && (isDate(n(4, 4), n(2, 2), n(0, 2)) || isDate(n(4, 4), n(0, 2), n(2, 2)))) ||
      (plausibleYear(n(0, 4)) && isDate(n(0, 4), n(4, 2), n(6, 2)))
    );
  }
  return false;
}

/**
 * Why a PIN may not be used, or null. At least 6 digits (a 4-digit PIN falls to an offline search in minutes), and none
 * of the PINs people pick first: one digit repeated, a short pattern repeated (121212, 123123), a run up or down
 * (123456, 987654, 890123) and anything that reads as a date of birth.
 */
export function pinProblem(pin: string): string | null {
  if (!PIN_PATTERN.test(pin)) return 'a PIN is 6 to 8 digits';
  const digits = [...pin].map(Number);
  for (const period of [1, 2, 3, 4]) {
    if (pin.length % period === 0 && pin.length > period && pin === pin.slice(0, period).repeat(pin.length / period)) {
      return 'a PIN may not be one digit or a short pattern repeated';
    }
  }
  const steps = digits.slice(1).map((d, i) => (d - digits[i]! + 10) % 10);
  if (steps.every((step) => step === steps[0]) && (steps[0] === 1 || steps[0] === 9)) return 'a PIN may not be a run of digits up or down';
  if (looksLikeBirthday(pin)) return 'a PIN may not read as a date (a birthday is easy to guess)';
  return null;
}

export async function hashPin(pin: string, iterations = PIN_ITERATIONS): Promise<PinHash> {
  const problem = pinProblem(pin);
  if (problem) throw new Error(problem);
  const salt = randomBytes(16);
  const hash = await pbkdf2Async(pin, salt, iterations, 32, 'sha256');
  return { algorithm: 'pbkdf2-sha256', iterations, salt: salt.toString('base64'), hash: hash.toString('base64') };
}

export async function verifyPin(pin: string, stored: PinHash): Promise<boolean> {
  const expected = Buffer.from(stored.hash, 'base64');
  const actual = await pbkdf2Async(pin, Buffer.from(stored.salt, 'base64'), stored.iterations, expected.length, 'sha256');
  return timingSafeEqual(actual, expected);
}
