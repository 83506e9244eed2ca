import { newId } from '../../../../shared';
import type { LocalTicket } from '../db';
import { recordEvent, type RecordContext } from '../outbox';
import { DomainError } from './errors';
import { currentStop } from './open-stop';

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
    if (!allowedFrom.includes(ticket.status)) throw new DomainError('ticket_state', `Ticket ${ticket.number} is already ${ticket.status.replace('_', '-')}.`, { key: 'errors.ticket_already', params: { number: ticket.number, context: ticket.status } });
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
    if (ticket.status !== 'no_show' || !ticket.noShowAt) throw new DomainError('ticket_state', `Ticket ${ticket.number} is not a no-show.`, { key: 'errors.ticket_not_no_show', params: { number: ticket.number } });
    if (Date.parse(event.occurredAt) - Date.parse(ticket.noShowAt) > NO_SHOW_UNDO_MS) {
      throw new DomainError('undo_expired', `The no-show of ${ticket.number} was recorded over a minute ago and stands.`, { params: { number: ticket.number } });
    }
    const back = ticket.noShowFrom ?? 'waiting';
    await ctx.db.tickets.update(ticketId, { status: back, noShowAt: null, noShowFrom: null, ...(back === 'waiting' ? { calledAt: null, calledBy: null } : {}) });
  });
}

/** Ends a ticket without service (the resident left, the counter closed), with a reason; never deleted. */
export async function cancelTicket(ctx: RecordContext, ticketId: string, reason: string): Promise<void> {
  if (!ctx.actorId) throw new DomainError('not_signed_in', 'Sign in first.');
  const staffId = ctx.actorId;
  if (!reason.trim()) throw new DomainError('reason_required', 'Give a reason for cancelling the ticket.', { key: 'errors.reason_required_ticket' });
  await recordEvent(ctx, 'TicketCancelled', () => ({ ticketId, staffId, reason: reason.trim() }), async (event) => {
    const ticket = await ctx.db.tickets.get(ticketId);
    if (!ticket) throw new DomainError('unknown_ticket', 'No such ticket.');
    if (ticket.status !== 'waiting' && ticket.status !== 'called') throw new DomainError('ticket_state', `Ticket ${ticket.number} is already ${ticket.status.replace('_', '-')}.`, { key: 'errors.ticket_already', params: { number: ticket.number, context: ticket.status } });
    await ctx.db.tickets.update(ticketId, { status: 'cancelled', cancelledAt: event.occurredAt, cancelReason: reason.trim() });
  });
}

/** How the supervisor ends tickets still open at the day close, several at once. */
export type TicketEnding = { kind: 'served' } | { kind: 'no_show' } | { kind: 'cancelled'; reason: string };

/** Ends each ticket as chosen, one event each (a waiting ticket marked served is called first). Returns how many. */
export async function endTickets(ctx: RecordContext, ticketIds: readonly string[], ending: TicketEnding): Promise<number> {
  if (!ctx.actorId) throw new DomainError('not_signed_in', 'Sign in first.');
  if (ending.kind === 'cancelled' && !ending.reason.trim()) throw new DomainError('reason_required', 'Give a reason for cancelling the tickets.', { key: 'errors.reason_required_tickets' });
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
  if (!stop) throw new DomainError('no_open_stop', 'Open a stop first.', { key: 'errors.open_a_stop' });
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
    if (!current || current.status === 'served' || current.status === 'no_show') throw new DomainError('ticket_state', 'This ticket is finished.', { key: 'errors.ticket_finished' });
    // Back in the queue under its new category, keeping its place by time taken.
    await ctx.db.tickets.update(ticketId, { categoryCode: toCategoryCode, number: newNumber, status: 'waiting', calledAt: null, calledBy: null });
  });
  return (await ctx.db.tickets.get(ticketId))!;
}
