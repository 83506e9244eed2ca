/**
 * `npm run bench:office`: seeds a year of a city's data — VANS vans × DAYS days × PER_DAY transactions (default
 * 20 × 250 × 200 = 1,000,000), each day a stop, its sales and a day close, pushed through the store's real push path —
 * into each store, then times every console page's API calls in-process (Fastify inject, so the figures are the
 * API's own work) and prints min / median / p95 / max per call against the 300 ms p95 target.
 *
 *   VANS=20 DAYS=250 PER_DAY=200 CALLS=30 DATABASE_URL=postgres://… npm run bench:office
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEvent } from '../shared';
import { buildApp } from '../server/app';
import { openStore } from '../server/server';
import { seedDemoCatalogue } from '../server/seed';
import type { CentralStore, CheckedEvent } from '../server/store/store';
import { transactionEvent } from '../tests/helpers/events';
import { dayClosedEvent, serviceRequestFiledEvent, stopOpenedEvent } from '../tests/helpers/event-builders';
import { asOffice, makeOfficeUser, signIn } from '../tests/helpers/office';

const VANS = Number(process.env.VANS ?? 20);
const DAYS = Number(process.env.DAYS ?? 250);
const PER_DAY = Number(process.env.PER_DAY ?? 200);
const CALLS = Number(process.env.CALLS ?? 30);
const PG_URL = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const FIRST_DAY = Date.UTC(2026, 0, 5);
const context = { timeZone: 'America/New_York', serviceNames: new Map([['pothole', 'Pothole']]) };

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

function check(raw: unknown): CheckedEvent {
  const parsed = parseEvent(raw);
  if (!parsed.ok) throw new Error(`bench event invalid: ${parsed.message}`);
  return { ok: true, event: parsed.event };
}

function dayIso(day: number): string {
  return new Date(FIRST_DAY + day * 86_400_000).toISOString().slice(0, 10);
}

/** One van's day: a stop at 9:00 Boston time, PER_DAY sales through the day, a 311 request and the close. */
function vanDay(deviceId: string, day: number, seq: { n: number }): unknown[] {
  const date = dayIso(day);
  const start = Date.parse(`${date}T14:00:00.000Z`);
  const stop = stopOpenedEvent(deviceId, ++seq.n, { neighbourhood: `Neighbourhood ${day % 12}`, place: `Place ${day % 30}`, openingFloatCents: 20_000 }, new Date(start).toISOString());
  const stopId = stop.payload.stopId;
  const events: unknown[] = [stop];
  for (let i = 0; i < PER_DAY; i++) {
    const t = transactionEvent(deviceId, ++seq.n, { stopId, receiptNumber: `R-${String(seq.n).padStart(7, '0')}` });
    t.occurredAt = new Date(start + i * 90_000).toISOString();
    events.push(t);
  }
  events.push(serviceRequestFiledEvent(deviceId, ++seq.n, {}, new Date(start + 3_600_000).toISOString()));
  const close = dayClosedEvent(deviceId, ++seq.n, stopId, { businessDate: date });
  close.occurredAt = new Date(start + 8 * 3_600_000).toISOString();
  events.push(close);
  return events;
}

async function seed(store: CentralStore): Promise<number> {
  let total = 0;
  const started = Date.now();
  for (let v = 0; v < VANS; v++) {
    const deviceId = `bench-van-${v}`;
    await store.createDevice({ id: deviceId, vanName: `Van ${String(v + 1).padStart(2, '0')}`, tokenHash: `bench-hash-${v}` });
    const seq = { n: 0 };
    let batch: CheckedEvent[] = [];
    for (let d = 0; d < DAYS; d++) {
      for (const raw of vanDay(deviceId, d, seq)) {
        batch.push(check(raw));
        if (batch.length === 1000) {
          await store.pushEvents(deviceId, batch, context);
          total += batch.length;
          batch = [];
        }
      }
    }
    if (batch.length) await store.pushEvents(deviceId, batch, context);
    total += batch.length;
    process.stdout.write(`  seeded van ${v + 1}/${VANS} (${total.toLocaleString('en-US')} events, ${((Date.now() - started) / 1000).toFixed(0)} s)\r`);
  }
  process.stdout.write('\n');
  return total;
}

