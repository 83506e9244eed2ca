/**
 * `npm run bench:server`: N simulated devices (default 50) push 500-event batches concurrently to the central API on
 * loopback, against each store; prints events/s, batch latency p50/p99 and the ratio to a direct store insert of the
 * same batches in the same run. The server runs in its own process, as in production; the clients in this one.
 *
 *   DEVICES=50 BATCHES=4 BATCH_SIZE=500 DATABASE_URL=postgres://… npm run bench:server
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseEvent } from '../shared';
import { hashToken, newSecretToken } from '../server/auth';
import { openStore } from '../server/server';
import type { CentralStore, CheckedEvent } from '../server/store/store';
import { transactionEvent } from '../tests/helpers/events';

const DEVICES = Number(process.env.DEVICES ?? 50);
const BATCHES = Number(process.env.BATCHES ?? 4);
const BATCH_SIZE = Number(process.env.BATCH_SIZE ?? 500);
const PG_URL = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
/** Each measurement is taken RUNS times, alternating, and the best of each is compared: less noise on a shared machine. */
const RUNS = Number(process.env.RUNS ?? 3);

interface Device {
  deviceId: string;
  token: string;
  batches: ReturnType<typeof transactionEvent>[][];
}

function makeDevices(prefix: string): Device[] {
  return Array.from({ length: DEVICES }, (_, d) => {
    const deviceId = `bench-${prefix}-${d}`;
    let seq = 0;
    return {
      deviceId,
      token: newSecretToken(),
      batches: Array.from({ length: BATCHES }, () => Array.from({ length: BATCH_SIZE }, () => transactionEvent(deviceId, ++seq))),
    };
  });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

async function freshStore(kind: 'sqlite' | 'postgres', dir: string): Promise<{ store: CentralStore; env: Record<string, string>; cleanup: () => Promise<void> }> {
  if (kind === 'sqlite') {
    const store = await openStore({}, dir);
    await store.migrate();
    return { store, env: { DATA_DIR: dir }, cleanup: async () => {} };
  }
  const { PostgresStore, dropSchema } = await import('../server/store/postgres');
  const schema = `bench_${process.pid}_${Date.now()}`;
  const store = new PostgresStore({ connectionString: PG_URL!, schema });
  await store.migrate();
  return { store, env: { DATABASE_URL: PG_URL!, DATABASE_SCHEMA: schema, DATA_DIR: dir }, cleanup: () => dropSchema(PG_URL!, schema) };
}

async function directRun(kind: 'sqlite' | 'postgres'): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'chtg-bench-direct-'));
  const { store, cleanup } = await freshStore(kind, dir);
  const devices = makeDevices('direct');
  for (const d of devices) await store.createDevice({ id: d.deviceId, vanName: 'Bench', tokenHash: hashToken(d.token) });
  // The same validated batches the server would store, prepared before the clock starts.
  const checked: [string, CheckedEvent[]][] = devices.flatMap((d) =>
    d.batches.map((batch): [string, CheckedEvent[]] => [
      d.deviceId,
      batch.map((raw) => {
        const parsed = parseEvent(raw);
        if (!parsed.ok) throw new Error(parsed.message);
        return { ok: true, event: parsed.event };
      }),
    ]),
  );
  const context = { timeZone: 'America/New_York', serviceNames: new Map<string, string>() };
  const started = performance.now();
  for (const [deviceId, batch] of checked) await store.pushEvents(deviceId, batch, context);
  const seconds = (performance.now() - started) / 1000;
  const total = DEVICES * BATCHES * BATCH_SIZE;
  if ((await store.countEvents()) !== total) throw new Error('direct run stored the wrong number of events');
  await store.close();
  await cleanup();
  rmSync(dir, { recursive: true, force: true });
  return total / seconds;
}

function withoutStoreSettings(environment: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { DATABASE_URL: _url, DATABASE_SCHEMA: _schema, DATA_DIR: _dir, ...rest } = environment;
  return rest;
}

