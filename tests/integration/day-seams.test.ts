import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import {
  answerHelp,
  callTicket,
  cancelOrder,
  carryOverOrder,
  closeDay,
  closeStop,
  endTickets,
  issueTicket,
  openStop,
  orderCertificate,
  recordServiceTransaction,
  requestHelp,
  type TransactionInput,
} from '../../renderer/src/db/actions';
import { KioskDb } from '../../renderer/src/db/db';
import { isChecklistClear, loadDayCloseChecklist, ordersAtStop } from '../../renderer/src/db/day-close';
import type { RecordContext } from '../../renderer/src/db/outbox';
import { balancedDayClose, refused } from '../helpers/kiosk-fixtures';

let n = 0;
function kiosk(): RecordContext {
  return { db: new KioskDb(`seams-${process.pid}-${++n}`), deviceId: 'dev-seams', now: () => new Date(), actorId: 'super-sam', catalogueVersion: 1 };
}
const resident = (ctx: RecordContext): RecordContext => ({ ...ctx, actorId: null });

const stopInput = (place = 'Fields Corner') => ({
  neighbourhood: 'Dorchester',
  place,
  plannedStart: '2026-11-27T14:00:00.000Z',
  plannedEnd: '2026-11-27T20:00:00.000Z',
  openingFloatCents: 10_000,
  floatConfirmedBy: 'clerk-ana',
});

const order = (ctx: RecordContext, name = 'Maria Lopez') =>
  orderCertificate(resident(ctx), { certificateType: 'birth', copies: 2, nameOnRecord: name, eventDate: '1990-04-12', eventPlace: 'Boston', requesterName: name, unitFeeCents: 1400, amountCents: 2800 });

const payment = (orderId: string): TransactionInput => ({
  serviceCode: 'birth-certificate',
  serviceName: 'Birth certificate',
  reference: '',
  quantity: 2,
  unitFeeCents: 1400,
  amountCents: 2800,
  payment: { method: 'cash', tenderedCents: 2800, changeCents: 0 },
  catalogueVersion: 1,
  fields: {},
  residentName: 'Maria Lopez',
  orderId,
});

const dayClose = (stopId: string) => balancedDayClose(stopId, '2026-11-27');

