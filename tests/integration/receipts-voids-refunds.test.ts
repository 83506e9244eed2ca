import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import {
  closeDay,
  closeStop,
  issueRefund,
  issueTicket,
  noShowTicket,
  openStop,
  orderCertificate,
  recordServiceTransaction,
  voidApprovalReason,
  voidTransaction,
  type TransactionInput,
} from '../../renderer/src/db/actions';
import { KioskDb, type LocalStop } from '../../renderer/src/db/db';
import type { RecordContext } from '../../renderer/src/db/outbox';
import { vanCode } from '../../renderer/src/db/transactions';
import { parkingSale, refused, staffCatalogue, stopOn } from '../helpers/kiosk-fixtures';

let n = 0;
const catalogue = staffCatalogue;

async function kiosk(actorId = 'clerk-ana'): Promise<RecordContext> {
  const db = new KioskDb(`rvr-${process.pid}-${++n}`);
  await db.catalogue.put({ key: 'current', version: 1, etag: null, catalogue, fetchedAt: '2026-11-27T12:00:00.000Z' });
  return { db, deviceId: 'dev-rvr', now: () => new Date(), actorId, catalogueVersion: 1, receiptPrefix: vanCode('Van 2') };
}

const parking = (amountCents: number, payment?: TransactionInput['payment']): TransactionInput => parkingSale(amountCents, payment ? { payment } : {});

const stopInput = stopOn('2026-11-27');

async function closeTheDay(ctx: RecordContext, stop: LocalStop) {
  await closeDay(ctx, {
    stopId: stop.id,
    businessDate: '2026-11-27',
    cashCount: {},
    countedCashCents: 0,
    expectedCashCents: 0,
    differenceCents: 0,
    reason: '',
    checkTotalCents: 0,
    cardTotalCents: 0,
    closedBy: 'super-sam',
    secondSignOffBy: null,
  });
}

describe('receipt numbers', () => {
  it('are R-<van>-000001, gap-free per device, not the event seq; a refused transaction takes none', async () => {
    const ctx = await kiosk();
    expect(vanCode('Van 2')).toBe('VAN2');
    expect(vanCode('  ')).toBe('VAN');
    await refused(recordServiceTransaction(ctx, parking(100)), 'no_open_stop');
    const stop = await openStop(ctx, stopInput);
    const t1 = await issueTicket(ctx, { categoryCode: 'payments', prefix: 'A', source: 'staff', language: null });
    const first = await recordServiceTransaction(ctx, parking(100));
    const t2 = await issueTicket(ctx, { categoryCode: 'payments', prefix: 'A', source: 'staff', language: null });
    const second = await recordServiceTransaction(ctx, parking(200));
    expect([first.receiptNumber, second.receiptNumber]).toEqual(['R-VAN2-000001', 'R-VAN2-000002']);
    // A voided receipt keeps its number; the next one carries on.
    await voidTransaction(ctx, first.id, 'Wrong ticket');
    expect((await ctx.db.transactions.get(first.id))?.receiptNumber).toBe('R-VAN2-000001');
    // An order already paid refuses the transaction: no number is used up.
    const order = await orderCertificate({ ...ctx, actorId: null }, { certificateType: 'birth', copies: 1, nameOnRecord: 'M L', eventDate: '1990-04-12', eventPlace: '', requesterName: 'M L', unitFeeCents: 1400, amountCents: 1400 });
    await recordServiceTransaction(ctx, { ...parking(1400), orderId: order.id });
    await refused(recordServiceTransaction(ctx, { ...parking(1400), orderId: order.id }), 'order_not_pending');
    // The day closes; the next stop carries on the same device's sequence.
    await noShowTicket(ctx, t1.id, 'clerk-ana');
    await noShowTicket(ctx, t2.id, 'clerk-ana');
    await closeTheDay(ctx, stop);
    await refused(recordServiceTransaction(ctx, parking(300)), 'day_closed');
    await closeStop(ctx, stop.id);
    await openStop(ctx, { ...stopInput, place: 'Codman Square' });
    const next = await recordServiceTransaction(ctx, parking(400));
    expect(next.receiptNumber).toBe('R-VAN2-000004');
    const numbers = (await ctx.db.events.toArray()).flatMap((e) => (e.type === 'TransactionRecorded' ? [e.payload.receiptNumber] : []));
    expect(numbers).toEqual(['R-VAN2-000001', 'R-VAN2-000002', 'R-VAN2-000003', 'R-VAN2-000004']);
  });

  it('stay unique and consecutive when two windows record at once', async () => {
    const ctx = await kiosk();
    await openStop(ctx, stopInput);
    const other: RecordContext = { ...ctx, db: new KioskDb(ctx.db.name) };
    const made = await Promise.all(Array.from({ length: 10 }, (_, i) => recordServiceTransaction(i % 2 ? ctx : other, parking(100 + i))));
    const numbers = made.map((t) => t.receiptNumber).sort();
    expect(numbers).toEqual(Array.from({ length: 10 }, (_, i) => `R-VAN2-${String(i + 1).padStart(6, '0')}`));
    other.db.close();
  });

  it('carry the resident language of the ticket or order they started from', async () => {
    const ctx = await kiosk();
    await openStop(ctx, stopInput);
    const order = await orderCertificate({ ...ctx, actorId: null }, { certificateType: 'birth', copies: 2, nameOnRecord: 'M L', eventDate: '1990-04-12', eventPlace: '', requesterName: 'M L', unitFeeCents: 1400, amountCents: 2800, language: 'es' });
    expect(order.language).toBe('es');
    const tx = await recordServiceTransaction(ctx, { ...parking(2800), orderId: order.id, language: order.language });
    expect(tx.language).toBe('es');
    expect((await recordServiceTransaction(ctx, parking(100))).language).toBeNull();
  });
});

