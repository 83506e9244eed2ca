import { newId, type EventPayloadInput } from '../../../../shared';
import { orderStopId, type LocalCertificateOrder } from '../db';
import { recordEvent, type RecordContext } from '../outbox';
import { DomainError } from './errors';
import { padReference } from './local-reference';
import { currentStop } from './open-stop';

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
    (seq) => ({ ...input, orderId, localReference: padReference('CO', seq), stopId: stop.id }),
    async (event) => {
      if (event.type !== 'CertificateOrdered') return;
      const fresh = await ctx.db.stops.get(stop.id);
      if (!fresh || fresh.closedAt || fresh.dayClosedAt) throw new DomainError('counter_closed', 'The counter has closed for today.');
      const { orderId: id, ...details } = event.payload;
      order = { ...details, id, orderedAt: event.occurredAt, status: 'pending', transactionId: null, currentStopId: stop.id, carriedOverFrom: null };
      await ctx.db.certificateOrders.add(order);
    },
    { personal: { orderId, nameOnRecord: input.nameOnRecord, eventDate: input.eventDate, eventPlace: input.eventPlace, requesterName: input.requesterName } },
  );
  return order!;
}

async function pendingOrder(ctx: RecordContext, orderId: string): Promise<LocalCertificateOrder> {
  const order = await ctx.db.certificateOrders.get(orderId);
  if (!order) throw new DomainError('unknown_order', 'No such order.');
  if (order.status !== 'pending') throw new DomainError('order_not_pending', `Order ${order.localReference} is already ${order.status}.`, { key: 'errors.order_already', params: { reference: order.localReference, context: order.status } });
  return order;
}

/** Ends an unpaid order with a reason (the resident left, changed their mind); it stays in history as cancelled. */
export async function cancelOrder(ctx: RecordContext, orderId: string, reason: string): Promise<void> {
  if (!ctx.actorId) throw new DomainError('not_signed_in', 'Sign in first.');
  if (!reason.trim()) throw new DomainError('reason_required', 'Give a reason for cancelling the order.', { key: 'errors.reason_required_order' });
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
  if (!fromStopId) throw new DomainError('order_state', `Order ${order.localReference} is already waiting for the next stop.`, { key: 'errors.order_already_carried_over', params: { reference: order.localReference } });
  await recordEvent(ctx, 'CertificateOrderCarriedOver', () => ({ orderId, fromStopId, staffId }), async () => {
    const again = await pendingOrder(ctx, orderId);
    if (orderStopId(again) !== fromStopId) throw new DomainError('order_state', 'This order was just moved; look again.', { key: 'errors.order_just_moved' });
    await ctx.db.certificateOrders.update(orderId, { currentStopId: null, carriedOverFrom: fromStopId });
  });
}
