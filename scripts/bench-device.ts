/**
 * `npm run bench:device`: a year on the van. Fills the kiosk's own database in Chromium (Debian's, on-disk profile)
 * with about 1,000,000 events — and, beside it, 10,000 — whose read models are what the counter's actions leave
 * (see tests/bench/device-page.ts), then measures, on each:
 *   - cold start: Chromium launched on that profile, the kiosk loaded, until the staff sign-in form is usable, and
 *     from the PIN to the counter showing today's history;
 *   - the queries behind today's dashboard, history search, the day-close figures and the pending count (p95);
 *   - the database's size on disk.
 * The van is offline while it is measured (its API is stopped), as it so often is; today's events wait to be sent.
 *
 *   npm run bench:device -- --runs 3 --events 10000,1000000 --query-runs 20 --visits-per-day 700
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import Fastify from 'fastify';
import fastifyStatic from '@fastify/static';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { kioskConfigSchema, type KioskConfig } from '../shared';
import { readServerEnv } from '../server/config';
import { ensureDemoDevice, seedDemoCatalogue } from '../server/seed';
import { startServer, type RunningServer } from '../server/server';
import { SqliteStore } from '../server/store/sqlite';
import { vanCode } from '../renderer/src/db/transactions';
import { freePort } from '../tests/e2e/harness';
import type { Template } from '../tests/bench/device-page';
import { formatStats, listFlag, machineLine, numberFlag, runStats } from './bench-stats';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium';

const SIZES = listFlag('events', 'EVENTS', [10_000, 1_000_000]);
const RUNS = numberFlag('runs', 'RUNS', 3);
const QUERY_RUNS = numberFlag('query-runs', 'QUERY_RUNS', 20);
const VISITS_PER_DAY = numberFlag('visits-per-day', 'VISITS_PER_DAY', 700);
/** The kiosk's clock in every page: a Friday, 14:00 in Boston. */
const NOW = '2026-11-27T19:00:00.000Z';
const START_TARGET_MS = 2000;
const QUERY_TARGET_MS = 100;

interface SizeResult {
  events: number;
  days: number;
  loadMs: number;
  counts: Record<string, number>;
  launchMs: number[];
  signInUsableMs: number[];
  domContentLoadedMs: number[];
  counterReadyMs: number[];
  queries: Record<string, { first: number; p50: number; p95: number; max: number }>;
  check: Record<string, unknown>;
  diskBytes: number;
}

async function openProfile(profileDir: string, clock: boolean): Promise<{ context: BrowserContext; page: Page; launchMs: number }> {
  const started = performance.now();
  const context = await chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true, timezoneId: 'America/New_York' });
  const page = context.pages()[0] ?? (await context.newPage());
  const launchMs = performance.now() - started;
  // Keep Chromium's own clock for the measurements (navigation start = 0) before the pinned clock fakes performance.
  // A string, not a function: tsx would wrap inner functions in a helper the page does not have.
  await page.addInitScript(`(() => {
    const real = performance;
    window.__realClock = {
      now: real.now.bind(real),
      navigation: function () { const n = real.getEntriesByType('navigation')[0]; return n ? n.domContentLoadedEventEnd : -1; },
    };
  })();`);
  if (clock) await page.clock.install({ time: new Date(NOW) });
  return { context, page, launchMs };
}

interface RealClock {
  __realClock: { now: () => number; navigation: () => number };
  __signInUsableAt?: number;
}

/** True once the sign-in form can be used (the staff list is in, the PIN field enabled), noting when on Chromium's clock. */
const SIGN_IN_USABLE = () => {
  const w = window as unknown as RealClock;
  if (w.__signInUsableAt !== undefined) return true;
  const select = document.querySelector<HTMLSelectElement>('form.pin-check select');
  const pin = document.querySelector<HTMLInputElement>('form.pin-check input[type="password"]');
  if (!(select && select.options.length > 1 && pin && !pin.disabled)) return false;
  w.__signInUsableAt = w.__realClock.now();
  return true;
};

