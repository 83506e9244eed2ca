import { describe, expect, it } from 'vitest';
import type { CashReconciliation, Denomination, KpiSurvey, KpiTicket, KpiTransaction, Payment } from '../../shared';
import { checkCloseOut, computeDayKpis, countDrawer, isoInZone, nearestRankPercentile, reconcileCash, totalsByClerk } from '../../shared';

// ───────────── Fixed data: a van day in Boston (times are UTC; EDT is UTC−4 in June) ─────────────

const DAY_START = Date.parse('2026-06-15T13:00:00Z'); // 09:00 in Boston
const MIN = 60_000;
const at = (minutesAfterOpening: number) => new Date(DAY_START + minutesAfterOpening * MIN).toISOString();

const cash = (tenderedCents: number, changeCents: number): Payment => ({ method: 'cash', tenderedCents, changeCents });
const check = (checkNumber: string): Payment => ({ method: 'check', checkNumber });
const card = (last4: string): Payment => ({ method: 'card', approvalCode: 'A1B2C3', brand: 'visa', last4 });
const none: Payment = { method: 'none' };

const services = {
  birth: ['birth-certificate-copy', 'Birth certificate copy'],
  dogNeutered: ['dog-licence-neutered', 'Dog licence (spayed/neutered)'],
  dogIntact: ['dog-licence-intact', 'Dog licence (intact)'],
  permit: ['resident-parking-permit', 'Resident parking permit'],
} as const;

let nextId = 1;
function tx(
  service: keyof typeof services,
  amountCents: number,
  payment: Payment,
  minutesAfterOpening: number,
  status: KpiTransaction['status'] = 'recorded',
): KpiTransaction {
  const [serviceCode, serviceName] = services[service];
  return { id: `tx-${nextId++}`, serviceCode, serviceName, amountCents, payment, occurredAt: at(minutesAfterOpening), status };
}

/** A ticket issued at `issued` minutes, called after `wait` minutes, served after a further `service` minutes. */
function ticket(issued: number, wait: number | null, service: number | null, noShow = false): KpiTicket {
  const calledAt = wait === null ? null : at(issued + wait);
  const servedAt = wait === null || service === null ? null : at(issued + wait + service);
  const noShowAt = noShow && wait !== null ? at(issued + wait + 2) : null;
  return { id: `t-${nextId++}`, categoryCode: 'vital-records', issuedAt: at(issued), calledAt, servedAt, noShowAt };
}

const kpis = (transactions: KpiTransaction[], tickets: KpiTicket[] = [], surveys: KpiSurvey[] = [], timeZone = 'America/New_York') =>
  computeDayKpis({ transactions, tickets, surveys, timeZone });

const FLOAT = 10_000; // $100.00 opening float

// ───────────────────────────── KPIs ─────────────────────────────

