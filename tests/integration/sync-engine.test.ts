import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { countPending, getSyncCursor } from '../../renderer/src/db/db';
import { backoffDelay, parseRetryAfter, type BatchTiming } from '../../renderer/src/sync/engine';
import { DEFAULT_PIPELINE_DEPTH } from '../../shared';
import { makeKiosk } from '../helpers/kiosk';
import { ADMIN_TOKEN, listeningTestApi, type TestApi } from '../helpers/server';
import { requestJson } from '../helpers/request-body';

let api: TestApi;
let url: string;
listeningTestApi((started, at) => ((api = started), (url = at)));

async function centralTransactions() {
  const response = await fetch(`${url}/v1/transactions?limit=1000`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  return (await response.json()) as { total: number; items: { id: string; amountCents: number }[] };
}

describe('outbox', () => {
  it('gives every event the next seq, gap-free, in one transaction with its read model', async () => {
    const device = await api.enrolDevice();
    const kiosk = makeKiosk(url, device);
    await Promise.all([kiosk.record(100), kiosk.record(200), kiosk.record(300)]);
    const events = await kiosk.db.events.orderBy('seq').toArray();
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3]);
    const transactions = await kiosk.db.transactions.toArray();
    expect(transactions.map((t) => t.eventId).sort()).toEqual(events.map((e) => e.id).sort());
    expect(new Set(transactions.map((t) => t.receiptNumber)).size).toBe(3);
  });

  it('writes nothing when the event is invalid', async () => {
    const device = await api.enrolDevice();
    const kiosk = makeKiosk(url, device);
    await expect(kiosk.record(-1)).rejects.toThrow();
    expect(await kiosk.db.events.count()).toBe(0);
    expect(await kiosk.db.transactions.count()).toBe(0);
  });
});

describe('sync loop', () => {
  it('pushes pending events in seq order and moves the cursor only from the answer', async () => {
    const device = await api.enrolDevice();
    const kiosk = makeKiosk(url, device);
    for (let i = 1; i <= 250; i++) await kiosk.record(i * 10);
    expect(await countPending(kiosk.db)).toBe(250);
    await kiosk.engine.trigger();
    expect(await countPending(kiosk.db)).toBe(0);
    expect(await getSyncCursor(kiosk.db)).toBe(250);
    const central = await centralTransactions();
    expect(central.total).toBe(250);
    const local = await kiosk.db.transactions.toArray();
    const sum = (xs: { amountCents: number }[]) => xs.reduce((a, x) => a + x.amountCents, 0);
    expect(sum(central.items)).toBe(sum(local));
    // One cursor write per batch of 100: 3 batches.
    expect(kiosk.statuses.filter((s) => s.state === 'syncing').at(-1)?.progress).toEqual({ done: 250, total: 250 });
  });

  it('stays pending while the API is down, then drains on its own once it is back', async () => {
    const device = await api.enrolDevice();
    await api.app.close();
    const kiosk = makeKiosk(url, device);
    await kiosk.record(4500);
    kiosk.engine.start();
    await expect.poll(() => kiosk.engine.getStatus().state).toBe('offline');
    expect(await countPending(kiosk.db)).toBe(1);
    const port = Number(new URL(url).port);
    const { buildApp } = await import('../../server/app');
    const revived = await buildApp({ store: api.store, adminToken: ADMIN_TOKEN });
    await revived.listen({ port, host: '127.0.0.1' });
    try {
      await expect.poll(() => countPending(kiosk.db), { timeout: 10_000 }).toBe(0);
      expect((await centralTransactions()).total).toBe(1);
    } finally {
      kiosk.engine.stop();
      await revived.close();
    }
  });

  it('a write made during a sync goes out in the next round without another trigger', async () => {
    const device = await api.enrolDevice();
    const kiosk = makeKiosk(url, device);
    await kiosk.record(100);
    const first = kiosk.engine.trigger();
    await kiosk.record(200);
    void kiosk.engine.trigger();
    await first;
    await expect.poll(() => countPending(kiosk.db)).toBe(0);
    expect((await centralTransactions()).total).toBe(2);
  });

  it('stops and asks for re-enrolment on 401, keeping every event', async () => {
    const device = await api.enrolDevice();
    const kiosk = makeKiosk(url, { ...device, token: 'x'.repeat(43) });
    await kiosk.record(100);
    await kiosk.engine.trigger();
    expect(kiosk.engine.getStatus().state).toBe('unauthorized');
    expect(await countPending(kiosk.db)).toBe(1);
  });
});