async function coldStart(profileDir: string, kioskUrl: string) {
  const { context, page, launchMs } = await openProfile(profileDir, true);
  try {
    await page.goto(kioskUrl);
    await page.waitForFunction(SIGN_IN_USABLE, undefined, { timeout: 120_000, polling: 20 });
    const { usable, dcl } = await page.evaluate(() => ({
      usable: (window as unknown as RealClock).__signInUsableAt!,
      dcl: (window as unknown as RealClock).__realClock.navigation(),
    }));
    // From the PIN to the counter: the console with today's history listed.
    await page.getByRole('combobox', { name: 'Name', exact: true }).selectOption({ label: 'Ana Clerk (clerk)' });
    await page.getByRole('textbox', { name: 'PIN', exact: true }).fill('246810');
    const t = performance.now();
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'Today’s history', exact: true }).waitFor({ timeout: 120_000 });
    await page.locator('[data-testid="history"] tr[data-transaction-id]').first().waitFor({ timeout: 120_000 });
    const counterReadyMs = performance.now() - t;
    // Sign out so the next cold start begins at the sign-in form again.
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    return { launchMs, usable, dcl, counterReadyMs };
  } finally {
    await context.close();
  }
}

/**
 * What the staff window downloads before its first screen (index.html's script and modulepreloads) and every other
 * chunk, which loads on demand (counter, supervisor, receipt, resident), raw and gzip.
 */
