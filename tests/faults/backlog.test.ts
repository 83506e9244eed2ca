import 'fake-indexeddb/auto';
import type { DBCore } from 'dexie';
import { expect, it } from 'vitest';
import type { StoredEvent } from '../../renderer/src/db/db';
import { transactionEvent } from '../helpers/events';
import { makeKiosk } from '../helpers/kiosk';
import { useFaultStack } from './harness';
import { assertSyncInvariants, waitUntilSynced } from './invariants';
import { TcpProxy } from './tcp-proxy';

const PUSH = '/v1/sync/push';
const BACKLOG = 50_000;
const BATCH = 500;

const fault = useFaultStack();

it('30 days offline: a 50,000-event backlog drains in batches, with progress, never holding more than one batch', async () => {
  const device = await fault.server.api.enrolDevice();
  /** Events in each push, as seen on the wire. */
  const perRequest: number[] = [];
  const proxy = await TcpProxy.start({
    targetPort: fault.server.port,
    inspect: (request, body) => {
      if (request.path !== PUSH) return;
      perRequest.push((JSON.parse(body.toString('utf8')) as { events: unknown[] }).events.length);
    },
  });
  fault.onCleanup(() => proxy.close());

  const kiosk = makeKiosk(proxy.url, device, { batchSize: BATCH, requestTimeoutMs: 10_000 });
  fault.onCleanup(() => kiosk.db.delete());
  fault.onCleanup(() => kiosk.engine.stop());
  /** The most events the kiosk materialised from its outbox in any one read. */
  let largestRead = 0;
  kiosk.db.use({
    stack: 'dbcore',
    name: 'count-rows-read',
    create: (down: DBCore): DBCore => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        if (name !== 'events') return table;
        return {
          ...table,
          query: async (request) => {
            const response = await table.query(request);
            largestRead = Math.max(largestRead, response.result.length);
            return response;
          },
          getMany: async (request) => {
            const rows = await table.getMany(request);
            largestRead = Math.max(largestRead, rows.length);
            return rows;
          },
        };
      },
    }),
  });

  // Thirty days of a busy van, recorded offline.
  const started = Date.now();
  const events: StoredEvent[] = [];
  for (let seq = 1; seq <= BACKLOG; seq++) {
    const amountCents = 100 + ((seq * 7919) % 100_000);
    // No reference or resident: nothing personal to seal (db/at-rest.ts), so this measures the drain alone.
    events.push(transactionEvent(device.deviceId, seq, { amountCents, payment: { method: 'cash', tenderedCents: amountCents, changeCents: 0 }, reference: '' }));
  }
  await kiosk.db.transaction('rw', kiosk.db.events, () => kiosk.db.events.bulkAdd(events));
  events.length = 0;
  const loaded = Date.now();
  largestRead = 0;

  kiosk.engine.start();
  await waitUntilSynced(kiosk.db, kiosk.engine, 75_000);
  const drained = Date.now();

  // Batches on the wire: exactly BACKLOG / BATCH pushes, none above the batch size, each event once.
  expect(perRequest).toHaveLength(BACKLOG / BATCH);
  expect(Math.max(...perRequest)).toBe(BATCH);
  expect(perRequest.reduce((a, n) => a + n, 0)).toBe(BACKLOG);
  // In memory: no read of the outbox brought more than one batch into the kiosk.
  expect(largestRead).toBeGreaterThan(0);
  expect(largestRead).toBeLessThanOrEqual(BATCH);

  // Visible progress: done/total, total fixed, done growing one batch at a time up to 50000/50000.
  const progress = kiosk.statuses.filter((s) => s.state === 'syncing' && s.progress).map((s) => s.progress!);
  expect(progress[0]).toEqual({ done: 0, total: BACKLOG });
  expect(progress.at(-1)).toEqual({ done: BACKLOG, total: BACKLOG });
  expect(progress.every((p) => p.total === BACKLOG)).toBe(true);
  for (let i = 1; i < progress.length; i++) {
    expect(progress[i]!.done - progress[i - 1]!.done).toBeGreaterThanOrEqual(0);
    expect(progress[i]!.done - progress[i - 1]!.done).toBeLessThanOrEqual(BATCH);
  }

  await assertSyncInvariants({ db: kiosk.db, serverDbFile: fault.server.dbFile, deviceId: device.deviceId });
  console.info(
    `backlog: loaded ${BACKLOG} events in ${loaded - started} ms, drained in ${drained - loaded} ms ` +
      `(${Math.round(BACKLOG / ((drained - loaded) / 1000))} events/s), heap ${Math.round(process.memoryUsage().heapUsed / 2 ** 20)} MiB`,
  );
}, 100_000);
