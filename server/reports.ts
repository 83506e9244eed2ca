import type { StoredDayClose, StoredRefund, StoredStop, StoredTransaction } from './store/store';

export interface Breakdown {
  key: string;
  label: string;
  count: number;
  revenueCents: number;
}

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

function breakdown(items: StoredTransaction[], key: (t: StoredTransaction) => string, label: (t: StoredTransaction) => string): Breakdown[] {
  const map = new Map<string, Breakdown>();
  for (const t of items) {
    const k = key(t);
    const entry = map.get(k) ?? { key: k, label: label(t), count: 0, revenueCents: 0 };
    entry.count++;
    entry.revenueCents += t.amountCents;
    map.set(k, entry);
  }
  return [...map.values()].sort((a, b) => b.revenueCents - a.revenueCents || a.key.localeCompare(b.key));
}

/**
 * The central daily report, per van and stop: counts and revenue by service and payment method (voids excluded and
 * counted apart), and cash expected (opening float + cash taken) against what the van counted when it closed the day.
 */
export function buildDailyReport(input: {
  date: string;
  timeZone: string;
  transactions: StoredTransaction[];
  stops: StoredStop[];
  dayCloses: StoredDayClose[];
  vanNames: ReadonlyMap<string, string>;
  /** Refunds given on this day, whatever day their sale was. */
  refunds?: StoredRefund[];
}): DailyReport {
  const refundsByStop = new Map<string, StoredRefund[]>();
  for (const r of input.refunds ?? []) refundsByStop.set(`${r.deviceId} ${r.stopId}`, [...(refundsByStop.get(`${r.deviceId} ${r.stopId}`) ?? []), r]);
  const stopsById = new Map(input.stops.map((s) => [s.id, s]));
  const closes = new Map(input.dayCloses.map((c) => [c.stopId, c]));
  const groups = new Map<string, Map<string, StoredTransaction[]>>();
  const ensure = (deviceId: string, stopKey: string) => {
    const byStop = groups.get(deviceId) ?? new Map<string, StoredTransaction[]>();
    groups.set(deviceId, byStop);
    const list = byStop.get(stopKey) ?? [];
    byStop.set(stopKey, list);
    return list;
  };
  for (const stop of input.stops) ensure(stop.deviceId, stop.id);
  for (const close of input.dayCloses) ensure(close.deviceId, close.stopId);
  for (const t of input.transactions) ensure(t.deviceId, t.stopId ?? '')?.push(t);
  for (const r of input.refunds ?? []) ensure(r.deviceId, r.stopId);

  const vans: VanReport[] = [...groups.entries()].map(([deviceId, byStop]) => ({
    deviceId,
    vanName: input.vanNames.get(deviceId) ?? deviceId,
    stops: [...byStop.entries()].map(([stopKey, all]): StopReport => {
      const stop = stopKey ? stopsById.get(stopKey) : undefined;
      const close = stopKey ? closes.get(stopKey) : undefined;
      const live = all.filter((t) => t.status !== 'voided');
      const voided = all.filter((t) => t.status === 'voided');
      const cashTaken = live.filter((t) => t.paymentMethod === 'cash').reduce((sum, t) => sum + t.amountCents, 0);
      const refunds = refundsByStop.get(`${deviceId} ${stopKey}`) ?? [];
      const refundedBy = (method: StoredRefund['method']) => refunds.filter((r) => r.method === method).reduce((sum, r) => sum + r.amountCents, 0);
      const refundCents = refunds.reduce((sum, r) => sum + r.amountCents, 0);
      const revenue = live.reduce((sum, t) => sum + t.amountCents, 0);
      const openingFloat = stop?.openingFloatCents ?? 0;
      // As the kiosk computes it (shared/closeout.ts reconcileCash): cash refunds left the drawer.
      const expected = openingFloat + cashTaken - refundedBy('cash');
      return {
        stopId: stopKey || null,
        place: stop?.place ?? null,
        neighbourhood: stop?.neighbourhood ?? null,
        transactionCount: live.length,
        revenueCents: revenue,
        byService: breakdown(live, (t) => t.serviceCode, (t) => t.serviceName),
        byPaymentMethod: breakdown(live, (t) => t.paymentMethod, (t) => t.paymentMethod),
        voids: { count: voided.length, amountCents: voided.reduce((sum, t) => sum + t.amountCents, 0) },
        refunds: { count: refunds.length, amountCents: refundCents, byMethod: { cash: refundedBy('cash'), check: refundedBy('check'), card: refundedBy('card') } },
        netRevenueCents: revenue - refundCents,
        cash: {
          openingFloatCents: openingFloat,
          cashTakenCents: cashTaken,
          cashRefundedCents: refundedBy('cash'),
          expectedCents: expected,
          countedCents: close?.countedCashCents ?? null,
          differenceCents: close ? close.countedCashCents - expected : null,
          reason: close?.reason ?? null,
          closed: Boolean(close),
        },
      };
    }),
  }));
  vans.sort((a, b) => a.vanName.localeCompare(b.vanName));
  return {
    date: input.date,
    timeZone: input.timeZone,
    vans,
    totals: {
      transactionCount: vans.flatMap((v) => v.stops).reduce((n, s) => n + s.transactionCount, 0),
      revenueCents: vans.flatMap((v) => v.stops).reduce((n, s) => n + s.revenueCents, 0),
      voidCount: vans.flatMap((v) => v.stops).reduce((n, s) => n + s.voids.count, 0),
      refundCount: vans.flatMap((v) => v.stops).reduce((n, s) => n + s.refunds.count, 0),
      refundCents: vans.flatMap((v) => v.stops).reduce((n, s) => n + s.refunds.amountCents, 0),
      netRevenueCents: vans.flatMap((v) => v.stops).reduce((n, s) => n + s.netRevenueCents, 0),
    },
  };
}
