/**
 * `npm run bench:connectivity`: how fast the kiosk sees the office go and come back, in Chromium against the real API.
 *
 * Two ways the office goes, several runs each:
 *  - the API process is killed (SIGKILL), later restarted on the same port;
 *  - the network is cut by Playwright's context.setOffline(true), later restored.
 * For each run it measures the time from the cut to the status bar saying "Offline", and from the API answering again
 * (the restarted server's first /healthz answer, or the network restored) to the first push it answers 200. A parking
 * ticket is recorded while offline each time, so there is something to push. Targets (issue 13): ≤ 3 s and ≤ 5 s.
 * A benchmark, not a test: it prints min / median / max and each median against its target.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { kioskConfigSchema } from '../shared';
import { ensureDemoDevice, seedDemoCatalogue } from '../server/seed';
import { SqliteStore } from '../server/store/sqlite';
import { formatStats, machineLine, numberFlag, runStats } from './bench-stats';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium';
import { startKioskWebServer } from './kiosk-web-server';
import { freePort } from '../tests/helpers/ports';

const RUNS = numberFlag('runs', 'RUNS', 5);
const ADMIN_TOKEN = 'bench-connectivity-admin-token';
const OFFLINE_TARGET_MS = 3000;
const RESUME_TARGET_MS = 5000;

/** The real API as its own process (so it can be killed without warning), on a fixed port over one data folder. */
class ApiProcess {
  private child: ChildProcess | null = null;

