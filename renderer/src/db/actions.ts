import { newId, type AnyDeviceEvent, type EventPayload, type EventPayloadInput } from '../../../shared';
import { orderStopId, type KioskDb, type LocalCertificateOrder, type LocalRefund, type LocalStop, type LocalTicket, type LocalTransaction } from './db';
import { describeChecklist, isChecklistClear, loadDayCloseChecklist } from './day-close';
import { recordEvent, type RecordContext } from './outbox';
import { allocateReceiptNumber, localTransactionFrom } from './transactions';

/**
 * Everything a person does on the kiosk, as events. Each action writes its event and updates the read models in one
 * Dexie transaction; a rule that fails throws a DomainError and nothing is written.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const padded = (prefix: string, seq: number) => `${prefix}-${String(seq).padStart(6, '0')}`;

export async function signIn(ctx: RecordContext, staff: { id: string; role: 'clerk' | 'supervisor' }): Promise<void> {
  await recordEvent(ctx, 'StaffSignedIn', () => ({ staffId: staff.id, role: staff.role }), async () => {});
}

export async function signOut(ctx: RecordContext, staffId: string, reason: 'manual' | 'idle' | 'replaced'): Promise<void> {
  await recordEvent(ctx, 'StaffSignedOut', () => ({ staffId, reason }), async () => {});
}

export async function openStop(
  ctx: RecordContext,
  input: Omit<EventPayloadInput<'StopOpened'>, 'stopId'>,
): Promise<LocalStop> {
  const stopId = newId();
  let stop: LocalStop | undefined;
  await recordEvent(ctx, 'StopOpened', () => ({ ...input, stopId }), async (event) => {
    const open = await ctx.db.stops.filter((s) => s.closedAt === null).count();
    if (open > 0) throw new DomainError('stop_already_open', 'A stop is already open. Close it before opening another.');
    if (event.type !== 'StopOpened') return;
    stop = {
      id: stopId,
      ...event.payload,
      openedBy: event.actorId,
      openedAt: event.occurredAt,
      closedAt: null,
      dayClosedAt: null,
    };
    await ctx.db.stops.add(stop);
    // Orders carried over at an earlier day close are paid at this stop's counter.
    await ctx.db.certificateOrders
      .where('status')
      .equals('pending')
      .filter((o) => orderStopId(o) === null)
      .modify({ currentStopId: stopId });
  });
  return stop!;
}

/** What closing a stop will end: tickets still in its queue (each is cancelled with the reason given). */
export async function stopCloseEffects(ctx: Pick<RecordContext, 'db'>, stopId: string): Promise<LocalTicket[]> {
  const tickets = await ctx.db.tickets.where('stopId').equals(stopId).sortBy('issuedAt');
  return tickets.filter((t) => t.status === 'waiting' || t.status === 'called');
}

/** Closes the stop. Tickets still in its queue are cancelled first, one event each, never silently dropped. */
export async function closeStop(ctx: RecordContext, stopId: string, reason = 'The stop closed'): Promise<void> {
  if (!ctx.actorId) throw new DomainError('not_signed_in', 'Sign in to close the stop.');
  for (const ticket of await stopCloseEffects(ctx, stopId)) await cancelTicket(ctx, ticket.id, reason);
  await recordEvent(ctx, 'StopClosed', () => ({ stopId }), async (event) => {
    const stop = await ctx.db.stops.get(stopId);
    if (!stop || stop.closedAt) throw new DomainError('stop_not_open', 'This stop is not open.');
    await ctx.db.stops.update(stopId, { closedAt: event.occurredAt });
  });
}

/** The stop that is open now, if any. */
export async function currentStop(ctx: Pick<RecordContext, 'db'>): Promise<LocalStop | undefined> {
  // At most one stop is open (openStop refuses a second), so the one found last time is still the one if a fresh read
  // says it is open: one keyed read instead of a scan on every transaction.
  const known = lastOpenStopId.get(ctx.db);
  if (known) {
    const stop = await ctx.db.stops.get(known);
    if (stop && stop.closedAt === null) return stop;
    lastOpenStopId.delete(ctx.db);
  }
  // The open stop is normally the latest opened, so newest first finds it at once; the filter keeps this right even
  // if a device clock jumped back between two stops.
  const stop = await ctx.db.stops.orderBy('openedAt').reverse().filter((s) => s.closedAt === null).first();
  if (stop) lastOpenStopId.set(ctx.db, stop.id);
  return stop;
}

