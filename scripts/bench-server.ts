/**
 * `npm run bench:server`: N simulated devices (default 50) push 500-event batches concurrently to the central API on
 * loopback, against each store; prints events/s, batch latency p50/p99 and the ratio to a direct store insert of the
 * same batches in the same run. The server runs in its own process, as in production; the clients in this one.
 *
 * Before each HTTP run's clock starts, as many other devices push one batch each (printed apart as the warm-up round), so
 * the figures are of a server that has taken pushes, not of its first seconds; the direct run stores the same warm-up
 * batches first, so both are timed on a store that holds the same rows. A p99 over every batch since the server started,
 * the warm-up round's included, is printed beside it.
 *
 * Each measurement is taken --runs times (default 3), alternating; the result line is the ratio of the MEDIANS, with
 * min and max beside them. A third figure is the floor under the store: the same rows written by a plain multi-row
 * upsert into a bare events table (no checks, no projection), one transaction per batch, so "direct insert" can be read
 * against what the database itself reaches here; the gap between the two is the store's own work (per-event checks,
 * owned references, the projection into transactions). Since an event is stored as more than one row (the event, its
 * sale, the reference it owns), the bench also counts what the direct run wrote, table by table, and compares rows/s and
 * index entries/s with the plain upsert's.
 *
 *   npm run bench:server -- --runs 3 --devices 50 --batches 4 --batch 500   (DATABASE_URL=postgres://… adds PostgreSQL)
 *   BENCH_PROFILE=1 writes the server's CPU profile (node --cpu-prof) under /tmp/chtg-prof.
 *   --store postgres measures one store only; --pg-breakdown (PostgreSQL) prints the direct runs' time per statement
 *   kind per batch (each statement's round trip as the client sees it; "JS" is the rest of the batch's time).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request as httpRequest } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseEvent } from '../shared';
import { hashToken, newSecretToken } from '../server/auth';
import { openStore } from '../server/server';
import type { CentralStore, CheckedEvent } from '../server/store/store';
import { transactionEvent } from '../tests/helpers/events';
import { formatStats, machineLine, numberFlag, ratioLine, runStats } from './bench-stats';

const DEVICES = numberFlag('devices', 'DEVICES', 50);
const BATCHES = numberFlag('batches', 'BATCHES', 4);
const BATCH_SIZE = numberFlag('batch', 'BATCH_SIZE', 500);
const PG_URL = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const RUNS = numberFlag('runs', 'RUNS', 3);
const ONLY_STORE = process.argv.includes('--store') ? process.argv[process.argv.indexOf('--store') + 1] : undefined;
const PG_BREAKDOWN = process.argv.includes('--pg-breakdown');

/** Statement kinds of the PostgreSQL push path, by their text (first match wins). */
const PHASES: readonly [string, RegExp][] = [
  ['BEGIN', /^BEGIN/],
  ['COMMIT', /^COMMIT/],
  ['device lock', /^SELECT contiguous_seq FROM devices/],
  ['foreign-ref check', /^SELECT [ou]\.kind, [ou]\.id FROM/],
  ['rejected insert', /^INSERT INTO rejected_events/],
  ['event insert', /^INSERT INTO events/],
  ['duplicate check', /^SELECT id, device_id, seq FROM events/],
  ['owned-ref claims', /^INSERT INTO owned_refs/],
  ['transactions insert', /^INSERT INTO transactions/],
  ['contiguous seq walk', /^UPDATE devices SET contiguous_seq/],
  ['KPI read models', /^(INSERT INTO|UPDATE) (tickets|survey_answers|kpi_)/],
];

