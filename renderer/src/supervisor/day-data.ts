import type { KpiTicket, KpiTransaction } from '../../../shared';
import type { KioskDb, LocalStop } from '../db/db';

/** The stop the supervisor is looking at: the open one, else the most recent. */
export async function dayStop(db: KioskDb): Promise<LocalStop | undefined> {
  const open = await db.stops.filter((s) => s.closedAt === null).first();
  return open ?? (await db.stops.orderBy('openedAt').last());
}

/** Everything the dashboard and close-out need for one stop, from the read models. */
export async function loadDay(db: KioskDb, stop: LocalStop | undefined) {
  if (!stop) return { transactions: [] as KpiTransaction[], tickets: [] as KpiTicket[], surveys: [], cityAnswers: [], raw: [] };
  const raw = await db.transactions.where('stopId').equals(stop.id).sortBy('occurredAt');
  const tickets = await db.tickets.where('stopId').equals(stop.id).toArray();
  const surveys = (await db.surveys.toArray()).filter((s) => s.stopId === stop.id);
  const cityAnswers = (await db.cityAnswers.toArray()).filter((a) => a.stopId === stop.id);
  return {
    raw,
    transactions: raw.map(
      (t): KpiTransaction => ({ id: t.id, serviceCode: t.serviceCode, serviceName: t.serviceName, amountCents: t.amountCents, payment: t.payment, occurredAt: t.occurredAt, status: t.status }),
    ),
    tickets: tickets.map((t): KpiTicket => ({ id: t.id, categoryCode: t.categoryCode, issuedAt: t.issuedAt, calledAt: t.calledAt, servedAt: t.servedAt, noShowAt: t.noShowAt })),
    surveys: surveys.map((s) => ({ rating: s.rating, answeredAt: s.answeredAt })),
    cityAnswers,
  };
}