describe('computeDayKpis', () => {
  it('a day with no transactions is all zeros and nulls, with no hour rows', () => {
    expect(kpis([])).toEqual({
      transactionCount: 0,
      revenueCents: 0,
      voids: { count: 0, amountCents: 0 },
      refunds: { count: 0, amountCents: 0 },
      netRevenueCents: 0,
      byService: [],
      byPaymentMethod: [],
      tickets: { issued: 0, served: 0, noShow: 0, waiting: 0 },
      waitTimes: { count: 0, medianMs: null, p90Ms: null },
      serviceTimes: { count: 0, medianMs: null, p90Ms: null },
      satisfaction: { count: 0, average: null },
      participation: { surveys: 0, cityAnswers: 0, total: 0 },
      perHour: [],
      waitDistribution: [
        { label: '0–5 min', fromMinutes: 0, toMinutes: 5, count: 0 },
        { label: '5–10 min', fromMinutes: 5, toMinutes: 10, count: 0 },
        { label: '10–20 min', fromMinutes: 10, toMinutes: 20, count: 0 },
        { label: '20–30 min', fromMinutes: 20, toMinutes: 30, count: 0 },
        { label: '30+ min', fromMinutes: 30, toMinutes: null, count: 0 },
      ],
    });
  });

  it('excludes voided transactions from revenue, breakdowns and hours, and reports them as voids', () => {
    const result = kpis([
      tx('birth', 1400, cash(2000, 600), 10),
      tx('dogIntact', 3000, cash(3000, 0), 20, 'voided'),
      tx('dogNeutered', 1500, card('4242'), 200, 'voided'),
    ]);
    expect(result.transactionCount).toBe(1);
    expect(result.revenueCents).toBe(1400);
    expect(result.voids).toEqual({ count: 2, amountCents: 4500 });
    expect(result.byService).toEqual([{ key: 'birth-certificate-copy', label: 'Birth certificate copy', count: 1, revenueCents: 1400 }]);
    expect(result.byPaymentMethod).toEqual([{ key: 'cash', label: 'Cash', count: 1, revenueCents: 1400 }]);
    // The voided 12:20 card sale does not stretch the hour range.
    expect(result.perHour).toEqual([{ hour: '09', count: 1, revenueCents: 1400 }]);
  });

  it('gives zero-fee services their own payment-method row with no revenue', () => {
    const result = kpis([tx('permit', 0, none, 5), tx('permit', 0, none, 15), tx('birth', 1400, cash(1400, 0), 25)]);
    expect(result.transactionCount).toBe(3);
    expect(result.revenueCents).toBe(1400);
    expect(result.byPaymentMethod).toEqual([
      { key: 'cash', label: 'Cash', count: 1, revenueCents: 1400 },
      { key: 'none', label: 'No payment', count: 2, revenueCents: 0 },
    ]);
    expect(result.byService).toEqual([
      { key: 'birth-certificate-copy', label: 'Birth certificate copy', count: 1, revenueCents: 1400 },
      { key: 'resident-parking-permit', label: 'Resident parking permit', count: 2, revenueCents: 0 },
    ]);
  });

  it('breaks a mixed cash/check/card day down by service and method, revenue first then key', () => {
    const result = kpis([
      tx('birth', 2800, cash(3000, 200), 0), // two copies
      tx('dogNeutered', 1500, check('1042'), 30),
      tx('dogIntact', 3000, card('0005'), 60),
      tx('birth', 1400, cash(1500, 100), 90),
      tx('dogNeutered', 1500, card('1111'), 120),
      tx('dogIntact', 3000, check('2210'), 150),
    ]);
    expect(result.transactionCount).toBe(6);
    expect(result.revenueCents).toBe(13_200);
    expect(result.byService).toEqual([
      { key: 'dog-licence-intact', label: 'Dog licence (intact)', count: 2, revenueCents: 6000 },
      { key: 'birth-certificate-copy', label: 'Birth certificate copy', count: 2, revenueCents: 4200 },
      { key: 'dog-licence-neutered', label: 'Dog licence (spayed/neutered)', count: 2, revenueCents: 3000 },
    ]);
    // card and check tie at $45.00: the key decides, so the order never depends on input order.
    expect(result.byPaymentMethod).toEqual([
      { key: 'card', label: 'Card', count: 2, revenueCents: 4500 },
      { key: 'check', label: 'Check', count: 2, revenueCents: 4500 },
      { key: 'cash', label: 'Cash', count: 2, revenueCents: 4200 },
    ]);
  });

  it('counts ticket outcomes so that issued = served + no-show + waiting', () => {
    const result = kpis(
      [],
      [
        ticket(0, 4, 6), // served
        ticket(5, 12, 3), // served
        ticket(10, 8, null, true), // called, no-show
        ticket(20, 3, null), // called, being served
        ticket(30, null, null), // still waiting
      ],
    );
    expect(result.tickets).toEqual({ issued: 5, served: 2, noShow: 1, waiting: 2 });
    expect(result.waitTimes.count).toBe(4); // every called ticket
    expect(result.serviceTimes.count).toBe(2); // only tickets both called and served
  });

  it.each([
    ['waits of 1..10 minutes', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5, 9],
    ['the same waits out of order', [7, 3, 10, 1, 9, 5, 2, 8, 6, 4], 5, 9],
    ['a single wait', [12], 12, 12],
    ['two waits (median is the lower)', [2, 8], 2, 8],
    ['twenty waits 1..20', Array.from({ length: 20 }, (_, i) => i + 1), 10, 18],
  ])('median and p90 by nearest rank (value at rank ⌈p·n⌉): %s', (_name, waitMinutes, medianMinutes, p90Minutes) => {
    const tickets = waitMinutes.map((wait, i) => ticket(i, wait, wait)); // service time = wait, to check both
    const result = kpis([], tickets);
    const expected = { count: waitMinutes.length, medianMs: medianMinutes * MIN, p90Ms: p90Minutes * MIN };
    expect(result.waitTimes).toEqual(expected);
    expect(result.serviceTimes).toEqual(expected);
  });

  it('ignores a duration where the clock went backwards', () => {
    const backwards: KpiTicket = { id: 'skew', categoryCode: 'vital-records', issuedAt: at(10), calledAt: at(8), servedAt: at(12), noShowAt: null };
    const result = kpis([], [backwards]);
    expect(result.waitTimes).toEqual({ count: 0, medianMs: null, p90Ms: null });
    expect(result.serviceTimes).toEqual({ count: 1, medianMs: 4 * MIN, p90Ms: 4 * MIN });
  });

  it('buckets waits into [0–5), [5–10), [10–20), [20–30), 30+ minutes', () => {
    const waits = [0, 4.99, 5, 9.99, 10, 19.99, 20, 29.99, 30, 95];
    const result = kpis([], waits.map((wait) => ticket(0, wait, 1)));
    expect(result.waitDistribution.map((b) => [b.label, b.count])).toEqual([
      ['0–5 min', 2],
      ['5–10 min', 2],
      ['10–20 min', 2],
      ['20–30 min', 2],
      ['30+ min', 2],
    ]);
  });

  it.each([
    [[], null],
    [[5], 5],
    [[3, 4], 3.5],
    [[4, 5, 5, 5], 4.8], // 4.75 rounds half up
    [[5, 4, 4], 4.3], // 4.333…
    [[2, 3, 3], 2.7], // 2.666…
    [[1, 2, 2, 2, 2, 2, 2, 2], 1.9], // 1.875
    [[1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2], 1.6], // 31/20 = 1.55 rounds half up
  ])('satisfaction of %j averages %s (one decimal, half up)', (ratings, average) => {
    const surveys = ratings.map((rating, i) => ({ rating, answeredAt: at(i) }));
    expect(kpis([], [], surveys).satisfaction).toEqual({ count: ratings.length, average });
  });

  it('counts survey answers and answers to the city\'s question as participation', () => {
    const surveys = [{ rating: 4, answeredAt: at(1) }, { rating: 5, answeredAt: at(2) }];
    const day = computeDayKpis({ transactions: [], tickets: [], surveys, cityAnswers: [{ id: 'a' }, { id: 'b' }, { id: 'c' }], timeZone: 'America/New_York' });
    expect(day.participation).toEqual({ surveys: 2, cityAnswers: 3, total: 5 });
    // The satisfaction average is the survey's alone.
    expect(day.satisfaction).toEqual({ count: 2, average: 4.5 });
  });
});

