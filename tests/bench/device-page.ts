/**
 * The page `npm run bench:device` drives in Chromium, served from the kiosk's own origin so that it fills and reads
 * the kiosk's real database ("city-hall-to-go"). Nothing here ships in the kiosk.
 *
 * A year on the van is made the way the counter makes it: two days are recorded through the kiosk's own actions
 * (yesterday, closed with its cash count; today, still open), and yesterday is then copied back day by day with fresh
 * ids, seqs, receipt numbers and dates, so every table holds what those actions would have left.
 */
import Dexie, { type Table } from 'dexie';
import { isSealedTable } from '../../renderer/src/db/at-rest';
import { KioskDb, countPending } from '../../renderer/src/db/db';
import {
  answerCityQuestion,
  answerHelp,
  answerSurvey,
  callTicket,
  closeDay,
  closeStop,
  fileServiceRequest,
  issueTicket,
  noShowTicket,
  openStop,
  orderCertificate,
  recordServiceTransaction,
  requestHelp,
  serveTicket,
  signIn,
  voidTransaction,
} from '../../renderer/src/db/actions';
import type { RecordContext } from '../../renderer/src/db/outbox';
import { closeOutData, closedDayStopIds, dayFigures, findByReceiptNumber, helpCallInPlay, transactionsSince, unansweredHelpCalls } from '../../renderer/src/db/queries';
import { readSyncPicture } from '../../renderer/src/sync/pending';
import { businessDate, newId, startOfCityDay, type Payment } from '../../shared';

const TEMPLATE_DB = 'bench-template';
const KIOSK_DB = 'city-hall-to-go';
const DAY_MS = 86_400_000;
const TIME_ZONE = 'America/New_York';

/** The tables copied day by day (meta, catalogue and the sync log are the van's, not a day's). */
const DAY_TABLES = ['events', 'transactions', 'stops', 'tickets', 'certificateOrders', 'surveys', 'helpRequests', 'dayCloses', 'cityAnswers', 'serviceRequests', 'refunds'] as const;
type DayTable = (typeof DAY_TABLES)[number];
export type DayRows = Record<DayTable, Record<string, unknown>[]>;
export interface Template {
  /** Yesterday: a full day, closed. */
  closedDay: DayRows;
  /** Today until now: the stop is open. */
  today: DayRows;
  receiptsPerDay: number;
}

function payment(i: number, amountCents: number): Payment {
  if (i % 10 < 6) return { method: 'cash', tenderedCents: Math.ceil(amountCents / 2000) * 2000, changeCents: Math.ceil(amountCents / 2000) * 2000 - amountCents };
  if (i % 10 < 9) return { method: 'card', approvalCode: `A${String(100000 + i)}`, brand: 'visa', last4: String(1000 + (i % 9000)) };
  return { method: 'check', checkNumber: String(1000 + i) };
}

