import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeKiosk, testDataKey } from '../helpers/kiosk';
import { startTestApi, type TestApi } from '../helpers/server';
import { DEMO_VAN_NAME } from '../../server/seed';
import { verifyPin } from '../../renderer/src/pin';
import { openPinHash, SEALED_PREFIX, sealPinHash } from '../../renderer/src/pin-seal';
import { importDataKey } from '../../renderer/src/host/data-key';

// The staff PIN hashes a kiosk pulls are stored wrapped by the device key its host keeps: a copied database alone
// holds no hash to test guesses against. Real API, real Dexie over fake-indexeddb, real WebCrypto.

let api: TestApi;
let url: string;
beforeAll(async () => {
  api = await startTestApi({ seed: true });
  url = await api.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => api.close());

describe('staff PIN hashes at rest on the kiosk', () => {
  it('are stored sealed, open with the device key, and the demo PIN still signs in offline', async () => {
    // The demo staff are assigned to the demo van; a kiosk receives only its van's staff.
    const device = await api.enrolDevice(DEMO_VAN_NAME);
    const kiosk = makeKiosk(url, device);
    await kiosk.engine.trigger();
    kiosk.engine.stop();
    const stored = await kiosk.db.catalogue.get('current');
    expect(stored?.catalogue.staff.length).toBeGreaterThan(0);
    const served = (await (await fetch(new URL('/v1/catalogue', url), { headers: { Authorization: `Bearer ${device.token}` } })).json()) as { staff: { id: string; pin: { hash: string } }[] };
    const dump = JSON.stringify(await kiosk.db.catalogue.toArray());
    for (const person of served.staff) expect(dump).not.toContain(person.pin.hash);
    for (const person of stored!.catalogue.staff) expect(person.pin.hash.startsWith(SEALED_PREFIX)).toBe(true);

    const ana = stored!.catalogue.staff.find((s) => s.name === 'Ana Clerk')!;
    const key = await testDataKey;
    expect(await verifyPin('246810', await openPinHash(key, ana))).toBe(true);
    expect(await verifyPin('246811', await openPinHash(key, ana))).toBe(false);
  });

  it('refuse another device key, another staff member’s slot, and a hash stored in the clear', async () => {
    const key = await testDataKey;
    const other = await importDataKey(new Uint8Array(32).fill(9));
    const pin = { algorithm: 'pbkdf2-sha256' as const, iterations: 210_000, salt: 'c2FsdHNhbHRzYWx0c2FsdA==', hash: 'aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=' };
    const sealed = await sealPinHash(key, 'ana', pin);
    await expect(openPinHash(key, { id: 'ana', pin: sealed })).resolves.toEqual(pin);
    await expect(openPinHash(other, { id: 'ana', pin: sealed })).rejects.toMatchObject({ code: 'wrong_key' });
    await expect(openPinHash(key, { id: 'sam', pin: sealed })).rejects.toMatchObject({ code: 'wrong_key' });
    await expect(openPinHash(key, { id: 'ana', pin })).rejects.toMatchObject({ code: 'not_sealed' });
  });

  it('an imported host key cannot be read back out of the page', async () => {
    const key = await importDataKey(new Uint8Array(32).fill(1));
    expect(key.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow();
  });
});
