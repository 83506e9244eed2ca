// helpers/kiosk first: it installs fake-indexeddb before Dexie loads.
import { makeKiosk } from '../helpers/kiosk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installDeviceAuth } from '../../electron/main/device';
import { getSyncCursor } from '../../renderer/src/db/db';
import { ADMIN_TOKEN, startTestApi, type TestApi } from '../helpers/server';

// Under Electron the page's sync engine holds no token and sends no Authorization header; main adds it on the way
// out (session.webRequest.onBeforeSendHeaders). Here main's real listener stands between the engine and a real API.

let api: TestApi;
let url: string;
beforeAll(async () => {
  api = await startTestApi({ seed: true });
  url = await api.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => api.close());

describe('the device token stays in main', () => {
  it('the engine sends no Authorization itself; with main adding it, push and pull go through', async () => {
    const device = await api.enrolDevice('Van 1');
    const origin = new URL(url).origin;
    let listener: ((details: { url: string; method: string; requestHeaders: Record<string, string> }, cb: (r: { requestHeaders: Record<string, string> }) => void) => void) | undefined;
    installDeviceAuth({ onBeforeSendHeaders: (_filter: unknown, l: never) => (listener = l) } as never, { apiOrigin: () => origin, token: () => device.token });

    const fromPage: Record<string, string>[] = [];
    const kiosk = makeKiosk(url, device, {
      // The page's view of its enrolment under Electron: no token.
      getCredentials: async () => ({ deviceId: device.deviceId }),
      fetch: async (input, init) => {
        const request = new Request(input, init);
        const headers = Object.fromEntries(request.headers.entries());
        fromPage.push(headers);
        let sent: Record<string, string> = headers;
        listener!({ url: request.url, method: request.method, requestHeaders: headers }, (r) => (sent = r.requestHeaders));
        return fetch(request.url, { method: request.method, headers: sent, body: init?.body ?? null, signal: init?.signal ?? null });
      },
    });
    await kiosk.record(1500);
    await kiosk.record(250);
    await kiosk.engine.trigger();
    kiosk.engine.stop();

    expect(fromPage.length).toBeGreaterThan(1);
    for (const headers of fromPage) expect(Object.keys(headers).map((k) => k.toLowerCase())).not.toContain('authorization');
    expect(await getSyncCursor(kiosk.db)).toBe(2);
    expect(await kiosk.db.catalogue.get('current')).toBeDefined();
    const central = (await (await fetch(`${url}/v1/transactions?deviceId=${device.deviceId}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json()) as { total: number };
    expect(central.total).toBe(2);
  });

  it('without main adding it, the same engine is refused: the header really comes from main', async () => {
    const device = await api.enrolDevice('Van 2');
    const kiosk = makeKiosk(url, device, { getCredentials: async () => ({ deviceId: device.deviceId }) });
    await kiosk.record(700);
    await kiosk.engine.trigger();
    kiosk.engine.stop();
    expect(await getSyncCursor(kiosk.db)).toBe(0);
    expect(kiosk.statuses.at(-1)?.state).toBe('unauthorized');
  });
});