describe('voids with controls', () => {
  it('needs a supervisor over the configured amount, or for another clerk’s transaction; a clerk cannot approve', async () => {
    expect(voidApprovalReason({ amountCents: 5000, staffId: 'clerk-ana' }, 'clerk-ana', 5000)).toBeNull();
    expect(voidApprovalReason({ amountCents: 5001, staffId: 'clerk-ana' }, 'clerk-ana', 5000)).toBe('over_threshold');
    expect(voidApprovalReason({ amountCents: 100, staffId: 'clerk-bo' }, 'clerk-ana', 5000)).toBe('other_clerk');

    const ana = await kiosk('clerk-ana');
    await openStop(ana, stopInput);
    const big = await recordServiceTransaction(ana, parking(7500));
    const small = await recordServiceTransaction(ana, parking(2000));
    const before = await ana.db.events.count();
    await refused(voidTransaction(ana, big.id, 'Wrong bill', { approvalThresholdCents: 5000 }), 'approval_required');
    await refused(voidTransaction(ana, big.id, 'Wrong bill', { approvalThresholdCents: 5000, approvedBy: 'clerk-bo' }), 'approver_not_supervisor');
    await refused(voidTransaction(ana, big.id, 'Wrong bill', { approvalThresholdCents: 5000, approvedBy: 'super-old' }), 'approver_not_supervisor');
    expect(await ana.db.events.count()).toBe(before);
    expect((await ana.db.transactions.get(big.id))?.status).toBe('recorded');
    // The same amount under a higher threshold needs nobody.
    const bo: RecordContext = { ...ana, actorId: 'clerk-bo' };
    await refused(voidTransaction(bo, small.id, 'Mine?', { approvalThresholdCents: 5000 }), 'approval_required');

    await voidTransaction(ana, big.id, 'Wrong bill', { approvalThresholdCents: 5000, approvedBy: 'super-sam' });
    await voidTransaction(bo, small.id, 'Duplicate', { approvalThresholdCents: 5000, approvedBy: 'super-sam' });
    const voids = (await ana.db.events.toArray()).flatMap((e) => (e.type === 'TransactionVoided' ? [e.payload] : []));
    expect(voids).toEqual([
      { transactionId: big.id, reason: 'Wrong bill', staffId: 'clerk-ana', approvedBy: 'super-sam' },
      { transactionId: small.id, reason: 'Duplicate', staffId: 'clerk-bo', approvedBy: 'super-sam' },
    ]);
    expect(await ana.db.transactions.get(big.id)).toMatchObject({ status: 'voided', voidApprovedBy: 'super-sam' });
  });
});

describe('refunds after the close (RefundIssued)', () => {
  it('are refused while the sale’s day is open, without a stop, over what remains, or on a void', async () => {
    const ctx = await kiosk();
    const stop = await openStop(ctx, stopInput);
    const tx = await recordServiceTransaction(ctx, parking(2800));
    const voided = await recordServiceTransaction(ctx, parking(500));
    await voidTransaction(ctx, voided.id, 'Mistake');
    const refund = (amountCents: number, transactionId = tx.id, approvedBy = 'super-sam') =>
      issueRefund(ctx, { transactionId, amountCents, method: 'cash', reason: 'Record not found', approvedBy });
    await refused(refund(1400), 'day_open');
    await closeTheDay(ctx, stop);
    await refused(refund(1400), 'day_closed');
    await closeStop(ctx, stop.id);
    await refused(refund(1400), 'no_open_stop');
    const next = await openStop(ctx, { ...stopInput, place: 'Codman Square' });
    const before = await ctx.db.events.count();
    await refused(refund(2801), 'refund_too_large');
    await refused(refund(100, voided.id), 'already_voided');
    await refused(refund(100, tx.id, 'clerk-bo'), 'approver_not_supervisor');
    expect(await ctx.db.events.count()).toBe(before);

    const given = await refund(1400);
    expect(given).toMatchObject({ stopId: next.id, amountCents: 1400, receiptNumber: tx.receiptNumber, approvedBy: 'super-sam' });
    await refused(refund(1401), 'refund_too_large');
    await refund(1400);
    await refused(refund(1), 'refund_too_large');
    expect((await ctx.db.transactions.get(tx.id))?.refundedCents).toBe(2800);
    // Counted on the day given: both refunds belong to the second stop; the original sale stays in the first.
    expect((await ctx.db.refunds.where('stopId').equals(next.id).toArray()).map((r) => r.amountCents)).toEqual([1400, 1400]);
    const event = (await ctx.db.events.toArray()).find((e) => e.type === 'RefundIssued');
    expect(event?.payload).toMatchObject({ transactionId: tx.id, stopId: next.id, amountCents: 1400, method: 'cash', staffId: 'clerk-ana', approvedBy: 'super-sam' });
  });
});
