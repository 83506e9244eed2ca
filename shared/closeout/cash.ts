/**
 * The cash-drawer reconciliation a supervisor signs before recording DayClosed: what should be in the drawer, the
 * count by denomination, how they compare, and whether the day may be closed as entered. Pure functions over plain
 * data, used by the kiosk's close-out and by the central daily report.
 */
import { denominations } from '../events';
import type { Cents } from '../money';
import { formatMoney, sumCents } from '../money';
import { assertCents, type KpiRefund, type KpiTransaction } from './inputs';

export type CashStatus = 'balanced' | 'over' | 'short';

/** What should be in the drawer, from the float, the day's cash sales and the cash refunds given. */
export interface DrawerExpectation {
  openingFloatCents: Cents;
  /** Sum of amounts of non-voided cash transactions. */
  cashSalesCents: Cents;
  /** Cash handed over by residents for non-voided transactions. */
  tenderedCents: Cents;
  /** Change handed back for non-voided transactions. */
  changeGivenCents: Cents;
  /** openingFloat + tendered − changeGiven − cash refunds given today (openingFloat + cashSales − cash refunds). */
  expectedCents: Cents;
  checks: { count: number; totalCents: Cents };
  cards: { count: number; totalCents: Cents };
  /** Cash amounts of voided transactions: not in the drawer, shown for information only. */
  voidedCashCents: Cents;
  /** Refunds given today, by how the money went back; cash ones came out of the drawer. */
  refunds: { cashCents: Cents; checkCents: Cents; cardCents: Cents };
}

/** The drawer expectation against what was counted. */
export interface CashReconciliation extends DrawerExpectation {
  countedCashCents: Cents;
  /** counted − expected: positive means over, negative means short. */
  differenceCents: number;
  status: CashStatus;
  /** Any difference at all must be explained. */
  reasonRequired: boolean;
  /** |difference| strictly above the threshold needs a second person. */
  secondSignOffRequired: boolean;
  thresholdCents: Cents;
}

export type Denomination = (typeof denominations)[number];

/**
 * Why the day may not be closed as entered: a stable code with the values its words need (cents, for the screen to
 * format), and the English `message` for logs and tests.
 */
export type CloseOutProblem = { message: string } & (
  | { field: 'reason'; code: 'closeOut.reasonRequired'; status: 'over' | 'short'; differenceCents: Cents }
  | { field: 'secondSignOffBy'; code: 'closeOut.secondSignOffRequired'; differenceCents: Cents; thresholdCents: Cents }
  | { field: 'secondSignOffBy'; code: 'closeOut.secondSignOffSamePerson' }
);

/** Every code checkCloseOut can answer with, for checks that each has words in the staff catalogue. */
export const CLOSE_OUT_PROBLEM_CODES = ['closeOut.reasonRequired', 'closeOut.secondSignOffRequired', 'closeOut.secondSignOffSamePerson'] as const satisfies readonly CloseOutProblem['code'][];
export type CloseOutCheck = { ok: true } | { ok: false; problems: CloseOutProblem[] };

/** Differences above $25.00 need a second signature unless the caller says otherwise. */
export const DEFAULT_SECOND_SIGN_OFF_THRESHOLD_CENTS = 2500;

// ───────────────────────────── Cash ─────────────────────────────

/**
 * What should be in the drawer: the float, plus cash taken for non-voided transactions, less cash refunds given.
 * The central daily report calls it for a stop not yet closed; reconcileCash builds on it.
 * @throws RangeError if a money input is not whole non-negative cents, or if recorded cash payments
 *   disagree with their amounts (tendered − change ≠ amount), which the event schema forbids.
 */
export function expectedCash(input: {
  openingFloatCents: number;
  transactions: readonly KpiTransaction[];
  /** Refunds given today; cash ones left the drawer. */
  refunds?: readonly KpiRefund[];
}): DrawerExpectation {
  const { openingFloatCents, transactions } = input;
  const refunds = input.refunds ?? [];
  for (const r of refunds) assertCents(r.amountCents, 'refund amountCents');
  const refundTotal = (method: KpiRefund['method']) => sumCents(refunds.filter((r) => r.method === method).map((r) => r.amountCents));
  const cashRefundsCents = refundTotal('cash');
  assertCents(openingFloatCents, 'openingFloatCents');

  const recorded = transactions.filter((tx) => tx.status === 'recorded');
  const cash = recorded.filter((tx) => tx.payment.method === 'cash');
  const checks = recorded.filter((tx) => tx.payment.method === 'check');
  const cards = recorded.filter((tx) => tx.payment.method === 'card');
  const voidedCash = transactions.filter((tx) => tx.status === 'voided' && tx.payment.method === 'cash');

  const cashSalesCents = sumCents(cash.map((tx) => tx.amountCents));
  // The narrowing is repeated here because filter() does not carry it into the element type.
  const tenderedCents = sumCents(cash.map((tx) => (tx.payment.method === 'cash' ? tx.payment.tenderedCents : 0)));
  const changeGivenCents = sumCents(cash.map((tx) => (tx.payment.method === 'cash' ? tx.payment.changeCents : 0)));
  // Two routes to the same figure: if they disagree the records are corrupt and no expected total can be trusted.
  if (tenderedCents - changeGivenCents !== cashSalesCents) {
    throw new RangeError(
      `cash records disagree: tendered ${tenderedCents} − change ${changeGivenCents} ≠ cash sales ${cashSalesCents}`,
    );
  }
  return {
    openingFloatCents,
    cashSalesCents,
    tenderedCents,
    changeGivenCents,
    // A cash refund is handed out of the drawer: less is expected in it.
    expectedCents: sumCents([openingFloatCents, tenderedCents]) - changeGivenCents - cashRefundsCents,
    checks: { count: checks.length, totalCents: sumCents(checks.map((tx) => tx.amountCents)) },
    cards: { count: cards.length, totalCents: sumCents(cards.map((tx) => tx.amountCents)) },
    voidedCashCents: sumCents(voidedCash.map((tx) => tx.amountCents)),
    refunds: { cashCents: cashRefundsCents, checkCents: refundTotal('check'), cardCents: refundTotal('card') },
  };
}

