import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { centsToDecimalString, toCsv, type NeighbourhoodDay, type OfficeDay } from '../../shared';
import { buildDailyReport } from '../reports';
import type { AppContext } from '../context';
import type { StoredTransaction } from '../store/store';

const dayQuerySchema = z.object({ date: z.iso.date({ error: 'must be a date (YYYY-MM-DD)' }) });
const csvQuerySchema = dayQuerySchema.extend({ table: z.enum(['stops', 'services', 'payments', 'neighbourhoods']) });

/** A day's transactions in pages of 10,000: a busy city day is one page (each page also counts the whole day). */
const DAY_PAGE = 10_000;
async function collectAll(page: (offset: number) => Promise<{ items: StoredTransaction[] }>): Promise<StoredTransaction[]> {
  const all: StoredTransaction[] = [];
  for (let offset = 0; ; offset += DAY_PAGE) {
    const { items } = await page(offset);
    all.push(...items);
    if (items.length < DAY_PAGE) return all;
  }
}

/** One city day for the console: the daily report per van and stop, with each close's sign-offs and completeness, and neighbourhood totals. */
export async function officeDay(ctx: Pick<AppContext, 'store' | 'timeZone'>, date: string): Promise<OfficeDay> {
  const { store } = ctx;
  const [transactions, stops, dayCloses, devices, refunds] = await Promise.all([
    collectAll((offset) => store.queryTransactions({ dateFrom: date, dateTo: date, limit: DAY_PAGE, offset })),
    store.stopsOn(date),
    store.dayClosesOn(date),
    store.listDevices(),
    store.refundsBetween(date, date),
  ]);
  // Refunds given that day: cash refunds left the drawer, so expected cash (and net revenue) take them out.
  const report = buildDailyReport({ date, timeZone: ctx.timeZone, transactions, stops, dayCloses, refunds, vanNames: new Map(devices.map((d) => [d.id, d.vanName])) });
  const completeness = await store.office.dayCloseCompleteness(dayCloses.map((c) => ({ deviceId: c.deviceId, stopId: c.stopId, businessDate: c.businessDate })));
  const closes = new Map(dayCloses.map((c) => [`${c.deviceId}:${c.stopId}`, c]));
  const vans = report.vans.map((van) => ({
    ...van,
    stops: van.stops.map((stop) => {
      const key = `${van.deviceId}:${stop.stopId}`;
      const close = closes.get(key);
      const done = completeness.get(key);
      return {
        ...stop,
        close: close
          ? {
              closedAt: close.closedAt,
              closedBy: close.closedBy,
              secondSignOffBy: close.secondSignOffBy,
              expectedAtVanCents: close.expectedCashCents,
              differenceAtVanCents: close.differenceCents,
              completeAtCentre: done ? done.closeSeq !== null && done.contiguousSeq >= done.closeSeq : false,
            }
          : null,
      };
    }),
  }));
  const byNeighbourhood = new Map<string, NeighbourhoodDay>();
  for (const stop of vans.flatMap((v) => v.stops)) {
    const name = stop.neighbourhood ?? '(no stop)';
    const entry = byNeighbourhood.get(name) ?? { neighbourhood: name, stops: 0, transactionCount: 0, revenueCents: 0, voidCount: 0 };
    entry.stops += stop.stopId ? 1 : 0;
    entry.transactionCount += stop.transactionCount;
    entry.revenueCents += stop.revenueCents;
    entry.voidCount += stop.voids.count;
    byNeighbourhood.set(name, entry);
  }
  return { ...report, vans, neighbourhoods: [...byNeighbourhood.values()].sort((a, b) => a.neighbourhood.localeCompare(b.neighbourhood)) };
}

/** Each table of the day as CSV, with the same columns as the console shows. */
export function officeDayCsv(day: OfficeDay, table: z.infer<typeof csvQuerySchema>['table']): string {
  const money = (cents: number | null | undefined) => (cents === null || cents === undefined ? '' : centsToDecimalString(cents));
  const stops = day.vans.flatMap((v) => v.stops.map((s) => ({ van: v.vanName, ...s })));
  switch (table) {
    case 'stops':
      return toCsv(
        ['date', 'van', 'neighbourhood', 'place', 'transactions', 'revenue', 'voids', 'voided_amount', 'opening_float', 'cash_taken', 'cash_expected', 'cash_counted', 'over_short', 'reason', 'closed_by', 'second_sign_off_by', 'complete_at_centre'],
        stops.map((s) => [
          day.date, s.van, s.neighbourhood, s.place, s.transactionCount, money(s.revenueCents), s.voids.count, money(s.voids.amountCents), money(s.cash.openingFloatCents),
          money(s.cash.cashTakenCents), money(s.cash.expectedCents), money(s.cash.countedCents), money(s.cash.differenceCents), s.cash.reason,
          s.close?.closedBy ?? '', s.close?.secondSignOffBy ?? '', s.close ? (s.close.completeAtCentre ? 'yes' : 'no') : 'not closed',
        ]),
      );
    case 'services':
      return toCsv(['date', 'van', 'place', 'service_code', 'service', 'count', 'revenue'], stops.flatMap((s) => s.byService.map((b) => [day.date, s.van, s.place, b.key, b.label, b.count, money(b.revenueCents)])));
    case 'payments':
      return toCsv(['date', 'van', 'place', 'payment_method', 'count', 'revenue'], stops.flatMap((s) => s.byPaymentMethod.map((b) => [day.date, s.van, s.place, b.key, b.count, money(b.revenueCents)])));
    case 'neighbourhoods':
      return toCsv(['date', 'neighbourhood', 'stops', 'transactions', 'revenue', 'voids'], day.neighbourhoods.map((n) => [day.date, n.neighbourhood, n.stops, n.transactionCount, money(n.revenueCents), n.voidCount]));
  }
}

export function registerOfficeDayRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { registry } = ctx;

  registry.add(
    app,
    {
      method: 'GET',
      url: '/v1/office/days',
      summary: "One city day: per van and stop, transactions, revenue by service and payment method, voids, the close (expected vs counted, over/short, reason, sign-offs) and whether it is complete at the centre; neighbourhood totals",
      tags: ['office console'],
      auth: 'console:viewer',
      query: dayQuerySchema,
    },
    async ({ query }) => officeDay(ctx, query.date),
  );

  registry.add(
    app,
    {
      method: 'GET',
      url: '/v1/office/days.csv',
      summary: 'A table of the day as CSV (stops, services, payments or neighbourhoods)',
      tags: ['office console'],
      auth: 'console:viewer',
      query: csvQuerySchema,
      response: z.string(),
      responseContentType: 'text/csv',
    },
    async ({ query, reply }) => {
      const csv = officeDayCsv(await officeDay(ctx, query.date), query.table);
      reply.header('Content-Type', 'text/csv; charset=utf-8').header('Content-Disposition', `attachment; filename="day-${query.date}-${query.table}.csv"`);
      return csv;
    },
  );
}
