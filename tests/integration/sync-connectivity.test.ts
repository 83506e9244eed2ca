import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { getSyncCursor } from '../../renderer/src/db/db';
import { readDeviceStatus } from '../../renderer/src/sync/device-status';
import { DEFAULT_PROBE_INTERVAL_MS, type SyncDeps, type SyncStatus } from '../../renderer/src/sync/engine';
import { ADMIN_TOKEN, startTestApi } from '../helpers/server';
import { makeKiosk } from '../helpers/kiosk';
import { requestJson } from '../helpers/request-body';

/**
 * The engine's timers and clock on a fake schedule (its setTimer/clearTimer/now deps), and a fake API behind its fetch
 * dep: the probe and heartbeat schedule is checked in fake milliseconds, with IndexedDB (fake-indexeddb) running for real.
 */
class FakeClock {
  now = Date.parse('2026-11-27T17:00:00Z');
  private nextId = 1;
  private readonly timers = new Map<number, { at: number; run: () => void }>();
  activity = 0;
  /** Rounds running under the engine's lock: the clock waits for them before it moves. */
  rounds = 0;

  withLock = async <T>(run: () => Promise<T>): Promise<T> => {
    this.rounds++;
    this.activity++;
    try {
      return await run();
    } finally {
      this.rounds--;
      this.activity++;
    }
  };

  setTimer = (run: () => void, ms: number): unknown => {
    const id = this.nextId++;
    this.timers.set(id, { at: this.now + ms, run });
    this.activity++;
    return id;
  };

  clearTimer = (handle: unknown): void => {
    this.timers.delete(handle as number);
    this.activity++;
  };

  /** Real time passes until nothing new happens for a while: the engine's IndexedDB work is done. */
  async settle(): Promise<void> {
    let seen = -1;
    while (seen !== this.activity || this.rounds > 0) {
      seen = this.activity;
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
  }

  /** Fires, in order, every timer due within `ms` fake milliseconds, letting the engine react after each. */
  async advance(ms: number): Promise<void> {
    const until = this.now + ms;
    await this.settle();
    for (;;) {
      const due = [...this.timers.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.now = Math.max(this.now, due[1].at);
      due[1].run();
      this.activity++;
      await this.settle();
    }
    this.now = until;
  }
}

/** An API that is up or down; answers pushes as accepted, has no catalogue and no changes. */
function fakeApi(clock: FakeClock) {
  const calls: { at: number; path: string; body: unknown }[] = [];
  const api = {
    up: true,
    /** Push answers: 'ok', or an HTTP error status with an optional Retry-After. */
    pushAnswer: { status: 200, retryAfter: null as string | null },
    calls,
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(String(input));
      const at = clock.now;
      calls.push({ at, path: url.pathname, body: await requestJson(init) });
      clock.activity++;
      if (init?.signal?.aborted) throw new DOMException('aborted', 'AbortError');
      if (!api.up) throw new TypeError('fetch failed');
      const json = (body: unknown, status = 200, headers: Record<string, string> = {}) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
      if (url.pathname === '/healthz') return json({ status: 'ok' });
      if (url.pathname === '/v1/devices/status') return json({ receivedAt: new Date(clock.now).toISOString() });
      if (url.pathname === '/v1/catalogue') return json({ error: { code: 'no_catalogue', message: 'none' } }, 404);
      if (url.pathname === '/v1/sync/pull') return json({ changes: [], cursor: null, hasMore: false });
      if (url.pathname === '/v1/sync/push') {
        if (api.pushAnswer.status !== 200) {
          return json({ error: { code: 'unavailable', message: 'the server is busy' } }, api.pushAnswer.status, api.pushAnswer.retryAfter ? { 'Retry-After': api.pushAnswer.retryAfter } : {});
        }
        const { events } = (await requestJson(init)) as { events: { id: string; seq: number }[] };
        return json({ results: events.map((e) => ({ id: e.id, seq: e.seq, status: 'accepted' })), highestContiguousSeq: events.at(-1)!.seq });
      }
      return json({ error: { code: 'not_found', message: 'no route' } }, 404);
    }) as typeof fetch,
    count: (path: string, since = 0) => calls.filter((c) => c.path === path && c.at >= since).length,
  };
  return api;
}

