import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { countPending, getSyncCursor } from '../../renderer/src/db/db';
import { browserDataKey } from '../../renderer/src/host/data-key';
import type { SyncStatus } from '../../renderer/src/sync/engine';
import { WorkerSync, type SyncWorkerPort, type WorkerSyncOptions } from '../../renderer/src/sync/worker-client';
import { clockOffset, type FromWorker, type ToWorker } from '../../renderer/src/sync/worker-protocol';
import { openWorkerDb, serveSyncWorker } from '../../renderer/src/sync/worker-serve';
import { KioskDb } from '../../renderer/src/db/db';
import { staffErrorText } from '../../renderer/src/error-text';
import { staffT } from '../../renderer/src/i18n/staff';
import { kioskConfigSchema, type DeviceCredentials } from '../../shared';
import { makeKiosk } from '../helpers/kiosk';
import { ADMIN_TOKEN, startTestApi, type TestApi } from '../helpers/server';

/**
 * The page's WorkerSync and the worker's serveSyncWorker, joined by a fake port that delivers each message later and
 * structured-cloned, as postMessage does (a status or reply that could not cross would throw here). The worker side
 * opens its own connection to the kiosk's database, as the real worker does.
 */
function workerPair() {
  const toWorker: ((event: MessageEvent<ToWorker>) => void)[] = [];
  const toPage: ((event: MessageEvent<FromWorker>) => void)[] = [];
  let terminated = false;
  const sent: ToWorker[] = [];
  const deliver = <T,>(listeners: ((event: MessageEvent<T>) => void)[], message: T) => {
    const copy = structuredClone(message);
    setTimeout(() => {
      if (!terminated) for (const listener of listeners) listener({ data: copy } as MessageEvent<T>);
    }, 0);
  };
  const port: SyncWorkerPort = {
    postMessage: (message) => {
      sent.push(message);
      deliver(toWorker, message);
    },
    addEventListener: (type: 'message' | 'error', listener: (event: never) => void) => {
      if (type === 'message') toPage.push(listener as (event: MessageEvent<FromWorker>) => void);
    },
    terminate: () => {
      terminated = true;
    },
  };
  return {
    sent,
    get terminated() {
      return terminated;
    },
    create: () => {
      serveSyncWorker({ postMessage: (message) => deliver(toPage, message), addEventListener: (_type, listener) => toWorker.push(listener) });
      return port;
    },
  };
}

let api: TestApi;
let url: string;
beforeEach(async () => {
  api = await startTestApi();
  url = await api.app.listen({ port: 0, host: '127.0.0.1' });
  // Web Locks as one tab has them: one holder at a time.
  let held: Promise<unknown> = Promise.resolve();
  vi.stubGlobal('navigator', {
    locks: {
      request: (_name: string, run: () => Promise<unknown>) => {
        const next = held.then(run, run);
        held = next.catch(() => undefined);
        return next;
      },
    },
  });
});
afterEach(async () => {
  vi.unstubAllGlobals();
  await api.close();
});

function workerSync(device: DeviceCredentials, dbName: string, create: () => SyncWorkerPort, more: Partial<WorkerSyncOptions> = {}) {
  const statuses: SyncStatus[] = [];
  const asked: string[] = [];
  const sync = new WorkerSync({
    dbName,
    config: kioskConfigSchema.parse({ apiUrl: url, cityName: 'City of Boston', vanName: 'Van T', syncRetryBaseMs: 50, syncRetryMaxMs: 400 }),
    createWorker: create,
    answers: {
      getCredentials: async () => (asked.push('getCredentials'), device),
      appVersion: async () => (asked.push('appVersion'), '0.1.0'),
      // The key the test kiosk's database seals with (the browser host's own, as makeKiosk opens it).
      dataKey: () => (asked.push('dataKey'), browserDataKey()),
    },
    onStatus: (status) => statuses.push(status),
    onUpgradeRequired: () => {},
    fallback: () => {
      throw new Error('the worker loaded: no fallback expected');
    },
    tuning: { batchSize: 100, requestTimeoutMs: 2000 },
    ...more,
  });
  return { sync, statuses, asked };
}