describe('computeDayKpis per hour', () => {
  it.each([
    ['America/New_York', '22'],
    ['UTC', '03'],
    ['Europe/Paris', '04'],
    ['Asia/Kolkata', '09'],
  ])('an event at 2026-11-28T03:30:00Z is hour %s → %s', (timeZone, hour) => {
    const sale = { ...tx('birth', 1400, cash(1400, 0), 0), occurredAt: '2026-11-28T03:30:00Z' };
    expect(kpis([sale], [], [], timeZone).perHour).toEqual([{ hour, count: 1, revenueCents: 1400 }]);
  });

  it('has a row for every hour from the first to the last sale, empty hours included', () => {
    const result = kpis([
      tx('birth', 1400, cash(2000, 600), 10), // 09:10
      tx('dogNeutered', 1500, card('4242'), 55), // 09:55
      tx('dogIntact', 3000, check('301'), 4 * 60 + 50), // 13:50
    ]);
    expect(result.perHour).toEqual([
      { hour: '09', count: 2, revenueCents: 2900 },
      { hour: '10', count: 0, revenueCents: 0 },
      { hour: '11', count: 0, revenueCents: 0 },
      { hour: '12', count: 0, revenueCents: 0 },
      { hour: '13', count: 1, revenueCents: 3000 },
    ]);
  });

  it('reaches the last hour in a half-hour time zone', () => {
    // Asia/Kolkata is UTC+5:30: 10:45 to 13:10 local.
    const first = { ...tx('birth', 1400, cash(1400, 0), 0), occurredAt: '2026-06-15T05:15:00Z' };
    const last = { ...tx('birth', 1400, cash(1400, 0), 0), occurredAt: '2026-06-15T07:40:00Z' };
    expect(kpis([last, first], [], [], 'Asia/Kolkata').perHour.map((row) => [row.hour, row.count])).toEqual([
      ['10', 1],
      ['11', 0],
      ['12', 0],
      ['13', 1],
    ]);
  });

  it('folds the repeated hour of the fall-back night into one row', () => {
    // 2026-11-01 in Boston: 01:30 EDT (05:30Z) and 01:30 EST (06:30Z) are both hour '01'.
    const edt = { ...tx('birth', 1400, cash(1400, 0), 0), occurredAt: '2026-11-01T05:30:00Z' };
    const est = { ...tx('dogNeutered', 1500, cash(1500, 0), 0), occurredAt: '2026-11-01T06:30:00Z' };
    const later = { ...tx('dogIntact', 3000, cash(3000, 0), 0), occurredAt: '2026-11-01T07:10:00Z' };
    expect(kpis([edt, est, later]).perHour).toEqual([
      { hour: '01', count: 2, revenueCents: 2900 },
      { hour: '02', count: 1, revenueCents: 3000 },
    ]);
  });

  it('refuses an unknown time zone', () => {
    expect(() => kpis([tx('birth', 1400, cash(1400, 0), 0)], [], [], 'Boston/Harbor')).toThrow(RangeError);
  });
});

