/**
 * `npm run bench:sync`: backlogs of 10,000 and 100,000 events pushed from Dexie in Chromium (on-disk profile) to the
 * SQLite API on loopback, by the kiosk's own sync engine; beside each, the same number of events pushed by a plain
 * Node client (bodies built before its clock starts, one batch at a time) to the same server in the same process.
 *
 * Each size is measured --runs times (default 5), kiosk and Node client alternating (and which goes first alternating
 * too, so a drift in the machine's load falls on both). The result line is the ratio of the MEDIANS; min and max are
 * printed beside them. Before the clock starts one small backlog goes through both, so neither pays the warm-up.
 *
 * Where the kiosk's time goes is printed per batch (median over the batches of the median run): the outbox read,
 * JSON serialisation, request start → response headers → end of body, parsing the answer, the wait for the oldest
 * answer, the cursor write; the server's own store time per batch and the CORS preflights from its metrics.
 *
 *   npm run bench:sync -- --events 10000,100000 --runs 5 --batch 500 --depth 3
 *   (or SIZES=… RUNS=… BATCH_SIZE=… PIPELINE_DEPTH=…; a quick look: --events 10000 --runs 3)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_BATCH_SIZE, DEFAULT_PIPELINE_DEPTH } from '../shared';
import type { BatchTiming } from '../renderer/src/sync/engine';
import { hashToken, newSecretToken } from '../server/auth';
import { readServerEnv } from '../server/config';
import { startServer } from '../server/server';
import { transactionEvent } from '../tests/helpers/events';
import { openBenchPage } from './bench-browser';
import { cpuBetween, cpuByRole } from './proc-cpu';
import { formatStats, listFlag, machineLine, numberFlag, ratioLine, runStats } from './bench-stats';

const SIZES = listFlag('events', 'SIZES', [10_000, 100_000]);
const RUNS = numberFlag('runs', 'RUNS', 5);
const BATCH_SIZE = numberFlag('batch', 'BATCH_SIZE', DEFAULT_BATCH_SIZE);
const PIPELINE_DEPTH = numberFlag('depth', 'PIPELINE_DEPTH', DEFAULT_PIPELINE_DEPTH);
const ADMIN_TOKEN = 'bench-admin-token-0123456789';

type Server = Awaited<ReturnType<typeof startServer>>;
type Browser = Awaited<ReturnType<typeof openBenchPage>>;
let devices = 0;

async function newDevice(server: Server, kind: string) {
  const device = { deviceId: `bench-${kind}-${++devices}`, token: newSecretToken() };
  await server.store.createDevice({ id: device.deviceId, vanName: 'Bench', tokenHash: hashToken(device.token) });
  return device;
}

/** What the server's metrics say: CORS preflights answered, and the store's time for pushed batches. */
async function serverCounters(server: Server): Promise<{ preflights: number; batchSeconds: number; batches: number }> {
  const text = await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).text();
  const sum = (pattern: RegExp) => [...text.matchAll(pattern)].reduce((total, m) => total + Number(m[1]), 0);
  return {
    preflights: sum(/^chtg_http_requests_total\{[^}]*method="OPTIONS"[^}]*\} (\S+)/gm),
    batchSeconds: sum(/^chtg_sync_batch_duration_seconds_sum(?:\{[^}]*\})? (\S+)/gm),
    batches: sum(/^chtg_sync_batch_duration_seconds_count(?:\{[^}]*\})? (\S+)/gm),
  };
}

async function kioskRun(server: Server, browser: Browser, size: number) {
  const device = await newDevice(server, 'kiosk');
  const dbName = `bench-sync-${device.deviceId}`;
  const fill = await browser.page.evaluate(([name, id, n]) => window.bench.fill(name, id, n), [dbName, device.deviceId, size] as const);
  const before = await serverCounters(server);
  const cpuBefore = cpuByRole();
  const kiosk = await browser.page.evaluate(
    ([name, url, creds, batch, depth]) => window.bench.sync(name, url, creds, batch, depth),
    [dbName, server.url, device, BATCH_SIZE, PIPELINE_DEPTH] as const,
  );
  const cpu = cpuBetween(cpuBefore, cpuByRole(), Math.ceil(size / BATCH_SIZE));
  const after = await serverCounters(server);
  if (kiosk.left !== 0) throw new Error(`${kiosk.left} events were left pending (the engine said ${kiosk.finalState}: ${kiosk.finalMessage})`);
  if (kiosk.total !== size) throw new Error(`the kiosk had ${kiosk.total} events pending, expected ${size}`);
  await browser.page.evaluate((name) => indexedDB.deleteDatabase(name), dbName);
  return {
    ...kiosk,
    fillMs: fill.ms,
    cpu,
    rate: size / (kiosk.ms / 1000),
    preflights: after.preflights - before.preflights,
    serverBatchMs: ((after.batchSeconds - before.batchSeconds) * 1000) / Math.max(1, after.batches - before.batches),
  };
}

/** The same number of events, same batch size, from a plain Node client to the same endpoint, one batch at a time. */
async function nodeRun(server: Server, size: number) {
  const device = await newDevice(server, 'node');
  const bodies: string[] = [];
  for (let from = 1; from <= size; from += BATCH_SIZE) {
    const batch = Array.from({ length: Math.min(BATCH_SIZE, size - from + 1) }, (_, i) => transactionEvent(device.deviceId, from + i));
    bodies.push(JSON.stringify({ events: batch }));
  }
  const cpuBefore = cpuByRole();
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
  const rate = size / ((performance.now() - started) / 1000);
  return { rate, cpu: cpuBetween(cpuBefore, cpuByRole(), bodies.length) };
}

