import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import {
  answerHelp,
  callNext,
  cancelHelp,
  issueTicket,
  NO_SHOW_UNDO_MS,
  noShowTicket,
  openStop,
  requestHelp,
  undoNoShow,
} from '../../renderer/src/db/actions';
import { KioskDb } from '../../renderer/src/db/db';
import type { RecordContext } from '../../renderer/src/db/outbox';
import { refused, stopOn } from '../helpers/kiosk-fixtures';

let n = 0;
/** A kiosk whose clock the test moves: every event's occurredAt comes from `clock.at`. */
function kiosk(start = '2026-12-01T15:00:00.000Z') {
  const clock = { at: Date.parse(start) };
  const ctx: RecordContext = {
    db: new KioskDb(`queue-help-${process.pid}-${++n}`),
    deviceId: 'dev-queue',
    now: () => new Date(clock.at),
    actorId: 'clerk-ana',
    catalogueVersion: 1,
  };
  return { ctx, clock, resident: { ...ctx, actorId: null } };
}

const stopInput = stopOn('2026-12-01');

describe('no-show, and taking it back within a minute', () => {
  it('a no-show of a waiting ticket undone within the minute puts it back in the queue', async () => {
    const { ctx, clock } = kiosk();
    await openStop(ctx, stopInput);
    const ticket = await issueTicket(ctx, { categoryCode: 'payments', prefix: 'A', source: 'staff', language: null });
    await noShowTicket(ctx, ticket.id, 'clerk-ana');
    clock.at += NO_SHOW_UNDO_MS - 1000;
    await undoNoShow(ctx, ticket.id, 'clerk-ana');
    expect(await ctx.db.tickets.get(ticket.id)).toMatchObject({ status: 'waiting', noShowAt: null, calledAt: null });
    expect((await ctx.db.events.toArray()).map((e) => e.type)).toEqual(['StopOpened', 'TicketIssued', 'TicketNoShow', 'TicketNoShowUndone']);
  });

  it('a called ticket goes back to called, with its caller', async () => {
    const { ctx } = kiosk();
    await openStop(ctx, stopInput);
    const ticket = await issueTicket(ctx, { categoryCode: 'payments', prefix: 'A', source: 'staff', language: null });
    await callNext(ctx, 'clerk-ana');
    await noShowTicket(ctx, ticket.id, 'clerk-ana');
    await undoNoShow(ctx, ticket.id, 'clerk-ana');
    expect(await ctx.db.tickets.get(ticket.id)).toMatchObject({ status: 'called', calledBy: 'clerk-ana', noShowAt: null });
  });

  it('after the minute the no-show stands, and nothing is written', async () => {
    const { ctx, clock } = kiosk();
    await openStop(ctx, stopInput);
    const ticket = await issueTicket(ctx, { categoryCode: 'payments', prefix: 'A', source: 'staff', language: null });
    await noShowTicket(ctx, ticket.id, 'clerk-ana');
    clock.at += NO_SHOW_UNDO_MS + 1;
    await refused(undoNoShow(ctx, ticket.id, 'clerk-ana'), 'undo_expired');
    expect(await ctx.db.tickets.get(ticket.id)).toMatchObject({ status: 'no_show' });
    expect(await ctx.db.events.count()).toBe(3);
  });

  it('a ticket that is not a no-show cannot be undone', async () => {
    const { ctx } = kiosk();
    await openStop(ctx, stopInput);
    const ticket = await issueTicket(ctx, { categoryCode: 'payments', prefix: 'A', source: 'staff', language: null });
    await refused(undoNoShow(ctx, ticket.id, 'clerk-ana'), 'ticket_state');
    await refused(undoNoShow(ctx, '0190a0b0-0000-7000-8000-000000000000', 'clerk-ana'), 'unknown_ticket');
  });
});

describe('help calls: answered once, cancelled by the resident', () => {
  it('a clerk answers; a second answer is refused; the resident can still cancel', async () => {
    const { ctx, resident } = kiosk();
    const id = await requestHelp(resident, 'es');
    await answerHelp(ctx, id);
    expect(await ctx.db.helpRequests.get(id)).toMatchObject({ answeredBy: 'clerk-ana', cancelledAt: null });
    await refused(answerHelp(ctx, id), 'help_answered');
    await cancelHelp(resident, id);
    expect((await ctx.db.helpRequests.get(id))?.cancelledAt).toBeTruthy();
    expect((await ctx.db.events.toArray()).map((e) => e.type)).toEqual(['HelpRequested', 'HelpAnswered', 'HelpCancelled']);
  });

  it('a cancelled call cannot be answered or cancelled again', async () => {
    const { ctx, resident } = kiosk();
    const id = await requestHelp(resident, null);
    await cancelHelp(resident, id);
    await refused(answerHelp(ctx, id), 'help_cancelled');
    await refused(cancelHelp(resident, id), 'help_cancelled');
    await refused(cancelHelp(resident, '0190a0b0-0000-7000-8000-000000000000'), 'unknown_help_call');
    expect(await ctx.db.events.count()).toBe(2);
  });

  it('answering needs a signed-in clerk', async () => {
    const { resident } = kiosk();
    const id = await requestHelp(resident, null);
    await refused(answerHelp(resident, id), 'not_signed_in');
  });
});
