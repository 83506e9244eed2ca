import type { Catalogue, KpiTicket, KpiTransaction } from '../../../shared';
import type { KioskDb, LocalHelpRequest, LocalRefund, LocalStop, LocalTicket, LocalTransaction, QuarantinedEvent, SyncLogEntry } from './db';
import { isOpenHelpCall } from '../staff/help-alert';
import { readSyncPicture } from '../sync/pending';
import { countPending } from './db';
import { loadDayCloseChecklist } from './day-close';
import { currentStop } from './actions/open-stop';

/**
 * Every read the screens make, by name, beside the actions that write. Components reach these through the hooks in
 * ./hooks.ts (live) or call them once (printing, a lookup); none queries Dexie itself (a lint rule keeps it so).
 */
export { currentStop };

/** The catalogue as last pulled, or null when this kiosk has never received one. */
export async function storedCatalogue(db: KioskDb): Promise<Catalogue | null> {
  return (await db.catalogue.get('current'))?.catalogue ?? null;
}

/** The stop the screens speak of: the open one, else the most recently opened (its day may be closed). */
export async function latestStop(db: KioskDb): Promise<LocalStop | undefined> {
  return (await currentStop({ db })) ?? (await db.stops.orderBy('openedAt').last());
}

/** One stop by id (the stop a transaction was recorded at). */
export function stopById(db: KioskDb, stopId: string | null | undefined): Promise<LocalStop | undefined> {
  return stopId ? db.stops.get(stopId) : Promise.resolve(undefined);
}

/** The ids of every stop whose day is closed: their transactions can no longer be voided. */
export async function closedDayStopIds(db: KioskDb): Promise<Set<string>> {
  return new Set((await db.stops.filter((s) => s.dayClosedAt !== null).toArray()).map((s) => s.id));
}

/** A transaction as stored now (a reprint after a void must say VOID). */
export function transactionById(db: KioskDb, transactionId: string): Promise<LocalTransaction | undefined> {
  return db.transactions.get(transactionId);
}

/** Transactions recorded from `sinceIso` on, newest first. */
export function transactionsSince(db: KioskDb, sinceIso: string): Promise<LocalTransaction[]> {
  return db.transactions.where('occurredAt').aboveOrEqual(sinceIso).reverse().sortBy('occurredAt');
}

/** Finds a transaction by its printed receipt number (any day). */
export async function findByReceiptNumber(db: KioskDb, receiptNumber: string): Promise<LocalTransaction | undefined> {
  const wanted = receiptNumber.trim().toUpperCase();
  return db.transactions.where('receiptNumber').equals(wanted).first();
}

/** A stop's queue, in the order the tickets were taken. */
export function ticketsAtStop(db: KioskDb, stopId: string): Promise<LocalTicket[]> {
  return db.tickets.where('stopId').equals(stopId).sortBy('issuedAt');
}

/** Unpaid orders this stop carried over to the van's next stop. */
export function carriedOverOrderCount(db: KioskDb, stopId: string): Promise<number> {
  return db.certificateOrders.where('status').equals('pending').filter((o) => o.carriedOverFrom === stopId && o.currentStopId === null).count();
}

/** How many residents wait before this ticket, and recent service times at its stop, for the wait estimate. */
export interface TicketQueueView {
  ticket: LocalTicket;
  ahead: number;
  recentServiceMs: number[];
  /** Clerks serving at once: those who called someone in the last half hour. */
  counters: number;
}

