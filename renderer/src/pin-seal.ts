import type { Catalogue, CatalogueStaff, PinHash } from '../../shared';
import { fromBase64, toBase64 } from './base64';

/**
 * Staff PIN hashes are stored on the kiosk wrapped (AES-GCM) by the per-device key the host keeps, bound to the staff
 * id. A copy of the kiosk's database alone gives salts and iteration counts but no hash to test guesses against.
 */
export const SEALED_PREFIX = 'sealed:v1:';

export class SealedPinError extends Error {
  constructor(
    readonly code: 'not_sealed' | 'wrong_key',
    message: string,
  ) {
    super(message);
  }
}

const aad = (staffId: string) => new TextEncoder().encode(`chtg-pin:${staffId}`);

export async function sealPinHash(key: CryptoKey, staffId: string, pin: PinHash): Promise<PinHash> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: aad(staffId) }, key, new TextEncoder().encode(pin.hash)));
  const joined = new Uint8Array(iv.length + sealed.length);
  joined.set(iv);
  joined.set(sealed, iv.length);
  return { ...pin, hash: `${SEALED_PREFIX}${toBase64(joined)}` };
}

/** The stored hash, unwrapped; refuses a hash stored in the clear, and one wrapped by another key or for someone else. */
export async function openPinHash(key: CryptoKey, staff: Pick<CatalogueStaff, 'id' | 'pin'>): Promise<PinHash> {
  if (!staff.pin.hash.startsWith(SEALED_PREFIX)) throw new SealedPinError('not_sealed', 'this staff list was stored without the device key');
  try {
    const joined = fromBase64(staff.pin.hash.slice(SEALED_PREFIX.length));
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: joined.slice(0, 12), additionalData: aad(staff.id) }, key, joined.slice(12));
    return { ...staff.pin, hash: new TextDecoder().decode(plain) };
  } catch {
    throw new SealedPinError('wrong_key', 'this staff list was stored with another device key');
  }
}

/** The catalogue as the kiosk stores it: every PIN hash sealed. */
export async function sealCatalogue(key: CryptoKey, catalogue: Catalogue): Promise<Catalogue> {
  return { ...catalogue, staff: await Promise.all(catalogue.staff.map(async (s) => ({ ...s, pin: await sealPinHash(key, s.id, s.pin) }))) };
}
