/**
 * The day's sales: counts and revenue (voids excluded and counted apart), by service and by payment method, and
 * the refunds given today. The kiosk's close-out and dashboard get it inside computeDayKpis; the central daily report
 * calls it directly for each stop.
 * @throws RangeError if a refund is not whole non-negative cents.
 */
export function computeSales(transactions: readonly KpiTransaction[], refunds: readonly KpiRefund[] = []): SalesFigures {
  for (const r of refunds) assertCents(r.amountCents, 'refund amountCents');
  const recorded = transactions.filter((tx) => tx.status === 'recorded');
  const voided = transactions.filter((tx) => tx.status === 'voided');
  const revenueCents = sumCents(recorded.map((tx) => tx.amountCents));
  const refundedCents = sumCents(refunds.map((r) => r.amountCents));
  return {
    transactionCount: recorded.length,
    revenueCents,
    voids: { count: voided.length, amountCents: sumCents(voided.map((tx) => tx.amountCents)) },
    refunds: { count: refunds.length, amountCents: refundedCents },
    netRevenueCents: revenueCents - refundedCents,
    byService: breakdown(
      recorded,
      (tx) => tx.serviceCode,
      (tx) => tx.serviceName,
    ),
    byPaymentMethod: breakdown(
      recorded,
      (tx) => tx.payment.method,
      (tx) => paymentMethodLabels[tx.payment.method],
    ),
  };
}

/**
 * The day's KPIs for a stop: sales by service and payment method, voids, refunds, ticket waits and service times,
 * satisfaction, participation, per-hour figures. Pure functions over plain data, used by the kiosk's dashboard and
 * close-out and by the central daily report.
 */
import type { Cents } from '../money';
import { sumCents } from '../money';
import { assertCents, type KpiRefund, type KpiTransaction, type PaymentMethodKey } from './inputs';

// ───────────────────────────── Inputs ─────────────────────────────

/** A queue ticket's life, one timestamp per step it reached (ISO 8601, or null if it never did). */
export interface KpiTicket {
  id: string;
  categoryCode: string;
  issuedAt: string;
  calledAt: string | null;
  servedAt: string | null;
  noShowAt: string | null;
}

/** One answered satisfaction survey (rating 1–5). */
export interface KpiSurvey {
  rating: number;
  answeredAt: string;
}

// ───────────────────────────── Outputs ─────────────────────────────

/** One line of a breakdown table: how many and how much. */
export interface BreakdownRow<K extends string = string> {
  key: K;
  /** English label; the UI may translate by `key`. */
  label: string;
  count: number;
  revenueCents: Cents;
}

/** Nearest-rank summary of durations; median and p90 are null when there is nothing to summarise. */
export interface DurationStats {
  count: number;
  medianMs: number | null;
  p90Ms: number | null;
}

export interface HourRow {
  /** Two-digit hour ('00'–'23') on the wall clock of the requested time zone. */
  hour: string;
  count: number;
  revenueCents: Cents;
}

export interface WaitBucket {
  label: string;
  /** Inclusive lower bound in minutes. */
  fromMinutes: number;
  /** Exclusive upper bound in minutes; null for the open-ended last bucket. */
  toMinutes: number | null;
  count: number;
}

/** The day's sales: what the kiosk's close-out and the central daily report both show for a stop. */
export interface SalesFigures {
  /** Recorded (non-voided) transactions. */
  transactionCount: number;
  /** Sum of recorded (non-voided) transactions. */
  revenueCents: Cents;
  voids: { count: number; amountCents: Cents };
  /** Refunds given today on earlier days' transactions. */
  refunds: { count: number; amountCents: Cents };
  /** Revenue less today's refunds: what the day leaves with the city. */
  netRevenueCents: number;
  /** Sorted by revenue descending, then key. */
  byService: BreakdownRow[];
  /** Sorted by revenue descending, then key; 'none' is zero-fee services. */
  byPaymentMethod: BreakdownRow<PaymentMethodKey>[];
}

export interface DayKpis extends SalesFigures {
  tickets: { issued: number; served: number; noShow: number; waiting: number };
  /** calledAt − issuedAt. */
  waitTimes: DurationStats;
  /** servedAt − calledAt. */
  serviceTimes: DurationStats;
  /** Average rounded half-up to one decimal. */
  satisfaction: { count: number; average: number | null };
  /** Residents who had their say: survey answers and answers to the city's question ("Tell the city"). */
  participation: { surveys: number; cityAnswers: number; total: number };
  /** Every wall-clock hour from the first to the last recorded transaction, zero rows included. */
  perHour: HourRow[];
  /** Waits (calledAt − issuedAt) grouped into fixed minute buckets; always all five buckets. */
  waitDistribution: WaitBucket[];
}

// ───────────────────────────── Helpers ─────────────────────────────

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

const paymentMethodLabels: Record<PaymentMethodKey, string> = {
  cash: 'Cash',
  check: 'Check',
  card: 'Card',
  none: 'No payment',
};

