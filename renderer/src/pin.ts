import type { PinHash } from '../../shared';
import { fromBase64 } from './base64';

/** Checks a PIN offline against the synced PBKDF2-SHA256 hash, with WebCrypto; constant-time compare. */
export async function verifyPin(pin: string, stored: PinHash): Promise<boolean> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits']);
  const expected = fromBase64(stored.hash);
  const bits = new Uint8Array(
    await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: fromBase64(stored.salt), iterations: stored.iterations }, key, expected.length * 8),
  );
  let diff = bits.length ^ expected.length;
  for (let i = 0; i < Math.min(bits.length, expected.length); i++) diff |= bits[i]! ^ expected[i]!;
  return diff === 0;
}

export interface PinLockout {
  failures: number;
  lockedUntil: number;
}

/** After 3 wrong PINs the pad locks for 30 s, then twice as long after each further miss (capped at 1 h). */
export function lockoutAfterFailure(previous: PinLockout, now: number): PinLockout {
  const failures = previous.failures + 1;
  if (failures < 3) return { failures, lockedUntil: 0 };
  const seconds = Math.min(3600, 30 * 2 ** (failures - 3));
  return { failures, lockedUntil: now + seconds * 1000 };
}