describe('pipelining (several batches on the wire)', () => {
  /** A fetch that holds each push until the test releases it, so the order of answers can be chosen. */
  function heldFetch() {
    const held: { seqs: number[]; release: () => void; fail: () => void }[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const wrapped: typeof fetch = async (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (!url.endsWith('/v1/sync/push')) return fetch(input, init);
      const seqs = ((await requestJson(init)) as { events: { seq: number }[] }).events.map((e) => e.seq);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        await new Promise<void>((resolve, reject) => held.push({ seqs, release: resolve, fail: () => reject(new TypeError('fetch failed')) }));
        return await fetch(input, init);
      } finally {
        inFlight--;
      }
    };
    /** Releases the oldest held push each time one is waiting, like a server answering in order, `n` times. */
    const answerInOrder = async (n: number) => {
      for (let released = 0; released < n; released++) {
        await expect.poll(() => held.length).toBeGreaterThan(released);
        held[released]!.release();
      }
    };
    return { fetch: wrapped, held, maxInFlight: () => maxInFlight, answerInOrder };
  }

  it('sends the next batch while the previous one is out, never more than two, in seq order', async () => {
    const device = await api.enrolDevice();
    const net = heldFetch();
    const kiosk = makeKiosk(url, device, { fetch: net.fetch, batchSize: 100, pipelineDepth: 2 });
    for (let i = 1; i <= 450; i++) await kiosk.record(i);
    const done = kiosk.engine.trigger();
    await net.answerInOrder(5);
    await done;
    expect(net.held.map((h) => [h.seqs[0], h.seqs.at(-1)])).toEqual([
      [1, 100],
      [101, 200],
      [201, 300],
      [301, 400],
      [401, 450],
    ]);
    expect(net.maxInFlight()).toBe(2);
    expect(await getSyncCursor(kiosk.db)).toBe(450);
    expect((await centralTransactions()).total).toBe(450);
  });

  it('at the kiosk’s default depth keeps that many batches on the wire, in seq order, and times each applied batch', async () => {
    const device = await api.enrolDevice();
    const net = heldFetch();
    const timings: BatchTiming[] = [];
    // A clock that moves one ms per reading: every phase the engine measures comes out at least 1 ms long.
    let tick = 0;
    const trace = { clock: () => ++tick, batch: (timing: BatchTiming) => timings.push(timing) };
    const kiosk = makeKiosk(url, device, { fetch: net.fetch, batchSize: 100, pipelineDepth: DEFAULT_PIPELINE_DEPTH, trace });
    for (let i = 1; i <= 650; i++) await kiosk.record(i);
    const done = kiosk.engine.trigger();
    await net.answerInOrder(7);
    await done;
    expect(net.held.map((h) => [h.seqs[0], h.seqs.at(-1)])).toEqual([
      [1, 100],
      [101, 200],
      [201, 300],
      [301, 400],
      [401, 500],
      [501, 600],
      [601, 650],
    ]);
    expect(net.maxInFlight()).toBe(DEFAULT_PIPELINE_DEPTH);
    expect(await getSyncCursor(kiosk.db)).toBe(650);
    expect((await centralTransactions()).total).toBe(650);
    expect(timings.map((t) => t.events)).toEqual([100, 100, 100, 100, 100, 100, 50]);
    for (const t of timings) {
      for (const phase of ['readMs', 'serialiseMs', 'headersMs', 'bodyMs', 'parseMs', 'waitedMs', 'cursorWriteMs'] as const) expect(t[phase]).toBeGreaterThanOrEqual(1);
      expect(t.bodyChars).toBeGreaterThan(t.events * 100);
    }
    // The first batches went out onto an empty wire and one behind the other; none found the pipeline full.
    expect(timings.slice(0, DEFAULT_PIPELINE_DEPTH).map((t) => t.alreadyInFlight)).toEqual(Array.from({ length: DEFAULT_PIPELINE_DEPTH }, (_, i) => i));
    expect(Math.max(...timings.map((t) => t.alreadyInFlight))).toBeLessThan(DEFAULT_PIPELINE_DEPTH);
  });

  it('applies answers strictly in order: a later batch answered first does not move the cursor past an earlier one', async () => {
    const device = await api.enrolDevice();
    const net = heldFetch();
    const kiosk = makeKiosk(url, device, { fetch: net.fetch, batchSize: 100, pipelineDepth: 2 });
    for (let i = 1; i <= 200; i++) await kiosk.record(i);
    const done = kiosk.engine.trigger();
    await expect.poll(() => net.held.length).toBe(2);
    // The second batch is answered (and stored) first; the cursor must not move until the first is answered.
    net.held[1]!.release();
    await expect.poll(async () => (await centralTransactions()).total).toBe(100);
    expect(await getSyncCursor(kiosk.db)).toBe(0);
    net.held[0]!.release();
    await done;
    expect(await getSyncCursor(kiosk.db)).toBe(200);
    expect((await centralTransactions()).total).toBe(200);
  });

  it('when an earlier batch fails, a later one that got through is not applied: it goes again and is answered duplicate', async () => {
    const device = await api.enrolDevice();
    const net = heldFetch();
    const kiosk = makeKiosk(url, device, { fetch: net.fetch, batchSize: 100, pipelineDepth: 2 });
    for (let i = 1; i <= 200; i++) await kiosk.record(i);
    const first = kiosk.engine.trigger();
    await expect.poll(() => net.held.length).toBe(2);
    net.held[1]!.release();
    await expect.poll(async () => (await centralTransactions()).total).toBe(100);
    net.held[0]!.fail();
    await first;
    expect(kiosk.engine.getStatus().state).toBe('offline');
    expect(await getSyncCursor(kiosk.db)).toBe(0);
    kiosk.engine.stop();
    // The next round resends both from the cursor; the server already has 101–200 and says so.
    const answers: string[][] = [];
    const retry = makeKiosk(url, device, {
      db: kiosk.db,
      batchSize: 100,
      pipelineDepth: 2,
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        if (String(input).endsWith('/v1/sync/push')) answers.push(((await response.clone().json()) as { results: { status: string }[] }).results.map((r) => r.status));
        return response;
      },
    });
    await retry.engine.trigger();
    expect(answers.map((a) => [a[0], new Set(a).size])).toEqual([
      ['accepted', 1],
      ['duplicate', 1],
    ]);
    expect(await getSyncCursor(kiosk.db)).toBe(200);
    expect((await centralTransactions()).total).toBe(200);
  });
});

describe('retry timing', () => {
  it('backs off exponentially with jitter, capped', () => {
    expect(backoffDelay(0, 1000, 60_000, () => 1)).toBe(1000);
    expect(backoffDelay(3, 1000, 60_000, () => 1)).toBe(8000);
    expect(backoffDelay(20, 1000, 60_000, () => 1)).toBe(60_000);
    expect(backoffDelay(3, 1000, 60_000, () => 0)).toBe(4000);
  });

  it('reads Retry-After in seconds or as a date', () => {
    const now = new Date('2026-11-27T12:00:00Z');
    expect(parseRetryAfter('5', now)).toBe(5000);
    expect(parseRetryAfter('Fri, 27 Nov 2026 12:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});