const DEVICE = { deviceId: 'dev-connectivity-1', token: 't'.repeat(43) };
const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

function setup(overrides: { heartbeatMs?: number; retryBaseMs?: number; retryMaxMs?: number; deviceStatus?: SyncDeps['deviceStatus'] } = {}) {
  const clock = new FakeClock();
  const api = fakeApi(clock);
  const statuses: { at: number; status: SyncStatus }[] = [];
  const kiosk = makeKiosk('http://127.0.0.1:9', DEVICE, {
    fetch: api.fetch,
    now: () => new Date(clock.now),
    random: () => 1,
    setTimer: clock.setTimer,
    clearTimer: clock.clearTimer,
    withLock: clock.withLock,
    onStatus: (status) => {
      statuses.push({ at: clock.now, status });
      clock.activity++;
    },
    requestTimeoutMs: 15_000,
    probeTimeoutMs: 1500,
    retryBaseMs: overrides.retryBaseMs ?? 1000,
    retryMaxMs: overrides.retryMaxMs ?? 60_000,
    idlePollMs: 15_000,
    heartbeatMs: 'heartbeatMs' in overrides ? overrides.heartbeatMs : 2000,
    probeIntervalMs: 2000,
    ...(overrides.deviceStatus ? { deviceStatus: overrides.deviceStatus, statusReportMs: 60_000 } : {}),
  });
  stops.push(() => kiosk.engine.stop());
  const firstAt = (state: SyncStatus['state'], since: number) => statuses.find((s) => s.at >= since && s.status.state === state)?.at ?? null;
  return { clock, api, kiosk, statuses, firstAt };
}

describe('offline seen within 3 s', () => {
  it('between rounds, a heartbeat every 2 s notices the API has gone: Offline within one heartbeat', async () => {
    const { clock, api, kiosk, firstAt } = setup();
    kiosk.engine.start();
    await clock.advance(0);
    expect(kiosk.engine.getStatus()).toMatchObject({ state: 'idle', online: true });
    // Idle: only the heartbeat runs, every 2 s (no round until the 15 s idle poll).
    await clock.advance(6000);
    expect(api.count('/healthz')).toBe(3);
    expect(api.count('/v1/sync/push')).toBe(0);

    api.up = false;
    const wentAt = clock.now;
    await clock.advance(3000);
    const offlineAt = firstAt('offline', wentAt);
    expect(offlineAt).not.toBeNull();
    expect(offlineAt! - wentAt).toBeLessThanOrEqual(3000);
    expect(kiosk.engine.getStatus()).toMatchObject({ state: 'offline', online: false, progress: null });
  });

  it('without a heartbeat the same loss waits for the 15 s idle round (what the clerk saw before)', async () => {
    const { clock, api, kiosk, firstAt } = setup({ heartbeatMs: undefined });
    kiosk.engine.start();
    await clock.advance(0);
    api.up = false;
    const wentAt = clock.now;
    await clock.advance(3000);
    expect(firstAt('offline', wentAt)).toBeNull();
    await clock.advance(13_000);
    expect(firstAt('offline', wentAt)! - wentAt).toBeGreaterThan(3000);
  });

  it("the browser's offline event shows Offline at once and abandons the push on the wire", async () => {
    const { clock, api, kiosk } = setup();
    kiosk.engine.start();
    await clock.advance(0);
    // A push that never gets an answer (a stalled link).
    const real = api.fetch;
    api.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      if (String(input).endsWith('/v1/sync/push')) {
        return new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
      }
      return real(input, init);
    }) as typeof fetch;
    stops.push(() => undefined);
    kiosk.engine.stop();
    const held = makeKiosk('http://127.0.0.1:9', DEVICE, {
      db: kiosk.db,
      fetch: api.fetch,
      now: () => new Date(clock.now),
      setTimer: clock.setTimer,
      clearTimer: clock.clearTimer,
      requestTimeoutMs: 15_000,
      heartbeatMs: 2000,
    });
    stops.push(() => held.engine.stop());
    await kiosk.record(4500);
    held.engine.start();
    await clock.advance(0);
    expect(held.engine.getStatus()).toMatchObject({ state: 'syncing', sending: { transactions: { done: 0, total: 1 }, otherRecords: { done: 0, total: 0 } } });
    held.engine.networkLost();
    expect(held.engine.getStatus()).toMatchObject({ state: 'offline', online: false, progress: null, sending: null });
    await clock.advance(0);
    expect(held.engine.getStatus().state).toBe('offline');
    expect(await getSyncCursor(kiosk.db)).toBe(0);
  });
});