/** The id of the open stop this window last found, per database; always checked by a fresh read before use. */
const lastOpenStopId = new WeakMap<KioskDb, string>();

/** Issues the next ticket of a category at the open stop: "A014" is the 14th A ticket of this stop. */
export async function issueTicket(
  ctx: RecordContext,
  input: { categoryCode: string; prefix: string; source: 'resident' | 'staff'; language: string | null },
): Promise<LocalTicket> {
  const ticketId = newId();
  let ticket: LocalTicket | undefined;
  const stop = await currentStop(ctx);
  if (!stop) throw new DomainError('no_open_stop', 'The counter is not open yet.');
  if (stop.dayClosedAt) throw new DomainError('counter_closed', 'The counter has closed for today.');
  const taken = await ctx.db.tickets.where('stopId').equals(stop.id).filter((t) => t.number.startsWith(input.prefix)).count();
  const number = `${input.prefix}${String((taken % 999) + 1).padStart(3, '0')}`;
  await recordEvent(
    ctx,
    'TicketIssued',
    () => ({ ticketId, stopId: stop.id, number, categoryCode: input.categoryCode, source: input.source, language: input.language }),
    async (event) => {
      // Counted again inside the transaction: two screens taking a ticket at once must not get the same number.
      const again = await ctx.db.tickets.where('stopId').equals(stop.id).filter((t) => t.number.startsWith(input.prefix)).count();
      if (again !== taken) throw new DomainError('ticket_race', 'Another ticket was just taken; try again.');
      // A day closed in another window a moment ago closes the queue too.
      const fresh = await ctx.db.stops.get(stop.id);
      if (!fresh || fresh.closedAt || fresh.dayClosedAt) throw new DomainError('counter_closed', 'The counter has closed for today.');
      ticket = {
        id: ticketId,
        stopId: stop.id,
        number,
        categoryCode: input.categoryCode,
        source: input.source,
        language: input.language,
        issuedAt: event.occurredAt,
        calledAt: null,
        calledBy: null,
        servedAt: null,
        noShowAt: null,
        status: 'waiting',
      };
      await ctx.db.tickets.add(ticket);
    },
  );
  return ticket!;
}

async function ticketTransition(
  ctx: RecordContext,
  ticketId: string,
  type: 'TicketCalled' | 'TicketServed' | 'TicketNoShow',
  staffId: string,
  allowedFrom: LocalTicket['status'][],
  change: (at: string, ticket: LocalTicket) => Partial<LocalTicket>,
): Promise<void> {
  await recordEvent(ctx, type, () => ({ ticketId, staffId }), async (event) => {
    const ticket = await ctx.db.tickets.get(ticketId);
    if (!ticket) throw new DomainError('unknown_ticket', 'No such ticket.');
    if (!allowedFrom.includes(ticket.status)) throw new DomainError('ticket_state', `Ticket ${ticket.number} is already ${ticket.status.replace('_', '-')}.`);
    await ctx.db.tickets.update(ticketId, change(event.occurredAt, ticket));
  });
}

export const callTicket = (ctx: RecordContext, ticketId: string, staffId: string) =>
  ticketTransition(ctx, ticketId, 'TicketCalled', staffId, ['waiting', 'called'], (at) => ({ status: 'called', calledAt: at, calledBy: staffId }));
export const serveTicket = (ctx: RecordContext, ticketId: string, staffId: string) =>
  ticketTransition(ctx, ticketId, 'TicketServed', staffId, ['called'], (at) => ({ status: 'served', servedAt: at }));
export const noShowTicket = (ctx: RecordContext, ticketId: string, staffId: string) =>
  ticketTransition(ctx, ticketId, 'TicketNoShow', staffId, ['waiting', 'called'], (at, ticket) => ({
    status: 'no_show',
    noShowAt: at,
    noShowFrom: ticket.status === 'called' ? 'called' : 'waiting',
  }));

/** How long a no-show can be taken back: long enough for "they were in the restroom", short enough to stay honest. */
export const NO_SHOW_UNDO_MS = 60_000;

