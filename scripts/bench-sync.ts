/**
 * `npm run bench:sync`: backlogs of 10,000 and 100,000 events pushed from Dexie in Chromium (on-disk profile) to the
 * SQLite API on loopback. Prints events/s end to end, IndexedDB writes made by sync bookkeeping, the worst input delay
 * on the page while it syncs, and the ratio to the same number of events pushed by a plain Node client in the same run.
 *
 * Before the clock starts, one small backlog goes through both clients so neither pays for the server's warm-up. Each
 * size is then measured RUNS times (default 5 for 10,000 and 1 for 100,000), kiosk and Node client alternating, and
 * the best of each is compared, as bench:server does: less noise on a shared 2-core machine.
 *
 *   SIZES=10000,100000 BATCH_SIZE=500 RUNS=5 PIPELINE_DEPTH=2 npm run bench:sync
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_BATCH_SIZE } from '../shared';
import { hashToken, newSecretToken } from '../server/auth';
import { readServerEnv } from '../server/config';
import { startServer } from '../server/server';
import { transactionEvent } from '../tests/helpers/events';
import { openBenchPage } from './bench-browser';

const SIZES = (process.env.SIZES ?? '10000,100000').split(',').map(Number);
const BATCH_SIZE = Number(process.env.BATCH_SIZE ?? DEFAULT_BATCH_SIZE);
const PIPELINE_DEPTH = process.env.PIPELINE_DEPTH ? Number(process.env.PIPELINE_DEPTH) : undefined;
const runsFor = (size: number) => Number(process.env.RUNS ?? (size > 20_000 ? 1 : 5));

type Server = Awaited<ReturnType<typeof startServer>>;
type Browser = Awaited<ReturnType<typeof openBenchPage>>;
let devices = 0;

async function newDevice(server: Server, kind: string) {
  const device = { deviceId: `bench-${kind}-${++devices}`, token: newSecretToken() };
  await server.store.createDevice({ id: device.deviceId, vanName: 'Bench', tokenHash: hashToken(device.token) });
  return device;
}

async function kioskRun(server: Server, browser: Browser, size: number) {
  const device = await newDevice(server, 'kiosk');
  const dbName = `bench-sync-${device.deviceId}`;
  const fill = await browser.page.evaluate(([name, id, n]) => window.bench.fill(name, id, n), [dbName, device.deviceId, size] as const);
  const kiosk = await browser.page.evaluate(
    ([name, url, creds, batch, depth]) => window.bench.sync(name, url, creds, batch, depth),
    [dbName, server.url, device, BATCH_SIZE, PIPELINE_DEPTH] as const,
  );
  if (kiosk.left !== 0) throw new Error(`${kiosk.left} events were left pending`);
  if (kiosk.total !== size) throw new Error(`the kiosk had ${kiosk.total} events pending, expected ${size}`);
  return { ...kiosk, fillMs: fill.ms, rate: size / (kiosk.ms / 1000) };
}

/** The same number of events, same batch size, from a plain Node client to the same endpoint, one batch at a time. */
async function nodeRun(server: Server, size: number) {
  const device = await newDevice(server, 'node');
  const bodies: string[] = [];
  for (let from = 1; from <= size; from += BATCH_SIZE) {
    const batch = Array.from({ length: Math.min(BATCH_SIZE, size - from + 1) }, (_, i) => transactionEvent(device.deviceId, from + i));
    bodies.push(JSON.stringify({ events: batch }));
  }
  const started = performance.now();
  for (const body of bodies) {
    const response = await fetch(`${server.url}/v1/sync/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${device.token}`, 'content-type': 'application/json' },
      body,
    });
    if (response.status !== 200) throw new Error(`node client push failed: ${response.status}`);
    await response.json();
  }
  return size / ((performance.now() - started) / 1000);
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'chtg-bench-sync-'));
  const browser = await openBenchPage();
  const server = await startServer(
    readServerEnv({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', ADMIN_TOKEN: 'bench-admin-token-0123456789', RATE_LIMIT_PER_MINUTE: '1000000', CORS_ORIGINS: browser.origin }),
  );
  console.log(`bench:sync — batch size ${BATCH_SIZE}, pipeline depth ${PIPELINE_DEPTH ?? 'default (2)'}, SQLite API at ${server.url}, Chromium with an on-disk profile`);
  try {
    await kioskRun(server, browser, 2000);
    await nodeRun(server, 2000);
    for (const size of SIZES) {
      const kiosks: Awaited<ReturnType<typeof kioskRun>>[] = [];
      const nodes: number[] = [];
      for (let run = 0; run < runsFor(size); run++) {
        kiosks.push(await kioskRun(server, browser, size));
        nodes.push(await nodeRun(server, size));
      }
      const kiosk = kiosks.reduce((best, k) => (k.rate > best.rate ? k : best));
      const nodeRate = Math.max(...nodes);
      if (process.env.BENCH_VERBOSE) {
        const raw = await newDevice(server, 'raw');
        const probe = await browser.page.evaluate(([url, creds, n, batch]) => window.bench.rawPush(url, creds, n, batch, 1), [server.url, raw, size, BATCH_SIZE] as const);
        console.log(`  probe: Chromium fetch loop with prebuilt bodies, no Dexie: ${(size / (probe.ms / 1000)).toFixed(0)} events/s`);
      }
      const bookkeepingWrites = Object.values(kiosk.bookkeepingByTable).reduce((a, b) => a + b, 0);
      console.log(`${String(size).padStart(6)} runs: kiosk ${kiosks.map((k) => k.rate.toFixed(0)).join(', ')} | node client ${nodes.map((r) => r.toFixed(0)).join(', ')} events/s`);
      console.log(
        `${String(size).padStart(6)} events | fill ${(kiosk.fillMs / 1000).toFixed(1)} s | kiosk ${kiosk.rate.toFixed(0)} events/s (${(kiosk.ms / 1000).toFixed(1)} s)` +
          ` | node client ${nodeRate.toFixed(0)} events/s | ratio ${(kiosk.rate / nodeRate).toFixed(2)}× (target ≥ 0.70×)`,
      );
      console.log(
        `         bookkeeping writes ${bookkeepingWrites} for ${kiosk.batches} batches (${(bookkeepingWrites / kiosk.batches).toFixed(2)} per batch: ${JSON.stringify(kiosk.bookkeepingByTable)})` +
          ` | requests on the wire ${(kiosk.fetchMs / 1000).toFixed(1)} s (summed) in ${(kiosk.ms / 1000).toFixed(1)} s | page long tasks ${kiosk.longTasks}, worst ${kiosk.worstLongTaskMs.toFixed(0)} ms, worst input delay ${kiosk.worstInputDelayMs.toFixed(0)} ms`,
      );
    }
  } finally {
    await browser.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
