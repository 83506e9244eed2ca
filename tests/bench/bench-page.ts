/**
 * The page the sync and record benchmarks drive in Chromium: the kiosk's own Dexie database, outbox and sync engine,
 * built by Vite for the benchmark only (nothing here ships in the kiosk).
 */
import Dexie from 'dexie';
import { KioskDb, countPending } from '../../renderer/src/db/db';
import { openStop, recordServiceTransaction } from '../../renderer/src/db/actions';
import { SyncEngine, type BatchTiming, type SyncStatus } from '../../renderer/src/sync/engine';
import { sealCatalogue } from '../../renderer/src/pin-seal';
import { EVENT_SCHEMA_VERSION, newId, type DeviceCredentials } from '../../shared';

interface WriteCounts {
  calls: number;
  records: number;
  byTable: Record<string, number>;
}

function countingDb(name: string, counts: WriteCounts): KioskDb {
  const db = new KioskDb(name);
  // Counts every write request that reaches IndexedDB, by table.
  db.use({
    stack: 'dbcore',
    name: 'bench-write-counter',
    create(down) {
      return {
        ...down,
        table(tableName) {
          const table = down.table(tableName);
          return {
            ...table,
            mutate(request) {
              counts.calls++;
              const n = 'values' in request && request.values ? request.values.length : 'keys' in request && request.keys ? request.keys.length : 1;
              counts.records += n;
              counts.byTable[tableName] = (counts.byTable[tableName] ?? 0) + 1;
              return table.mutate(request);
            },
          };
        },
      };
    },
  });
  return db;
}

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
    const counts: WriteCounts = { calls: 0, records: 0, byTable: {} };
    const db = countingDb(dbName, counts);
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
    let fetchMs = 0;
    const engine = new SyncEngine({
      db,
      apiUrl,
      getCredentials: async () => credentials,
      sealCatalogue: async (catalogue) => sealCatalogue(await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']), catalogue),
      fetch: async (input, init) => {
        const t = performance.now();
        const response = await fetch(input, init);
        const body = await response.arrayBuffer();
        fetchMs += performance.now() - t;
        return new Response(body, { status: response.status, headers: response.headers });
      },
      now: () => new Date(),
      random: Math.random,
      withLock: (run) => navigator.locks.request('bench-sync', run),
      setTimer: (run, ms) => window.setTimeout(run, ms),
      clearTimer: (handle) => window.clearTimeout(handle as number),
      onStatus: (s) => statuses.push(s),
      batchSize,
      ...(pipelineDepth ? { pipelineDepth } : {}),
      requestTimeoutMs: 60_000,
      retryBaseMs: 100,
      retryMaxMs: 1000,
      idlePollMs: 3_600_000,
      trace: { clock: () => performance.now(), batch: (timing) => timings.push(timing) },
    });
    const started = performance.now();
    await engine.trigger();
    const ms = performance.now() - started;
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
      fetchMs,
      writeCalls: counts.calls,
      bookkeepingByTable: Object.fromEntries(bookkeeping),
      batches: Math.ceil(total / batchSize),
      longTasks: longTasks.length,
      worstLongTaskMs: Math.max(0, ...longTasks),
      worstInputDelayMs: worstGap,
      finalState: statuses.at(-1)?.state ?? null,
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
    for (let i = 0; i < n; i++) {
      const e = event('dev-probe', i + 1);
      let t = performance.now();
      await db.transaction('rw', [db.events], async () => { await db.events.add(e); });
      stats.dexieSinglePut!.push(performance.now() - t);
      const e2 = event('dev-probe', n + i + 1);
      t = performance.now();
      await db.transaction('rw', [db.events, db.transactions], async () => {
        await Promise.all([db.events.add(e2), db.transactions.add({ id: e2.payload.transactionId, eventId: e2.id, seq: e2.seq, serviceCode: 'x', serviceName: 'x', reference: '', quantity: 1, amountCents: 1, payment: { method: 'none' }, receiptNumber: 'R', occurredAt: e2.occurredAt, status: 'recorded' })]);
      });
      stats.dexieTwoTablesParallel!.push(performance.now() - t);
      t = performance.now();
      await db.transaction('rw', [db.events, db.transactions, db.stops, db.tickets, db.certificateOrders, db.surveys, db.helpRequests, db.dayCloses, db.quarantine, db.serviceRequests], async () => {
        await db.events.add(event('dev-probe', 2 * n + i + 1));
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