/** Takes back a no-show recorded less than a minute ago: the ticket returns to the queue where it was. */
export async function undoNoShow(ctx: RecordContext, ticketId: string, staffId: string): Promise<void> {
  await recordEvent(ctx, 'TicketNoShowUndone', () => ({ ticketId, staffId }), async (event) => {
    const ticket = await ctx.db.tickets.get(ticketId);
    if (!ticket) throw new DomainError('unknown_ticket', 'No such ticket.');
    if (ticket.status !== 'no_show' || !ticket.noShowAt) throw new DomainError('ticket_state', `Ticket ${ticket.number} is not a no-show.`);
    if (Date.parse(event.occurredAt) - Date.parse(ticket.noShowAt) > NO_SHOW_UNDO_MS) {
      throw new DomainError('undo_expired', `The no-show of ${ticket.number} was recorded over a minute ago and stands.`);
    }
    const back = ticket.noShowFrom ?? 'waiting';
    await ctx.db.tickets.update(ticketId, { status: back, noShowAt: null, noShowFrom: null, ...(back === 'waiting' ? { calledAt: null, calledBy: null } : {}) });
  });
}

/** Ends a ticket without service (the resident left, the counter closed), with a reason; never deleted. */
export async function cancelTicket(ctx: RecordContext, ticketId: string, reason: string): Promise<void> {
  if (!ctx.actorId) throw new DomainError('not_signed_in', 'Sign in first.');
  const staffId = ctx.actorId;
  if (!reason.trim()) throw new DomainError('reason_required', 'Give a reason for cancelling the ticket.');
  await recordEvent(ctx, 'TicketCancelled', () => ({ ticketId, staffId, reason: reason.trim() }), async (event) => {
    const ticket = await ctx.db.tickets.get(ticketId);
    if (!ticket) throw new DomainError('unknown_ticket', 'No such ticket.');
    if (ticket.status !== 'waiting' && ticket.status !== 'called') throw new DomainError('ticket_state', `Ticket ${ticket.number} is already ${ticket.status.replace('_', '-')}.`);
    await ctx.db.tickets.update(ticketId, { status: 'cancelled', cancelledAt: event.occurredAt, cancelReason: reason.trim() });
  });
}

/** How the supervisor ends tickets still open at the day close, several at once. */
export type TicketEnding = { kind: 'served' } | { kind: 'no_show' } | { kind: 'cancelled'; reason: string };

/** Ends each ticket as chosen, one event each (a waiting ticket marked served is called first). Returns how many. */
export async function endTickets(ctx: RecordContext, ticketIds: readonly string[], ending: TicketEnding): Promise<number> {
  if (!ctx.actorId) throw new DomainError('not_signed_in', 'Sign in first.');
  if (ending.kind === 'cancelled' && !ending.reason.trim()) throw new DomainError('reason_required', 'Give a reason for cancelling the tickets.');
  const staffId = ctx.actorId;
  let ended = 0;
  for (const id of ticketIds) {
    const ticket = await ctx.db.tickets.get(id);
    if (!ticket || (ticket.status !== 'waiting' && ticket.status !== 'called')) continue;
    if (ending.kind === 'cancelled') await cancelTicket(ctx, id, ending.reason);
    else if (ending.kind === 'no_show') await noShowTicket(ctx, id, staffId);
    else {
      if (ticket.status === 'waiting') await callTicket(ctx, id, staffId);
      await serveTicket(ctx, id, staffId);
    }
    ended++;
  }
  return ended;
}

/** Calls the ticket that has waited longest (optionally of some categories). */
export async function callNext(ctx: RecordContext, staffId: string, categoryCodes?: string[]): Promise<LocalTicket | null> {
  const stop = await currentStop(ctx);
  if (!stop) throw new DomainError('no_open_stop', 'Open a stop first.');
  const waiting = await ctx.db.tickets.where('[stopId+status]').equals([stop.id, 'waiting']).sortBy('issuedAt');
  const next = waiting.find((t) => !categoryCodes || categoryCodes.includes(t.categoryCode));
  if (!next) return null;
  await callTicket(ctx, next.id, staffId);
  return (await ctx.db.tickets.get(next.id)) ?? null;
}