/** One day at the counter: `visits` residents between 09:00 and `until` (city time), through the kiosk's actions. */
async function recordDay(ctx: RecordContext, clock: { ms: number }, visits: number, spanMs: number, close: boolean): Promise<void> {
  const step = Math.floor(spanMs / visits / 8);
  const tick = () => (clock.ms += step);
  const clerk = { ...ctx, actorId: 'clerk-ana' };
  await signIn(clerk, { id: 'clerk-ana', role: 'clerk' });
  const stop = await openStop(clerk, { neighbourhood: 'Dorchester', place: 'Fields Corner', plannedStart: new Date(clock.ms).toISOString(), plannedEnd: new Date(clock.ms + spanMs).toISOString(), openingFloatCents: 10_000, floatConfirmedBy: 'super-sam' });
  const resident = { ...ctx, actorId: null };
  let cash = 10_000;
  let card = 0;
  let check = 0;
  for (let i = 0; i < visits; i++) {
    tick();
    const ticket = await issueTicket(i % 2 ? resident : clerk, { categoryCode: i % 3 ? 'payments' : 'certificates', prefix: i % 3 ? 'A' : 'B', source: i % 2 ? 'resident' : 'staff', language: i % 4 ? 'en' : 'es' });
    tick();
    await callTicket(clerk, ticket.id, 'clerk-ana');
    tick();
    if (i % 40 === 9) {
      await noShowTicket(clerk, ticket.id, 'clerk-ana');
      continue;
    }
    let orderId: string | null = null;
    let amountCents = 4500 + (i % 7) * 1000;
    if (i % 25 === 7) {
      const order = await orderCertificate(resident, { certificateType: 'birth', copies: 2, nameOnRecord: `Resident ${i}`, eventDate: '1990-05-17', eventPlace: 'Boston', requesterName: `Resident ${i}`, unitFeeCents: 1400, amountCents: 2800, language: 'en' });
      orderId = order.id;
      amountCents = order.amountCents;
    }
    const pay = payment(i, amountCents);
    const tx = await recordServiceTransaction(clerk, {
      serviceCode: orderId ? 'birth-certificate' : i % 2 ? 'parking-ticket' : 'property-tax',
      serviceName: orderId ? 'Birth certificate copy' : i % 2 ? 'Pay parking ticket' : 'Pay property tax',
      reference: `T${100000 + i}`,
      quantity: 1,
      unitFeeCents: null,
      amountCents,
      payment: pay,
      catalogueVersion: ctx.catalogueVersion,
      fields: {},
      residentName: `Resident ${i}`,
      orderId,
    });
    tick();
    await serveTicket(clerk, ticket.id, 'clerk-ana');
    if (i % 50 === 5) {
      tick();
      await voidTransaction(clerk, tx.id, 'Keyed the wrong amount', { approvedBy: null, approvalThresholdCents: 1_000_000 });
    } else if (pay.method === 'cash') cash += amountCents;
    else if (pay.method === 'card') card += amountCents;
    else check += amountCents;
    if (i % 3 === 0) await answerSurvey(resident, { rating: 1 + (i % 5), comment: i % 6 ? '' : 'Quick and friendly', ticketId: ticket.id });
    if (i % 10 === 0) await answerCityQuestion(resident, { questionId: 'streets-first', language: 'en', topic: 'streets', text: 'More crosswalks near the school', contact: null });
    if (i % 20 === 3) {
      const help = await requestHelp(resident, 'en');
      tick();
      await answerHelp(clerk, help);
    }
    if (i % 15 === 4) {
      await fileServiceRequest(resident, { service_code: 'pothole', description: 'Pothole outside number 12', address_string: '12 Adams St', lat: null, long: null, first_name: null, last_name: null, phone: null, email: null });
    }
  }
  if (!close) return;
  tick();
  const supervisor = { ...ctx, actorId: 'super-sam' };
  await closeDay(supervisor, {
    stopId: stop.id,
    businessDate: businessDate(new Date(clock.ms), TIME_ZONE),
    cashCount: { '10000': Math.floor(cash / 10_000), '1': cash % 10_000 },
    countedCashCents: cash,
    expectedCashCents: cash,
    differenceCents: 0,
    reason: '',
    checkTotalCents: check,
    cardTotalCents: card,
    closedBy: 'super-sam',
    secondSignOffBy: 'clerk-ana',
  });
  tick();
  await closeStop(clerk, stop.id);
}

async function readDay(db: KioskDb, fromSeq: number, toSeq: number, dayStopId: string, fromIso: string, toIso: string): Promise<DayRows> {
  const rows = {} as DayRows;
  for (const name of DAY_TABLES) {
    const all = await (db.table(name) as Table<Record<string, unknown>>).toArray();
    // Every table's rows of this day: by seq for the outbox, by the stop for the read models (311 requests by time).
    rows[name] = all.filter((r) =>
      name === 'events'
        ? (r.seq as number) >= fromSeq && (r.seq as number) <= toSeq
        : name === 'serviceRequests'
          ? (r.filedAt as string) >= fromIso && (r.filedAt as string) < toIso
          : r.stopId === dayStopId || (name === 'stops' && r.id === dayStopId),
    );
  }
  return rows;
}

/** Copies of whole days: the same shape as `time` shifts each ISO date; ids, seqs, receipt and local numbers move on. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const NUMBERED = /^(.*-)(\d{6,})$/;

interface Shift {
  days: number;
  seq: number;
  receipts: number;
  ids: Map<string, string>;
}

function shiftValue(value: unknown, key: string, shift: Shift): unknown {
  if (typeof value === 'string') {
    if (UUID.test(value)) {
      let mapped = shift.ids.get(value);
      if (!mapped) shift.ids.set(value, (mapped = newId()));
      return mapped;
    }
    if (ISO.test(value)) return new Date(Date.parse(value) + shift.days * DAY_MS).toISOString();
    if (key === 'businessDate' && DATE.test(value)) return new Date(Date.parse(`${value}T12:00:00.000Z`) + shift.days * DAY_MS).toISOString().slice(0, 10);
    const numbered = NUMBERED.exec(value);
    if (numbered && key === 'receiptNumber') return `${numbered[1]}${String(Number(numbered[2]) + shift.receipts).padStart(numbered[2]!.length, '0')}`;
    if (numbered && key === 'localReference') return `${numbered[1]}${String(Number(numbered[2]) + shift.seq).padStart(numbered[2]!.length, '0')}`;
    return value;
  }
  if (typeof value === 'number' && key === 'seq') return value + shift.seq;
  if (Array.isArray(value)) return value.map((v) => shiftValue(v, key, shift));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = shiftValue(v, k, shift);
    return out;
  }
  return value;
}

function shiftDay(rows: DayRows, shift: Shift): DayRows {
  const out = {} as DayRows;
  for (const name of DAY_TABLES) out[name] = rows[name].map((r) => shiftValue(r, '', shift) as Record<string, unknown>);
  return out;
}

/**
 * Writes a day's rows as the kiosk stores them: each row's personal fields sealed with the device key for its table and
 * (new) id before the transaction opens (db/at-rest.ts), as every writer of rows must; the write then stores them.
 */