async function centralTotal(): Promise<number> {
  const response = await fetch(`${url}/v1/transactions?limit=1`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  return ((await response.json()) as { total: number }).total;
}

describe('the sync engine in its worker', () => {
  it('drains the outbox from its own database connection; the page sees the status and answers the host calls', async () => {
    const device = await api.enrolDevice();
    const kiosk = makeKiosk(url, device);
    for (let i = 1; i <= 250; i++) await kiosk.record(i * 10);
    const pair = workerPair();
    const { sync, statuses, asked } = workerSync(device, kiosk.db.name, pair.create);
    await sync.opened;
    await sync.trigger();
    expect(await countPending(kiosk.db)).toBe(0);
    expect(await getSyncCursor(kiosk.db)).toBe(250);
    expect(await centralTotal()).toBe(250);
    expect(sync.inWorker).toBe(true);
    expect(statuses.filter((s) => s.state === 'syncing').at(-1)?.progress).toEqual({ done: 250, total: 250 });
    expect(sync.getStatus().state).toBe('idle');
    expect(asked).toContain('getCredentials');
    expect(asked).toContain('appVersion');
    // The events carry personal fields sealed at rest: the worker opened them with the page's key.
    expect(asked).toContain('dataKey');
    sync.stop();
  });

  it('keeps the page’s clock, pinned or fast-forwarded, not the machine’s', async () => {
    const device = await api.enrolDevice();
    const kiosk = makeKiosk(url, device);
    await kiosk.record(4500);
    let pageNow = Date.parse('2026-11-27T22:30:00.000Z');
    const { sync } = workerSync(device, kiosk.db.name, workerPair().create, { now: () => pageNow });
    await sync.trigger();
    const lastSync = Date.parse(String((await kiosk.db.meta.get('lastSyncAt'))?.value));
    expect(Math.abs(lastSync - pageNow)).toBeLessThan(60_000);
    // A fast-forward of the page's clock reaches the worker with the next command.
    pageNow += 4 * 3_600_000;
    await kiosk.record(100);
    await sync.trigger();
    const later = Date.parse(String((await kiosk.db.meta.get('lastSyncAt'))?.value));
    expect(Math.abs(later - pageNow)).toBeLessThan(60_000);
    sync.stop();
  });

  it('passes a refused retry back to the page as an error with the engine’s message and its staff words, changing nothing', async () => {
    const device = await api.enrolDevice();
    const kiosk = makeKiosk(url, device);
    const { sync } = workerSync(device, kiosk.db.name, workerPair().create);
    const refused = sync.retryRejected(999);
    await expect(refused).rejects.toThrow('No event with seq 999.');
    // The supervisor reads the catalogue's sentence, chosen by the key that crossed from the worker.
    const error: unknown = await refused.catch((e: unknown) => e);
    expect(staffErrorText(staffT, error)).toBe('No event with seq 999.');
    expect(error).toMatchObject({ text: { key: 'errors.sync.no_event', params: { seq: 999 } } });
    expect(await kiosk.db.quarantine.count()).toBe(0);
    expect(await getSyncCursor(kiosk.db)).toBe(0);
    sync.stop();
  });

  it('stops the engine before the worker is ended', async () => {
    const device = await api.enrolDevice();
    const kiosk = makeKiosk(url, device);
    const pair = workerPair();
    const { sync } = workerSync(device, kiosk.db.name, pair.create);
    sync.start();
    sync.stop();
    expect(pair.terminated).toBe(false);
    await vi.waitFor(() => expect(pair.terminated).toBe(true));
    const commands = pair.sent.flatMap((m) => (m.type === 'command' ? [m.command] : []));
    expect(commands).toEqual(['start', 'stop']);
  });

  it('runs in the page when the worker cannot load, with the commands already asked of it', async () => {
    const device = await api.enrolDevice();
    const kiosk = makeKiosk(url, device);
    for (let i = 1; i <= 120; i++) await kiosk.record(i);
    let fail: (event: Event) => void = () => {};
    let terminated = false;
    const broken: SyncWorkerPort = {
      postMessage: () => {},
      addEventListener: (type: 'message' | 'error', listener: (event: never) => void) => {
        if (type === 'error') fail = listener as (event: Event) => void;
      },
      terminate: () => {
        terminated = true;
      },
    };
    const { sync } = workerSync(device, kiosk.db.name, () => broken, { fallback: () => kiosk.engine });
    const asked = sync.trigger();
    // What a module worker whose script is refused (a 404, the CSP) fires before it ever ran.
    fail(new Event('error'));
    await asked;
    expect(sync.inWorker).toBe(false);
    expect(terminated).toBe(true);
    expect(await countPending(kiosk.db)).toBe(0);
    expect(await centralTotal()).toBe(120);
    await sync.trigger();
    expect(sync.getStatus()).toBe(kiosk.engine.getStatus());
    sync.stop();
  });
});

describe('durability', () => {
  it('the page records with strict durability; the sync worker, which never records, commits relaxed', () => {
    // Dexie keeps the option it passes to every IndexedDB transaction it opens.
    const durability = (db: KioskDb) => (db as unknown as { _options: { chromeTransactionDurability?: string } })._options.chromeTransactionDurability;
    expect(durability(new KioskDb('durability-page'))).toBe('strict');
    expect(durability(openWorkerDb('durability-worker', () => browserDataKey()))).toBe('relaxed');
  });
});

describe('clockOffset', () => {
  it('takes a difference under a second for message latency, a larger one for the page’s own clock', () => {
    expect(clockOffset(10_400, 10_000, 0)).toBe(0);
    expect(clockOffset(3_600_000, 0, 0)).toBe(3_600_000);
    // Followed while it stays put; a jump is taken at once.
    expect(clockOffset(3_600_300, 0, 3_600_000)).toBe(3_600_000);
    expect(clockOffset(7_200_000, 0, 3_600_000)).toBe(7_200_000);
    expect(clockOffset(500, 0, 3_600_000)).toBe(0);
  });
});