describe('sending resumes within 5 s of the API answering again', () => {
  it('offline, the probe asks /healthz every 2 s however long the push backoff has grown, and the first answer sends', { timeout: 60_000 }, async () => {
    const { clock, api, kiosk, statuses } = setup({ heartbeatMs: undefined, retryBaseMs: 1000, retryMaxMs: 60_000 });
    api.up = false;
    await kiosk.record(1200);
    await kiosk.record(1300);
    kiosk.engine.start();
    // Three minutes without the office: the push backoff grows to its 60 s cap …
    await clock.advance(3 * 60_000);
    const lastWait = statuses.filter((s) => s.status.state === 'offline' && s.status.nextRetryAt !== null).at(-1)!;
    expect(lastWait.status.nextRetryAt! - lastWait.at).toBe(60_000);
    // … while the probe kept its own 2 s rhythm.
    const probes = api.calls.filter((c) => c.path === '/healthz' && c.at > 60_000 + Date.parse('2026-11-27T17:00:00Z')).map((c) => c.at);
    const gaps = probes.slice(1).map((at, i) => at - probes[i]!);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(DEFAULT_PROBE_INTERVAL_MS + 1);
    // Only the very first push went out (that is how the kiosk learnt it was offline); after it, a probe comes first.
    expect(api.count('/v1/sync/push')).toBe(1);

    api.up = true;
    const backAt = clock.now;
    await clock.advance(5000);
    const firstPush = api.calls.find((c) => c.path === '/v1/sync/push' && c.at >= backAt);
    expect(firstPush).toBeDefined();
    expect(firstPush!.at - backAt).toBeLessThanOrEqual(2000);
    expect(await getSyncCursor(kiosk.db)).toBe(2);
    expect(kiosk.engine.getStatus()).toMatchObject({ state: 'idle', online: true });
    // Back online: the probe schedule gives way to the (here absent) heartbeat.
    const after = api.count('/healthz', clock.now);
    await clock.advance(10_000);
    expect(api.count('/healthz', clock.now - 10_000)).toBe(after);
  });

  it("the browser's online event probes at once instead of waiting for the next probe", async () => {
    const { clock, api, kiosk } = setup({ heartbeatMs: undefined });
    api.up = false;
    await kiosk.record(500);
    kiosk.engine.start();
    await clock.advance(1000);
    expect(kiosk.engine.getStatus().state).toBe('offline');
    api.up = true;
    const backAt = clock.now;
    kiosk.engine.networkBack();
    await clock.advance(0);
    expect(api.calls.find((c) => c.path === '/v1/sync/push' && c.at >= backAt)?.at).toBe(backAt);
    expect(await getSyncCursor(kiosk.db)).toBe(1);
  });
});

describe('server errors keep the push backoff', () => {
  it('a 500 backs off exponentially and a 503 waits its Retry-After; the heartbeat, which the API answers, starts no round', async () => {
    const { clock, api, kiosk, statuses } = setup({ retryBaseMs: 1000, retryMaxMs: 60_000 });
    api.pushAnswer = { status: 500, retryAfter: null };
    await kiosk.record(700);
    kiosk.engine.start();
    await clock.advance(30_000);
    const pushes = api.calls.filter((c) => c.path === '/v1/sync/push').map((c) => c.at);
    const gaps = pushes.slice(1).map((at, i) => at - pushes[i]!);
    // random() = 1: 1 s, 2 s, 4 s, 8 s, 16 s — doubling, not the probe's 2 s.
    expect(gaps.slice(0, 4)).toEqual([1000, 2000, 4000, 8000]);
    expect(statuses.at(-1)!.status).toMatchObject({ state: 'error', online: true });

    api.pushAnswer = { status: 503, retryAfter: '20' };
    kiosk.engine.networkBack(); // an online event while in error: one round now
    await clock.advance(0);
    const told = statuses.filter((s) => s.status.state === 'error').at(-1)!;
    expect(told.status.nextRetryAt! - told.at).toBe(20_000);
    const before = api.count('/v1/sync/push');
    await clock.advance(19_000);
    expect(api.count('/v1/sync/push')).toBe(before);
    api.pushAnswer = { status: 200, retryAfter: null };
    await clock.advance(1000);
    expect(await getSyncCursor(kiosk.db)).toBe(1);
  });
});