export async function transferTicket(ctx: RecordContext, ticketId: string, toCategoryCode: string, toPrefix: string): Promise<LocalTicket> {
  const ticket = await ctx.db.tickets.get(ticketId);
  if (!ticket) throw new DomainError('unknown_ticket', 'No such ticket.');
  const taken = await ctx.db.tickets.where('stopId').equals(ticket.stopId).filter((t) => t.number.startsWith(toPrefix)).count();
  const newNumber = `${toPrefix}${String((taken % 999) + 1).padStart(3, '0')}`;
  await recordEvent(ctx, 'TicketTransferred', () => ({ ticketId, toCategoryCode, newNumber }), async () => {
    const current = await ctx.db.tickets.get(ticketId);
    if (!current || current.status === 'served' || current.status === 'no_show') throw new DomainError('ticket_state', 'This ticket is finished.');
    // Back in the queue under its new category, keeping its place by time taken.
    await ctx.db.tickets.update(ticketId, { categoryCode: toCategoryCode, number: newNumber, status: 'waiting', calledAt: null, calledBy: null });
  });
  return (await ctx.db.tickets.get(ticketId))!;
}

/** A counter transaction as the console hands it over; the stop and the clerk come from the kiosk's state. */
export type TransactionInput = Omit<EventPayload<'TransactionRecorded'>, 'transactionId' | 'receiptNumber' | 'stopId' | 'staffId' | 'language'> & {
  language?: string | null;
};

/** The stop this window last found open was not open any more when the transaction read it: take the slow path. */
class StaleOpenStop extends Error {}

type Receipt = Awaited<ReturnType<typeof allocateReceiptNumber>>;

/**
 * Records a service transaction at the open stop; refused with no open stop or once the day is closed. Its receipt
 * number is allocated in the same transaction, so a refused or failed transaction takes no number.
 */
export async function recordServiceTransaction(ctx: RecordContext, input: TransactionInput): Promise<LocalTransaction> {
  const transactionId = newId();
  let stored: LocalTransaction | undefined;
  const payloadAt = (receipt: Receipt, stopId: string) => ({ ...input, transactionId, receiptNumber: receipt.receiptNumber, stopId, staffId: ctx.actorId });
  const settleOrderAndStore = async (event: AnyDeviceEvent, receipt: Receipt) => {
    if (event.type !== 'TransactionRecorded') return;
    const p = event.payload;
    if (p.orderId) {
      const order = await ctx.db.certificateOrders.get(p.orderId);
      if (!order || order.status !== 'pending') {
        throw new DomainError('order_not_pending', order?.status === 'cancelled' ? 'This order was cancelled.' : 'This order was already paid.');
      }
      await ctx.db.certificateOrders.update(p.orderId, { status: 'paid', transactionId });
    }
    stored = localTransactionFrom(event);
    await Promise.all([ctx.db.transactions.add(stored), receipt.commit()]);
  };
  const readModels = (db: KioskDb) => [db.transactions, db.stops, db.certificateOrders, db.meta];
  const refuseClosedDay = (stop: LocalStop) => {
    if (stop.dayClosedAt) throw new DomainError('day_closed', 'This day is closed: no new transactions or voids.');
  };
  const allocate = () => allocateReceiptNumber(ctx.db, ctx.receiptPrefix);

  // Usual case: the stop this window found open last time. The stop is read in the same transaction as the writes,
  // all requests at once; if it is no longer open (or its day is closed) the throw aborts the transaction and nothing
  // is written.
  const guess = lastOpenStopId.get(ctx.db);
  if (guess) {
    try {
      await recordEvent(ctx, 'TransactionRecorded', (_seq, receipt: Receipt) => payloadAt(receipt, guess), async (event, receipt) => {
        const [stop] = await Promise.all([ctx.db.stops.get(guess), settleOrderAndStore(event, receipt)]);
        if (!stop || stop.closedAt !== null) throw new StaleOpenStop();
        refuseClosedDay(stop);
      }, { readModels, load: allocate });
      return stored!;
    } catch (error) {
      if (!(error instanceof StaleOpenStop)) throw error;
      lastOpenStopId.delete(ctx.db);
    }
  }
  // Otherwise find the open stop inside the transaction first, then record at it.
  await recordEvent(
    ctx,
    'TransactionRecorded',
    (_seq, loaded: { stop: LocalStop; receipt: Receipt }) => payloadAt(loaded.receipt, loaded.stop.id),
    (event, loaded) => settleOrderAndStore(event, loaded.receipt),
    {
      readModels,
      // The open stop and its day are read in the same transaction that records: a day closed in another window a
      // moment earlier refuses this transaction.
      load: async () => {
        const stop = await currentStop(ctx);
        if (!stop) throw new DomainError('no_open_stop', 'Open a stop before recording transactions.');
        refuseClosedDay(stop);
        return { stop, receipt: await allocate() };
      },
    },
  );
  return stored!;
}

