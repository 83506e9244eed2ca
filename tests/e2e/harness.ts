import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { kioskConfigSchema, type DeviceCredentials, type KioskConfig, type PlannedStop } from '../../shared';
import { readServerEnv } from '../../server/config';
import { ensureDemoDevice, seedDemoCatalogue } from '../../server/seed';
import { startServer, type RunningServer } from '../../server/server';
import { SqliteStore } from '../../server/store/sqlite';
import { startKioskWebServer } from '../../scripts/kiosk-web-server';
import { freePort } from '../helpers/ports';

export { freePort };

export const ADMIN_TOKEN = 'e2e-admin-token-0123456789';

/**
 * One kiosk and its central API, each test with its own data folder. The API is not running until `startApi()`,
 * so a test can begin offline.
 */
export async function makeStack(options: { syncRetryMaxMs?: number; enrolled?: boolean; schedule?: PlannedStop[]; config?: Partial<KioskConfig> } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'chtg-e2e-'));
  const apiPort = await freePort();
  const seedStore = new SqliteStore({ file: join(dataDir, 'central.sqlite'), checkpointIntervalMs: 0 });
  await seedStore.migrate();
  await seedDemoCatalogue(seedStore, new Date(), { schedule: options.schedule });
  const credentials: DeviceCredentials | null = options.enrolled === false ? null : await ensureDemoDevice(seedStore, dataDir);
  await seedStore.close();
  const config: KioskConfig = kioskConfigSchema.parse({
    apiUrl: `http://127.0.0.1:${apiPort}`,
    cityName: 'City of Boston',
    vanName: 'Van E2E',
    syncRetryBaseMs: 200,
    syncRetryMaxMs: options.syncRetryMaxMs ?? 1000,
    ...options.config,
  });
  const web = await startKioskWebServer({ config, credentials });
  let api: RunningServer | null = null;
  return {
    kioskUrl: web.url,
    apiUrl: config.apiUrl,
    credentials,
    /** Admin calls against the running API. */
    async admin(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown) {
      const response = await fetch(`${config.apiUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
    /** `env`: more of the API's settings (e.g. MIN_KIOSK_VERSION). */
    async startApi(env: Record<string, string> = {}) {
      // The API answers CORS only for the kiosk's own origins: here, the page's.
      api = await startServer(readServerEnv({ PORT: String(apiPort), DATA_DIR: dataDir, ADMIN_TOKEN, LOG_LEVEL: 'silent', CORS_ORIGINS: new URL(web.url).origin, ...env }));
      return api;
    },
    async stopApi() {
      await api?.close();
      api = null;
    },
    async close() {
      await api?.close();
      await web.app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Pins the page's clock at a given instant before the kiosk loads: Date, timers and performance all start there and
 * then run on (Playwright's page.clock), so a day's flow can be tried at 23:30, just after midnight or on the nights
 * the clocks change, whatever the wall clock says. Pair it with a context `timezoneId` to set the laptop's zone.
 * Call before `page.goto`. The clock belongs to the page's context: every window of that context shares it, and a
 * fastForward moves them all.
 */
export async function pinClock(page: Page, instant: string | Date): Promise<void> {
  await page.clock.install({ time: new Date(instant) });
}

/** Instants that catch the late-evening and clock-change classes of bug, in the demo city's zone (America/New_York). */
export const CLOCK_EDGES = {
  /** 23:30 on a winter evening (EST, -05:00). */
  lateEvening: '2026-12-02T04:30:00.000Z',
  /** 00:10 just after midnight (EST). */
  afterMidnight: '2026-12-02T05:10:00.000Z',
  /** 01:30 on 8 March 2026, half an hour before the clocks spring forward from 02:00 to 03:00. */
  springForward: '2026-03-08T06:30:00.000Z',
  /** 01:30 EDT on 1 November 2026: the first of the two 01:30s, half an hour before the clocks fall back. */
  fallBack: '2026-11-01T05:30:00.000Z',
} as const;