describe('nearestRankPercentile', () => {
  const fifty = Array.from({ length: 50 }, (_, i) => i + 1);
  it.each([
    [[], 50, null],
    [[7], 90, 7],
    [[1, 2, 3, 4], 50, 2],
    [[1, 2, 3, 4], 100, 4],
    [fifty, 90, 45],
    [fifty, 14, 7], // (14/100)·50 is 7.000…01 in floating point; the rank must still be 7
  ])('%j at p%i is %s', (values, percent, expected) => {
    expect(nearestRankPercentile(values, percent)).toBe(expected);
  });
});

// ───────────────────────────── Cash ─────────────────────────────

describe('reconcileCash', () => {
  it('an empty day expects exactly the float', () => {
    expect(reconcileCash({ openingFloatCents: FLOAT, transactions: [], countedCashCents: FLOAT })).toEqual({
      openingFloatCents: FLOAT,
      cashSalesCents: 0,
      tenderedCents: 0,
      changeGivenCents: 0,
      expectedCents: FLOAT,
      countedCashCents: FLOAT,
      differenceCents: 0,
      status: 'balanced',
      reasonRequired: false,
      secondSignOffRequired: false,
      thresholdCents: 2500,
      checks: { count: 0, totalCents: 0 },
      cards: { count: 0, totalCents: 0 },
      voidedCashCents: 0,
      refunds: { cashCents: 0, checkCents: 0, cardCents: 0 },
    });
  });

  it('takes change out: $50.00 tendered for $45.00 gives $5.00 change and expects float + $45.00', () => {
    const rec = reconcileCash({
      openingFloatCents: FLOAT,
      transactions: [tx('dogNeutered', 4500, cash(5000, 500), 10)], // three dogs at $15
      countedCashCents: 14_500,
    });
    expect(rec).toMatchObject({ cashSalesCents: 4500, tenderedCents: 5000, changeGivenCents: 500, expectedCents: FLOAT + 4500 });
    expect(rec.status).toBe('balanced');
  });

  it('leaves voided cash out of the drawer and reports it for information', () => {
    const rec = reconcileCash({
      openingFloatCents: FLOAT,
      transactions: [tx('birth', 1400, cash(2000, 600), 10), tx('dogIntact', 3000, cash(5000, 2000), 20, 'voided')],
      countedCashCents: FLOAT + 1400,
    });
    expect(rec).toMatchObject({ cashSalesCents: 1400, tenderedCents: 2000, changeGivenCents: 600, expectedCents: 11_400, voidedCashCents: 3000 });
    expect(rec.status).toBe('balanced');
  });

  it('totals checks and cards apart from cash, ignoring zero-fee and voided transactions', () => {
    const rec = reconcileCash({
      openingFloatCents: FLOAT,
      transactions: [
        tx('birth', 2800, cash(3000, 200), 0),
        tx('dogNeutered', 1500, check('1042'), 30),
        tx('dogIntact', 3000, card('0005'), 60),
        tx('birth', 1400, card('1111'), 90),
        tx('dogIntact', 3000, check('2210'), 150),
        tx('dogIntact', 3000, check('2211'), 160, 'voided'),
        tx('permit', 0, none, 170),
      ],
      countedCashCents: FLOAT + 2800,
    });
    expect(rec).toMatchObject({
      cashSalesCents: 2800,
      expectedCents: 12_800,
      checks: { count: 2, totalCents: 4500 },
      cards: { count: 2, totalCents: 4400 },
      voidedCashCents: 0,
      status: 'balanced',
    });
  });

  // Day: float $100.00 + a $14.00 birth certificate copy and a $30.00 intact-dog licence in cash → expected $144.00.
  const dayTransactions = [tx('birth', 1400, cash(2000, 600), 10), tx('dogIntact', 3000, cash(3000, 0), 40)];
  it.each([
    ['balanced', 14_400, undefined, 0, 'balanced', false, false],
    ['one dollar short', 14_300, undefined, -100, 'short', true, false],
    ['one cent over', 14_401, undefined, 1, 'over', true, false],
    ['exactly $25.00 short (at the threshold)', 11_900, undefined, -2500, 'short', true, false],
    ['exactly $25.00 over (at the threshold)', 16_900, undefined, 2500, 'over', true, false],
    ['$25.01 short (over the threshold)', 11_899, undefined, -2501, 'short', true, true],
    ['$40.00 over (over the threshold)', 18_400, undefined, 4000, 'over', true, true],
    ['$5.01 short with a $5.00 threshold', 13_899, 500, -501, 'short', true, true],
    ['$1.00 short with a zero threshold', 14_300, 0, -100, 'short', true, true],
  ] as const)('%s', (_name, countedCashCents, thresholdCents, differenceCents, status, reasonRequired, secondSignOffRequired) => {
    const rec = reconcileCash({ openingFloatCents: FLOAT, transactions: dayTransactions, countedCashCents, thresholdCents });
    expect(rec.expectedCents).toBe(14_400);
    expect(rec).toMatchObject({ differenceCents, status, reasonRequired, secondSignOffRequired });
  });

  it.each([
    ['a fractional float', { openingFloatCents: 100.5, countedCashCents: 0 }],
    ['a negative count', { openingFloatCents: 0, countedCashCents: -1 }],
    ['a negative threshold', { openingFloatCents: 0, countedCashCents: 0, thresholdCents: -1 }],
  ])('refuses %s', (_name, money) => {
    expect(() => reconcileCash({ transactions: [], ...money })).toThrow(RangeError);
  });

  it('refuses cash records whose tendered − change is not the amount', () => {
    const broken = tx('birth', 1400, cash(2000, 500), 10);
    expect(() => reconcileCash({ openingFloatCents: FLOAT, transactions: [broken], countedCashCents: FLOAT })).toThrow(/disagree/);
  });
});

