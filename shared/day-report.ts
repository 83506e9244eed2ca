/**
 * The central daily report and the office console's day, as the API answers them: the types both sides use, so the
 * console page cannot drift from what the server sends. The figures come from the shared close-out functions.
 */
import type { BreakdownRow } from './closeout/kpis';

/** One line of a breakdown: the shared close-out's row. */
export type Breakdown = BreakdownRow;

export interface StopReport {
  stopId: string | null;
  place: string | null;
  neighbourhood: string | null;
  transactionCount: number;
  revenueCents: number;
  byService: Breakdown[];
  byPaymentMethod: Breakdown[];
  voids: { count: number; amountCents: number };
  /** Refunds given at this stop (on earlier days' sales), counted on the day given. */
  refunds: { count: number; amountCents: number; byMethod: { cash: number; check: number; card: number } };
  /** Revenue less the refunds given here. */
  netRevenueCents: number;
  cash: {
    openingFloatCents: number;
    cashTakenCents: number;
    /** Cash handed back out of the drawer for refunds. */
    cashRefundedCents: number;
    expectedCents: number;
    countedCents: number | null;
    differenceCents: number | null;
    reason: string | null;
    closed: boolean;
  };
}

export interface VanReport {
  deviceId: string;
  vanName: string;
  stops: StopReport[];
}

export interface DailyReport {
  date: string;
  timeZone: string;
  vans: VanReport[];
  totals: { transactionCount: number; revenueCents: number; voidCount: number; refundCount: number; refundCents: number; netRevenueCents: number };
}

/** A van's close of a stop as the console shows it beside the centre's figures. */
export interface OfficeDayClose {
  closedAt: string;
  closedBy: string;
  secondSignOffBy: string | null;
  /** What the van computed when it closed. */
  expectedAtVanCents: number;
  differenceAtVanCents: number;
  /** Every event up to the close has reached the centre. */
  completeAtCentre: boolean;
}

export interface OfficeDayStop extends StopReport {
  close: OfficeDayClose | null;
}

export interface NeighbourhoodDay {
  neighbourhood: string;
  stops: number;
  transactionCount: number;
  revenueCents: number;
  voidCount: number;
}

/** GET /v1/office/days: the daily report with each stop's close, and neighbourhood totals. */
export interface OfficeDay extends Omit<DailyReport, 'vans'> {
  vans: (Omit<VanReport, 'stops'> & { stops: OfficeDayStop[] })[];
  neighbourhoods: NeighbourhoodDay[];
}