/**
 * What should be in the drawer and how the count compares.
 * @throws RangeError as expectedCash does, and if the count or the threshold is not whole non-negative cents.
 */
export function reconcileCash(input: {
  openingFloatCents: number;
  transactions: readonly KpiTransaction[];
  countedCashCents: number;
  thresholdCents?: number;
  /** Refunds given today; cash ones left the drawer. */
  refunds?: readonly KpiRefund[];
}): CashReconciliation {
  const { countedCashCents } = input;
  const thresholdCents = input.thresholdCents ?? DEFAULT_SECOND_SIGN_OFF_THRESHOLD_CENTS;
  const drawer = expectedCash(input);
  assertCents(countedCashCents, 'countedCashCents');
  assertCents(thresholdCents, 'thresholdCents');
  const differenceCents = countedCashCents - drawer.expectedCents;
  return {
    ...drawer,
    countedCashCents,
    differenceCents,
    status: differenceCents === 0 ? 'balanced' : differenceCents > 0 ? 'over' : 'short',
    reasonRequired: differenceCents !== 0,
    secondSignOffRequired: Math.abs(differenceCents) > thresholdCents,
    thresholdCents,
  };
}

/**
 * Total cents in a drawer count keyed by denomination ('10000' = $100 note … '1' = 1¢ coin).
 * @throws RangeError on a negative or fractional count, or a key that is not a denomination.
 */
export function countDrawer(count: Partial<Record<Denomination, number>>): Cents {
  const known: readonly string[] = denominations;
  const parts: Cents[] = [];
  for (const [key, pieces] of Object.entries(count)) {
    // The type forbids other keys, but counts arrive from forms and storage: a stray key is a bug to surface.
    if (!known.includes(key)) throw new RangeError(`"${key}" is not a denomination`);
    if (pieces === undefined) continue;
    if (!Number.isSafeInteger(pieces) || pieces < 0) {
      throw new RangeError(`count for ${key}¢ must be a whole number of zero or more, got ${String(pieces)}`);
    }
    parts.push(Number(key) * pieces);
  }
  return sumCents(parts);
}

// ───────────────────────────── Sign-off ─────────────────────────────

/**
 * Whether the day may be closed as entered: a non-blank reason for any difference, and a second
 * person's sign-off when the difference is over the threshold.
 */
export function checkCloseOut(input: {
  reconciliation: CashReconciliation;
  reason: string;
  closedBy: string;
  secondSignOffBy: string | null;
}): CloseOutCheck {
  const { reconciliation: rec, reason, closedBy, secondSignOffBy } = input;
  const problems: CloseOutProblem[] = [];
  const differenceCents = Math.abs(rec.differenceCents);
  const amount = formatMoney(differenceCents);

  if (rec.reasonRequired && reason.trim() === '') {
    // reasonRequired is a non-zero difference, so the status is over or short.
    const status = rec.status === 'over' ? 'over' : 'short';
    problems.push({ field: 'reason', code: 'closeOut.reasonRequired', status, differenceCents, message: `Explain why the drawer is ${amount} ${rec.status}.` });
  }
  if (rec.secondSignOffRequired) {
    const second = secondSignOffBy?.trim() ?? '';
    if (second === '') {
      problems.push({
        field: 'secondSignOffBy',
        code: 'closeOut.secondSignOffRequired',
        differenceCents,
        thresholdCents: rec.thresholdCents,
        message: `A second person must sign off: the difference of ${amount} is over ${formatMoney(rec.thresholdCents)}.`,
      });
    } else if (second.toLowerCase() === closedBy.trim().toLowerCase()) {
      // Case-insensitive so "JDoe" and "jdoe" cannot pass as two people.
      problems.push({ field: 'secondSignOffBy', code: 'closeOut.secondSignOffSamePerson', message: 'The second sign-off must be by someone other than the person closing the day.' });
    }
  }
  return problems.length === 0 ? { ok: true } : { ok: false, problems };
}