async function startServerProcess(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/chtg-prof'] : []), '--import', 'tsx', 'server/main.ts'], {
    // The store is chosen by `env` alone: a DATABASE_URL in this shell must not turn the SQLite run into a PostgreSQL one.
    env: { ...withoutStoreSettings(process.env), ...env, PORT: '0', LOG_LEVEL: 'silent', ADMIN_TOKEN: 'bench-admin-token-0123456789', RATE_LIMIT_PER_MINUTE: '1000000' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const match = /listening on (http:\/\/\S+)/.exec(line);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { child, url };
}

async function httpRun(kind: 'sqlite' | 'postgres'): Promise<{ eventsPerSecond: number; p50: number; p99: number; commits: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'chtg-bench-http-'));
  const { store, env, cleanup } = await freshStore(kind, dir);
  const devices = makeDevices('http');
  for (const d of devices) await store.createDevice({ id: d.deviceId, vanName: 'Bench', tokenHash: hashToken(d.token) });
  await store.close();
  const bodies = devices.map((d) => d.batches.map((batch) => JSON.stringify({ events: batch })));
  const { child, url } = await startServerProcess(env);
  // A failed run must not leave its server behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const latencies: number[] = [];
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    devices.map(async (d, i) => {
      for (const body of bodies[i]!) {
        const t0 = performance.now();
        const response = await fetch(`${url}/v1/sync/push`, {
          method: 'POST',
          headers: { authorization: `Bearer ${d.token}`, 'content-type': 'application/json' },
          body,
        });
        // The client only counts answers: schema-checking them here would take CPU from the server under test.
        const answer = (await response.json()) as { results: { status: string }[] };
        latencies.push(performance.now() - t0);
        if (response.status !== 200 || answer.results.some((r) => r.status !== 'accepted')) throw new Error('a bench event was not accepted');
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  if (process.env.BENCH_VERBOSE) console.log(`  client process used ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU in ${seconds.toFixed(2)} s`);
  const metricsText = await (await fetch(`${url}/metrics`, { headers: { authorization: 'Bearer bench-admin-token-0123456789' } })).text();
  const gauge = (name: string) => Number(new RegExp(`^${name} (\\d+)`, 'm').exec(metricsText)?.[1] ?? NaN);
  const commits = gauge('chtg_store_push_commits');
  process.off('exit', killOnExit);
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  const check = await freshStoreCount(kind, env, dir);
  const total = DEVICES * BATCHES * BATCH_SIZE;
  if (check !== total) throw new Error(`HTTP run stored ${check} events, expected ${total}`);
  await cleanup();
  rmSync(dir, { recursive: true, force: true });
  latencies.sort((a, b) => a - b);
  return { eventsPerSecond: total / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), commits };
}

async function freshStoreCount(kind: 'sqlite' | 'postgres', env: Record<string, string>, dir: string): Promise<number> {
  const store = kind === 'sqlite' ? await openStore({}, dir) : await openStore({ DATABASE_URL: env.DATABASE_URL, DATABASE_SCHEMA: env.DATABASE_SCHEMA }, dir);
  const n = await store.countEvents();
  await store.close();
  return n;
}

async function main(): Promise<void> {
  const kinds: ('sqlite' | 'postgres')[] = PG_URL ? ['sqlite', 'postgres'] : ['sqlite'];
  console.log(`bench:server — ${DEVICES} devices × ${BATCHES} batches × ${BATCH_SIZE} events = ${DEVICES * BATCHES * BATCH_SIZE} events per run`);
  if (!PG_URL) console.log('(PostgreSQL skipped: set DATABASE_URL or TEST_DATABASE_URL to include it)');
  for (const kind of kinds) {
    const directs: number[] = [];
    const https: Awaited<ReturnType<typeof httpRun>>[] = [];
    for (let run = 0; run < RUNS; run++) {
      directs.push(await directRun(kind));
      https.push(await httpRun(kind));
    }
    const direct = Math.max(...directs);
    const http = https.reduce((best, r) => (r.eventsPerSecond > best.eventsPerSecond ? r : best));
    console.log(`${kind.padEnd(8)} runs: direct ${directs.map((r) => r.toFixed(0)).join(', ')} | HTTP ${https.map((r) => r.eventsPerSecond.toFixed(0)).join(', ')} events/s`);
    console.log(
      `${kind.padEnd(8)} direct store insert ${direct.toFixed(0).padStart(7)} events/s | HTTP ${http.eventsPerSecond.toFixed(0).padStart(7)} events/s` +
        ` | batch p50 ${http.p50.toFixed(1)} ms p99 ${http.p99.toFixed(1)} ms | ratio HTTP/direct ${(http.eventsPerSecond / direct).toFixed(2)}× (target ≥ 0.70×)`,
    );
    if (Number.isFinite(http.commits)) {
      console.log(`${kind.padEnd(8)} group commit: ${DEVICES * BATCHES} batches in ${http.commits} commits over HTTP (${((DEVICES * BATCHES) / http.commits).toFixed(1)} per commit); the direct run commits each batch alone`);
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
