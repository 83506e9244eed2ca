import type { StoredDayClose, StoredStop, StoredTransaction } from './store/store';

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
  cash: {
    openingFloatCents: number;
    cashTakenCents: number;
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
  totals: { transactionCount: number; revenueCents: number; voidCount: number };
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
}): DailyReport {
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

  const vans: VanReport[] = [...groups.entries()].map(([deviceId, byStop]) => ({
    deviceId,
    vanName: input.vanNames.get(deviceId) ?? deviceId,
    stops: [...byStop.entries()].map(([stopKey, all]): StopReport => {
      const stop = stopKey ? stopsById.get(stopKey) : undefined;
      const close = stopKey ? closes.get(stopKey) : undefined;
      const live = all.filter((t) => t.status !== 'voided');
      const voided = all.filter((t) => t.status === 'voided');
      const cashTaken = live.filter((t) => t.paymentMethod === 'cash').reduce((sum, t) => sum + t.amountCents, 0);
      const openingFloat = stop?.openingFloatCents ?? 0;
      const expected = openingFloat + cashTaken;
      return {
        stopId: stopKey || null,
        place: stop?.place ?? null,
        neighbourhood: stop?.neighbourhood ?? null,
        transactionCount: live.length,
        revenueCents: live.reduce((sum, t) => sum + t.amountCents, 0),
        byService: breakdown(live, (t) => t.serviceCode, (t) => t.serviceName),
        byPaymentMethod: breakdown(live, (t) => t.paymentMethod, (t) => t.paymentMethod),
        voids: { count: voided.length, amountCents: voided.reduce((sum, t) => sum + t.amountCents, 0) },
        cash: {
          openingFloatCents: openingFloat,
          cashTakenCents: cashTaken,
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
    },
  };
}
