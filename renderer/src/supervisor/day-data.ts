import type { KpiTicket, KpiTransaction } from '../../../shared';
import type { KioskDb, LocalRefund, LocalStop } from '../db/db';

/** The stop the supervisor is looking at: the open one, else the most recent. */
export async function dayStop(db: KioskDb): Promise<LocalStop | undefined> {
  const open = await db.stops.filter((s) => s.closedAt === null).first();
  return open ?? (await db.stops.orderBy('openedAt').last());
}

/** Everything the dashboard and close-out need for one stop, from the read models. */
export async function loadDay(db: KioskDb, stop: LocalStop | undefined) {
  if (!stop) return { transactions: [] as KpiTransaction[], tickets: [] as KpiTicket[], surveys: [], cityAnswers: [], raw: [], refunds: [] as LocalRefund[] };
  const raw = await db.transactions.where('stopId').equals(stop.id).sortBy('occurredAt');
  const tickets = await db.tickets.where('stopId').equals(stop.id).toArray();
  const surveys = (await db.surveys.toArray()).filter((s) => s.stopId === stop.id);
  const cityAnswers = (await db.cityAnswers.toArray()).filter((a) => a.stopId === stop.id);
  // Refunds count in the day they were given, whichever day the sale was.
  const refunds = await db.refunds.where('stopId').equals(stop.id).sortBy('issuedAt');
  return {
    raw,
    refunds,
    transactions: raw.map(
      (t): KpiTransaction => ({ id: t.id, serviceCode: t.serviceCode, serviceName: t.serviceName, amountCents: t.amountCents, payment: t.payment, occurredAt: t.occurredAt, status: t.status, staffId: t.staffId ?? null }),
    ),
    tickets: tickets.map((t): KpiTicket => ({ id: t.id, categoryCode: t.categoryCode, issuedAt: t.issuedAt, calledAt: t.calledAt, servedAt: t.servedAt, noShowAt: t.noShowAt })),
    surveys: surveys.map((s) => ({ rating: s.rating, answeredAt: s.answeredAt })),
    cityAnswers,
  };
}
