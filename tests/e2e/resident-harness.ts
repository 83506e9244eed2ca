import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type BrowserContext, type Page } from '@playwright/test';
import { kioskConfigSchema } from '../../shared';
import { readServerEnv } from '../../server/config';
import { ensureDemoDevice, seedDemoCatalogue } from '../../server/seed';
import { startServer, type RunningServer } from '../../server/server';
import { SqliteStore } from '../../server/store/sqlite';
import { startKioskWebServer } from '../../scripts/kiosk-web-server';
import { ADMIN_TOKEN, freePort } from './harness';
import { CLERK, openStop, signIn } from './staff-helpers';

/**
 * The pieces of harness.ts's makeStack, with the resident touchscreen's idle times set by the test: one kiosk web
 * server (one origin, so the staff and resident pages share the kiosk's IndexedDB) and its central API, started at once.
 */
export async function makeResidentStack(options: { residentIdleMs?: number; residentWarningMs?: number } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'chtg-resident-'));
  const apiPort = await freePort();
  const seedStore = new SqliteStore({ file: join(dataDir, 'central.sqlite'), checkpointIntervalMs: 0 });
  await seedStore.migrate();
  await seedDemoCatalogue(seedStore);
  const credentials = await ensureDemoDevice(seedStore, dataDir);
  await seedStore.close();
  // Parsed, so settings this test does not care about take their defaults.
  const config = kioskConfigSchema.parse({
    apiUrl: `http://127.0.0.1:${apiPort}`,
    cityName: 'City of Boston',
    vanName: 'Van E2E',
    syncRetryBaseMs: 200,
    syncRetryMaxMs: 500,
    residentIdleMs: options.residentIdleMs ?? 3000,
    residentWarningMs: options.residentWarningMs ?? 2000,
  });
  const web = await startKioskWebServer({ config, credentials });
  // The API answers CORS only for the kiosk's own origins: here, the page's.
  const api: RunningServer = await startServer(
    readServerEnv({ PORT: String(apiPort), DATA_DIR: dataDir, ADMIN_TOKEN, LOG_LEVEL: 'silent', CORS_ORIGINS: new URL(web.url).origin }),
  );
  return {
    kioskUrl: web.url,
    residentUrl: `${web.url}#/resident`,
    apiUrl: config.apiUrl,
    config,
    async get<T>(path: string): Promise<T> {
      const response = await fetch(`${config.apiUrl}${path}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      expect(response.status, `GET ${path}`).toBe(200);
      return (await response.json()) as T;
    },
    async close() {
      await api.close();
      await web.app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type ResidentStack = Awaited<ReturnType<typeof makeResidentStack>>;

/** A clerk signs in (which waits for the catalogue to sync) and opens a stop at Fields Corner, Dorchester. */
export async function staffOpensStop(context: BrowserContext, stack: ResidentStack): Promise<Page> {
  const staff = await context.newPage();
  await staff.goto(stack.kioskUrl);
  await signIn(staff, CLERK);
  await openStop(staff);
  return staff;
}

/** Overrides the idle times this page's kiosk configuration gives the touchscreen (before it loads). */
export async function overrideIdleTimes(page: Page, idle: { residentIdleMs: number; residentWarningMs: number }): Promise<void> {
  await page.route('**/kiosk-bootstrap.json', async (route) => {
    const response = await route.fetch();
    const body = (await response.json()) as { config: Record<string, unknown> };
    await route.fulfill({ response, json: { ...body, config: { ...body.config, ...idle } } });
  });
}

/** Records what the touchscreen sends to the printer: every frame's print() is captured instead of opening a dialog. */
export async function capturePrints(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const record = (html: string) => {
      const top = window.top as (Window & { __prints?: string[] }) | null;
      if (top) (top.__prints ??= []).push(html);
    };
    window.print = () => record(document.documentElement.outerHTML);
  });
}

export async function printed(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as Window & { __prints?: string[] }).__prints ?? []);
}