/** Wait buckets in minutes; the last one is open-ended. */
const waitBucketBounds: readonly { label: string; fromMinutes: number; toMinutes: number | null }[] = [
  { label: '0–5 min', fromMinutes: 0, toMinutes: 5 },
  { label: '5–10 min', fromMinutes: 5, toMinutes: 10 },
  { label: '10–20 min', fromMinutes: 10, toMinutes: 20 },
  { label: '20–30 min', fromMinutes: 20, toMinutes: 30 },
  { label: '30+ min', fromMinutes: 30, toMinutes: null },
];

/** Parses an ISO timestamp; a bad one is a data bug, so it fails loudly rather than skewing a report. */
function toMs(iso: string, what: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`${what}: "${iso}" is not a valid timestamp`);
  return ms;
}

/**
 * Nearest-rank percentile: the smallest value with at least p% of the values at or below it,
 * i.e. sorted[ceil(p/100 · n) − 1]. It always returns an observed value (no interpolation).
 */
export function nearestRankPercentile(sortedAscending: readonly number[], percent: number): number | null {
  const n = sortedAscending.length;
  if (n === 0) return null;
  if (!(percent > 0 && percent <= 100)) throw new RangeError('percent must be in (0, 100]');
  // percent·n/100 rather than (percent/100)·n: 0.14·50 is 7.000…01 in floating point and would skip a rank.
  const rank = Math.max(1, Math.ceil((percent * n) / 100));
  return sortedAscending[rank - 1] ?? null;
}

function durationStats(durationsMs: readonly number[]): DurationStats {
  // Copy before sorting so the caller's array keeps its order.
  const sorted = [...durationsMs].sort((a, b) => a - b);
  return {
    count: sorted.length,
    medianMs: nearestRankPercentile(sorted, 50),
    p90Ms: nearestRankPercentile(sorted, 90),
  };
}

/** Elapsed ms between two steps, or null when a step is missing or the clock went backwards (a corrected device clock). */
function elapsedMs(fromIso: string | null, toIso: string | null, what: string): number | null {
  if (fromIso === null || toIso === null) return null;
  const elapsed = toMs(toIso, what) - toMs(fromIso, what);
  return elapsed >= 0 ? elapsed : null;
}