/** Time per statement kind, summed over the direct run's batches (the statements of one batch never overlap). */
class Breakdown {
  readonly ms = new Map<string, { ms: number; calls: number }>();
  add(sql: string, ms: number): void {
    const text = sql.trimStart();
    const phase = PHASES.find(([, pattern]) => pattern.test(text))?.[0] ?? `other: ${text.split(/\s+/).slice(0, 3).join(' ')}`;
    const entry = this.ms.get(phase) ?? { ms: 0, calls: 0 };
    entry.ms += ms;
    entry.calls += 1;
    this.ms.set(phase, entry);
  }
  print(batches: number, totalMs: number): void {
    const statements = [...this.ms.values()].reduce((sum, e) => sum + e.ms, 0);
    const rows = [...this.ms.entries(), ['JS (outside statements)', { ms: totalMs - statements, calls: 0 }] as const];
    console.log(`  per batch of ${BATCH_SIZE} (${batches} batches, ${(totalMs / batches).toFixed(2)} ms each):`);
    for (const [phase, e] of rows) console.log(`    ${phase.padEnd(26)} ${(e.ms / batches).toFixed(2).padStart(7)} ms  ${(e.calls / batches).toFixed(1).padStart(4)} calls  ${((100 * e.ms) / totalMs).toFixed(0).padStart(3)}%`);
  }
}

/** Times every pg client query while `target` is set (the direct run is the only user of pg in this process then). */
let breakdownTarget: Breakdown | null = null;
async function installBreakdown(): Promise<void> {
  const { default: pg } = await import('pg');
  const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
    const result = original.apply(this, args);
    const target = breakdownTarget;
    // The push path names its statements ({ name, text, values }); the rest pass the text.
    const sql = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: unknown } | null)?.text;
    if (!target || typeof sql !== 'string' || !(result instanceof Promise)) return result;
    const started = performance.now();
    return result.finally(() => target.add(sql, performance.now() - started));
  } as typeof pg.Client.prototype.query;
}

interface Device {
  deviceId: string;
  token: string;
  batches: ReturnType<typeof transactionEvent>[][];
}

