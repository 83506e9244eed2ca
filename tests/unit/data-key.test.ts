import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { KioskHost } from '../../shared';
import { browserDataKey, dataKeyFor, importDataKey } from '../../renderer/src/host/data-key';
import { openPinHash, sealPinHash } from '../../renderer/src/pin-seal';

const pin = { algorithm: 'pbkdf2-sha256' as const, iterations: 210_000, salt: 'c2FsdHNhbHRzYWx0c2FsdA==', hash: 'aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=' };

describe('the browser host’s device key', () => {
  it('is made once, kept in IndexedDB, not extractable, and the same key on every start', async () => {
    const idb = new IDBFactory();
    const first = await browserDataKey(idb);
    const second = await browserDataKey(idb);
    expect(first.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('raw', first)).rejects.toThrow();
    const sealed = await sealPinHash(first, 'ana', pin);
    await expect(openPinHash(second, { id: 'ana', pin: sealed })).resolves.toEqual(pin);
  });

  it('two windows starting at once end up with one key', async () => {
    const idb = new IDBFactory();
    const [a, b] = await Promise.all([browserDataKey(idb), browserDataKey(idb)]);
    const sealed = await sealPinHash(a, 'ana', pin);
    await expect(openPinHash(b, { id: 'ana', pin: sealed })).resolves.toEqual(pin);
  });

  it('another browser profile has another key: a copied database does not open there', async () => {
    const key = await browserDataKey(new IDBFactory());
    const elsewhere = await browserDataKey(new IDBFactory());
    const sealed = await sealPinHash(key, 'ana', pin);
    await expect(openPinHash(elsewhere, { id: 'ana', pin: sealed })).rejects.toMatchObject({ code: 'wrong_key' });
  });
});

describe('dataKeyFor', () => {
  it('under Electron uses the key main keeps, imported so the page cannot read it back', async () => {
    const bytes = new Uint8Array(32).fill(5);
    let asked = 0;
    const host = { kind: 'electron', getDataKey: async () => (asked++, bytes) } as unknown as KioskHost;
    const key = await dataKeyFor(host);
    await dataKeyFor(host);
    expect(asked).toBe(1);
    expect(key.extractable).toBe(false);
    const sealed = await sealPinHash(key, 'ana', pin);
    await expect(openPinHash(await importDataKey(bytes), { id: 'ana', pin: sealed })).resolves.toEqual(pin);
  });

  it('asks again after a refusal (the keychain may come back)', async () => {
    let calls = 0;
    const host = {
      kind: 'electron',
      getDataKey: async () => {
        calls++;
        if (calls === 1) throw new Error('keychain locked');
        return new Uint8Array(32);
      },
    } as unknown as KioskHost;
    await expect(dataKeyFor(host)).rejects.toThrow('keychain locked');
    await expect(dataKeyFor(host)).resolves.toBeDefined();
    expect(calls).toBe(2);
  });
});
