/**
 * The page the sync and record benchmarks drive in Chromium: the kiosk's own Dexie database, outbox and sync engine,
 * built by Vite for the benchmark only (nothing here ships in the kiosk).
 */
import Dexie from 'dexie';
import { KioskDb, countPending } from '../../renderer/src/db/db';
import { openStop, recordServiceTransaction } from '../../renderer/src/db/actions';
import type { BatchTiming, SyncStatus } from '../../renderer/src/sync/engine';
import { WorkerSync } from '../../renderer/src/sync/worker-client';
import { browserDataKey } from '../../renderer/src/host/data-key';
import { EVENT_SCHEMA_VERSION, kioskConfigSchema, newId, type DeviceCredentials } from '../../shared';

import type { WriteCounts } from './counting-db';

function event(deviceId: string, seq: number) {
  const amountCents = 100 + (seq % 997);
  return {
    id: newId(),
    deviceId,
    seq,
    type: 'TransactionRecorded' as const,
    occurredAt: new Date(Date.UTC(2026, 10, 27, 15, 0, 0) + seq * 1000).toISOString(),
    schemaVersion: EVENT_SCHEMA_VERSION,
    actorId: null,
    catalogueVersion: 1,
    payload: {
      transactionId: newId(),
      serviceCode: 'parking-ticket',
      serviceName: 'Pay parking ticket',
      reference: `T${seq}`,
      quantity: 1,
      amountCents,
      payment: { method: 'cash' as const, tenderedCents: amountCents, changeCents: 0 },
      catalogueVersion: 1,
      unitFeeCents: null,
      receiptNumber: `R-${String(seq).padStart(6, '0')}`,
      stopId: null,
      staffId: null,
      fields: {},
      residentName: '',
      orderId: null,
      language: null,
    },
  };
}

const benchConfig = (apiUrl: string) => kioskConfigSchema.parse({ apiUrl, cityName: 'Bench', vanName: 'Bench' });