const PHASES: [keyof BatchTiming, string][] = [
  ['readMs', 'outbox read'],
  ['serialiseMs', 'serialise'],
  ['headersMs', 'request → headers'],
  ['bodyMs', 'headers → body end'],
  ['parseMs', 'parse answer'],
  ['waitedMs', 'waited for the oldest answer'],
  ['cursorWriteMs', 'cursor write'],
];

function breakdown(run: Awaited<ReturnType<typeof kioskRun>>): string[] {
  const t = run.timings;
  const median = (key: keyof BatchTiming) => runStats(t.map((x) => x[key])).median;
  const total = (key: keyof BatchTiming) => t.reduce((sum, x) => sum + x[key], 0) / 1000;
  const onWire = total('headersMs') + total('bodyMs');
  return [
    `         per batch, median of ${t.length} batches of the median run: ` + PHASES.map(([key, label]) => `${label} ${median(key).toFixed(1)} ms`).join(' · '),
    `         summed over the run (${(run.ms / 1000).toFixed(1)} s): ` + PHASES.map(([key, label]) => `${label} ${total(key).toFixed(1)} s`).join(' · '),
    `         requests on the wire ${onWire.toFixed(1)} s summed in ${(run.ms / 1000).toFixed(1)} s (${(onWire / (run.ms / 1000)).toFixed(2)} on the wire at once on average)` +
      ` | server store time ${run.serverBatchMs.toFixed(1)} ms per batch | body ${(median('bodyChars') / 1024).toFixed(0)} KiB per batch | CORS preflights ${run.preflights}`,
  ];
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'chtg-bench-sync-'));
  const browser = await openBenchPage();
  const server = await startServer(
    readServerEnv({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', ADMIN_TOKEN, METRICS_TOKEN: ADMIN_TOKEN, RATE_LIMIT_PER_MINUTE: '1000000', CORS_ORIGINS: browser.origin }),
  );
  console.log(`bench:sync — batch size ${BATCH_SIZE}, pipeline depth ${PIPELINE_DEPTH}, ${RUNS} alternating runs per size, SQLite API at ${server.url}, Chromium with an on-disk profile`);
  console.log(machineLine());
  try {
    await kioskRun(server, browser, 2000);
    await nodeRun(server, 2000);
    for (const size of SIZES) {
      const kiosks: Awaited<ReturnType<typeof kioskRun>>[] = [];
      const nodeRuns: Awaited<ReturnType<typeof nodeRun>>[] = [];
      for (let run = 0; run < RUNS; run++) {
        if (run % 2 === 0) {
          kiosks.push(await kioskRun(server, browser, size));
          nodeRuns.push(await nodeRun(server, size));
        } else {
          nodeRuns.push(await nodeRun(server, size));
          kiosks.push(await kioskRun(server, browser, size));
        }
      }
      const nodes = nodeRuns.map((r) => r.rate);
      const kioskStats = runStats(kiosks.map((k) => k.rate));
      const nodeStats = runStats(nodes);
      const medianRun = [...kiosks].sort((a, b) => a.rate - b.rate)[Math.floor(kiosks.length / 2)]!;
      const delays = runStats(kiosks.map((k) => k.worstInputDelayMs));
      const sizeLabel = `${size.toLocaleString('en-US')} events`;
      console.log(`${sizeLabel}: runs kiosk ${kiosks.map((k) => k.rate.toFixed(0)).join(', ')} | node client ${nodes.map((r) => r.toFixed(0)).join(', ')} events/s`);
      console.log(`  kiosk       ${formatStats(kioskStats, 'events/s')}`);
      console.log(`  node client ${formatStats(nodeStats, 'events/s')}`);
      console.log(`  worst input delay during the drain ${formatStats(delays, 'ms')} | page long tasks in the median run ${medianRun.longTasks}, worst ${medianRun.worstLongTaskMs.toFixed(0)} ms`);
      const bookkeepingWrites = Object.values(medianRun.bookkeepingByTable).reduce((a, b) => a + b, 0);
      console.log(`  bookkeeping writes ${bookkeepingWrites} for ${medianRun.batches} batches (${(bookkeepingWrites / medianRun.batches).toFixed(2)} per batch: ${JSON.stringify(medianRun.bookkeepingByTable)}) | fill ${(medianRun.fillMs / 1000).toFixed(1)} s`);
      for (const line of breakdown(medianRun)) console.log(line);
      const nodeMedianRun = [...nodeRuns].sort((a, b) => a.rate - b.rate)[Math.floor(nodeRuns.length / 2)]!;
      console.log(`         CPU ms per batch, kiosk's median run: ${medianRun.cpu.line} (total ${medianRun.cpu.total.toFixed(1)}, node = the API)`);
      console.log(`         CPU ms per batch, node client's median run: ${nodeMedianRun.cpu.line} (total ${nodeMedianRun.cpu.total.toFixed(1)}, node = the API and the client)`);
      if (process.env.BENCH_VERBOSE) {
        const raw = await newDevice(server, 'raw');
        const probe = await browser.page.evaluate(([url, creds, n, batch]) => window.bench.rawPush(url, creds, n, batch, 1), [server.url, raw, size, BATCH_SIZE] as const);
        console.log(`  probe: Chromium fetch loop with prebuilt bodies, no Dexie: ${(size / (probe.ms / 1000)).toFixed(0)} events/s`);
      }
      console.log(ratioLine(`${sizeLabel}, kiosk / node client`, kioskStats, nodeStats, '≥ 0.70×'));
    }
    console.log(machineLine({ chromium: false }));
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