/** What the resident's ticket screen may know of the queue: counts and durations, never another resident's ticket. */
export async function ticketQueueView(db: KioskDb, ticketId: string, recentServices: number, nowMs: number): Promise<TicketQueueView | null> {
  const ticket = await db.tickets.get(ticketId);
  if (!ticket) return null;
  const atStop = await db.tickets.where('stopId').equals(ticket.stopId).toArray();
  const before = (t: { issuedAt: string; id: string }) => t.issuedAt < ticket.issuedAt || (t.issuedAt === ticket.issuedAt && t.id < ticket.id);
  const ahead = ticket.status === 'waiting' ? atStop.filter((t) => t.id !== ticket.id && t.status === 'waiting' && before(t)).length : 0;
  const served = atStop
    .filter((t) => t.servedAt && t.calledAt)
    .sort((a, b) => a.servedAt!.localeCompare(b.servedAt!))
    .slice(-recentServices);
  const recentServiceMs = served.map((t) => Date.parse(t.servedAt!) - Date.parse(t.calledAt!));
  const since = new Date(nowMs - 30 * 60_000).toISOString();
  const counters = new Set(atStop.filter((t) => t.calledBy && t.calledAt && t.calledAt >= since).map((t) => t.calledBy)).size;
  return { ticket, ahead, recentServiceMs, counters };
}

/** Help calls nobody has answered or withdrawn yet, oldest first. */
export async function unansweredHelpCalls(db: KioskDb): Promise<LocalHelpRequest[]> {
  const open = await db.helpRequests.where('open').equals(1).filter(isOpenHelpCall).toArray();
  return open.sort(byRequestedAt);
}

/** requestedAt, then id: the order the requestedAt index walked them in. */
const byRequestedAt = (a: LocalHelpRequest, b: LocalHelpRequest) =>
  a.requestedAt !== b.requestedAt ? (a.requestedAt < b.requestedAt ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

export function helpCallById(db: KioskDb, requestId: string): Promise<LocalHelpRequest | undefined> {
  return db.helpRequests.get(requestId);
}

/** The newest call still in play: waiting, or answered less than `onTheWayMs` ago (the clerk is on the way). */
export async function helpCallInPlay(db: KioskDb, nowMs: number, onTheWayMs: number): Promise<LocalHelpRequest | undefined> {
  // Two index reads instead of walking back through every call: the open ones, and those answered inside the window
  // (an answer stamped ahead of this clock counts as recent, as before).
  const [open, answered] = await Promise.all([
    db.helpRequests.where('open').equals(1).toArray(),
    db.helpRequests.where('answeredAt').above(new Date(nowMs - onTheWayMs).toISOString()).toArray(),
  ]);
  const inPlay = [...open, ...answered].filter((h) => !h.cancelledAt && (h.answeredAt === null || nowMs - Date.parse(h.answeredAt) < onTheWayMs));
  return inPlay.sort(byRequestedAt).at(-1);
}

/** Events the office refused, in the order they were recorded. */
export function rejectedEvents(db: KioskDb): Promise<QuarantinedEvent[]> {
  return db.quarantine.orderBy('seq').toArray();
}

/** Records the office refused that no supervisor has resolved yet. */
export function unresolvedRejectionCount(db: KioskDb): Promise<number> {
  return db.quarantine.filter((r) => !r.resolvedAt).count();
}

/** The last `limit` sync attempts, newest first. */
export function recentSyncAttempts(db: KioskDb, limit: number): Promise<SyncLogEntry[]> {
  return db.syncLog.orderBy('id').reverse().limit(limit).toArray();
}

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
  const surveys = await db.surveys.where('stopId').equals(stop.id).toArray();
  const cityAnswers = await db.cityAnswers.where('stopId').equals(stop.id).toArray();
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

/** The day on screen: its stop and every figure's inputs. */
export async function dayFigures(db: KioskDb) {
  const stop = await dayStop(db);
  return { stop, ...(await loadDay(db, stop)) };
}

/** What the close-out screen shows: the day, its close if done, what still blocks it, and what has not been sent. */
export async function closeOutData(db: KioskDb) {
  const stop = await dayStop(db);
  // Independent reads, issued together: IndexedDB serves them side by side instead of one after another.
  const [close, checklist, pending, sync, day] = await Promise.all([
    stop ? db.dayCloses.get(stop.id) : undefined,
    stop && !stop.dayClosedAt ? loadDayCloseChecklist(db, stop) : null,
    countPending(db),
    readSyncPicture(db),
    loadDay(db, stop),
  ]);
  return { stop, close, checklist, pending, sync, ...day };
}