function makeDevices(prefix: string, batches = BATCHES): Device[] {
  return Array.from({ length: DEVICES }, (_, d) => {
    const deviceId = `bench-${prefix}-${d}`;
    let seq = 0;
    return {
      deviceId,
      token: newSecretToken(),
      batches: Array.from({ length: batches }, () => Array.from({ length: BATCH_SIZE }, () => transactionEvent(deviceId, ++seq))),
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

/** Rows in each table of a store and the table's number of indexes (a primary key or UNIQUE constraint's included). */
async function tableCounts(kind: 'sqlite' | 'postgres', env: Record<string, string>): Promise<Map<string, { rows: number; indexes: number }>> {
  const counts = new Map<string, { rows: number; indexes: number }>();
  if (kind === 'sqlite') {
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(join(env.DATA_DIR!, 'central.sqlite'), { readonly: true });
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).pluck().all() as string[];
    for (const table of tables) {
      const rows = db.prepare(`SELECT count(*) FROM "${table}"`).pluck().get() as number;
      const indexes = db.prepare(`SELECT count(*) FROM pragma_index_list(?)`).pluck().get(table) as number;
      counts.set(table, { rows, indexes });
    }
    db.close();
    return counts;
  }
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: PG_URL! });
  await client.connect();
  const schema = env.DATABASE_SCHEMA!;
  const tables = await client.query<{ table_name: string; indexes: string }>(
    `SELECT t.table_name, (SELECT count(*) FROM pg_indexes i WHERE i.schemaname = t.table_schema AND i.tablename = t.table_name) AS indexes
     FROM information_schema.tables t WHERE t.table_schema = $1 AND t.table_type = 'BASE TABLE'`,
    [schema],
  );
  for (const { table_name: table, indexes } of tables.rows) {
    const rows = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${schema}"."${table}"`);
    counts.set(table, { rows: Number(rows.rows[0]!.n), indexes: Number(indexes) });
  }
  await client.end();
  return counts;
}

/** What the direct run wrote per event: rows by table, and index entries (rows × their table's indexes). */
interface Written {
  rowsPerEvent: number;
  indexEntriesPerEvent: number;
  byTable: [string, number][];
}

async function directRun(kind: 'sqlite' | 'postgres'): Promise<{ eventsPerSecond: number; written: Written }> {
  const dir = mkdtempSync(join(tmpdir(), 'chtg-bench-direct-'));
  const { store, env, cleanup } = await freshStore(kind, dir);
  const devices = makeDevices('direct');
  // The same warm-up as the HTTP run's: other devices' batch each, stored before the clock starts.
  const warmDevices = makeDevices('warm', 1);
  for (const d of [...warmDevices, ...devices]) await store.createDevice({ id: d.deviceId, vanName: 'Bench', tokenHash: hashToken(d.token) });
  // The same validated batches the server would store, prepared before the clock starts.
  const validated = (list: Device[]): [string, CheckedEvent[]][] => list.flatMap((d) =>
    d.batches.map((batch): [string, CheckedEvent[]] => [
      d.deviceId,
      batch.map((raw) => {
        const parsed = parseEvent(raw);
        if (!parsed.ok) throw new Error(parsed.message);
        return { ok: true, event: parsed.event };
      }),
    ]),
  );
  const checked = validated(devices);
  const context = { timeZone: 'America/New_York', serviceNames: new Map<string, string>() };
  for (const [deviceId, batch] of validated(warmDevices)) await store.pushEvents(deviceId, batch, context);
  const breakdown = PG_BREAKDOWN && kind === 'postgres' ? new Breakdown() : null;
  const before = await tableCounts(kind, env);
  breakdownTarget = breakdown;
  const started = performance.now();
  for (const [deviceId, batch] of checked) await store.pushEvents(deviceId, batch, context);
  const seconds = (performance.now() - started) / 1000;
  breakdownTarget = null;
  breakdown?.print(checked.length, seconds * 1000);
  const total = DEVICES * BATCHES * BATCH_SIZE;
  const after = await tableCounts(kind, env);
  const byTable = [...after].map(([table, { rows }]): [string, number] => [table, (rows - (before.get(table)?.rows ?? 0)) / total]).filter(([, perEvent]) => perEvent > 0);
  const written: Written = {
    rowsPerEvent: byTable.reduce((sum, [, perEvent]) => sum + perEvent, 0),
    indexEntriesPerEvent: byTable.reduce((sum, [table, perEvent]) => sum + perEvent * after.get(table)!.indexes, 0),
    byTable,
  };
  if ((await store.countEvents()) !== total + DEVICES * BATCH_SIZE) throw new Error('direct run stored the wrong number of events');
  await store.close();
  await cleanup();
  rmSync(dir, { recursive: true, force: true });
  return { eventsPerSecond: total / seconds, written };
}

/** The plain table's indexes: its primary key and UNIQUE (device_id, seq), on either database. */
const PLAIN_INDEXES = 2;
const PLAIN_COLUMNS = ['id', 'device_id', 'seq', 'type', 'occurred_at', 'received_at', 'schema_version', 'actor_id', 'catalogue_version', 'payload'] as const;

function plainRows(devices: Device[]): unknown[][][] {
  const receivedAt = new Date(0).toISOString();
  return devices.flatMap((d) =>
    d.batches.map((batch) => batch.map((e) => [e.id, e.deviceId, e.seq, e.type, e.occurredAt, receivedAt, e.schemaVersion, e.actorId, e.catalogueVersion, JSON.stringify(e.payload)])),
  );
}

/** The floor: the same rows by a plain multi-row upsert (ON CONFLICT DO NOTHING), one transaction per batch. */
async function plainUpsertRun(kind: 'sqlite' | 'postgres'): Promise<number> {
  const batches = plainRows(makeDevices('plain'));
  const total = DEVICES * BATCHES * BATCH_SIZE;
  const table = `CREATE TABLE plain_events (id TEXT PRIMARY KEY, device_id TEXT NOT NULL, seq BIGINT NOT NULL, type TEXT NOT NULL, occurred_at TEXT NOT NULL,
    received_at TEXT NOT NULL, schema_version INTEGER NOT NULL, actor_id TEXT, catalogue_version INTEGER NOT NULL, payload TEXT NOT NULL, UNIQUE (device_id, seq))`;
  if (kind === 'sqlite') {
    const { default: Database } = await import('better-sqlite3');
    const dir = mkdtempSync(join(tmpdir(), 'chtg-bench-plain-'));
    const db = new Database(join(dir, 'plain.sqlite'));
    // The store's own settings: WAL, and an fsync per commit.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec(table);
    const insert = db.prepare(`INSERT INTO plain_events (${PLAIN_COLUMNS.join(', ')}) VALUES ${Array.from({ length: BATCH_SIZE }, () => `(${PLAIN_COLUMNS.map(() => '?').join(', ')})`).join(', ')} ON CONFLICT DO NOTHING`);
    const started = performance.now();
    for (const rows of batches) db.transaction(() => insert.run(...rows.flat()))();
    const seconds = (performance.now() - started) / 1000;
    db.close();
    rmSync(dir, { recursive: true, force: true });
    return total / seconds;
  }
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: PG_URL! });
  await client.connect();
  const schema = `bench_plain_${process.pid}_${Date.now()}`;
  await client.query(`CREATE SCHEMA ${schema}`);
  await client.query(`SET search_path TO ${schema}`);
  await client.query(table);
  const text = `INSERT INTO plain_events (${PLAIN_COLUMNS.join(', ')}) VALUES ${Array.from({ length: BATCH_SIZE }, (_, r) => `(${PLAIN_COLUMNS.map((_, c) => `$${r * PLAIN_COLUMNS.length + c + 1}`).join(', ')})`).join(', ')} ON CONFLICT DO NOTHING`;
  const started = performance.now();
  for (const rows of batches) {
    await client.query('BEGIN');
    await client.query(text, rows.flat());
    await client.query('COMMIT');
  }
  const seconds = (performance.now() - started) / 1000;
  await client.query(`DROP SCHEMA ${schema} CASCADE`);
  await client.end();
  return total / seconds;
}