describe('countDrawer', () => {
  type DrawerCount = Partial<Record<Denomination, number>>;
  const oneOfEach: DrawerCount = { '10000': 1, '5000': 1, '2000': 1, '1000': 1, '500': 1, '200': 1, '100': 1, '50': 1, '25': 1, '10': 1, '5': 1, '1': 1 };
  const totals: [string, DrawerCount, number][] = [
    ['nothing', {}, 0],
    ['one of each note and coin', oneOfEach, 18_891],
    ['a $100.00 float', { '2000': 2, '1000': 3, '500': 4, '100': 5, '25': 12, '10': 10, '5': 20 }, 10_000],
    ['zeros and gaps', { '5000': 0, '25': 3 }, 75],
    ['a day’s take', { '10000': 1, '2000': 7, '100': 3, '1': 2 }, 24_302],
  ];
  it.each(totals)('%s', (_name, count, total) => {
    expect(countDrawer(count)).toBe(total);
  });

  const refused: [string, DrawerCount][] = [
    ['a negative count', { '100': -1 }],
    ['a fractional count', { '25': 1.5 }],
    ['NaN', { '10': Number.NaN }],
    ['Infinity', { '1': Number.POSITIVE_INFINITY }],
  ];
  it.each(refused)('throws RangeError for %s', (_name, count) => {
    expect(() => countDrawer(count)).toThrow(RangeError);
  });

  it('throws RangeError for a key that is not a denomination', () => {
    const count = { '300': 1 } as unknown as DrawerCount;
    expect(() => countDrawer(count)).toThrow(RangeError);
  });
});

