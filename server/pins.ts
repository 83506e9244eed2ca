import { pbkdf2, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { PinHash } from '../shared';

const pbkdf2Async = promisify(pbkdf2);

/**
 * PINs are hashed with PBKDF2-SHA256, salted and slow, because kiosks check them offline with WebCrypto, which has
 * PBKDF2 but not scrypt or Argon2. The catalogue carries this hash, never the PIN.
 */
export const PIN_ITERATIONS = 210_000;

export const PIN_PATTERN = /^\d{4,8}$/;

export async function hashPin(pin: string, iterations = PIN_ITERATIONS): Promise<PinHash> {
  if (!PIN_PATTERN.test(pin)) throw new Error('a PIN is 4 to 8 digits');
  const salt = randomBytes(16);
  const hash = await pbkdf2Async(pin, salt, iterations, 32, 'sha256');
  return { algorithm: 'pbkdf2-sha256', iterations, salt: salt.toString('base64'), hash: hash.toString('base64') };
}

export async function verifyPin(pin: string, stored: PinHash): Promise<boolean> {
  const expected = Buffer.from(stored.hash, 'base64');
  const actual = await pbkdf2Async(pin, Buffer.from(stored.salt, 'base64'), stored.iterations, expected.length, 'sha256');
  return timingSafeEqual(actual, expected);
}