/** Voids over this amount need a supervisor unless the configuration says otherwise. */
export const DEFAULT_VOID_APPROVAL_THRESHOLD_CENTS = 5000;

/** Why a void needs a supervisor's PIN, or null when the clerk may void alone. */
export function voidApprovalReason(
  tx: Pick<LocalTransaction, 'amountCents' | 'staffId'>,
  actorId: string | null,
  thresholdCents: number = DEFAULT_VOID_APPROVAL_THRESHOLD_CENTS,
): 'over_threshold' | 'other_clerk' | null {
  if (tx.amountCents > thresholdCents) return 'over_threshold';
  if (tx.staffId && tx.staffId !== actorId) return 'other_clerk';
  return null;
}

/** The approver must be an active supervisor of the staff list this kiosk holds (their PIN was checked on screen). */
async function requireSupervisor(db: KioskDb, staffId: string): Promise<void> {
  const staff = (await db.catalogue.get('current'))?.catalogue.staff.find((s) => s.id === staffId);
  if (!staff || !staff.active || staff.role !== 'supervisor') throw new DomainError('approver_not_supervisor', 'Only a supervisor can approve this.');
}

/** Voids a transaction: an appended TransactionVoided; the original stays, shown as voided and left out of totals. */
export async function voidTransaction(
  ctx: RecordContext,
  transactionId: string,
  reason: string,
  options: { approvedBy?: string | null; approvalThresholdCents?: number } = {},
): Promise<void> {
  if (!ctx.actorId) throw new DomainError('not_signed_in', 'Sign in to void a transaction.');
  const staffId = ctx.actorId;
  const approvedBy = options.approvedBy ?? null;
  await recordEvent(ctx, 'TransactionVoided', () => ({ transactionId, reason: reason.trim(), staffId, approvedBy }), async (event) => {
    const tx = await ctx.db.transactions.get(transactionId);
    if (!tx) throw new DomainError('unknown_transaction', 'No such transaction.');
    if (tx.status === 'voided') throw new DomainError('already_voided', 'This transaction is already voided.');
    if (tx.stopId) {
      const stop = await ctx.db.stops.get(tx.stopId);
      if (stop?.dayClosedAt) throw new DomainError('day_closed', 'This day is closed: voids are no longer possible.');
    }
    const needs = voidApprovalReason(tx, staffId, options.approvalThresholdCents);
    if (needs && !approvedBy) {
      throw new DomainError('approval_required', needs === 'over_threshold' ? 'A void of this amount needs a supervisor’s PIN.' : 'Voiding another clerk’s transaction needs a supervisor’s PIN.');
    }
    if (approvedBy) await requireSupervisor(ctx.db, approvedBy);
    await ctx.db.transactions.update(transactionId, { status: 'voided', voidedAt: event.occurredAt, voidReason: reason.trim(), voidedBy: staffId, voidApprovedBy: approvedBy });
  }, { readModels: (db) => [db.transactions, db.stops, db.catalogue] });
}

/** What can still be given back on a transaction: its amount less the refunds already given. */
export function refundableCents(tx: Pick<LocalTransaction, 'amountCents' | 'status' | 'refundedCents'>): number {
  return tx.status === 'voided' ? 0 : tx.amountCents - (tx.refundedCents ?? 0);
}

/** Finds a transaction by its printed receipt number (any day). */
export async function findByReceiptNumber(db: KioskDb, receiptNumber: string): Promise<LocalTransaction | undefined> {
  const wanted = receiptNumber.trim().toUpperCase();
  return db.transactions.filter((t) => t.receiptNumber === wanted).first();
}

/**
 * Gives money back on a transaction whose day is already closed (before the close, a void is the way): a new
 * RefundIssued event linked to it, approved by a supervisor, counted in the day of the open stop where it is given.
 */
