import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { EVENT_SCHEMA_VERSION, KIOSK_VERSION_HEADER, upgradeRequiredErrorSchema } from '../../shared';
import { readServerEnv } from '../../server/config';
import { countPending, getSyncCursor } from '../../renderer/src/db/db';
import { syncStatusView } from '../../renderer/src/sync/status-model';
import { transactionEvent } from '../helpers/events';
import { makeKiosk } from '../helpers/kiosk';
import { ADMIN_TOKEN, startTestApi, type TestApi } from '../helpers/server';
import { storeFactories } from '../helpers/stores';

/**
 * "Upgrade required" (issues 15 and 19): the API accepts events of every schema version it ever accepted, and answers
 * a kiosk older than MIN_KIOSK_VERSION with 426 upgrade_required on every device call and on the probe, taking nothing.
 */
const open: TestApi[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

async function serve(options: Parameters<typeof startTestApi>[0] = {}) {
  const api = await startTestApi(options);
  open.push(api);
  const url = await api.app.listen({ port: 0, host: '127.0.0.1' });
  return { api, url };
}

async function centralCount(url: string): Promise<number> {
  const response = await fetch(`${url}/v1/transactions?limit=1000`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  return ((await response.json()) as { total: number }).total;
}

for (const factory of storeFactories) {
  describe.skipIf(factory.skipReason !== null)(`${factory.name} store${factory.skipReason ? ` (skipped: ${factory.skipReason})` : ''}`, () => {
    async function serveOn(options: Parameters<typeof startTestApi>[0] = {}) {
      const { store, dispose } = await factory.create();
      const served = await serve({ ...options, store });
      open.unshift({ ...served.api, close: dispose });
      return served;
    }

    it('accepts an event of every schema version it ever accepted (the first kiosk wrote no actorId or catalogueVersion) and refuses a newer one', async () => {
      const { api, url } = await serveOn();
      const device = await api.enrolDevice();
      const events: Record<string, unknown>[] = [];
      for (let version = 1; version <= EVENT_SCHEMA_VERSION; version++) events.push({ ...transactionEvent(device.deviceId, events.length + 1), schemaVersion: version });
      const { actorId: _a, catalogueVersion: _c, ...firstKiosk } = transactionEvent(device.deviceId, events.length + 1);
      events.push({ ...firstKiosk, schemaVersion: 1 });
      events.push({ ...transactionEvent(device.deviceId, events.length + 1), schemaVersion: EVENT_SCHEMA_VERSION + 1 });
      const response = await fetch(`${url}/v1/sync/push`, {
        method: 'POST',
        headers: { authorization: `Bearer ${device.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ events }),
      });
      expect(response.status).toBe(200);
      const { results } = (await response.json()) as { results: { status: string; code?: string }[] };
      expect(results.slice(0, -1).map((r) => r.status)).toEqual(events.slice(0, -1).map(() => 'accepted'));
      expect(results.at(-1)).toMatchObject({ status: 'rejected', code: 'unsupported_schema_version' });
      expect(await centralCount(url)).toBe(events.length - 1);
    });

    it('answers a kiosk below the minimum 426 upgrade_required with the minimum, and stores nothing it sent', async () => {
      const { api, url } = await serveOn({ minKioskVersion: '0.3.0' });
      const device = await api.enrolDevice();
      const push = (version: string | null) =>
        fetch(`${url}/v1/sync/push`, {
          method: 'POST',
          headers: { authorization: `Bearer ${device.token}`, 'content-type': 'application/json', ...(version === null ? {} : { [KIOSK_VERSION_HEADER]: version }) },
          body: JSON.stringify({ events: [transactionEvent(device.deviceId, 1)] }),
        });
      for (const [version, reported] of [['0.2.9', '0.2.9'], ['0.3.0-beta.1', '0.3.0-beta.1'], [null, null]] as const) {
        const refused = await push(version);
        expect(refused.status).toBe(426);
        const body = upgradeRequiredErrorSchema.parse(await refused.json());
        expect(body.error).toMatchObject({ code: 'upgrade_required', minVersion: '0.3.0', kioskVersion: reported });
        expect(body.error.message).toMatch(/needs kiosk version 0\.3\.0 or newer/);
      }
      expect(await centralCount(url)).toBe(0);
      expect((await api.store.listDeviceStatuses()).length).toBe(0);
      // The same kiosk, updated: everything it held goes in.
      expect((await push('0.3.0')).status).toBe(200);
      expect((await push('0.10.0')).status).toBe(200);
      expect(await centralCount(url)).toBe(1);
    });
  });
}

describe('the version gate on each call a kiosk makes', () => {
  it('pull, catalogue, status report and the probe are refused for an old kiosk; the probe without a version stays a plain health check', async () => {
    const { api, url } = await serve({ minKioskVersion: '2.0.0', seed: true });
    const device = await api.enrolDevice();
    const auth = { authorization: `Bearer ${device.token}` };
    const old = { ...auth, [KIOSK_VERSION_HEADER]: '1.9.9' };
    const current = { ...auth, [KIOSK_VERSION_HEADER]: '2.0.0' };
    const status = { pendingTransactions: 1, pendingOtherRecords: 0, oldestPendingAgeSeconds: 5, appVersion: '1.9.9', storageUsedBytes: null, storageQuotaBytes: null };
    const post = (headers: Record<string, string>) => fetch(`${url}/v1/devices/status`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(status) });
    expect((await fetch(`${url}/v1/sync/pull`, { headers: old })).status).toBe(426);
    expect((await fetch(`${url}/v1/catalogue`, { headers: old })).status).toBe(426);
    expect((await post(old)).status).toBe(426);
    expect((await api.store.listDeviceStatuses()).length).toBe(0);
    expect((await fetch(`${url}/healthz?kioskVersion=1.9.9`)).status).toBe(426);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/healthz?kioskVersion=2.0.0`)).status).toBe(200);
    expect((await fetch(`${url}/v1/sync/pull`, { headers: current })).status).toBe(200);
    expect((await fetch(`${url}/v1/catalogue`, { headers: current })).status).toBe(200);
    expect((await post(current)).status).toBe(200);
    // The refusal is in the API's own description.
    const openapi = (await (await fetch(`${url}/openapi.json`)).json()) as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    expect(openapi.paths['/v1/sync/push']!.post!.responses['426']).toBeDefined();
  });

  it.each([
    ['a word', 'latest'],
    ['a version with a space', '1.2 .3'],
    ['two parts', '1.2'],
  ])('refuses a malformed version (%s) with invalid_kiosk_version, with or without a minimum', async (_what, version) => {
    for (const minKioskVersion of [undefined, '1.0.0']) {
      const { api, url } = await serve(minKioskVersion ? { minKioskVersion } : {});
      const device = await api.enrolDevice();
      const pushed = await fetch(`${url}/v1/sync/push`, {
        method: 'POST',
        headers: { authorization: `Bearer ${device.token}`, 'content-type': 'application/json', [KIOSK_VERSION_HEADER]: version },
        body: JSON.stringify({ events: [transactionEvent(device.deviceId, 1)] }),
      });
      expect(pushed.status).toBe(400);
      expect(((await pushed.json()) as { error: { code: string } }).error.code).toBe('invalid_kiosk_version');
      const probe = await fetch(`${url}/healthz?kioskVersion=${encodeURIComponent(version)}`);
      expect(probe.status).toBe(400);
      expect(await centralCount(url)).toBe(0);
    }
  });

  it('without a minimum, any kiosk version is served', async () => {
    const { api, url } = await serve();
    const device = await api.enrolDevice();
    const pushed = await fetch(`${url}/v1/sync/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${device.token}`, 'content-type': 'application/json', [KIOSK_VERSION_HEADER]: '0.0.1' },
      body: JSON.stringify({ events: [transactionEvent(device.deviceId, 1)] }),
    });
    expect(pushed.status).toBe(200);
  });

  it('MIN_KIOSK_VERSION must be a version', () => {
    expect(readServerEnv({ MIN_KIOSK_VERSION: '1.4.0' }).MIN_KIOSK_VERSION).toBe('1.4.0');
    expect(() => readServerEnv({ MIN_KIOSK_VERSION: 'soon' })).toThrow(/MIN_KIOSK_VERSION: a version is like 1\.4\.2/);
  });
});

describe('the kiosk told it is too old', () => {
  /** Timers the test runs by hand: the recheck is 30 min away and must be the only thing that asks the office again. */
  function manualTimers() {
    const timers = new Map<number, { run: () => void; ms: number }>();
    let next = 0;
    return {
      timers,
      setTimer: (run: () => void, ms: number) => {
        timers.set(++next, { run, ms });
        return next;
      },
      clearTimer: (handle: unknown) => void timers.delete(handle as number),
      /** Runs every timer due within `ms` (not the ones it arms). */
      runWithin(ms: number) {
        for (const [id, timer] of [...timers]) {
          if (timer.ms > ms) continue;
          timers.delete(id);
          timer.run();
        }
      },
    };
  }

  it('stops, keeps every record pending, asks the host for an update, and asks the office again only every 30 minutes; updated, it sends everything once', async () => {
    const { api, url } = await serve({ minKioskVersion: '0.3.0', seed: true });
    const device = await api.enrolDevice();
    const clock = manualTimers();
    let requests = 0;
    const asked: unknown[] = [];
    const kiosk = makeKiosk(url, device, {
      kioskVersion: async () => '0.2.0',
      onUpgradeRequired: (needed) => asked.push(needed),
      fetch: (input, init) => {
        requests++;
        return fetch(input, init);
      },
      setTimer: clock.setTimer,
      clearTimer: clock.clearTimer,
      heartbeatMs: 2000,
      probeIntervalMs: 2000,
    });
    for (const cents of [100, 250, 4500]) await kiosk.record(cents);
    kiosk.engine.start();
    await expect.poll(() => kiosk.engine.getStatus().state).toBe('upgrade_required');
    await expect.poll(async () => (await kiosk.db.syncLog.toArray()).map((l) => l.outcome)).toEqual(['upgrade_required']);
    expect(kiosk.engine.getStatus().upgrade).toEqual({ minVersion: '0.3.0', kioskVersion: '0.2.0' });
    expect(asked).toEqual([{ minVersion: '0.3.0', kioskVersion: '0.2.0' }]);
    expect(await getSyncCursor(kiosk.db)).toBe(0);
    expect(await countPending(kiosk.db)).toBe(3);
    expect(await centralCount(url)).toBe(0);

    // No probe, heartbeat or backoff keeps going: the one timer left is the recheck, half an hour out.
    const sent = requests;
    clock.runWithin(29 * 60_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(requests).toBe(sent);
    expect([...clock.timers.values()].map((t) => t.ms)).toEqual([30 * 60_000]);
    clock.runWithin(30 * 60_000);
    await expect.poll(() => requests).toBe(sent + 1);
    expect(kiosk.engine.getStatus().state).toBe('upgrade_required');
    expect(asked).toHaveLength(1);
    kiosk.engine.stop();

    // The clerk and the supervisor read it plainly, with what waits.
    const view = syncStatusView({ engine: kiosk.engine.getStatus(), pending: { transactions: 3, otherRecords: 0 }, refused: 0, now: 0, host: 'browser' });
    expect(view).toMatchObject({ kind: 'upgrade', chip: 'Update needed', headline: 'This kiosk needs an update', action: 'reload' });
    expect(view.detail).toBe('The office now needs version 0.3.0 or newer; this kiosk runs 0.2.0. Reload this page to load the new version; if this message stays, call IT. 3 transactions kept safe on this van: they are sent after the update.');

    // The app is updated (a new start on the same database): everything goes, once.
    const updated = makeKiosk(url, device, { kioskVersion: async () => '0.3.0' }, kiosk.db.name);
    await updated.engine.trigger();
    expect(updated.engine.getStatus().state).toBe('idle');
    expect(await countPending(updated.db)).toBe(0);
    expect(await centralCount(url)).toBe(3);
  });

  it('a kiosk with nothing to send hears it on its pull too', async () => {
    const { api, url } = await serve({ minKioskVersion: '1.0.0', seed: true });
    const device = await api.enrolDevice();
    const kiosk = makeKiosk(url, device, { kioskVersion: async () => '0.9.0' });
    await kiosk.engine.trigger();
    kiosk.engine.stop();
    expect(kiosk.engine.getStatus()).toMatchObject({ state: 'upgrade_required', upgrade: { minVersion: '1.0.0', kioskVersion: '0.9.0' } });
  });
});