describe('the day from open to close, at the seams between screens', () => {
  it('the day does not close while residents wait, a ticket is called, an order is unpaid or a help call is open', async () => {
    const ctx = kiosk();
    const stop = await openStop(ctx, stopInput());
    const waiting = await issueTicket(resident(ctx), { categoryCode: 'payments', prefix: 'A', source: 'resident', language: 'es' });
    const called = await issueTicket(resident(ctx), { categoryCode: 'records', prefix: 'B', source: 'resident', language: null });
    await callTicket(ctx, called.id, 'clerk-ana');
    const unpaid = await order(ctx);
    await requestHelp(resident(ctx), 'vi');
    const checklist = await loadDayCloseChecklist(ctx.db, stop);
    expect(checklist.waiting.map((t) => t.number)).toEqual(['A001']);
    expect(checklist.calledNotServed.map((t) => t.number)).toEqual(['B001']);
    expect(checklist.unpaidOrders.map((o) => o.id)).toEqual([unpaid.id]);
    expect(checklist.openHelpCalls).toHaveLength(1);

    const before = await ctx.db.events.count();
    await refused(closeDay(ctx, dayClose(stop.id)), 'open_items');
    expect(await ctx.db.events.count()).toBe(before);
    expect((await ctx.db.stops.get(stop.id))?.dayClosedAt).toBeNull();

    // Resolved one by one, as the checklist does: the waiting resident left, the called one was served.
    await refused(endTickets(ctx, [waiting.id], { kind: 'cancelled', reason: '  ' }), 'reason_required');
    expect(await endTickets(ctx, [waiting.id], { kind: 'cancelled', reason: 'Left before being called' })).toBe(1);
    expect(await endTickets(ctx, [called.id], { kind: 'served' })).toBe(1);
    expect(await ctx.db.tickets.get(waiting.id)).toMatchObject({ status: 'cancelled', cancelReason: 'Left before being called' });
    expect((await ctx.db.tickets.get(called.id))?.status).toBe('served');
    await refused(closeDay(ctx, dayClose(stop.id)), 'open_items');
    await carryOverOrder(ctx, unpaid.id);
    const help = (await ctx.db.helpRequests.toArray())[0]!;
    await answerHelp(ctx, help.id);
    expect(isChecklistClear(await loadDayCloseChecklist(ctx.db, stop))).toBe(true);
    await closeDay(ctx, dayClose(stop.id));
    expect((await ctx.db.stops.get(stop.id))?.dayClosedAt).not.toBeNull();
    const types = (await ctx.db.events.orderBy('seq').toArray()).map((e) => e.type);
    expect(types).toContain('TicketCancelled');
    expect(types).toContain('CertificateOrderCarriedOver');
    expect(types.at(-1)).toBe('DayClosed');
  });

  it('once the day is closed the touchscreen and the counter take no tickets and no orders, and write nothing', async () => {
    const ctx = kiosk();
    const stop = await openStop(ctx, stopInput());
    await closeDay(ctx, dayClose(stop.id));
    const before = await ctx.db.events.count();
    await refused(issueTicket(resident(ctx), { categoryCode: 'payments', prefix: 'A', source: 'resident', language: 'en' }), 'counter_closed');
    await refused(issueTicket(ctx, { categoryCode: 'payments', prefix: 'A', source: 'staff', language: null }), 'counter_closed');
    await refused(order(ctx), 'counter_closed');
    expect(await ctx.db.events.count()).toBe(before);
    expect(await ctx.db.tickets.count()).toBe(0);
    expect(await ctx.db.certificateOrders.count()).toBe(0);
  });

  it('an order is taken only while the counter is open', async () => {
    const ctx = kiosk();
    await refused(order(ctx), 'no_open_stop');
    expect(await ctx.db.events.count()).toBe(0);
  });

  it('a day closed in another window a moment ago refuses a ticket taken in this one', async () => {
    const ctx = kiosk();
    const stop = await openStop(ctx, stopInput());
    await issueTicket(resident(ctx), { categoryCode: 'payments', prefix: 'A', source: 'resident', language: null }).then((t) => endTickets(ctx, [t.id], { kind: 'no_show' }));
    const other: RecordContext = { ...ctx, db: new KioskDb(ctx.db.name) };
    await closeDay(other, dayClose(stop.id));
    await refused(issueTicket(resident(ctx), { categoryCode: 'payments', prefix: 'A', source: 'resident', language: null }), 'counter_closed');
    other.db.close();
  });

  it('an order no longer follows the van: only one carried over on purpose is waiting at the next stop, where it is paid', async () => {
    const ctx = kiosk();
    const first = await openStop(ctx, stopInput());
    const carried = await order(ctx, 'Ana Silva');
    const cancelled = await order(ctx, 'Lee Wong');
    await refused(cancelOrder(ctx, cancelled.id, ''), 'reason_required');
    await cancelOrder(ctx, cancelled.id, 'Resident changed their mind');
    await carryOverOrder(ctx, carried.id);
    await refused(carryOverOrder(ctx, carried.id), 'order_state');
    expect(await ordersAtStop(ctx.db, first.id)).toEqual([]);
    await closeDay(ctx, dayClose(first.id));
    await closeStop(ctx, first.id);

    const second = await openStop(ctx, stopInput('Codman Square'));
    expect((await ordersAtStop(ctx.db, second.id)).map((o) => [o.id, o.carriedOverFrom])).toEqual([[carried.id, first.id]]);
    await refused(recordServiceTransaction(ctx, payment(cancelled.id)), 'order_not_pending');
    const tx = await recordServiceTransaction(ctx, payment(carried.id));
    expect(tx.stopId).toBe(second.id);
    expect(await ctx.db.certificateOrders.get(carried.id)).toMatchObject({ status: 'paid', transactionId: tx.id });
    expect(await ctx.db.certificateOrders.get(cancelled.id)).toMatchObject({ status: 'cancelled', cancelReason: 'Resident changed their mind' });
    await refused(cancelOrder(ctx, carried.id, 'too late'), 'order_not_pending');
  });

  it('closing a stop ends the tickets still queued with a reason, one event each, never silently', async () => {
    const ctx = kiosk();
    const stop = await openStop(ctx, stopInput());
    const a = await issueTicket(resident(ctx), { categoryCode: 'payments', prefix: 'A', source: 'resident', language: null });
    const b = await issueTicket(resident(ctx), { categoryCode: 'payments', prefix: 'A', source: 'resident', language: null });
    await closeStop(ctx, stop.id);
    expect((await ctx.db.tickets.bulkGet([a.id, b.id])).map((t) => [t?.status, t?.cancelReason])).toEqual([
      ['cancelled', 'The stop closed'],
      ['cancelled', 'The stop closed'],
    ]);
    expect((await ctx.db.events.orderBy('seq').toArray()).map((e) => e.type).slice(-3)).toEqual(['TicketCancelled', 'TicketCancelled', 'StopClosed']);
  });
});