export async function issueRefund(
  ctx: RecordContext,
  input: { transactionId: string; amountCents: number; method: 'cash' | 'check' | 'card'; reason: string; approvedBy: string },
): Promise<LocalRefund> {
  if (!ctx.actorId) throw new DomainError('not_signed_in', 'Sign in to give a refund.');
  const staffId = ctx.actorId;
  const refundId = newId();
  let refund: LocalRefund | undefined;
  await recordEvent(
    ctx,
    'RefundIssued',
    (_seq, stop: LocalStop) => ({ refundId, transactionId: input.transactionId, stopId: stop.id, amountCents: input.amountCents, method: input.method, reason: input.reason.trim(), staffId, approvedBy: input.approvedBy }),
    async (event, stop) => {
      if (event.type !== 'RefundIssued') return;
      const tx = await ctx.db.transactions.get(input.transactionId);
      if (!tx) throw new DomainError('unknown_transaction', 'No such transaction.');
      if (tx.status === 'voided') throw new DomainError('already_voided', 'This transaction was voided: there is nothing to refund.');
      const soldAt = tx.stopId ? await ctx.db.stops.get(tx.stopId) : undefined;
      if (soldAt && !soldAt.dayClosedAt) throw new DomainError('day_open', 'The day of this sale is still open: void it instead.');
      const remaining = refundableCents(tx);
      if (input.amountCents > remaining) throw new DomainError('refund_too_large', `At most ${(remaining / 100).toFixed(2)} can still be refunded on ${tx.receiptNumber}.`);
      await requireSupervisor(ctx.db, input.approvedBy);
      refund = {
        id: refundId,
        transactionId: tx.id,
        receiptNumber: tx.receiptNumber,
        stopId: stop.id,
        amountCents: event.payload.amountCents,
        method: event.payload.method,
        reason: event.payload.reason,
        staffId,
        approvedBy: input.approvedBy,
        issuedAt: event.occurredAt,
      };
      await Promise.all([ctx.db.refunds.add(refund), ctx.db.transactions.update(tx.id, { refundedCents: (tx.refundedCents ?? 0) + event.payload.amountCents })]);
    },
    {
      readModels: (db) => [db.transactions, db.stops, db.refunds, db.catalogue],
      load: async () => {
        const stop = await currentStop(ctx);
        if (!stop) throw new DomainError('no_open_stop', 'Open a stop before giving a refund: it counts in that day.');
        if (stop.dayClosedAt) throw new DomainError('day_closed', 'Today is closed: give the refund at the next stop.');
        return stop;
      },
    },
  );
  return refund!;
}

export async function fileServiceRequest(
  ctx: RecordContext,
  input: Omit<EventPayloadInput<'ServiceRequestFiled'>, 'requestId' | 'localReference' | 'stopId'>,
): Promise<{ requestId: string; localReference: string }> {
  const requestId = newId();
  const stop = await currentStop(ctx);
  let localReference = '';
  await recordEvent(
    ctx,
    'ServiceRequestFiled',
    (seq) => ({ ...input, requestId, localReference: padded('SR', seq), stopId: stop?.id ?? null }),
    async (event) => {
      if (event.type !== 'ServiceRequestFiled') return;
      localReference = event.payload.localReference;
      await ctx.db.serviceRequests.add({
        requestId,
        localReference,
        serviceCode: event.payload.service_code,
        description: event.payload.description,
        addressString: event.payload.address_string,
        filedAt: event.occurredAt,
        status: 'open',
        statusNotes: null,
        updatedAt: event.occurredAt,
      });
    },
  );
  return { requestId, localReference };
}

export async function orderCertificate(
  ctx: RecordContext,
  input: Omit<EventPayloadInput<'CertificateOrdered'>, 'orderId' | 'localReference' | 'stopId'>,
): Promise<LocalCertificateOrder> {
  const orderId = newId();
  // Paid at the counter, so taken only while the counter is open.
  const stop = await currentStop(ctx);
  if (!stop) throw new DomainError('no_open_stop', 'The counter is not open yet.');
  if (stop.dayClosedAt) throw new DomainError('counter_closed', 'The counter has closed for today.');
  let order: LocalCertificateOrder | undefined;
  await recordEvent(
    ctx,
    'CertificateOrdered',
    (seq) => ({ ...input, orderId, localReference: padded('CO', seq), stopId: stop.id }),
    async (event) => {
      if (event.type !== 'CertificateOrdered') return;
      const fresh = await ctx.db.stops.get(stop.id);
      if (!fresh || fresh.closedAt || fresh.dayClosedAt) throw new DomainError('counter_closed', 'The counter has closed for today.');
      const { orderId: id, ...details } = event.payload;
      order = { ...details, id, orderedAt: event.occurredAt, status: 'pending', transactionId: null, currentStopId: stop.id, carriedOverFrom: null };
      await ctx.db.certificateOrders.add(order);
    },
  );
  return order!;
}