/** The bench worker's write counts (sync-bench.worker.ts answers this one message of its own). */
function workerCounts(worker: Worker): Promise<WriteCounts> {
  return new Promise((resolve) => {
    const onMessage = (event: MessageEvent<{ type: string; counts?: WriteCounts }>) => {
      if (event.data.type !== 'bench-counts' || !event.data.counts) return;
      worker.removeEventListener('message', onMessage);
      resolve(event.data.counts);
    };
    worker.addEventListener('message', onMessage);
    worker.postMessage({ type: 'bench-counts' });
  });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

const bench = {
  /** Fills a fresh outbox with `n` events, in chunks, as a month offline would have. */
  async fill(dbName: string, deviceId: string, n: number) {
    const db = new KioskDb(dbName);
    await db.open();
    const started = performance.now();
    for (let from = 1; from <= n; from += 5000) {
      const chunk = Array.from({ length: Math.min(5000, n - from + 1) }, (_, i) => event(deviceId, from + i));
      // Sealed before the write, as the kiosk stores them (db/at-rest.ts refuses personal fields in clear).
      await db.events.bulkAdd(await db.atRest.sealAll('events', chunk));
    }
    const ms = performance.now() - started;
    db.close();
    return { ms };
  },

  /** Drains the outbox to the API; returns time, bookkeeping writes and the worst main-thread stall meanwhile. */
  async sync(dbName: string, apiUrl: string, credentials: DeviceCredentials, batchSize: number, pipelineDepth?: number) {
    const db = new KioskDb(dbName);
    await db.open();
    const total = await countPending(db);
    const longTasks: number[] = [];
    const observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => longTasks.push(e.duration)));
    observer.observe({ type: 'longtask', buffered: false });
    // A 10 ms heartbeat stands in for a clerk's keystrokes: its worst delay is how long input would wait.
    let worstGap = 0;
    let last = performance.now();
    const heartbeat = setInterval(() => {
      const now = performance.now();
      worstGap = Math.max(worstGap, now - last - 10);
      last = now;
    }, 10);
    const statuses: SyncStatus[] = [];
    const timings: BatchTiming[] = [];
    // The kiosk's own path: the engine in the sync worker (the same serveSyncWorker as renderer/src/sync/sync.worker.ts,
    // its database wrapped to count writes), driven through the page's WorkerSync proxy.
    let worker: Worker | null = null;
    const engine = new WorkerSync({
      dbName,
      config: benchConfig(apiUrl),
      createWorker: () => (worker = new Worker(new URL('./sync-bench.worker.ts', import.meta.url), { type: 'module', name: 'sync' })),
      answers: { getCredentials: async () => credentials, appVersion: async () => '0.1.0', dataKey: () => browserDataKey() },
      onStatus: (s) => statuses.push(s),
      onUpgradeRequired: () => {},
      fallback: () => {
        throw new Error('the sync worker did not load');
      },
      tuning: { batchSize, ...(pipelineDepth ? { pipelineDepth } : {}), requestTimeoutMs: 60_000, retryBaseMs: 100, retryMaxMs: 1000, idlePollMs: 3_600_000 },
      deviceStatus: false,
      onBatch: (timing) => timings.push(timing),
    });
    // The worker starts once with the kiosk, not per drain: the clock starts once its database is open.
    await engine.opened;
    const started = performance.now();
    await engine.trigger();
    const ms = performance.now() - started;
    const counts = await workerCounts(worker!);
    engine.stop();
    clearInterval(heartbeat);
    observer.disconnect();
    const left = await countPending(db);
    db.close();
    const bookkeeping = Object.entries(counts.byTable).filter(([t]) => t !== 'events' && t !== 'transactions');
    return {
      total,
      left,
      ms,
      writeCalls: counts.calls,
      bookkeepingByTable: Object.fromEntries(bookkeeping),
      batches: Math.ceil(total / batchSize),
      longTasks: longTasks.length,
      worstLongTaskMs: Math.max(0, ...longTasks),
      worstInputDelayMs: worstGap,
      finalState: statuses.at(-1)?.state ?? null,
      finalMessage: statuses.at(-1)?.message ?? null,
      timings,
    };
  },

  /**
   * p50/p95 of recording one transaction (event + read model, one transaction) beside one raw IndexedDB put. The two
   * alternate, one of each per round, so both see the same moments of the machine (disk flushes, other processes).
   */
  async record(dbName: string, n: number) {
    const db = new KioskDb(dbName);
    await db.open();
    const ctx = { db, deviceId: 'dev-bench-record', now: () => new Date(), actorId: 'clerk-ana', catalogueVersion: 1 };
    // What the counter does: a stop is open, and the clerk records a parking-ticket payment at it.
    await openStop(ctx, { neighbourhood: 'Dorchester', place: 'Fields Corner', plannedStart: '2026-11-27T14:00:00.000Z', plannedEnd: '2026-11-27T20:00:00.000Z', openingFloatCents: 10_000, floatConfirmedBy: 'clerk-ana' });
    const raw = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open(`${dbName}-raw`, 1);
      open.onupgradeneeded = () => open.result.createObjectStore('events', { keyPath: 'seq' });
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const recordTimes: number[] = [];
    const rawTimes: number[] = [];
    for (let i = 0; i < n; i++) {
      let t = performance.now();
      await recordServiceTransaction(ctx, {
        serviceCode: 'parking-ticket',
        serviceName: 'Pay parking ticket',
        reference: `T${i}`,
        quantity: 1,
        unitFeeCents: null,
        amountCents: 4500,
        payment: { method: 'cash', tenderedCents: 5000, changeCents: 500 },
        catalogueVersion: 1,
        fields: {},
        residentName: '',
        orderId: null,
      });
      recordTimes.push(performance.now() - t);
      const record = event('dev-bench-raw', i + 1);
      t = performance.now();
      await new Promise<void>((resolve, reject) => {
        // The same durability the kiosk asks of Dexie: complete means on disk.
        const tx = raw.transaction('events', 'readwrite', { durability: 'strict' });
        tx.objectStore('events').put(record);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      rawTimes.push(performance.now() - t);
    }
    db.close();
    raw.close();
    return { recordTimes, rawTimes };
  },

  /** Diagnostics: the same push loop with bodies built before the clock starts, no Dexie: Chromium's HTTP cost alone. */
  async rawPush(apiUrl: string, credentials: DeviceCredentials, n: number, batchSize: number, firstSeq: number) {
    const bodies: string[] = [];
    for (let from = firstSeq; from < firstSeq + n; from += batchSize) {
      bodies.push(JSON.stringify({ events: Array.from({ length: Math.min(batchSize, firstSeq + n - from) }, (_, i) => event(credentials.deviceId, from + i)) }));
    }
    const started = performance.now();
    for (const body of bodies) {
      const response = await fetch(new URL('/v1/sync/push', apiUrl), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${credentials.token}` },
        body,
      });
      if (!response.ok) throw new Error(`push answered ${response.status}`);
      await response.json();
    }
    return { ms: performance.now() - started };
  },

  /** Diagnostics: where the time of one record goes. */
  async probe(dbName: string, n: number) {
    const db = new KioskDb(dbName);
    await db.open();
    const stats: Record<string, number[]> = { dexieSinglePut: [], dexieTwoTablesParallel: [], dexieTenTableScope: [], readLast: [] };
    // Each event sealed before its clock starts, as the kiosk stores them (db/at-rest.ts refuses personal fields in
    // clear): the probe times Dexie and IndexedDB, not the sealing.
    const sealed = async (seq: number) => (await db.atRest.sealAll('events', [event('dev-probe', seq)]))[0]!;
    for (let i = 0; i < n; i++) {
      const e = await sealed(i + 1);
      let t = performance.now();
      await db.transaction('rw', [db.events], async () => { await db.events.add(e); });
      stats.dexieSinglePut!.push(performance.now() - t);
      const e2 = event('dev-probe', n + i + 1);
      const e2Sealed = (await db.atRest.sealAll('events', [e2]))[0]!;
      t = performance.now();
      await db.transaction('rw', [db.events, db.transactions], async () => {
        await Promise.all([db.events.add(e2Sealed), db.transactions.add({ id: e2.payload.transactionId, eventId: e2.id, seq: e2.seq, serviceCode: 'x', serviceName: 'x', reference: '', quantity: 1, amountCents: 1, payment: { method: 'none' }, receiptNumber: 'R', occurredAt: e2.occurredAt, status: 'recorded' })]);
      });
      stats.dexieTwoTablesParallel!.push(performance.now() - t);
      const e3 = await sealed(2 * n + i + 1);
      t = performance.now();
      await db.transaction('rw', [db.events, db.transactions, db.stops, db.tickets, db.certificateOrders, db.surveys, db.helpRequests, db.dayCloses, db.quarantine, db.serviceRequests], async () => {
        await db.events.add(e3);
      });
      stats.dexieTenTableScope!.push(performance.now() - t);
      t = performance.now();
      await db.events.orderBy('seq').last();
      stats.readLast!.push(performance.now() - t);
    }
    db.close();
    return Object.fromEntries(Object.entries(stats).map(([k, v]) => { v.sort((a, b) => a - b); return [k, { p50: percentile(v, 50), p95: percentile(v, 95) }]; }));
  },

  async reset() {
    for (const name of await Dexie.getDatabaseNames()) await Dexie.delete(name);
  },
};

declare global {
  interface Window {
    bench: typeof bench;
  }
}
window.bench = bench;
document.body.dataset.ready = 'true';