/** Revenue descending so the biggest earner is first; key breaks ties so the order never depends on input order. */
function byRevenueThenKey<K extends string>(a: BreakdownRow<K>, b: BreakdownRow<K>): number {
  if (a.revenueCents !== b.revenueCents) return b.revenueCents - a.revenueCents;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

function breakdown<K extends string>(
  transactions: readonly KpiTransaction[],
  keyOf: (tx: KpiTransaction) => K,
  labelOf: (tx: KpiTransaction) => string,
): BreakdownRow<K>[] {
  const rows = new Map<K, BreakdownRow<K>>();
  for (const tx of transactions) {
    const key = keyOf(tx);
    const row = rows.get(key);
    // The first transaction's label wins, so a mid-day catalogue rename does not split a service in two.
    if (row === undefined) rows.set(key, { key, label: labelOf(tx), count: 1, revenueCents: tx.amountCents });
    else {
      row.count += 1;
      row.revenueCents = sumCents([row.revenueCents, tx.amountCents]);
    }
  }
  return [...rows.values()].sort(byRevenueThenKey);
}

/** A formatter for the wall-clock hour; h23 so midnight is '00', never '24'. Throws RangeError on an unknown zone. */
function hourFormatter(timeZone: string): (ms: number) => string {
  const format = new Intl.DateTimeFormat('en-US', { timeZone, hour: '2-digit', hourCycle: 'h23' });
  return (ms) => {
    const hour = format.formatToParts(ms).find((part) => part.type === 'hour')?.value;
    if (hour === undefined) throw new RangeError(`could not read the hour in ${timeZone}`);
    return hour.padStart(2, '0');
  };
}

/**
 * Hour rows from the first to the last transaction. We walk real time in one-hour steps so DST is
 * right: on the fall-back night the repeated hour is one row, on the spring-forward night the
 * missing hour has none, and half-hour zones still get every hour (the last one is added explicitly).
 */
function perHourRows(recorded: readonly KpiTransaction[], timeZone: string): HourRow[] {
  if (recorded.length === 0) return [];
  const hourOf = hourFormatter(timeZone);
  const timed = recorded.map((tx) => ({ tx, ms: toMs(tx.occurredAt, `transaction ${tx.id} occurredAt`) }));
  // reduce, not Math.min(...spread): a long day's transactions could exceed the argument limit.
  const first = timed.reduce((min, { ms }) => Math.min(min, ms), Infinity);
  const last = timed.reduce((max, { ms }) => Math.max(max, ms), -Infinity);
  const rows = new Map<string, HourRow>();
  const addHour = (hour: string) => {
    if (!rows.has(hour)) rows.set(hour, { hour, count: 0, revenueCents: 0 });
  };
  // A closed day never spans more than 24 distinct hours; the size check stops a runaway range early.
  for (let t = first; t <= last && rows.size < 24; t += HOUR_MS) addHour(hourOf(t));
  addHour(hourOf(last));
  for (const { tx, ms } of timed) {
    const row = rows.get(hourOf(ms));
    if (row === undefined) continue; // unreachable: every transaction's hour lies in the walked range
    row.count += 1;
    row.revenueCents = sumCents([row.revenueCents, tx.amountCents]);
  }
  return [...rows.values()];
}

function waitBuckets(waitsMs: readonly number[]): WaitBucket[] {
  const buckets = waitBucketBounds.map((bounds) => ({ ...bounds, count: 0 }));
  for (const ms of waitsMs) {
    // Compare in ms against minute bounds so 4 min 59.9 s stays in '0–5 min'.
    const bucket = buckets.find((b) => ms >= b.fromMinutes * MINUTE_MS && (b.toMinutes === null || ms < b.toMinutes * MINUTE_MS));
    if (bucket) bucket.count += 1;
  }
  return buckets;
}

/** Half-up to one decimal from the integer sum, so 4.75 is 4.8 (no 4.75·10 floating-point surprise). */
function averageOneDecimal(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const total = values.reduce((sum, v) => sum + v, 0);
  return Math.round((total * 10) / values.length) / 10;
}

// ───────────────────────────── KPIs ─────────────────────────────

/**
 * The day's KPIs for the close-out screen and the central report.
 * Voided transactions count only under `voids`; ticket durations use only tickets that reached both steps.
 * @throws RangeError on an unknown IANA time zone or an unparseable timestamp.
 */
export function computeDayKpis(input: {
  transactions: KpiTransaction[];
  tickets: KpiTicket[];
  surveys: KpiSurvey[];
  /** Answers to the city's question at this stop; each counts as participation like a survey answer. */
  cityAnswers?: readonly unknown[];
  timeZone: string;
  refunds?: KpiRefund[];
}): DayKpis {
  const { transactions, tickets, surveys, timeZone } = input;
  const cityAnswers = input.cityAnswers?.length ?? 0;
  const recorded = transactions.filter((tx) => tx.status === 'recorded');

  const waits: number[] = [];
  const serviceDurations: number[] = [];
  let served = 0;
  let noShow = 0;
  for (const ticket of tickets) {
    // Served wins over no-show so the three ticket outcomes always add up to `issued`.
    if (ticket.servedAt !== null) served += 1;
    else if (ticket.noShowAt !== null) noShow += 1;
    const wait = elapsedMs(ticket.issuedAt, ticket.calledAt, `ticket ${ticket.id}`);
    if (wait !== null) waits.push(wait);
    const service = elapsedMs(ticket.calledAt, ticket.servedAt, `ticket ${ticket.id}`);
    if (service !== null) serviceDurations.push(service);
  }

  return {
    ...computeSales(transactions, input.refunds),
    tickets: { issued: tickets.length, served, noShow, waiting: tickets.length - served - noShow },
    waitTimes: durationStats(waits),
    serviceTimes: durationStats(serviceDurations),
    satisfaction: { count: surveys.length, average: averageOneDecimal(surveys.map((s) => s.rating)) },
    participation: { surveys: surveys.length, cityAnswers, total: surveys.length + cityAnswers },
    perHour: perHourRows(recorded, timeZone),
    waitDistribution: waitBuckets(waits),
  };
}

/** One clerk's part of the day, for the end-of-day report: what they took, by method, and what they voided or refunded. */
export interface ClerkTotals {
  staffId: string;
  count: number;
  revenueCents: Cents;
  cashCents: Cents;
  checkCents: Cents;
  cardCents: Cents;
  voids: { count: number; amountCents: Cents };
  refundsCents: Cents;
}

/** Totals per clerk, sorted by staff id so the report reads the same every time; unknown clerks are "" . */
export function totalsByClerk(transactions: readonly KpiTransaction[], refunds: readonly KpiRefund[] = []): ClerkTotals[] {
  const rows = new Map<string, ClerkTotals>();
  const row = (staffId: string | null | undefined) => {
    const key = staffId ?? '';
    let r = rows.get(key);
    if (!r) rows.set(key, (r = { staffId: key, count: 0, revenueCents: 0, cashCents: 0, checkCents: 0, cardCents: 0, voids: { count: 0, amountCents: 0 }, refundsCents: 0 }));
    return r;
  };
  for (const tx of transactions) {
    const r = row(tx.staffId);
    if (tx.status === 'voided') {
      r.voids.count += 1;
      r.voids.amountCents = sumCents([r.voids.amountCents, tx.amountCents]);
      continue;
    }
    r.count += 1;
    r.revenueCents = sumCents([r.revenueCents, tx.amountCents]);
    if (tx.payment.method === 'cash') r.cashCents = sumCents([r.cashCents, tx.amountCents]);
    if (tx.payment.method === 'check') r.checkCents = sumCents([r.checkCents, tx.amountCents]);
    if (tx.payment.method === 'card') r.cardCents = sumCents([r.cardCents, tx.amountCents]);
  }
  for (const refund of refunds) {
    const r = row(refund.staffId);
    r.refundsCents = sumCents([r.refundsCents, refund.amountCents]);
  }
  return [...rows.values()].sort((a, b) => (a.staffId < b.staffId ? -1 : a.staffId > b.staffId ? 1 : 0));
}