async function pendingOrder(ctx: RecordContext, orderId: string): Promise<LocalCertificateOrder> {
  const order = await ctx.db.certificateOrders.get(orderId);
  if (!order) throw new DomainError('unknown_order', 'No such order.');
  if (order.status !== 'pending') throw new DomainError('order_not_pending', `Order ${order.localReference} is already ${order.status}.`);
  return order;
}

/** Ends an unpaid order with a reason (the resident left, changed their mind); it stays in history as cancelled. */
export async function cancelOrder(ctx: RecordContext, orderId: string, reason: string): Promise<void> {
  if (!ctx.actorId) throw new DomainError('not_signed_in', 'Sign in first.');
  if (!reason.trim()) throw new DomainError('reason_required', 'Give a reason for cancelling the order.');
  const staffId = ctx.actorId;
  await recordEvent(ctx, 'CertificateOrderCancelled', () => ({ orderId, staffId, reason: reason.trim() }), async (event) => {
    await pendingOrder(ctx, orderId);
    await ctx.db.certificateOrders.update(orderId, { status: 'cancelled', cancelledAt: event.occurredAt, cancelReason: reason.trim() });
  });
}

/** Keeps an unpaid order open past this stop's close, on purpose: it waits for the van's next stop. */
export async function carryOverOrder(ctx: RecordContext, orderId: string): Promise<void> {
  if (!ctx.actorId) throw new DomainError('not_signed_in', 'Sign in first.');
  const staffId = ctx.actorId;
  const order = await pendingOrder(ctx, orderId);
  const fromStopId = orderStopId(order);
  if (!fromStopId) throw new DomainError('order_state', `Order ${order.localReference} is already waiting for the next stop.`);
  await recordEvent(ctx, 'CertificateOrderCarriedOver', () => ({ orderId, fromStopId, staffId }), async () => {
    const again = await pendingOrder(ctx, orderId);
    if (orderStopId(again) !== fromStopId) throw new DomainError('order_state', 'This order was just moved; look again.');
    await ctx.db.certificateOrders.update(orderId, { currentStopId: null, carriedOverFrom: fromStopId });
  });
}

export async function answerSurvey(ctx: RecordContext, input: { rating: number; comment: string; ticketId: string | null }): Promise<void> {
  const surveyId = newId();
  const stop = await currentStop(ctx);
  await recordEvent(ctx, 'SurveyAnswered', () => ({ surveyId, stopId: stop?.id ?? null, ...input }), async (event) => {
    if (event.type !== 'SurveyAnswered') return;
    await ctx.db.surveys.add({ id: surveyId, stopId: stop?.id ?? null, ticketId: input.ticketId, rating: input.rating, comment: input.comment, answeredAt: event.occurredAt });
  });
}

/** A resident's answer to the question published for this stop or neighbourhood; anonymous unless they ask for a reply. */
export async function answerCityQuestion(
  ctx: RecordContext,
  input: Omit<EventPayloadInput<'CityQuestionAnswered'>, 'answerId' | 'stopId' | 'neighbourhood' | 'place'>,
): Promise<void> {
  const answerId = newId();
  const stop = await currentStop(ctx);
  if (!stop) throw new DomainError('no_stop', 'The city’s questions are answered at an open stop.');
  await recordEvent(ctx, 'CityQuestionAnswered', () => ({ ...input, answerId, stopId: stop.id, neighbourhood: stop.neighbourhood, place: stop.place }), async (event) => {
    if (event.type !== 'CityQuestionAnswered') return;
    await ctx.db.cityAnswers.add({ id: answerId, stopId: stop.id, questionId: input.questionId, language: input.language, topic: input.topic, answeredAt: event.occurredAt });
  }, { readModels: (db) => [db.cityAnswers] });
}