function withoutStoreSettings(environment: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { DATABASE_URL: _url, DATABASE_SCHEMA: _schema, DATA_DIR: _dir, ...rest } = environment;
  return rest;
}

/**
 * One push with node:http on a keep-alive agent: the simulated devices share this machine's cores with the server
 * under test, and fetch (undici) took 0.6–0.7 s of CPU per 100,000-event run where this takes ~0.25 s.
 */
function post(agent: Agent, url: string, token: string, body: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: 'POST', agent, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': body.length } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
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

interface HttpRun {
  eventsPerSecond: number;
  p50: number;
  p99: number;
  meanMs: number;
  commits: number;
  clientCpuSeconds: number;
  seconds: number;
  waves: { p50: number; max: number }[];
  /** The warm-up round on the just-started server (not timed): its batches' p50 and slowest. */
  coldRound: { p50: number; max: number };
  /** p99 over every batch since the server started: the warm-up round's and the timed run's. */
  p99FromStart: number;
}

async function httpRun(kind: 'sqlite' | 'postgres'): Promise<HttpRun> {
  const dir = mkdtempSync(join(tmpdir(), 'chtg-bench-http-'));
  const { store, env, cleanup } = await freshStore(kind, dir);
  const devices = makeDevices('http');
  // Other devices, one batch each, pushed before the clock starts: the measured run meets a server that has already
  // taken a round of pushes (as a running API has), not one whose code is still cold; that round's latency is printed.
  const warmDevices = makeDevices('warm', 1);
  for (const d of [...warmDevices, ...devices]) await store.createDevice({ id: d.deviceId, vanName: 'Bench', tokenHash: hashToken(d.token) });
  await store.close();
  const bodies = devices.map((d) => d.batches.map((batch) => Buffer.from(JSON.stringify({ events: batch }))));
  const warmBodies = warmDevices.map((d) => Buffer.from(JSON.stringify({ events: d.batches[0] })));
  const agent = new Agent({ keepAlive: true, maxSockets: DEVICES });
  const { child, url } = await startServerProcess(env);
  // A failed run must not leave its server behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const coldLatencies = await Promise.all(
    warmDevices.map(async (d, i) => {
      const t0 = performance.now();
      const response = await post(agent, `${url}/v1/sync/push`, d.token, warmBodies[i]!);
      if (response.status !== 200) throw new Error(`the warm-up push answered ${response.status}`);
      return performance.now() - t0;
    }),
  );
  coldLatencies.sort((a, b) => a - b);
  const commitsBefore = await pushCommits(url);
  const latencies: number[] = [];
  /** Each batch's latency by its place in its device's sequence (wave 0: all devices at once at the start). */
  const byWave: number[][] = Array.from({ length: BATCHES }, () => []);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    devices.map(async (d, i) => {
      for (const [wave, body] of bodies[i]!.entries()) {
        const t0 = performance.now();
        const response = await post(agent, `${url}/v1/sync/push`, d.token, body);
        // The client only counts answers: schema-checking them here would take CPU from the server under test.
        const answer = JSON.parse(response.body) as { results: { status: string }[] };
        latencies.push(performance.now() - t0);
        byWave[wave]!.push(performance.now() - t0);
        if (response.status !== 200 || answer.results.some((r) => r.status !== 'accepted')) throw new Error('a bench event was not accepted');
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const clientCpuSeconds = (cpu.user + cpu.system) / 1e6;
  const commits = (await pushCommits(url)) - commitsBefore;
  agent.destroy();
  process.off('exit', killOnExit);
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  const check = await freshStoreCount(kind, env, dir);
  const total = DEVICES * BATCHES * BATCH_SIZE;
  if (check !== total + DEVICES * BATCH_SIZE) throw new Error(`HTTP run stored ${check} events, expected ${total} and the warm-up's ${DEVICES * BATCH_SIZE}`);
  await cleanup();
  rmSync(dir, { recursive: true, force: true });
  latencies.sort((a, b) => a - b);
  const waves = byWave.map((w) => {
    w.sort((a, b) => a - b);
    return { p50: percentile(w, 50), max: w.at(-1) ?? 0 };
  });
  const meanMs = latencies.reduce((sum, ms) => sum + ms, 0) / latencies.length;
  const coldRound = { p50: percentile(coldLatencies, 50), max: coldLatencies.at(-1) ?? 0 };
  const p99FromStart = percentile([...coldLatencies, ...latencies].sort((a, b) => a - b), 99);
  return { eventsPerSecond: total / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), meanMs, commits, clientCpuSeconds, seconds, waves, coldRound, p99FromStart };
}

/** The API's count of push commits so far (NaN when the store keeps none, as PostgreSQL's). */
async function pushCommits(url: string): Promise<number> {
  const metricsText = await (await fetch(`${url}/metrics`, { headers: { authorization: 'Bearer bench-admin-token-0123456789' } })).text();
  return Number(/^chtg_store_push_commits (\d+)/m.exec(metricsText)?.[1] ?? NaN);
}

async function freshStoreCount(kind: 'sqlite' | 'postgres', env: Record<string, string>, dir: string): Promise<number> {
  const store = kind === 'sqlite' ? await openStore({}, dir) : await openStore({ DATABASE_URL: env.DATABASE_URL, DATABASE_SCHEMA: env.DATABASE_SCHEMA }, dir);
  const n = await store.countEvents();
  await store.close();
  return n;
}

async function main(): Promise<void> {
  const kinds = (PG_URL ? (['sqlite', 'postgres'] as const) : (['sqlite'] as const)).filter((kind) => ONLY_STORE === undefined || kind === ONLY_STORE);
  if (PG_BREAKDOWN) await installBreakdown();
  console.log(`bench:server — ${DEVICES} devices × ${BATCHES} batches × ${BATCH_SIZE} events = ${DEVICES * BATCHES * BATCH_SIZE} events per run, ${RUNS} alternating runs`);
  console.log(machineLine({ chromium: false }));
  if (!PG_URL) console.log('(PostgreSQL skipped: set DATABASE_URL or TEST_DATABASE_URL to include it)');
  for (const kind of kinds) {
    const directRuns: Awaited<ReturnType<typeof directRun>>[] = [];
    const plains: number[] = [];
    const https: HttpRun[] = [];
    for (let run = 0; run < RUNS; run++) {
      // Which goes first alternates, so a drift in the machine's load falls on both.
      if (run % 2 === 0) {
        directRuns.push(await directRun(kind));
        https.push(await httpRun(kind));
      } else {
        https.push(await httpRun(kind));
        directRuns.push(await directRun(kind));
      }
      plains.push(await plainUpsertRun(kind));
    }
    const directs = directRuns.map((r) => r.eventsPerSecond);
    const direct = runStats(directs);
    const plain = runStats(plains);
    const http = runStats(https.map((r) => r.eventsPerSecond));
    const medianRun = [...https].sort((a, b) => a.eventsPerSecond - b.eventsPerSecond)[Math.floor(https.length / 2)]!;
    const p99 = runStats(https.map((r) => r.p99));
    console.log(`${kind}: runs direct ${directs.map((r) => r.toFixed(0)).join(', ')} | HTTP ${https.map((r) => r.eventsPerSecond.toFixed(0)).join(', ')} | plain upsert ${plains.map((r) => r.toFixed(0)).join(', ')} events/s`);
    console.log(`  HTTP, ${DEVICES} devices    ${formatStats(http, 'events/s')}`);
    console.log(`  direct store insert  ${formatStats(direct, 'events/s')}`);
    console.log(`  plain multi-row upsert (no checks, no projection) ${formatStats(plain, 'rows/s')} — direct store insert is ${(direct.median / plain.median).toFixed(2)}× of it`);
    // Per row and per index entry written, the two are compared like for like: the store writes an event's projection
    // (its sale, its owned reference, …) beside the event, each row with its own indexes.
    // Every run writes the same rows; the first says what they are.
    const { written } = directRuns[0]!;
    console.log(
      `  what the direct store insert writes per event: ${written.rowsPerEvent.toFixed(2)} rows (${written.byTable.map(([table, perEvent]) => `${table} ${perEvent.toFixed(2)}`).join(', ')}), ` +
        `${written.indexEntriesPerEvent.toFixed(1)} index entries (the plain upsert: 1 row, ${PLAIN_INDEXES} index entries) → ` +
        `${Math.round(direct.median * written.rowsPerEvent).toLocaleString('en-US')} rows/s and ${Math.round(direct.median * written.indexEntriesPerEvent).toLocaleString('en-US')} index entries/s at the direct median, ` +
        `against the plain upsert's ${Math.round(plain.median).toLocaleString('en-US')} rows/s and ${Math.round(plain.median * PLAIN_INDEXES).toLocaleString('en-US')} index entries/s`,
    );
    console.log(`  batch latency over HTTP: p50 ${medianRun.p50.toFixed(1)} ms in the median run; p99 ${formatStats(p99, 'ms', 1)} (target p99 < 1,000 ms)`);
    // Little's law: while every device has its batch out, DEVICES × BATCH_SIZE events are in flight, so the mean wait
    // is that many events over the rate they are stored at, whatever order the server takes them in (a little less in
    // the run's last moments, when devices that are done have nothing out).
    const inFlight = DEVICES * BATCH_SIZE;
    console.log(
      `  Little's law: ${DEVICES} devices × ${BATCH_SIZE} events in flight → mean batch latency ≈ ${inFlight.toLocaleString('en-US')} events / rate = ` +
        `${((inFlight / medianRun.eventsPerSecond) * 1000).toFixed(0)} ms at the median run's HTTP rate, ${((inFlight / direct.max) * 1000).toFixed(0)} ms even at the best direct store rate; ` +
        `measured mean ${medianRun.meanMs.toFixed(0)} ms`,
    );
    console.log(
      `  the warm-up round before each HTTP run (${DEVICES} other devices, one batch each, all at once on the just-started server; not in the figures above): ` +
        `p50 ${formatStats(runStats(https.map((r) => r.coldRound.p50)), 'ms', 0)}; slowest ${formatStats(runStats(https.map((r) => r.coldRound.max)), 'ms', 0)}`,
    );
    console.log(`  p99 over every batch since the server started (the warm-up round's ${DEVICES} and the timed ${DEVICES * BATCHES}): ${formatStats(runStats(https.map((r) => r.p99FromStart)), 'ms', 0)}`);
    console.log(`  latency by each device's batch number, median run: ${medianRun.waves.map((w, i) => `#${i + 1} p50 ${w.p50.toFixed(0)} / max ${w.max.toFixed(0)} ms`).join(' · ')}`);
    console.log(`  the ${DEVICES} simulated devices (this process) used ${medianRun.clientCpuSeconds.toFixed(2)} s of CPU in the median run's ${medianRun.seconds.toFixed(2)} s, on the cores the server runs on`);
    if (Number.isFinite(medianRun.commits)) {
      console.log(`  group commit: ${DEVICES * BATCHES} batches in ${medianRun.commits} commits over HTTP (${((DEVICES * BATCHES) / medianRun.commits).toFixed(1)} per commit); the direct run commits each batch alone`);
    }
    console.log(ratioLine(`${kind}, HTTP / direct store insert`, http, direct, '≥ 0.70×'));
  }
  console.log(machineLine({ chromium: false }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
