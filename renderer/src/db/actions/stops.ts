import { newId, type EventPayloadInput } from '../../../../shared';
import { orderStopId, type LocalStop, type LocalTicket } from '../db';
import { describeChecklist, isChecklistClear, loadDayCloseChecklist } from '../day-close';
import { recordEvent, type RecordContext } from '../outbox';
import { DomainError } from './errors';
import { cancelTicket } from './tickets';

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
  if (!ctx.actorId) throw new DomainError('not_signed_in', 'Sign in to close the stop.', { key: 'errors.sign_in_to_close_stop' });
  for (const ticket of await stopCloseEffects(ctx, stopId)) await cancelTicket(ctx, ticket.id, reason);
  await recordEvent(ctx, 'StopClosed', () => ({ stopId }), async (event) => {
    const stop = await ctx.db.stops.get(stopId);
    if (!stop || stop.closedAt) throw new DomainError('stop_not_open', 'This stop is not open.');
    await ctx.db.stops.update(stopId, { closedAt: event.occurredAt });
  });
}

/** Closes the stop's day with the drawer count and sign-offs; from then on the day is locked. */
export async function closeDay(ctx: RecordContext, input: EventPayloadInput<'DayClosed'>): Promise<void> {
  await recordEvent(ctx, 'DayClosed', () => input, async (event) => {
    const stop = await ctx.db.stops.get(input.stopId);
    if (!stop) throw new DomainError('unknown_stop', 'No such stop.');
    if (stop.dayClosedAt) throw new DomainError('day_closed', 'This day is already closed.', { key: 'errors.day_already_closed' });
    // Read in this transaction: a ticket taken at the touchscreen a moment ago keeps the day open.
    const checklist = await loadDayCloseChecklist(ctx.db, stop);
    if (!isChecklistClear(checklist)) {
      const items = describeChecklist(checklist).join('; ');
      throw new DomainError('open_items', `Resolve these first: ${items}.`, { params: { items } });
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