export async function requestHelp(ctx: RecordContext, language: string | null): Promise<string> {
  const requestId = newId();
  const stop = await currentStop(ctx);
  await recordEvent(ctx, 'HelpRequested', () => ({ requestId, stopId: stop?.id ?? null, language }), async (event) => {
    await ctx.db.helpRequests.add({ id: requestId, stopId: stop?.id ?? null, language, requestedAt: event.occurredAt, answeredAt: null, answeredBy: null, cancelledAt: null });
  });
  return requestId;
}

export async function answerHelp(ctx: RecordContext, requestId: string): Promise<void> {
  if (!ctx.actorId) throw new DomainError('not_signed_in', 'Sign in first.');
  const staffId = ctx.actorId;
  await recordEvent(ctx, 'HelpAnswered', () => ({ requestId, staffId }), async (event) => {
    const request = await ctx.db.helpRequests.get(requestId);
    if (!request) throw new DomainError('unknown_help_call', 'No such help call.');
    if (request.cancelledAt) throw new DomainError('help_cancelled', 'The resident no longer needs help.');
    if (request.answeredAt) throw new DomainError('help_answered', 'Someone is already on their way.');
    await ctx.db.helpRequests.update(requestId, { answeredAt: event.occurredAt, answeredBy: staffId });
  });
}

/** The resident withdraws a help call from the touchscreen; the staff window's banner goes away. */
export async function cancelHelp(ctx: RecordContext, requestId: string): Promise<void> {
  await recordEvent(ctx, 'HelpCancelled', () => ({ requestId }), async (event) => {
    const request = await ctx.db.helpRequests.get(requestId);
    if (!request) throw new DomainError('unknown_help_call', 'No such help call.');
    if (request.cancelledAt) throw new DomainError('help_cancelled', 'This call was already cancelled.');
    await ctx.db.helpRequests.update(requestId, { cancelledAt: event.occurredAt });
  });
}

/** Closes the stop's day with the drawer count and sign-offs; from then on the day is locked. */
export async function closeDay(ctx: RecordContext, input: EventPayloadInput<'DayClosed'>): Promise<void> {
  await recordEvent(ctx, 'DayClosed', () => input, async (event) => {
    const stop = await ctx.db.stops.get(input.stopId);
    if (!stop) throw new DomainError('unknown_stop', 'No such stop.');
    if (stop.dayClosedAt) throw new DomainError('day_closed', 'This day is already closed.');
    // Read in this transaction: a ticket taken at the touchscreen a moment ago keeps the day open.
    const checklist = await loadDayCloseChecklist(ctx.db, stop);
    if (!isChecklistClear(checklist)) {
      throw new DomainError('open_items', `Resolve these first: ${describeChecklist(checklist).join('; ')}.`);
    }
    // The stop stays on screen, locked, until the clerk closes it: the console shows why nothing can be recorded.
    await ctx.db.stops.update(input.stopId, { dayClosedAt: event.occurredAt });
    await ctx.db.dayCloses.add({
      stopId: input.stopId,
      businessDate: input.businessDate,
      countedCashCents: input.countedCashCents,
      expectedCashCents: input.expectedCashCents,
      differenceCents: input.differenceCents,
      reason: input.reason,
      checkTotalCents: input.checkTotalCents,
      cardTotalCents: input.cardTotalCents,
      closedBy: input.closedBy,
      secondSignOffBy: input.secondSignOffBy,
      closedAt: event.occurredAt,
      cashCount: input.cashCount,
    });
  });
}

/** A supervisor marks a rejected event resolved, with a note; the rejected event stays in quarantine. */
export async function resolveRejection(ctx: RecordContext, seq: number, note: string): Promise<void> {
  if (!ctx.actorId) throw new DomainError('not_signed_in', 'Sign in first.');
  const staffId = ctx.actorId;
  const rejected = await ctx.db.quarantine.get(seq);
  if (!rejected) throw new DomainError('unknown_rejection', 'No such rejected event.');
  await recordEvent(ctx, 'RejectionResolved', () => ({ eventId: rejected.id, seq, note: note.trim(), staffId }), async (event) => {
    await ctx.db.quarantine.update(seq, { resolvedAt: event.occurredAt, resolvedBy: staffId, resolutionNote: note.trim() });
  });
}
