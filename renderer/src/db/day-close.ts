import { orderStopId, type KioskDb, type LocalCertificateOrder, type LocalHelpRequest, type LocalStop, type LocalTicket } from './db';
import { staffT } from '../i18n/staff';

/** What is still open at a stop when the supervisor comes to close its day: each must be resolved first. */
export interface DayCloseChecklist {
  waiting: LocalTicket[];
  calledNotServed: LocalTicket[];
  unpaidOrders: LocalCertificateOrder[];
  openHelpCalls: LocalHelpRequest[];
}

export const isChecklistClear = (c: DayCloseChecklist): boolean =>
  c.waiting.length + c.calledNotServed.length + c.unpaidOrders.length + c.openHelpCalls.length === 0;

/** Reads the open things of one stop; run inside a transaction it sees exactly what that transaction will commit. */
export async function loadDayCloseChecklist(db: KioskDb, stop: Pick<LocalStop, 'id'>): Promise<DayCloseChecklist> {
  const [waiting, calledNotServed, pendingOrders, help] = await Promise.all([
    db.tickets.where('[stopId+status]').equals([stop.id, 'waiting']).sortBy('issuedAt'),
    db.tickets.where('[stopId+status]').equals([stop.id, 'called']).sortBy('issuedAt'),
    ordersAtStop(db, stop.id),
    db.helpRequests
      .where('open')
      .equals(1)
      .filter((h) => h.answeredAt === null && !h.cancelledAt && (h.stopId === stop.id || h.stopId === null))
      .sortBy('requestedAt'),
  ]);
  return { waiting, calledNotServed, unpaidOrders: pendingOrders, openHelpCalls: help };
}

/** Unpaid orders whose payment this stop's counter takes (ordered here, or carried over to it). */
export async function ordersAtStop(db: KioskDb, stopId: string): Promise<LocalCertificateOrder[]> {
  const pending = await db.certificateOrders.where('status').equals('pending').sortBy('orderedAt');
  return pending.filter((o) => orderStopId(o) === stopId);
}

/** One line per kind of open thing, for a refusal a person can act on. */
export function describeChecklist(c: DayCloseChecklist): string[] {
  const lines: string[] = [];
  if (c.waiting.length) lines.push(staffT('checklist.describe.waiting', { count: c.waiting.length }));
  if (c.calledNotServed.length) lines.push(staffT('checklist.describe.called', { count: c.calledNotServed.length }));
  if (c.unpaidOrders.length) lines.push(staffT('checklist.describe.orders', { count: c.unpaidOrders.length }));
  if (c.openHelpCalls.length) lines.push(staffT('checklist.describe.help', { count: c.openHelpCalls.length }));
  return lines;
}
