import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import {
  callNext,
  closeDay,
  closeStop,
  issueTicket,
  noShowTicket,
  openStop,
  orderCertificate,
  recordServiceTransaction,
  serveTicket,
  transferTicket,
  voidTransaction,
} from '../../renderer/src/db/actions';
import { KioskDb } from '../../renderer/src/db/db';
import type { RecordContext } from '../../renderer/src/db/outbox';
import { parkingSale, refused, stopOn } from '../helpers/kiosk-fixtures';

let n = 0;
function kiosk(): RecordContext {
  return { db: new KioskDb(`actions-${process.pid}-${++n}`), deviceId: 'dev-actions', now: () => new Date(), actorId: 'clerk-ana', catalogueVersion: 1 };
}

const parking = (amountCents: number) => parkingSale(amountCents);

const stopInput = stopOn('2026-11-27');

describe('kiosk actions (each is one event and its read models in one transaction)', () => {
  it('refuses a transaction with no open stop, and writes nothing', async () => {
    const ctx = kiosk();
    await refused(recordServiceTransaction(ctx, parking(4500)), 'no_open_stop');
    expect(await ctx.db.events.count()).toBe(0);
  });

  it('numbers tickets per category and stop, and moves them through the queue', async () => {
    const ctx = kiosk();
    await openStop(ctx, stopInput);
    const a1 = await issueTicket(ctx, { categoryCode: 'payments', prefix: 'A', source: 'resident', language: 'es' });
    const a2 = await issueTicket(ctx, { categoryCode: 'payments', prefix: 'A', source: 'staff', language: null });
    const b1 = await issueTicket(ctx, { categoryCode: 'records', prefix: 'B', source: 'resident', language: null });
    expect([a1.number, a2.number, b1.number]).toEqual(['A001', 'A002', 'B001']);
    const called = await callNext(ctx, 'clerk-ana');
    expect(called?.number).toBe('A001');
    await serveTicket(ctx, a1.id, 'clerk-ana');
    expect((await ctx.db.tickets.get(a1.id))?.status).toBe('served');
    await refused(serveTicket(ctx, a1.id, 'clerk-ana'), 'ticket_state');
    const moved = await transferTicket(ctx, a2.id, 'records', 'B');
    expect(moved).toMatchObject({ number: 'B002', categoryCode: 'records', status: 'waiting' });
    await noShowTicket(ctx, b1.id, 'clerk-ana');
    expect((await ctx.db.tickets.get(b1.id))?.status).toBe('no_show');
    const events = await ctx.db.events.orderBy('seq').toArray();
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  });

  it('records at the stop that is open now: after one stop closes and the next opens, in this window or another', async () => {
    const ctx = kiosk();
    const first = await openStop(ctx, stopInput);
    expect((await recordServiceTransaction(ctx, parking(100))).stopId).toBe(first.id);
    // Another window (a second context on the same database) closes the stop and opens the next one.
    const other: RecordContext = { ...ctx, db: new KioskDb(ctx.db.name) };
    await closeStop(other, first.id);
    await refused(recordServiceTransaction(ctx, parking(200)), 'no_open_stop');
    const second = await openStop(other, { ...stopInput, place: 'Codman Square' });
    const t = await recordServiceTransaction(ctx, parking(300));
    expect(t.stopId).toBe(second.id);
    expect((await ctx.db.transactions.toArray()).map((x) => [x.amountCents, x.stopId])).toEqual([
      [100, first.id],
      [300, second.id],
    ]);
    // Seqs stay gap-free across both windows' writes, the refused attempt included (it wrote nothing).
    expect((await ctx.db.events.toArray()).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    other.db.close();
  });

  it('refuses a second open stop', async () => {
    const ctx = kiosk();
    await openStop(ctx, stopInput);
    await refused(openStop(ctx, stopInput), 'stop_already_open');
  });

  it('a void appends an event, keeps the original and marks it voided; it cannot be voided twice', async () => {
    const ctx = kiosk();
    await openStop(ctx, stopInput);
    const tx = await recordServiceTransaction(ctx, parking(4500));
    await voidTransaction(ctx, tx.id, 'Wrong ticket');
    expect(await ctx.db.transactions.get(tx.id)).toMatchObject({ status: 'voided', voidReason: 'Wrong ticket', amountCents: 4500 });
    expect((await ctx.db.events.toArray()).map((e) => e.type)).toEqual(['StopOpened', 'TransactionRecorded', 'TransactionVoided']);
    await refused(voidTransaction(ctx, tx.id, 'again'), 'already_voided');
  });

  it('closing the day locks it: no new transactions, no voids', async () => {
    const ctx = kiosk();
    const stop = await openStop(ctx, stopInput);
    const tx = await recordServiceTransaction(ctx, parking(4500));
    await closeDay(ctx, {
      stopId: stop.id,
      businessDate: '2026-11-27',
      cashCount: { '10000': 1, '2000': 2, '100': 4 },
      countedCashCents: 14_400,
      expectedCashCents: 14_500,
      differenceCents: -100,
      reason: 'One dollar short',
      checkTotalCents: 0,
      cardTotalCents: 0,
      closedBy: 'super-sam',
      secondSignOffBy: null,
    });
    const before = await ctx.db.events.count();
    await refused(recordServiceTransaction(ctx, parking(100)), 'day_closed');
    await refused(voidTransaction(ctx, tx.id, 'late'), 'day_closed');
    expect(await ctx.db.events.count()).toBe(before);
    // The refused transaction's writes, issued together with the read of the stop, were all undone.
    expect((await ctx.db.transactions.toArray()).map((t) => t.id)).toEqual([tx.id]);
  });

  it('a certificate order from the touchscreen is settled once by the payment that takes it', async () => {
    const ctx = kiosk();
    await openStop(ctx, stopInput);
    const order = await orderCertificate({ ...ctx, actorId: null }, {
      certificateType: 'birth',
      copies: 2,
      nameOnRecord: 'Maria Lopez',
      eventDate: '1990-04-12',
      eventPlace: 'Boston',
      requesterName: 'Maria Lopez',
      unitFeeCents: 1400,
      amountCents: 2800,
    });
    expect(order).toMatchObject({ status: 'pending', localReference: expect.stringMatching(/^CO-/) });
    const settle = { ...parking(2800), serviceCode: 'birth-certificate', serviceName: 'Birth certificate', quantity: 2, unitFeeCents: 1400, orderId: order.id };
    const tx = await recordServiceTransaction(ctx, settle);
    expect(await ctx.db.certificateOrders.get(order.id)).toMatchObject({ status: 'paid', transactionId: tx.id });
    await refused(recordServiceTransaction(ctx, settle), 'order_not_pending');
  });
});