function bundleReport(dir = resolve('out/renderer')): string[] {
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const initial = new Set([...html.matchAll(/(?:src|href)="\.\/assets\/([^"]+\.(?:js|css))"/g)].map((m) => m[1]!));
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const rows = readdirSync(join(dir, 'assets'))
    .filter((f) => f.endsWith('.js') || f.endsWith('.css'))
    .map((f) => {
      const bytes = readFileSync(join(dir, 'assets', f));
      return { f, raw: bytes.length, gzip: gzipSync(bytes).length, first: initial.has(f) };
    })
    .sort((a, b) => Number(b.first) - Number(a.first) || b.raw - a.raw);
  const sum = (pick: (r: (typeof rows)[number]) => number, first: boolean) => rows.filter((r) => r.first === first).reduce((a, r) => a + pick(r), 0);
  return [
    `staff window bundle (out/renderer): first screen ${kb(sum((r) => r.raw, true))} raw, ${kb(sum((r) => r.gzip, true))} gzip; on demand ${kb(sum((r) => r.raw, false))} raw, ${kb(sum((r) => r.gzip, false))} gzip`,
    ...rows.map((r) => `  ${r.first ? 'first screen' : 'on demand   '} ${r.f.padEnd(44)} ${kb(r.raw).padStart(10)} raw ${kb(r.gzip).padStart(10)} gzip`),
  ];
}

function diskBytes(profileDir: string): number {
  const out = execFileSync('du', ['-sb', join(profileDir, 'Default', 'IndexedDB')], { encoding: 'utf8' });
  return Number(out.split(/\s+/)[0]);
}

async function main(): Promise<void> {
  const pageDir = mkdtempSync(join(tmpdir(), 'chtg-bench-device-page-'));
  const dataDir = mkdtempSync(join(tmpdir(), 'chtg-bench-device-'));
  await build({ root: resolve('tests/bench'), base: './', logLevel: 'warn', build: { outDir: pageDir, emptyOutDir: true, rolldownOptions: { input: resolve('tests/bench/device.html') } } });

  const apiPort = await freePort();
  const seedStore = new SqliteStore({ file: join(dataDir, 'central.sqlite'), checkpointIntervalMs: 0 });
  await seedStore.migrate();
  await seedDemoCatalogue(seedStore, new Date(NOW));
  const credentials = await ensureDemoDevice(seedStore, dataDir);
  await seedStore.close();
  const config: KioskConfig = kioskConfigSchema.parse({ apiUrl: `http://127.0.0.1:${apiPort}`, cityName: 'City of Boston', vanName: 'Van 1 (demo)' });

  const web = Fastify({ logger: false });
  web.get('/kiosk-bootstrap.json', async (_request, reply) => {
    reply.header('Cache-Control', 'no-store');
    return { config, credentials, version: '0.1.0' };
  });
  await web.register(fastifyStatic, { root: resolve('out/renderer'), index: ['index.html'] });
  await web.register(fastifyStatic, { root: pageDir, prefix: '/bench/', decorateReply: false });
  const kioskUrl = `${await web.listen({ port: 0, host: '127.0.0.1' })}/`;
  let api: RunningServer | null = null;

  console.log(`bench:device — a year on the van: ${SIZES.map((s) => s.toLocaleString('en-US')).join(' and ')} events, ${RUNS} cold starts each, ${QUERY_RUNS} runs per query`);
  console.log(`  ${machineLine()}`);
  for (const line of bundleReport()) console.log(`  ${line}`);
  let template: Template | null = null;
  const results: SizeResult[] = [];
  try {
    for (const size of SIZES) {
      const profileDir = mkdtempSync(join(tmpdir(), 'chtg-bench-device-profile-'));
      try {
        // First start on a fresh profile, online: the kiosk pulls its catalogue (staff, PIN hashes) as a van does.
        api = await startServer(readServerEnv({ PORT: String(apiPort), DATA_DIR: dataDir, ADMIN_TOKEN: 'bench-admin-token-0123456789', LOG_LEVEL: 'silent', CORS_ORIGINS: new URL(kioskUrl).origin }));
        const first = await openProfile(profileDir, true);
        await first.page.goto(kioskUrl);
        await first.page.getByRole('combobox', { name: 'Name', exact: true }).locator('option').nth(1).waitFor({ state: 'attached', timeout: 60_000 });
        await first.page.goto(`${kioskUrl}bench/device.html`);
        await first.page.waitForSelector('body[data-ready="true"]', { state: 'attached' });
        await api.close();
        api = null;
        if (!template) {
          const t = performance.now();
          const version = await first.page.evaluate(() => window.deviceBench.catalogueVersion());
          template = await first.page.evaluate(([id, prefix, v, now, visits]) => window.deviceBench.makeTemplate(id, prefix, v, now, visits), [credentials.deviceId, vanCode(config.vanName), version, NOW, VISITS_PER_DAY] as const);
          console.log(`  two days recorded through the kiosk's actions in ${((performance.now() - t) / 1000).toFixed(1)} s: yesterday ${template.closedDay.events.length} events (closed), today ${template.today.events.length} (open, unsent)`);
        }
        const loaded = await first.page.evaluate(([tpl, n]) => window.deviceBench.load(tpl, n), [template, size] as const);
        const receipts = await first.page.evaluate(() => window.deviceBench.receipts());
        await first.context.close();
        console.log(`  ${loaded.total.toLocaleString('en-US')} events over ${loaded.days} days loaded in ${(loaded.ms / 1000).toFixed(1)} s: ${JSON.stringify(loaded.counts)}`);

        const result: SizeResult = { events: loaded.total, days: loaded.days, loadMs: loaded.ms, counts: loaded.counts, launchMs: [], signInUsableMs: [], domContentLoadedMs: [], counterReadyMs: [], queries: {}, check: {}, diskBytes: 0 };
        for (let run = 0; run < RUNS; run++) {
          const start = await coldStart(profileDir, kioskUrl);
          result.launchMs.push(start.launchMs);
          result.signInUsableMs.push(start.usable);
          result.domContentLoadedMs.push(start.dcl);
          result.counterReadyMs.push(start.counterReadyMs);
        }
        const q = await openProfile(profileDir, true);
        await q.page.goto(`${kioskUrl}bench/device.html`);
        await q.page.waitForSelector('body[data-ready="true"]', { state: 'attached' });
        const measured = await q.page.evaluate(([runs, receipt]) => window.deviceBench.queries(runs, receipt), [QUERY_RUNS, receipts] as const);
        await q.context.close();
        result.queries = measured.figures;
        result.check = measured.check;
        result.diskBytes = diskBytes(profileDir);
        results.push(result);
        console.log(`  ${loaded.total.toLocaleString('en-US')} events measured (${machineLine({ chromium: false }).replace('machine: ', '')}); answers: ${JSON.stringify(measured.check)}`);
      } finally {
        rmSync(profileDir, { recursive: true, force: true });
      }
    }
  } finally {
    await api?.close();
    await web.close();
    rmSync(pageDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
  report(results);
}

function report(results: SizeResult[]): void {
  const [small, large] = [results[0]!, results.at(-1)!];
  const col = (r: SizeResult) => `${r.events.toLocaleString('en-US')} events`;
  console.log('');
  console.log(`cold start (${RUNS} runs each; median, min – max):`);
  const starts: [string, (r: SizeResult) => number[], number | null][] = [
    ['Chromium launch on the profile', (r) => r.launchMs, null],
    ['navigation → DOMContentLoaded', (r) => r.domContentLoadedMs, null],
    ['navigation → sign-in form usable', (r) => r.signInUsableMs, START_TARGET_MS],
    ['PIN → counter with today’s history', (r) => r.counterReadyMs, null],
  ];
  for (const [label, pick, target] of starts) {
    console.log(`  ${label.padEnd(36)} ${results.map((r) => `${col(r)}: ${formatStats(runStats(pick(r)), 'ms')}`).join(' | ')}`);
    if (results.length > 1) console.log(`  ${''.padEnd(36)} ratio of medians ${col(large)} / ${col(small)}: ${(runStats(pick(large)).median / runStats(pick(small)).median).toFixed(2)}×${target ? ` (target ≤ ${target} ms at ${col(large)})` : ''}`);
  }
  console.log('');
  console.log(`queries (${QUERY_RUNS} runs each; first run cold; p95 target ≤ ${QUERY_TARGET_MS} ms):`);
  for (const name of Object.keys(large.queries)) {
    const cells = results.map((r) => {
      const f = r.queries[name]!;
      return `${col(r)}: p50 ${f.p50.toFixed(1)} p95 ${f.p95.toFixed(1)} max ${f.max.toFixed(1)} first ${f.first.toFixed(1)} ms`;
    });
    const ratio = results.length > 1 ? ` | p95 ratio ${(large.queries[name]!.p95 / Math.max(0.1, small.queries[name]!.p95)).toFixed(1)}×` : '';
    const verdict = large.queries[name]!.p95 <= QUERY_TARGET_MS ? 'ok' : 'OVER TARGET';
    console.log(`  ${name.padEnd(40)} ${cells.join(' | ')}${ratio} [${verdict}]`);
  }
  console.log('');
  for (const r of results) console.log(`database on disk, ${col(r)} over ${r.days} days: ${(r.diskBytes / 1_048_576).toFixed(1)} MB (${(r.diskBytes / r.events).toFixed(0)} bytes per event, read models included)`);
  const usable = runStats(large.signInUsableMs).median;
  const worst = Math.max(...Object.values(large.queries).map((q) => q.p95));
  console.log(
    `RESULT bench:device at ${col(large)}: sign-in usable median ${usable.toFixed(0)} ms (target ≤ ${START_TARGET_MS}); worst query p95 ${worst.toFixed(1)} ms (target ≤ ${QUERY_TARGET_MS})` +
      (results.length > 1 ? `; ratio of medians to ${col(small)}: start ${(usable / runStats(small.signInUsableMs).median).toFixed(2)}×` : ''),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
