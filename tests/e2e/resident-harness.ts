import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
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

/**
 * For the tests of a file or a describe that share one kiosk: before them, a stack whose touchscreen does not go idle
 * while they look at it, and one browser context (the kiosk's IndexedDB, with its catalogue and open stop, is the
 * context's) in which a clerk has opened a stop; after them, both closed. `browser`: a browser of the tests' own.
 */
export function sharedKiosk(options: { viewport?: { width: number; height: number }; browser?: () => Browser } = {}) {
  const kiosk = {} as { stack: ResidentStack; context: BrowserContext };
  test.beforeAll(async ({ browser }) => {
    test.setTimeout(60_000);
    kiosk.stack = await makeResidentStack({ residentIdleMs: 600_000, residentWarningMs: 60_000 });
    kiosk.context = await (options.browser ? options.browser() : browser).newContext({ viewport: options.viewport ?? { width: 1280, height: 860 } });
    const staff = await staffOpensStop(kiosk.context, kiosk.stack);
    await staff.close();
  });
  test.afterAll(async () => {
    // Either may be missing when the setup failed part way.
    await (kiosk.context as BrowserContext | undefined)?.close();
    await (kiosk.stack as ResidentStack | undefined)?.close();
  });
  return kiosk;
}

/** The certificate form's answers for a valid order (its type already chosen): Rosa Lima's, for 9 June 2001. */
export async function fillCertificateOrder(page: Page): Promise<void> {
  await page.locator('input[name=nameOnRecord]').fill('Rosa Lima');
  await page.locator('input[name=eventDate-day]').fill('9');
  await page.locator('input[name=eventDate-month]').fill('6');
  await page.locator('input[name=eventDate-year]').fill('2001');
  await page.locator('input[name=requesterName]').fill('Rosa Lima');
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
