import type { KioskHost } from '../../../shared';

const KEY_DB = 'chtg-host-key';
const KEY_STORE = 'keys';
const KEY_ID = 'data-key';

function idbRequest<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

/**
 * The browser host's per-device key: a non-extractable AES-GCM CryptoKey made once and kept in IndexedDB (a
 * CryptoKey can be stored, never read out as bytes). A trial setup: anyone who copies this browser profile copies
 * the key with it; the Electron build keeps its key under the OS keychain instead.
 */
export async function browserDataKey(indexedDb: IDBFactory = indexedDB, subtle: SubtleCrypto = crypto.subtle): Promise<CryptoKey> {
  const open = indexedDb.open(KEY_DB, 1);
  open.onupgradeneeded = () => open.result.createObjectStore(KEY_STORE);
  const db = await idbRequest(open);
  try {
    const existing = (await idbRequest(db.transaction(KEY_STORE, 'readonly').objectStore(KEY_STORE).get(KEY_ID))) as CryptoKey | undefined;
    if (existing) return existing;
    const key = await subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    const tx = db.transaction(KEY_STORE, 'readwrite');
    // add, not put: two windows starting at once keep whichever key was stored first.
    tx.objectStore(KEY_STORE).add(key, KEY_ID);
    await new Promise<void>((resolve) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => resolve();
      tx.onabort = () => resolve();
    });
    const stored = (await idbRequest(db.transaction(KEY_STORE, 'readonly').objectStore(KEY_STORE).get(KEY_ID))) as CryptoKey | undefined;
    if (!stored) throw new Error('the kiosk’s data key could not be stored');
    return stored;
  } finally {
    db.close();
  }
}

/** Imports the Electron host's key bytes as a non-extractable CryptoKey: the page can use it, never read it back. */
export async function importDataKey(bytes: Uint8Array, subtle: SubtleCrypto = crypto.subtle): Promise<CryptoKey> {
  return subtle.importKey('raw', new Uint8Array(bytes), { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
}

const keys = new WeakMap<KioskHost, Promise<CryptoKey>>();

/** The key the host keeps for this device, whichever host this is. */
export function dataKeyFor(host: KioskHost): Promise<CryptoKey> {
  let key = keys.get(host);
  if (!key) {
    key = host.getDataKey ? host.getDataKey().then((bytes) => importDataKey(bytes)) : browserDataKey();
    key.catch(() => keys.delete(host));
    keys.set(host, key);
  }
  return key;
}
