import { businessDate, denominations, countDrawer, formatMoney, type CashReconciliation, type CloseOutProblem, type Denomination, type EventPayloadInput } from '../../../shared';
import { describeChecklist, isChecklistClear, type DayCloseChecklist } from '../db/day-close';
import type { LocalStop } from '../db/db';
import { waitingWords } from '../sync/status-model';
import { staffT } from '../i18n/staff';
import { denominationLabel } from './report';

/** The drawer count as typed, one text box per denomination. */
export type DrawerEntry = Partial<Record<Denomination, string>>;

export interface DrawerCount {
  counts: Partial<Record<Denomination, number>>;
  /** The first box that is not a whole number, said so that the supervisor finds it. */
  error: string | null;
  /** Zero while a box is wrong: no over or short is shown from a half-read count. */
  countedCents: number;
  /** Whether any box has been filled in: until then there is only an expected figure. */
  started: boolean;
}

/** Reads the typed count: blank boxes are none of that denomination; at most 5 digits per box. */
export function readDrawerCount(entry: DrawerEntry): DrawerCount {
  const counts: Partial<Record<Denomination, number>> = {};
  let error: string | null = null;
  for (const d of denominations) {
    const raw = (entry[d] ?? '').trim();
    if (!raw) continue;
    if (!/^\d{1,5}$/.test(raw)) error = staffT('closeOut.wholeNumber', { piece: denominationLabel(d) });
    else counts[d] = Number(raw);
  }
  return { counts, error, countedCents: error ? 0 : countDrawer(counts), started: denominations.some((d) => (entry[d] ?? '').trim() !== '') };
}

/** What stops "Close the day" before any sign-off: open items, a wrong count, an unexplained difference, a card number. */
export function closeOutRefusal(input: {
  checklist: DayCloseChecklist | null;
  count: DrawerCount;
  cash: Pick<CashReconciliation, 'reasonRequired'>;
  reason: string;
  containsCardNumber: (text: string) => boolean;
}): string | null {
  if (input.checklist && !isChecklistClear(input.checklist)) return staffT('closeOut.resolveFirst', { items: describeChecklist(input.checklist).join('; ') });
  if (input.count.error) return input.count.error;
  if (input.cash.reasonRequired && !input.reason.trim()) return staffT('closeOut.reasonMissing');
  if (input.containsCardNumber(input.reason)) return staffT('history.noCardNumbers');
  return null;
}

/** The staff catalogue's words for a refused sign-off (checkCloseOut): `errors.<code>`, the reason's by over or short. */
export function closeOutProblemText(problem: CloseOutProblem): string {
  switch (problem.code) {
    case 'closeOut.reasonRequired':
      return staffT(`errors.closeOut.reasonRequired.${problem.status}`, { amount: formatMoney(problem.differenceCents) });
    case 'closeOut.secondSignOffRequired':
      return staffT(`errors.${problem.code}`, { difference: formatMoney(problem.differenceCents), threshold: formatMoney(problem.thresholdCents) });
    case 'closeOut.secondSignOffSamePerson':
      return staffT(`errors.${problem.code}`);
  }
}

/** The DayClosed event's payload from the screen: the business date is the stop's opening day on the city's clock. */
export function dayClosedInput(input: {
  stop: Pick<LocalStop, 'id' | 'openedAt'>;
  timeZone: string;
  count: DrawerCount;
  cash: CashReconciliation;
  reason: string;
  closedBy: string;
  secondSignOffBy: string | null;
}): EventPayloadInput<'DayClosed'> {
  const { cash } = input;
  return {
    stopId: input.stop.id,
    businessDate: businessDate(input.stop.openedAt, input.timeZone),
    cashCount: input.count.counts,
    countedCashCents: cash.countedCashCents,
    expectedCashCents: cash.expectedCents,
    differenceCents: cash.differenceCents,
    reason: input.reason.trim(),
    checkTotalCents: cash.checks.totalCents,
    cardTotalCents: cash.cards.totalCents,
    closedBy: input.closedBy,
    secondSignOffBy: input.secondSignOffBy,
  };
}

/** "2 transactions and 1 other record have", "1 transaction has": what waits, in the clerk's units. */
export function notYetSent(pending: { transactions: number; otherRecords: number }, events: number): string {
  const words = waitingWords(pending);
  if (!words) return staffT('closeOut.notYetSentEvents', { events });
  return staffT('closeOut.notYetSent', { words, count: pending.transactions + pending.otherRecords });
}