async function benchStore(kind: 'sqlite' | 'postgres'): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'chtg-bench-office-'));
  const schema = `bench_office_${process.pid}_${Date.now()}`;
  const store = kind === 'sqlite' ? await openStore({}, dir) : await openStore({ DATABASE_URL: PG_URL!, DATABASE_SCHEMA: schema }, dir);
  try {
    await store.migrate();
    await seedDemoCatalogue(store);
    console.log(`\n${kind}: seeding ${VANS} vans × ${DAYS} days × ${PER_DAY} transactions`);
    const seedStart = Date.now();
    const events = await seed(store);
    console.log(`  ${events.toLocaleString('en-US')} events stored in ${((Date.now() - seedStart) / 1000).toFixed(1)} s`);
    const app = await buildApp({ store, adminToken: 'bench-admin-token-0123456789', enrolRateLimit: { max: 1_000_000, timeWindow: 60_000 } });
    await makeOfficeUser(store, 'bench@city.gov', 'admin');
    const session = await signIn(app, 'bench@city.gov');
    const lastDay = dayIso(DAYS - 1);
    const calls: [string, () => string][] = [
      ['session (every page)', () => '/v1/office/session'],
      ['fleet: vans', () => '/v1/office/fleet'],
      ['fleet: refused records', () => '/v1/office/rejected'],
      ['money and days: a day', () => `/v1/office/days?date=${dayIso(Math.floor(Math.random() * DAYS))}`],
      ['money and days: the latest day', () => `/v1/office/days?date=${lastDay}`],
      ['money and days: stops CSV', () => `/v1/office/days.csv?date=${dayIso(Math.floor(Math.random() * DAYS))}&table=stops`],
      ['311 requests: open', () => '/v1/office/service-requests?status=open'],
      ['accounts', () => '/v1/office/users'],
      ['catalogue: versions', () => '/v1/office/catalogue/versions'],
      ['catalogue: the latest version', () => '/v1/office/catalogue/versions/1'],
      ['catalogue: diff', () => '/v1/office/catalogue/diff?from=1&to=1'],
      ['staff', () => '/v1/office/staff'],
      ['questions for residents', () => '/v1/office/city-questions'],
      ['audit log', () => '/v1/office/audit?limit=200'],
    ];
    console.log(`  ${'call'.padEnd(34)} ${'min'.padStart(8)} ${'median'.padStart(8)} ${'p95'.padStart(8)} ${'max'.padStart(8)}  p95 ≤ 300 ms`);
    for (const [name, url] of calls) {
      // One warm-up call (prepared statements, caches), then CALLS timed ones.
      await app.inject(asOffice(session, 'GET', url()));
      const times: number[] = [];
      for (let i = 0; i < CALLS; i++) {
        const t0 = performance.now();
        const response = await app.inject(asOffice(session, 'GET', url()));
        times.push(performance.now() - t0);
        if (response.statusCode !== 200) throw new Error(`${name}: ${response.statusCode} ${response.body.slice(0, 200)}`);
      }
      times.sort((a, b) => a - b);
      const f = (ms: number) => `${ms.toFixed(1)}`.padStart(8);
      const p95 = percentile(times, 95);
      console.log(`  ${name.padEnd(34)} ${f(times[0]!)} ${f(percentile(times, 50))} ${f(p95)} ${f(times[times.length - 1]!)}  ${p95 <= 300 ? 'yes' : 'NO'}`);
    }
    await app.close();
  } finally {
    await store.close();
    if (kind === 'postgres') {
      const { dropSchema } = await import('../server/store/postgres');
      await dropSchema(PG_URL!, schema);
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  console.log(`bench:office — ${(VANS * DAYS * PER_DAY).toLocaleString('en-US')} transactions, ${CALLS} timed calls per console API call (ms)`);
  await benchStore('sqlite');
  if (PG_URL) await benchStore('postgres');
  else console.log('\npostgres: skipped (set DATABASE_URL or TEST_DATABASE_URL)');
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