describe('each push and probe tells the office how far behind the van is', () => {
  it('a probe answered after an outage reports at once; each push carries what will still wait once it is stored; heartbeats report once a minute', async () => {
    let kioskDb: ReturnType<typeof makeKiosk>['db'] | null = null;
    const reads: number[] = [];
    const { clock, api, kiosk } = setup({
      heartbeatMs: 2000,
      deviceStatus: async () => {
        reads.push(clock.now);
        return readDeviceStatus({ db: kioskDb!, appVersion: async () => '0.1.0', storageEstimate: async () => ({ usage: 4096, quota: 1 << 30 }), now: () => new Date(clock.now) });
      },
    });
    kioskDb = kiosk.db;
    api.up = false;
    await kiosk.record(100);
    await kiosk.record(200);
    kiosk.engine.start();
    await clock.advance(10_000);
    expect(kiosk.engine.getStatus().state).toBe('offline');

    api.up = true;
    await clock.advance(2000);
    const reports = api.calls.filter((c) => c.path === '/v1/devices/status');
    expect(reports).toHaveLength(1);
    expect(reports[0]!.body).toEqual({ pendingTransactions: 2, pendingOtherRecords: 0, oldestPendingAgeSeconds: expect.any(Number), appVersion: '0.1.0', storageUsedBytes: 4096, storageQuotaBytes: 1 << 30 });
    const pushes = api.calls.filter((c) => c.path === '/v1/sync/push' && c.at >= clock.now - 2000);
    expect(pushes).toHaveLength(1);
    // Both transactions travel in this batch: once it is stored, nothing waits.
    expect((pushes[0]!.body as { status: unknown }).status).toEqual({ pendingTransactions: 0, pendingOtherRecords: 0, oldestPendingAgeSeconds: null, appVersion: '0.1.0', storageUsedBytes: 4096, storageQuotaBytes: 1 << 30 });
    expect(await getSyncCursor(kiosk.db)).toBe(2);

    // Online, heartbeats every 2 s: a report only once the last one is a minute old.
    const before = api.count('/v1/devices/status');
    await clock.advance(50_000);
    expect(api.count('/v1/devices/status')).toBe(before);
    await clock.advance(12_000);
    expect(api.count('/v1/devices/status')).toBe(before + 1);
    expect(reads.length).toBeLessThanOrEqual(4);
  });

  it('against the real API, the admin fleet view shows the van after a push, with its version and storage', async () => {
    const real = await startTestApi();
    try {
      const url = await real.app.listen({ port: 0, host: '127.0.0.1' });
      const device = await real.enrolDevice('Van 9');
      let db: ReturnType<typeof makeKiosk>['db'] | null = null;
      const kiosk = makeKiosk(url, device, {
        deviceStatus: () => readDeviceStatus({ db: db!, appVersion: async () => '0.1.0', storageEstimate: async () => ({ usage: 123_456, quota: 9_999_999 }), now: () => new Date() }),
      });
      db = kiosk.db;
      for (let i = 1; i <= 3; i++) await kiosk.record(i * 100);
      await kiosk.engine.trigger();
      expect(await getSyncCursor(kiosk.db)).toBe(3);
      const fleet = (await (await fetch(`${url}/v1/admin/devices/status`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json()) as { devices: { id: string; status: Record<string, unknown> | null }[] };
      expect(fleet.devices.find((d) => d.id === device.deviceId)?.status).toMatchObject({
        via: 'push',
        pendingTransactions: 0,
        pendingOtherRecords: 0,
        oldestPendingAgeSeconds: null,
        appVersion: '0.1.0',
        storageUsedBytes: 123_456,
        storageQuotaBytes: 9_999_999,
      });
    } finally {
      await real.close();
    }
  });
});
