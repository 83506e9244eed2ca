import { newId, type AnyDeviceEvent, type EventPayload } from '../../../../shared';
import type { KioskDb, LocalRefund, LocalStop, LocalTransaction } from '../db';
import { recordEvent, type RecordContext } from '../outbox';
import { allocateReceiptNumber, localTransactionFrom } from '../transactions';
import { DomainError } from './errors';
import { currentStop, lastOpenStopId } from './open-stop';

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
  const personal = { transactionId, residentName: input.residentName, fields: input.fields, reference: input.reference };
  const settleOrderAndStore = async (event: AnyDeviceEvent, receipt: Receipt) => {
    if (event.type !== 'TransactionRecorded') return;
    const p = event.payload;
    if (p.orderId) {
      const order = await ctx.db.certificateOrders.get(p.orderId);
      if (!order || order.status !== 'pending') {
        throw new DomainError('order_not_pending', order?.status === 'cancelled' ? 'This order was cancelled.' : 'This order was already paid.', { key: order?.status === 'cancelled' ? 'errors.order_was_cancelled' : 'errors.order_was_paid' });
      }
      await ctx.db.certificateOrders.update(p.orderId, { status: 'paid', transactionId });
    }
    stored = localTransactionFrom(event);
    await Promise.all([ctx.db.transactions.add(stored), receipt.commit()]);
  };
  const readModels = (db: KioskDb) => [db.transactions, db.stops, db.certificateOrders, db.meta];
  const refuseClosedDay = (stop: LocalStop) => {
    if (stop.dayClosedAt) throw new DomainError('day_closed', 'This day is closed: no new transactions or voids.', { key: 'errors.day_closed_no_transactions' });
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
      }, { readModels, load: allocate, personal });
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
      personal,
      // The open stop and its day are read in the same transaction that records: a day closed in another window a
      // moment earlier refuses this transaction.
      load: async () => {
        const stop = await currentStop(ctx);
        if (!stop) throw new DomainError('no_open_stop', 'Open a stop before recording transactions.', { key: 'errors.open_a_stop_transactions' });
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
  if (!ctx.actorId) throw new DomainError('not_signed_in', 'Sign in to void a transaction.', { key: 'errors.sign_in_to_void' });
  const staffId = ctx.actorId;
  const approvedBy = options.approvedBy ?? null;
  await recordEvent(ctx, 'TransactionVoided', () => ({ transactionId, reason: reason.trim(), staffId, approvedBy }), async (event) => {
    const tx = await ctx.db.transactions.get(transactionId);
    if (!tx) throw new DomainError('unknown_transaction', 'No such transaction.');
    if (tx.status === 'voided') throw new DomainError('already_voided', 'This transaction is already voided.');
    if (tx.stopId) {
      const stop = await ctx.db.stops.get(tx.stopId);
      if (stop?.dayClosedAt) throw new DomainError('day_closed', 'This day is closed: voids are no longer possible.', { key: 'errors.day_closed_no_voids' });
    }
    const needs = voidApprovalReason(tx, staffId, options.approvalThresholdCents);
    if (needs && !approvedBy) {
      throw new DomainError('approval_required', needs === 'over_threshold' ? 'A void of this amount needs a supervisor’s PIN.' : 'Voiding another clerk’s transaction needs a supervisor’s PIN.', {
        key: needs === 'over_threshold' ? 'errors.approval_required_amount' : 'errors.approval_required_other_clerk',
      });
    }
    if (approvedBy) await requireSupervisor(ctx.db, approvedBy);
    await ctx.db.transactions.update(transactionId, { status: 'voided', voidedAt: event.occurredAt, voidReason: reason.trim(), voidedBy: staffId, voidApprovedBy: approvedBy });
  }, { readModels: (db) => [db.transactions, db.stops, db.catalogue] });
}

/** What can still be given back on a transaction: its amount less the refunds already given. */
export function refundableCents(tx: Pick<LocalTransaction, 'amountCents' | 'status' | 'refundedCents'>): number {
  return tx.status === 'voided' ? 0 : tx.amountCents - (tx.refundedCents ?? 0);
}

/**
 * Gives money back on a transaction whose day is already closed (before the close, a void is the way): a new
 * RefundIssued event linked to it, approved by a supervisor, counted in the day of the open stop where it is given.
 */
export async function issueRefund(
  ctx: RecordContext,
  input: { transactionId: string; amountCents: number; method: 'cash' | 'check' | 'card'; reason: string; approvedBy: string },
): Promise<LocalRefund> {
  if (!ctx.actorId) throw new DomainError('not_signed_in', 'Sign in to give a refund.', { key: 'errors.sign_in_to_refund' });
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
      if (tx.status === 'voided') throw new DomainError('already_voided', 'This transaction was voided: there is nothing to refund.', { key: 'errors.voided_nothing_to_refund' });
      const soldAt = tx.stopId ? await ctx.db.stops.get(tx.stopId) : undefined;
      if (soldAt && !soldAt.dayClosedAt) throw new DomainError('day_open', 'The day of this sale is still open: void it instead.');
      const remaining = refundableCents(tx);
      if (input.amountCents > remaining) throw new DomainError('refund_too_large', `At most ${(remaining / 100).toFixed(2)} can still be refunded on ${tx.receiptNumber}.`, {
          params: { amount: (remaining / 100).toFixed(2), receipt: tx.receiptNumber },
        });
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
        if (!stop) throw new DomainError('no_open_stop', 'Open a stop before giving a refund: it counts in that day.', { key: 'errors.open_a_stop_refund' });
        if (stop.dayClosedAt) throw new DomainError('day_closed', 'Today is closed: give the refund at the next stop.', { key: 'errors.day_closed_refund' });
        return stop;
      },
    },
  );
  return refund!;
}
