import 'fake-indexeddb/auto';
import { KioskDb } from '../../renderer/src/db/db';
import { recordTransaction, type TransactionDraft } from '../../renderer/src/db/transactions';
import { SyncEngine, type SyncDeps, type SyncStatus } from '../../renderer/src/sync/engine';
import { sealCatalogue } from '../../renderer/src/pin-seal';
import type { DeviceCredentials } from '../../shared';

let dbCounter = 0;
/** The device key a test kiosk wraps its staff PIN hashes with (the browser host's kind: non-extractable). */
export const testDataKey = crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);

/** A kiosk's storage and sync loop in Node: real Dexie over fake-indexeddb, real fetch, real timers. */
export function makeKiosk(apiUrl: string, credentials: DeviceCredentials, overrides: Partial<SyncDeps> = {}, dbName = `kiosk-test-${process.pid}-${++dbCounter}`) {
  const db = new KioskDb(dbName);
  const statuses: SyncStatus[] = [];
  let lock: Promise<unknown> = Promise.resolve();
  const engine = new SyncEngine({
    db,
    apiUrl,
    getCredentials: async () => credentials,
    sealCatalogue: async (catalogue) => sealCatalogue(await testDataKey, catalogue),
    fetch: (input, init) => fetch(input, init),
    now: () => new Date(),
    random: Math.random,
    withLock: (run) => {
      const next = lock.then(run, run);
      lock = next.catch(() => undefined);
      return next;
    },
    setTimer: (run, ms) => setTimeout(run, ms),
    clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
    onStatus: (status) => statuses.push(status),
    batchSize: 100,
    requestTimeoutMs: 2000,
    retryBaseMs: 50,
    retryMaxMs: 400,
    idlePollMs: 60_000,
    ...overrides,
  });
  const record = (amountCents: number) =>
    recordTransaction({ db, deviceId: credentials.deviceId, now: () => new Date(), actorId: null, catalogueVersion: 0 }, parkingDraft(amountCents));
  return { db, engine, statuses, record };
}

/** A valid draft like the parking-ticket screen makes. */
export function parkingDraft(amountCents: number): TransactionDraft {
  return {
    serviceCode: 'parking-ticket',
    serviceName: 'Pay parking ticket',
    reference: 'T1000001',
    quantity: 1,
    unitFeeCents: null,
    amountCents,
    payment: { method: 'cash', tenderedCents: amountCents, changeCents: 0 },
    catalogueVersion: 0,
    stopId: null,
    staffId: null,
  };
}