// ───────────────────────────── Sign-off ─────────────────────────────

describe('checkCloseOut', () => {
  const recFor = (countedCashCents: number): CashReconciliation =>
    reconcileCash({ openingFloatCents: FLOAT, transactions: [tx('birth', 1400, cash(1400, 0), 0)], countedCashCents }); // expects $114.00

  const balanced = recFor(11_400);
  const dollarShort = recFor(11_300);
  const atThreshold = recFor(11_400 - 2500);
  const overThreshold = recFor(11_400 + 4000);

  it.each([
    ['balanced, no reason, no second', balanced, '', null, []],
    ['one dollar short with a reason', dollarShort, 'Gave $1 too much change to a resident', null, []],
    ['one dollar short without a reason', dollarShort, '', null, ['reason']],
    ['one dollar short with a blank reason', dollarShort, '   \t ', null, ['reason']],
    ['exactly at the threshold with a reason, no second', atThreshold, 'Miscounted a $20 note', null, []],
    ['over the threshold with a reason and a different person', overThreshold, 'Check paid as cash', 'supervisor-2', []],
    ['over the threshold without a second sign-off', overThreshold, 'Check paid as cash', null, ['secondSignOffBy']],
    ['over the threshold with a blank second sign-off', overThreshold, 'Check paid as cash', '  ', ['secondSignOffBy']],
    ['over the threshold signed twice by the same person', overThreshold, 'Check paid as cash', 'mlopez', ['secondSignOffBy']],
    ['over the threshold, same person in other letter case', overThreshold, 'Check paid as cash', 'MLopez', ['secondSignOffBy']],
    ['over the threshold with nothing filled in', overThreshold, '', null, ['reason', 'secondSignOffBy']],
  ] as const)('%s', (_name, reconciliation, reason, secondSignOffBy, fields) => {
    const result = checkCloseOut({ reconciliation, reason, closedBy: 'mlopez', secondSignOffBy });
    if (fields.length === 0) expect(result).toEqual({ ok: true });
    else {
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.problems.map((p) => p.field)).toEqual(fields);
      for (const problem of result.problems) expect(problem.message).not.toBe('');
    }
  });

  it('says how much, and which way, in its messages', () => {
    const result = checkCloseOut({ reconciliation: overThreshold, reason: '', closedBy: 'mlopez', secondSignOffBy: 'mlopez' });
    expect(result).toEqual({
      ok: false,
      problems: [
        { field: 'reason', code: 'closeOut.reasonRequired', status: 'over', differenceCents: 4000, message: 'Explain why the drawer is $40.00 over.' },
        { field: 'secondSignOffBy', code: 'closeOut.secondSignOffSamePerson', message: 'The second sign-off must be by someone other than the person closing the day.' },
      ],
    });
    expect(checkCloseOut({ reconciliation: dollarShort, reason: '', closedBy: 'mlopez', secondSignOffBy: null })).toEqual({
      ok: false,
      problems: [{ field: 'reason', code: 'closeOut.reasonRequired', status: 'short', differenceCents: 100, message: 'Explain why the drawer is $1.00 short.' }],
    });
    expect(checkCloseOut({ reconciliation: overThreshold, reason: 'Check paid as cash', closedBy: 'mlopez', secondSignOffBy: null })).toEqual({
      ok: false,
      problems: [
        {
          field: 'secondSignOffBy',
          code: 'closeOut.secondSignOffRequired',
          differenceCents: 4000,
          thresholdCents: 2500,
          message: 'A second person must sign off: the difference of $40.00 is over $25.00.',
        },
      ],
    });
  });
});

// ───────────────────────────── Refunds, clerks, report formats ─────────────────────────────