async function putDay(db: KioskDb, rows: DayRows): Promise<void> {
  const sealed = {} as DayRows;
  await Promise.all(DAY_TABLES.map(async (t) => (sealed[t] = isSealedTable(t) ? await db.atRest.sealAll(t, rows[t]) : rows[t])));
  await db.transaction('rw', DAY_TABLES.map((t) => db.table(t)), async () => {
    await Promise.all(DAY_TABLES.map((t) => (sealed[t].length ? db.table(t).bulkPut(sealed[t]) : undefined)));
  });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;

/** Chromium's own clock, kept by bench:device before the pinned page clock fakes performance.now (ms steps). */
const clock = (window as unknown as { __realClock?: { now: () => number } }).__realClock?.now ?? (() => performance.now());

async function timeIt<T>(runs: number, run: () => Promise<T>): Promise<{ first: number; p50: number; p95: number; max: number; result: T }> {
  const times: number[] = [];
  let result: T | undefined;
  for (let i = 0; i < runs; i++) {
    const t = clock();
    result = await run();
    times.push(clock() - t);
  }
  const first = times[0]!;
  times.sort((a, b) => a - b);
  return { first, p50: percentile(times, 50), p95: percentile(times, 95), max: times.at(-1)!, result: result as T };
}

const bench = {
  /**
   * Records yesterday (closed) and today (open, until `nowIso`) through the kiosk's actions into a scratch database,
   * and returns both days' rows.
   */
  async makeTemplate(deviceId: string, receiptPrefix: string, catalogueVersion: number, nowIso: string, visitsPerDay: number): Promise<Template> {
    await Dexie.delete(TEMPLATE_DB);
    const db = new KioskDb(TEMPLATE_DB);
    await db.open();
    const now = Date.parse(nowIso);
    const todayOpens = startOfCityDay(businessDate(new Date(now), TIME_ZONE), TIME_ZONE).getTime() + 9 * 3_600_000;
    const clock = { ms: todayOpens - DAY_MS };
    const ctx: RecordContext = { db, deviceId, now: () => new Date(clock.ms), actorId: null, catalogueVersion, receiptPrefix };
    await recordDay(ctx, clock, visitsPerDay, 8 * 3_600_000, true);
    const yesterdayLastSeq = (await db.events.orderBy('seq').last())!.seq;
    const yesterdayStop = (await db.stops.orderBy('openedAt').last())!;
    const receiptsPerDay = await db.transactions.count();
    clock.ms = todayOpens;
    const sofar = Math.max(1, Math.floor((visitsPerDay * (now - todayOpens)) / (8 * 3_600_000)));
    await recordDay(ctx, clock, Math.min(sofar, visitsPerDay), Math.max(60_000, now - todayOpens - 60_000), false);
    const todayStop = (await db.stops.orderBy('openedAt').last())!;
    const lastSeq = (await db.events.orderBy('seq').last())!.seq;
    const boundary = new Date(todayOpens - 3_600_000).toISOString();
    const template = {
      closedDay: await readDay(db, 1, yesterdayLastSeq, yesterdayStop.id, '', boundary),
      today: await readDay(db, yesterdayLastSeq + 1, lastSeq, todayStop.id, boundary, '9999'),
      receiptsPerDay,
    };
    db.close();
    await Dexie.delete(TEMPLATE_DB);
    return template;
  },

  /**
   * Fills the kiosk's database with about `events` events: copies of the closed day going back from yesterday, then
   * yesterday and today as recorded. Everything before today has reached the office (the sync cursor), today waits.
   */
  async load(template: Template, events: number) {
    const db = new KioskDb(KIOSK_DB);
    await db.open();
    const perDay = template.closedDay.events.length;
    const copies = Math.max(0, Math.ceil((events - template.today.events.length) / perDay) - 1);
    const started = performance.now();
    // Oldest first, so seqs and receipt numbers run in the order the days happened.
    for (let k = copies; k >= 1; k--) {
      await putDay(db, shiftDay(template.closedDay, { days: -k, seq: (copies - k) * perDay, receipts: (copies - k) * template.receiptsPerDay, ids: new Map() }));
    }
    const asRecorded: Shift = { days: 0, seq: copies * perDay, receipts: copies * template.receiptsPerDay, ids: new Map() };
    await putDay(db, shiftDay(template.closedDay, asRecorded));
    await putDay(db, shiftDay(template.today, asRecorded));
    const total = await db.events.count();
    const lastSeq = (await db.events.orderBy('seq').last())!.seq;
    const receiptCount = (copies + 1) * template.receiptsPerDay + template.today.transactions.length;
    await db.meta.bulkPut([
      { key: 'syncCursor', value: lastSeq - template.today.events.length },
      { key: 'lastSyncAt', value: (template.today.events[0] as { occurredAt: string }).occurredAt },
      { key: 'receiptCounter', value: receiptCount },
    ]);
    const counts = Object.fromEntries(await Promise.all(DAY_TABLES.map(async (t) => [t, await db.table(t).count()] as const)));
    db.close();
    return { ms: performance.now() - started, total, lastSeq, days: copies + 2, counts };
  },

  /**
   * The queries behind the staff and supervisor screens, each `runs` times on the kiosk's database (the first run is
   * cold: the database was just opened).
   */
  async queries(runs: number, receipts: { latest: string; missing: string }) {
    const db = new KioskDb(KIOSK_DB);
    await db.open();
    const todayStart = startOfCityDay(businessDate(new Date(), TIME_ZONE), TIME_ZONE).toISOString();
    // The reads each screen makes, by the names the screens use (db/queries.ts).
    const dashboard = await timeIt(runs, () => dayFigures(db));
    const history = await timeIt(runs, async () => {
      const [today, closed] = await Promise.all([transactionsSince(db, todayStart), closedDayStopIds(db)]);
      // The clerk's search box filters today's list in memory (History.tsx).
      return { shown: today.filter((t) => t.residentName?.toLowerCase().includes('resident 1')).length, closed: closed.size };
    });
    // A refund looks a sale up by its receipt number, from any day: today's, and one that was never issued (a typo).
    const receipt = await timeIt(runs, () => findByReceiptNumber(db, receipts.latest));
    const missing = await timeIt(runs, () => findByReceiptNumber(db, receipts.missing));
    const dayClose = await timeIt(runs, () => closeOutData(db));
    const helpBanner = await timeIt(runs, () => unansweredHelpCalls(db));
    const helpResident = await timeIt(runs, () => helpCallInPlay(db, Date.now(), 120_000));
    const pending = await timeIt(runs, () => countPending(db));
    const syncPicture = await timeIt(runs, () => readSyncPicture(db));
    // What the sync trigger watches (sync/start.ts): the newest seq, one keyed read.
    const recordedCount = await timeIt(runs, async () => (await db.events.orderBy('seq').last())?.seq ?? 0);
    db.close();
    const strip = <T extends { result: unknown }>({ result: _result, ...rest }: T) => rest;
    return {
      figures: {
        "today's dashboard (loadDay)": strip(dashboard),
        "history: today's transactions + search": strip(history),
        "receipt lookup: today's last sale": strip(receipt),
        'receipt lookup: no such receipt': strip(missing),
        'day-close figures': strip(dayClose),
        'pending count': strip(pending),
        'help calls open (staff banner)': strip(helpBanner),
        'help call in play (touchscreen)': strip(helpResident),
        'sync picture (status bar)': strip(syncPicture),
        'newest seq (sync trigger)': strip(recordedCount),
      },
      check: {
        dashboardTransactions: dashboard.result.transactions.length,
        historyShown: history.result.shown,
        receiptFound: receipt.result?.receiptNumber ?? null,
        missingFound: missing.result?.receiptNumber ?? null,
        pending: pending.result,
        closeOutTransactions: dayClose.result.transactions.length,
        openHelpCalls: helpBanner.result.length,
        helpInPlay: helpResident.result?.id ?? null,
        pendingTransactions: syncPicture.result.pending.transactions,
      },
    };
  },

  async receipts(): Promise<{ latest: string; missing: string }> {
    const db = new KioskDb(KIOSK_DB);
    await db.open();
    const last = await db.transactions.orderBy('occurredAt').last();
    db.close();
    return { latest: last!.receiptNumber, missing: last!.receiptNumber.replace(/\d+$/, '999999') };
  },

  async catalogueVersion(): Promise<number> {
    const db = new KioskDb(KIOSK_DB);
    await db.open();
    const stored = await db.catalogue.get('current');
    db.close();
    return stored?.version ?? 0;
  },
};

declare global {
  interface Window {
    deviceBench: typeof bench;
  }
}
window.deviceBench = bench;
document.body.dataset.ready = 'true';
