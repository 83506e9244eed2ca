/**
 * `npm run soak`: a compressed week on this machine. VANS vans (default 20: VANS-1 real kiosk sync engines over Dexie
 * in Node, plus one real kiosk page in Chromium driven through its screens) open stops, record transactions, close
 * their days and sync through a TCP proxy that drops answers, cuts connections and stalls, while the API (its own
 * process) is killed and restarted, backed up, and once restored from that backup. Bounded: MINUTES (default 10).
 * Traffic stays on 127.0.0.1.
 *
 * At the end it checks, and prints: the office equals the sum of the kiosks to the cent, per van; no event stored twice;
 * nothing pending on any van; the API's memory flat over the steady second half (RSS sampled every 2 s).
 *
 *   MINUTES=10 VANS=20 npm run soak
 */
import 'fake-indexeddb/auto';
import Database from 'better-sqlite3';
import { readFileSync, mkdtempSync, rmSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { kioskConfigSchema } from '../shared';
import { closeDay, closeStop, openStop, recordServiceTransaction, type TransactionInput } from '../renderer/src/db/actions';
import { countPending } from '../renderer/src/db/db';
import type { RecordContext } from '../renderer/src/db/outbox';
import { backupSqliteStore, restoreSqliteStore } from '../server/backup';
import { SqliteStore } from '../server/store/sqlite';
import { enrolIntoFile, spawnServer, sleep, type ChildServer } from '../tests/faults/harness';
import { TcpProxy, type ProxyMode } from '../tests/faults/tcp-proxy';
import { CLERK, openStop as openStopOnScreen, recordService, signIn } from '../tests/e2e/staff-helpers';
import { makeKiosk } from '../tests/helpers/kiosk';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium';
import { startKioskWebServer } from './kiosk-web-server';

const MINUTES = Number(process.env.MINUTES ?? 10);
const VANS = Math.max(2, Number(process.env.VANS ?? 20));
const RSS_GROWTH_LIMIT_MB = Number(process.env.RSS_GROWTH_LIMIT_MB ?? 64);
const ADMIN = 'soak-admin-token-0123456789abcdef';
const PUSH = '/v1/sync/push';

const started = Date.now();
const deadline = started + MINUTES * 60_000;
const elapsed = () => (Date.now() - started) / (MINUTES * 60_000);
let seed = 20261201;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
const log = (message: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`);

const faults: Record<string, number> = {};
const count = (kind: string) => (faults[kind] = (faults[kind] ?? 0) + 1);

/** The API's resident memory: the tsx launcher's process group (the server runs in a child of it). */
function groupRssBytes(pgid: number): number {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) !== pgid) continue;
      total += Number(fields[21]) * 4096;
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

const parking = (cents: number, method: 'cash' | 'card' | 'check'): TransactionInput => ({
  serviceCode: 'parking-ticket',
  serviceName: 'Pay parking ticket',
  reference: `SOAK${Math.floor(random() * 1e6)}`,
  quantity: 1,
  unitFeeCents: null,
  amountCents: cents,
  payment:
    method === 'cash'
      ? { method: 'cash', tenderedCents: cents, changeCents: 0 }
      : method === 'card'
        ? { method: 'card', approvalCode: 'SOAK01', brand: 'visa', last4: '4242' }
        : { method: 'check', checkNumber: '1001' },
  catalogueVersion: 1,
  fields: {},
  residentName: '',
  orderId: null,
});

async function main(): Promise<number> {
  const root = mkdtempSync(join(tmpdir(), 'chtg-soak-'));
  const dataDir = join(root, 'data');
  const dbFile = join(dataDir, 'central.sqlite');
  const backupFile = join(root, 'backup.sqlite');
  // The store exists (migrated, with the demo catalogue) before the vans enrol into it.
  const seedStore = new SqliteStore({ file: dbFile, checkpointIntervalMs: 0 });
  await seedStore.migrate();
  const { ensureDemoDevice, seedDemoCatalogue } = await import('../server/seed');
  await seedDemoCatalogue(seedStore);
  // The Chromium van is the demo van: the demo staff are assigned to it, so a clerk can sign in there.
  const browserCreds = await ensureDemoDevice(seedStore, root);
  await seedStore.close();

  // The proxy and the kiosk page's server first: the API allows CORS only from the page's own origin.
  const proxy = await TcpProxy.start({ targetPort: 1 });
  const web = await startKioskWebServer({
    config: kioskConfigSchema.parse({ apiUrl: proxy.url, cityName: 'City of Boston', vanName: 'Soak Chromium', syncRetryBaseMs: 200, syncRetryMaxMs: 2000 }),
    credentials: browserCreds,
  });
  process.env.CORS_ORIGINS = new URL(web.url).origin;
  let server: ChildServer = await spawnServer({ dataDir, adminToken: ADMIN });
  proxy.setTarget(server.port);
  const rss: { at: number; bytes: number; lifetime: number }[] = [];
  let lifetime = 0;
  const sampler = setInterval(() => rss.push({ at: elapsed(), bytes: groupRssBytes(server.pid), lifetime }), 2000);

  // The Node vans: the real kiosk database and sync engine.
  const nodeVans = await Promise.all(
    Array.from({ length: VANS - 1 }, async (_, i) => {
      const creds = await enrolIntoFile(dbFile, `dev-soak-${i + 1}`);
      const kiosk = makeKiosk(proxy.url, creds, { requestTimeoutMs: 3000, retryBaseMs: 200, retryMaxMs: 2000 });
      const ctx: RecordContext = { db: kiosk.db, deviceId: creds.deviceId, now: () => new Date(), actorId: 'clerk-ana', catalogueVersion: 1 };
      return { id: creds.deviceId, kiosk, ctx, days: 0, recorded: 0 };
    }),
  );

  // The Chromium van: the built kiosk served to a real page, used through its screens.
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const page = await (await browser.newContext()).newPage();
  await page.goto(web.url);
  await signIn(page, CLERK);
  await openStopOnScreen(page);
  let browserRecorded = 0;

  const stopFlag = { stopped: false };
  const vanLoop = async (van: (typeof nodeVans)[number]) => {
    while (!stopFlag.stopped) {
      const stop = await openStop(van.ctx, { neighbourhood: 'Dorchester', place: `Stop ${van.days + 1}`, plannedStart: new Date().toISOString(), plannedEnd: new Date(Date.now() + 4 * 3_600_000).toISOString(), openingFloatCents: 10_000, floatConfirmedBy: 'super-sam' });
      const perDay = 8 + Math.floor(random() * 12);
      let cash = 0;
      for (let i = 0; i < perDay && !stopFlag.stopped; i++) {
        const cents = 100 + Math.floor(random() * 9900);
        const method = pick(['cash', 'cash', 'card', 'check'] as const);
        await recordServiceTransaction(van.ctx, parking(cents, method));
        if (method === 'cash') cash += cents;
        van.recorded++;
        void van.kiosk.engine.trigger();
        await sleep(500 + random() * 2500);
      }
      await closeDay(van.ctx, { stopId: stop.id, businessDate: new Date().toISOString().slice(0, 10), cashCount: {}, countedCashCents: 10_000 + cash, expectedCashCents: 10_000 + cash, differenceCents: 0, reason: '', checkTotalCents: 0, cardTotalCents: 0, closedBy: 'super-sam', secondSignOffBy: null });
      await closeStop(van.ctx, stop.id);
      van.days++;
      void van.kiosk.engine.trigger();
    }
  };
  const browserLoop = async () => {
    while (!stopFlag.stopped) {
      const dollars = String(1 + Math.floor(random() * 90));
      await recordService(page, { category: 'Payments', service: 'Pay parking ticket', fill: { 'Ticket number': `CHR${browserRecorded + 1000}`, 'Amount due (in dollars)': dollars }, payment: { method: 'Cash', tendered: dollars } });
      browserRecorded++;
      await sleep(2000 + random() * 3000);
    }
  };

  const restart = async (why: string) => {
    await server.kill();
    count(why);
    log(`API killed (${why})`);
    await sleep(1000 + random() * 3000);
    if (why === 'restore') {
      // The killed process may take a moment to be gone for good; the restore refuses while it is not.
      let result: Awaited<ReturnType<typeof restoreSqliteStore>> | null = null;
      for (let attempt = 0; !result; attempt++) {
        try {
          result = await restoreSqliteStore({ from: backupFile, dataDir, confirm: true });
        } catch (error) {
          if (attempt >= 20 || !String(error).includes('is running')) throw error;
          await sleep(500);
        }
      }
      log(`restored the backup: ${result.plan.backup.events} events replace ${result.plan.replaces?.events ?? 0}`);
    }
    server = await spawnServer({ dataDir, adminToken: ADMIN });
    lifetime++;
    proxy.setTarget(server.port);
    log(`API back on port ${server.port}`);
  };

  const chaos = async () => {
    const plan = [
      { at: 0.1, run: () => restart('kill') },
      {
        at: 0.15,
        run: async () => {
          const store = new SqliteStore({ file: dbFile, checkpointIntervalMs: 0 });
          const report = await backupSqliteStore(store, backupFile);
          await store.close();
          count('backup');
          log(`backup taken while pushing: ${report.events} events, integrity ${report.integrity}`);
        },
      },
      { at: 0.2, run: () => restart('kill') },
      { at: 0.3, run: () => restart('restore') },
    ];
    while (Date.now() < deadline - 30_000) {
      const due = plan.find((step) => elapsed() >= step.at);
      if (due) {
        plan.splice(plan.indexOf(due), 1);
        await due.run();
        continue;
      }
      const mode: ProxyMode = pick(['cut-before-request', 'cut-mid-body', 'cut-before-response', 'stall', 'stall-after-headers'] as const);
      proxy.failNext(mode, { path: PUSH, times: 1 + Math.floor(random() * 3) });
      count(mode);
      await sleep(3000 + random() * 7000);
    }
  };

  log(`soak: ${VANS} vans (${VANS - 1} Node kiosks, 1 Chromium page), ${MINUTES} min, faults through a proxy on ${proxy.url}`);
  const loopFailures: string[] = [];
  const guard = (name: string, run: Promise<void>) =>
    run.catch((error: unknown) => {
      const e = error as { code?: string; message?: string; name?: string };
      loopFailures.push(`${name}: ${e.name ?? ''} ${e.code ?? ''} ${e.message ?? String(error)}`);
      log(`van loop stopped: ${loopFailures.at(-1)}`);
    });
  const loops = [...nodeVans.map((v) => guard(v.id, vanLoop(v))), guard('chromium', browserLoop())];
  await chaos();
  // The last half minute: no more faults, recording stops, every van drains.
  stopFlag.stopped = true;
  proxy.setDefault('pass');
  await Promise.allSettled(loops);
  const drainUntil = Date.now() + 120_000;
  for (;;) {
    await Promise.all(nodeVans.map((v) => v.kiosk.engine.trigger()));
    await page.getByRole('button', { name: 'Sync now' }).click().catch(() => undefined);
    const pending = (await Promise.all(nodeVans.map((v) => countPending(v.kiosk.db)))).reduce((a, b) => a + b, 0);
    const browserState = await page.getByTestId('sync-state').textContent().catch(() => '');
    if ((pending === 0 && browserState?.includes('Up to date')) || Date.now() > drainUntil) break;
    await sleep(1000);
  }
  clearInterval(sampler);

  // The books: every van's transactions, and the office's, to the cent.
  const central = new Database(dbFile, { readonly: true });
  const centralBy = new Map(
    (central.prepare("SELECT device_id AS d, COUNT(*) AS n, SUM(CASE WHEN status = 'recorded' THEN amount_cents ELSE 0 END) AS cents FROM transactions GROUP BY device_id").all() as { d: string; n: number; cents: number }[]).map((r) => [r.d, r]),
  );
  const events = central.prepare('SELECT COUNT(*) AS n, COUNT(DISTINCT id) AS ids FROM events').get() as { n: number; ids: number };
  const perDevice = new Map((central.prepare('SELECT device_id AS d, COUNT(*) AS n, MAX(seq) AS maxSeq FROM events GROUP BY device_id').all() as { d: string; n: number; maxSeq: number }[]).map((r) => [r.d, r]));
  central.close();

  const problems: string[] = [...loopFailures];
  let kioskCents = 0;
  let kioskTx = 0;
  let kioskEvents = 0;
  for (const van of nodeVans) {
    const txs = await van.kiosk.db.transactions.toArray();
    const cents = txs.filter((t) => t.status === 'recorded').reduce((sum, t) => sum + t.amountCents, 0);
    const eventCount = await van.kiosk.db.events.count();
    kioskCents += cents;
    kioskTx += txs.length;
    kioskEvents += eventCount;
    const c = centralBy.get(van.id);
    if (!c || c.n !== txs.length || c.cents !== cents) problems.push(`${van.id}: kiosk ${txs.length} transactions / ${cents} cents, office ${c?.n ?? 0} / ${c?.cents ?? 0}`);
    if ((perDevice.get(van.id)?.n ?? 0) !== eventCount) problems.push(`${van.id}: kiosk ${eventCount} events, office ${perDevice.get(van.id)?.n ?? 0}`);
    if ((await countPending(van.kiosk.db)) > 0) problems.push(`${van.id}: still pending`);
  }
  const browserTotals = await page.evaluate(async () => {
    const open = indexedDB.open('city-hall-to-go');
    const db = await new Promise<IDBDatabase>((resolve) => (open.onsuccess = () => resolve(open.result)));
    const all = await new Promise<{ amountCents: number; status: string }[]>((resolve) => {
      const req = db.transaction('transactions').objectStore('transactions').getAll();
      req.onsuccess = () => resolve(req.result as { amountCents: number; status: string }[]);
    });
    const events = await new Promise<number>((resolve) => {
      const req = db.transaction('events').objectStore('events').count();
      req.onsuccess = () => resolve(req.result);
    });
    db.close();
    return { n: all.length, cents: all.filter((t) => t.status === 'recorded').reduce((s, t) => s + t.amountCents, 0), events };
  });
  kioskCents += browserTotals.cents;
  kioskTx += browserTotals.n;
  kioskEvents += browserTotals.events;
  const cb = centralBy.get(browserCreds.deviceId);
  if (!cb || cb.n !== browserTotals.n || cb.cents !== browserTotals.cents) problems.push(`Chromium van: kiosk ${browserTotals.n} / ${browserTotals.cents} cents, office ${cb?.n ?? 0} / ${cb?.cents ?? 0}`);
  const centralCents = [...centralBy.values()].reduce((sum, r) => sum + r.cents, 0);
  if (events.n !== events.ids) problems.push(`${events.n - events.ids} events stored twice`);
  if (events.n !== kioskEvents) problems.push(`office holds ${events.n} events, the vans ${kioskEvents}`);

  // Memory over the steady part: after the last restart, first third against last third of the samples.
  const steady = rss.filter((s) => s.lifetime === lifetime && s.bytes > 0);
  const third = Math.max(1, Math.floor(steady.length / 3));
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const early = median(steady.slice(0, third).map((s) => s.bytes));
  const late = median(steady.slice(-third).map((s) => s.bytes));
  const growthMb = (late - early) / 2 ** 20;
  if (steady.length >= 6 && growthMb > RSS_GROWTH_LIMIT_MB) problems.push(`API memory grew ${growthMb.toFixed(1)} MB over the steady part (limit ${RSS_GROWTH_LIMIT_MB} MB)`);

  const mb = (b: number) => (b / 2 ** 20).toFixed(1);
  console.log('\n=== soak result ===');
  console.log(`duration ${((Date.now() - started) / 60_000).toFixed(1)} min, ${VANS} vans, ${nodeVans.reduce((s, v) => s + v.days, 0)} days closed by the Node vans, ${browserRecorded} transactions through the Chromium screens`);
  console.log(`faults: ${Object.entries(faults).map(([k, v]) => `${k} ${v}`).join(', ')}; proxied pushes ${proxy.requestsTo(PUSH).length}`);
  console.log(`transactions: vans ${kioskTx}, office ${[...centralBy.values()].reduce((s, r) => s + r.n, 0)}; cents: vans ${kioskCents}, office ${centralCents}`);
  console.log(`events: vans ${kioskEvents}, office ${events.n} (${events.ids} distinct ids)`);
  console.log(`API RSS over the steady part (${steady.length} samples): first third median ${mb(early)} MB, last third median ${mb(late)} MB, growth ${growthMb.toFixed(1)} MB (limit ${RSS_GROWTH_LIMIT_MB} MB)`);
  console.log(problems.length === 0 ? 'RESULT: office = sum of the vans to the cent; nothing stored twice; nothing pending; memory flat' : `RESULT: FAILED\n  ${problems.join('\n  ')}`);

  for (const van of nodeVans) van.kiosk.engine.stop();
  await browser.close();
  await web.app.close();
  await proxy.close();
  await server.kill();
  rmSync(root, { recursive: true, force: true });
  return problems.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