describe('refunds given today (RefundIssued)', () => {
  it('count in the day given: net revenue falls by every refund, the drawer only by cash ones', () => {
    const sales = [tx('birth', 2800, cash(3000, 200), 10), tx('dogIntact', 3000, card('4242'), 20)];
    const refunds = [
      { amountCents: 1400, method: 'cash' as const },
      { amountCents: 2800, method: 'card' as const },
      { amountCents: 500, method: 'check' as const },
    ];
    const day = computeDayKpis({ transactions: sales, tickets: [], surveys: [], timeZone: 'America/New_York', refunds });
    expect(day).toMatchObject({ revenueCents: 5800, refunds: { count: 3, amountCents: 4700 }, netRevenueCents: 1100 });
    const rec = reconcileCash({ openingFloatCents: FLOAT, transactions: sales, countedCashCents: FLOAT + 2800 - 1400, refunds });
    expect(rec).toMatchObject({ expectedCents: FLOAT + 2800 - 1400, status: 'balanced', refunds: { cashCents: 1400, checkCents: 500, cardCents: 2800 } });
    // A refund on a day with no sales of its own still leaves the drawer.
    expect(reconcileCash({ openingFloatCents: FLOAT, transactions: [], countedCashCents: FLOAT, refunds: [{ amountCents: 1400, method: 'cash' }] })).toMatchObject({
      expectedCents: FLOAT - 1400,
      differenceCents: 1400,
      status: 'over',
    });
  });

  it('refuses a refund that is not whole positive cents', () => {
    expect(() => reconcileCash({ openingFloatCents: FLOAT, transactions: [], countedCashCents: FLOAT, refunds: [{ amountCents: 1.5, method: 'cash' }] })).toThrow(RangeError);
    expect(() => computeDayKpis({ transactions: [], tickets: [], surveys: [], timeZone: 'UTC', refunds: [{ amountCents: -1, method: 'cash' }] })).toThrow(RangeError);
  });
});

describe('totalsByClerk', () => {
  it('splits the day per clerk by method, voids and refunds apart', () => {
    const ana = (t: KpiTransaction) => ({ ...t, staffId: 'clerk-ana' });
    const bo = (t: KpiTransaction) => ({ ...t, staffId: 'clerk-bo' });
    const rows = totalsByClerk(
      [ana(tx('birth', 2800, cash(3000, 200), 1)), ana(tx('dogIntact', 3000, card('1111'), 2)), bo(tx('birth', 1400, check('1042'), 3)), bo(tx('birth', 1400, cash(1400, 0), 4, 'voided'))],
      [{ amountCents: 1400, method: 'cash', staffId: 'clerk-bo' }],
    );
    expect(rows).toEqual([
      { staffId: 'clerk-ana', count: 2, revenueCents: 5800, cashCents: 2800, checkCents: 0, cardCents: 3000, voids: { count: 0, amountCents: 0 }, refundsCents: 0 },
      { staffId: 'clerk-bo', count: 1, revenueCents: 1400, cashCents: 0, checkCents: 1400, cardCents: 0, voids: { count: 1, amountCents: 1400 }, refundsCents: 1400 },
    ]);
  });
});

describe('CSV times in the city (shared/city-time isoInZone)', () => {
  it.each([
    ['2026-11-27T15:15:00.000Z', 'America/New_York', '2026-11-27T10:15:00-05:00'],
    ['2026-06-15T13:00:00.000Z', 'America/New_York', '2026-06-15T09:00:00-04:00'],
    // Just after midnight in the city is the next day there, whatever the laptop says.
    ['2026-11-28T05:10:00.000Z', 'America/New_York', '2026-11-28T00:10:00-05:00'],
    // The clocks change: 01:30 happens twice on the autumn night, once per offset.
    ['2026-11-01T05:30:00.000Z', 'America/New_York', '2026-11-01T01:30:00-04:00'],
    ['2026-11-01T06:30:00.000Z', 'America/New_York', '2026-11-01T01:30:00-05:00'],
    ['2026-03-08T07:30:00.000Z', 'America/New_York', '2026-03-08T03:30:00-04:00'],
    ['2026-11-27T15:15:00.000Z', 'Asia/Kolkata', '2026-11-27T20:45:00+05:30'],
    ['2026-11-27T15:15:00.000Z', 'UTC', '2026-11-27T15:15:00+00:00'],
  ])('%s in %s is %s', (iso, zone, expected) => expect(isoInZone(iso, zone)).toBe(expected));
});