  constructor(
    private readonly port: number,
    private readonly dataDir: string,
    /** The kiosk page's origin: the API answers a browser only from the origins it is told (CORS_ORIGINS). */
    private readonly kioskOrigin: string,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts it and returns when /healthz first answers (the moment "the API answers again"). */
  async start(): Promise<number> {
    this.child = spawn(resolve('node_modules/.bin/tsx'), ['server/main.ts'], {
      env: { ...process.env, PORT: String(this.port), HOST: '127.0.0.1', DATA_DIR: this.dataDir, ADMIN_TOKEN, LOG_LEVEL: 'silent', CORS_ORIGINS: this.kioskOrigin },
      detached: true,
      stdio: 'ignore',
    });
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        const response = await fetch(`${this.url}/healthz`);
        if (response.ok) return Date.now();
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error('the API did not start within 30 s');
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** SIGKILL to the whole process group: no graceful shutdown, connections refused at once. Returns when it is gone. */
  async kill(): Promise<number> {
    const child = this.child;
    if (!child?.pid) throw new Error('the API is not running');
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    const at = Date.now();
    process.kill(-child.pid, 'SIGKILL');
    await exited;
    this.child = null;
    return at;
  }

  async stop(): Promise<void> {
    if (this.child?.pid) await this.kill().catch(() => undefined);
  }
}

const chip = (page: Page) => page.getByTestId('sync-chip');

async function signInAndOpenStop(page: Page): Promise<void> {
  const name = page.getByRole('combobox', { name: 'Name', exact: true });
  const pin = page.getByRole('textbox', { name: 'PIN', exact: true });
  await name.waitFor({ timeout: 30_000 });
  await name.selectOption({ label: 'Ana Clerk (clerk)' });
  await pin.fill('246810');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('textbox', { name: 'Neighbourhood', exact: true }).fill('Dorchester');
  await page.getByRole('textbox', { name: 'Address or place name', exact: true }).fill('Fields Corner');
  await page.getByRole('textbox', { name: 'Opening float ($)', exact: true }).fill('100.00');
  await page.getByRole('button', { name: 'Count float with a second person', exact: true }).click();
  await page.getByRole('button', { name: 'Confirm float and open stop', exact: true }).waitFor();
  await name.selectOption({ label: 'Sam Supervisor (supervisor)' });
  await pin.fill('135790');
  await page.getByRole('button', { name: 'Confirm float and open stop', exact: true }).click();
  await page.getByRole('button', { name: 'New transaction Alt+T', exact: true }).waitFor();
}

let ticket = 3_000_000;
async function recordParkingTicket(page: Page): Promise<void> {
  const next = page.getByRole('button', { name: 'Next transaction', exact: true });
  const fresh = page.getByRole('button', { name: 'New transaction Alt+T', exact: true });
  await next.or(fresh).first().click();
  await page.getByRole('group', { name: 'Service category', exact: true }).getByRole('button', { name: 'Payments', exact: true }).click();
  await page.getByRole('group', { name: 'Service', exact: true }).getByRole('button', { name: 'Pay parking ticket', exact: true }).click();
  await page.getByRole('textbox', { name: 'Ticket number', exact: true }).fill(`BOS${++ticket}`);
  await page.getByRole('textbox', { name: 'Amount due (in dollars)', exact: true }).or(page.getByRole('spinbutton', { name: 'Amount due (in dollars)', exact: true })).fill('10.00');
  await page.getByRole('radio', { name: 'Cash', exact: true }).check();
  await page.getByRole('textbox', { name: 'Cash tendered ($)', exact: true }).or(page.getByRole('spinbutton', { name: 'Cash tendered ($)', exact: true })).fill('10');
  await page.getByRole('button', { name: /^Record (payment|\(no fee\))$/ }).click();
  await page.getByTestId('confirmation').waitFor();
}

/** Resolves with the time (ms since the epoch) of the next push the API answers 200. */
function nextAcceptedPush(page: Page): Promise<number> {
  return new Promise((resolveAt) => {
    const onResponse = (response: { url(): string; status(): number; request(): { method(): string } }) => {
      if (response.url().endsWith('/v1/sync/push') && response.request().method() === 'POST' && response.status() === 200) {
        page.off('response', onResponse);
        resolveAt(Date.now());
      }
    };
    page.on('response', onResponse);
  });
}

async function waitForChip(page: Page, text: string, timeout = 60_000): Promise<number> {
  await chip(page).filter({ hasText: new RegExp(`^${text}$`) }).waitFor({ timeout });
  return Date.now();
}

interface Run {
  toOfflineMs: number;
  toFirstPushMs: number;
}

async function apiKilledRun(page: Page, api: ApiProcess): Promise<Run> {
  await waitForChip(page, 'Up to date');
  const killedAt = await api.kill();
  const offlineAt = await waitForChip(page, 'Offline');
  await recordParkingTicket(page);
  const pushed = nextAcceptedPush(page);
  const answeringAt = await api.start();
  const pushedAt = await pushed;
  return { toOfflineMs: offlineAt - killedAt, toFirstPushMs: pushedAt - answeringAt };
}

async function networkCutRun(page: Page, context: BrowserContext): Promise<Run> {
  await waitForChip(page, 'Up to date');
  const cutAt = Date.now();
  await context.setOffline(true);
  const offlineAt = await waitForChip(page, 'Offline');
  await recordParkingTicket(page);
  const pushed = nextAcceptedPush(page);
  const backAt = Date.now();
  await context.setOffline(false);
  const pushedAt = await pushed;
  return { toOfflineMs: offlineAt - cutAt, toFirstPushMs: pushedAt - backAt };
}

/** One measure's runs in seconds (min / median / max, from bench-stats) and its RESULT line: the median against the target. */
function figures(label: string, values: number[], target: number): string {
  const stats = runStats(values.map((ms) => ms / 1000));
  const verdict = stats.median <= target / 1000 ? 'meets' : 'misses';
  return `${label.padEnd(44)} ${formatStats(stats, 's', 2)}\nRESULT ${label}: median/target ${(stats.median / (target / 1000)).toFixed(2)} (target ≤ ${(target / 1000).toFixed(2)} s, ${verdict})`;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'chtg-bench-connectivity-'));
  const port = await freePort();
  const seed = new SqliteStore({ file: join(dataDir, 'central.sqlite'), checkpointIntervalMs: 0 });
  await seed.migrate();
  await seedDemoCatalogue(seed);
  const credentials = await ensureDemoDevice(seed, dataDir);
  await seed.close();
  // The kiosk's own defaults for retries (the push backoff grows to 60 s): only the probe should bring it back fast.
  const config = kioskConfigSchema.parse({ apiUrl: `http://127.0.0.1:${port}`, cityName: 'City of Boston', vanName: 'Van Bench' });
  const web = await startKioskWebServer({ config, credentials });
  const api = new ApiProcess(port, dataDir, new URL(web.url).origin);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  try {
    await api.start();
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(web.url);
    await signInAndOpenStop(page);
    console.log(`bench:connectivity — ${RUNS} runs each, kiosk retry base ${config.syncRetryBaseMs} ms / max ${config.syncRetryMaxMs} ms`);
    console.log(machineLine());

    const killed: Run[] = [];
    const cut: Run[] = [];
    // Alternate the two kinds, so a busy moment on this shared machine does not fall on one kind only.
    for (let i = 0; i < RUNS; i++) {
      killed.push(await apiKilledRun(page, api));
      cut.push(await networkCutRun(page, context));
      console.log(`  run ${i + 1}: API killed ${killed[i]!.toOfflineMs} ms → Offline, ${killed[i]!.toFirstPushMs} ms → push; network cut ${cut[i]!.toOfflineMs} ms → Offline, ${cut[i]!.toFirstPushMs} ms → push`);
    }
    console.log('');
    console.log(figures('API killed: cut → "Offline" shown', killed.map((r) => r.toOfflineMs), OFFLINE_TARGET_MS));
    console.log(figures('API killed: answering again → push accepted', killed.map((r) => r.toFirstPushMs), RESUME_TARGET_MS));
    console.log(figures('setOffline: cut → "Offline" shown', cut.map((r) => r.toOfflineMs), OFFLINE_TARGET_MS));
    console.log(figures('setOffline: restored → push accepted', cut.map((r) => r.toFirstPushMs), RESUME_TARGET_MS));
    await context.close();
  } finally {
    await browser.close();
    await api.stop();
    await web.app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
