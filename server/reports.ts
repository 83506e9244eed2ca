import { computeSales, expectedCash, type DailyReport, type KpiRefund, type KpiTransaction, type Payment, type StopReport, type VanReport } from '../shared';
import type { StoredDayClose, StoredRefund, StoredStop, StoredTransaction } from './store/store';

/** The server's stored rows as the shared close-out inputs, so the report computes its figures as the kiosk does. */
function kpiPayment(t: StoredTransaction): Payment {
  switch (t.paymentMethod) {
    // The store keeps the method, not the tender: a cash sale's tender is its amount, with no change (tendered − change = amount).
    case 'cash':
      return { method: 'cash', tenderedCents: t.amountCents, changeCents: 0 };
    case 'check':
      return { method: 'check', checkNumber: '0' };
    case 'card':
      return { method: 'card', approvalCode: 'STORED', brand: 'other', last4: '0000' };
    case 'none':
      return { method: 'none' };
    default:
      throw new RangeError(`transaction ${t.id} has an unknown payment method "${t.paymentMethod}"`);
  }
}

function toKpiInputs(transactions: readonly StoredTransaction[], refunds: readonly StoredRefund[]): { transactions: KpiTransaction[]; refunds: KpiRefund[] } {
  return {
    transactions: transactions.map((t) => ({
      id: t.id,
      serviceCode: t.serviceCode,
      serviceName: t.serviceName,
      amountCents: t.amountCents,
      payment: kpiPayment(t),
      occurredAt: t.occurredAt,
      status: t.status === 'voided' ? 'voided' : 'recorded',
      staffId: t.staffId,
    })),
    refunds: refunds.map((r) => ({ amountCents: r.amountCents, method: r.method, staffId: r.staffId })),
  };
}

/**
 * The central daily report, per van and stop: counts and revenue by service and payment method (voids excluded and
 * counted apart), and cash expected (opening float + cash taken − cash refunds) against what the van counted when it
 * closed the day. Every figure comes from the kiosk's own functions (shared computeSales, expectedCash).
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
      const inputs = toKpiInputs(all, refundsByStop.get(`${deviceId} ${stopKey}`) ?? []);
      const sales = computeSales(inputs.transactions, inputs.refunds);
      // The kiosk's drawer figure (shared expectedCash): float + cash taken − cash refunds given.
      const drawer = expectedCash({ openingFloatCents: stop?.openingFloatCents ?? 0, transactions: inputs.transactions, refunds: inputs.refunds });
      return {
        stopId: stopKey || null,
        place: stop?.place ?? null,
        neighbourhood: stop?.neighbourhood ?? null,
        transactionCount: sales.transactionCount,
        revenueCents: sales.revenueCents,
        byService: sales.byService,
        // The central API labels a method by its key ("cash"), as it always has.
        byPaymentMethod: sales.byPaymentMethod.map((row) => ({ ...row, label: row.key })),
        voids: sales.voids,
        refunds: { ...sales.refunds, byMethod: { cash: drawer.refunds.cashCents, check: drawer.refunds.checkCents, card: drawer.refunds.cardCents } },
        netRevenueCents: sales.netRevenueCents,
        cash: {
          openingFloatCents: drawer.openingFloatCents,
          cashTakenCents: drawer.cashSalesCents,
          cashRefundedCents: drawer.refunds.cashCents,
          expectedCents: drawer.expectedCents,
          countedCents: close?.countedCashCents ?? null,
          differenceCents: close ? close.countedCashCents - drawer.expectedCents : null,
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
