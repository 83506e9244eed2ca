import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { answerHelp, callTicket, carryOverOrder, closeDay, issueTicket, openStop, orderCertificate, recordServiceTransaction, requestHelp, serveTicket, voidTransaction } from '../../renderer/src/db/actions';
import { KioskDb } from '../../renderer/src/db/db';
import type { RecordContext } from '../../renderer/src/db/outbox';
import {
  carriedOverOrderCount,
  closedDayStopIds,
  findByReceiptNumber,
  helpCallInPlay,
  latestStop,
  ticketQueueView,
  transactionsSince,
  unansweredHelpCalls,
} from '../../renderer/src/db/queries';
import { vanCode } from '../../renderer/src/db/transactions';
import { receiptInputFor } from '../../renderer/src/staff/receipt-assembly';
import { balancedDayClose, parkingSale, staffCatalogue, stopOn } from '../helpers/kiosk-fixtures';

/** The reads the screens use (renderer/src/db/queries.ts), on a kiosk whose clock the test moves. */
let n = 0;

async function kiosk(start = '2026-12-01T15:00:00.000Z') {
  const clock = { at: Date.parse(start) };
  const db = new KioskDb(`queries-${process.pid}-${++n}`);
  await db.catalogue.put({ key: 'current', version: 1, etag: null, catalogue: staffCatalogue, fetchedAt: start });
  const ctx: RecordContext = { db, deviceId: 'dev-q', now: () => new Date(clock.at), actorId: 'clerk-ana', catalogueVersion: 1, receiptPrefix: vanCode('Van 2') };
  return { ctx, clock, db };
}

const stopInput = stopOn('2026-12-01');
const parking = (amountCents: number) => parkingSale(amountCents, { language: 'es' });

const ticketInput = { categoryCode: 'payments', prefix: 'A', source: 'resident' as const, language: 'es' };

describe('queue reads for the resident screen', () => {
  it('counts only waiting tickets taken before this one, and clerks who called in the last half hour', async () => {
    const { ctx, clock, db } = await kiosk();
    await openStop(ctx, stopInput);
    const first = await issueTicket(ctx, ticketInput);
    clock.at += 60_000;
    const second = await issueTicket(ctx, ticketInput);
    clock.at += 60_000;
    const mine = await issueTicket(ctx, ticketInput);
    expect((await ticketQueueView(db, mine.id, 5, clock.at))?.ahead).toBe(2);
    await callTicket(ctx, first.id, 'clerk-ana');
    clock.at += 4 * 60_000;
    await serveTicket(ctx, first.id, 'clerk-ana');
    await callTicket({ ...ctx, actorId: 'clerk-bo' }, second.id, 'clerk-bo');
    const view = await ticketQueueView(db, mine.id, 5, clock.at);
    expect(view).toMatchObject({ ahead: 0, recentServiceMs: [4 * 60_000], counters: 2 });
    // Just over 30 minutes after Ana's call she no longer counts as serving; Bo, who called four minutes later, does.
    const anaCalledAt = Date.parse((await db.tickets.get(first.id))!.calledAt!);
    expect((await ticketQueueView(db, mine.id, 5, anaCalledAt + 30 * 60_000 + 1))?.counters).toBe(1);
    expect(await ticketQueueView(db, 'no-such-ticket', 5, clock.at)).toBeNull();
  });
});

describe('help calls', () => {
  it('a call answered less than the on-the-way time ago is still in play; a minute later it is not', async () => {
    const { ctx, clock, db } = await kiosk();
    const id = await requestHelp({ ...ctx, actorId: null }, 'es');
    expect((await unansweredHelpCalls(db)).map((h) => h.id)).toEqual([id]);
    await answerHelp(ctx, id);
    expect(await unansweredHelpCalls(db)).toEqual([]);
    const onTheWay = 5 * 60_000;
    expect((await helpCallInPlay(db, clock.at + onTheWay - 1, onTheWay))?.id).toBe(id);
    expect(await helpCallInPlay(db, clock.at + onTheWay, onTheWay)).toBeUndefined();
  });
});

describe('stops, orders and transactions', () => {
  it('the closed day is known as closed, its carried-over orders counted, and it stays the latest stop', async () => {
    const { ctx, db } = await kiosk();
    const stop = await openStop(ctx, stopInput);
    expect((await latestStop(db))?.id).toBe(stop.id);
    const order = await orderCertificate(
      { ...ctx, actorId: null },
      { certificateType: 'birth', copies: 2, nameOnRecord: 'Maria Lopez', eventDate: '1990-04-12', eventPlace: 'Boston', requesterName: 'Maria Lopez', unitFeeCents: 1400, amountCents: 2800 },
    );
    expect(await carriedOverOrderCount(db, stop.id)).toBe(0);
    await carryOverOrder(ctx, order.id);
    expect(await carriedOverOrderCount(db, stop.id)).toBe(1);
    expect(await closedDayStopIds(db)).toEqual(new Set());
    await closeDay(ctx, balancedDayClose(stop.id, '2026-12-01'));
    expect(await closedDayStopIds(db)).toEqual(new Set([stop.id]));
    expect((await latestStop(db))?.id).toBe(stop.id);
  });

  it('finds a receipt by its number typed in any case, lists the day from midnight on, and a reprint says VOID', async () => {
    const { ctx, clock, db } = await kiosk('2026-12-01T04:59:00.000Z');
    await openStop(ctx, stopInput);
    const early = await recordServiceTransaction(ctx, parking(500));
    clock.at = Date.parse('2026-12-01T05:00:00.000Z');
    const tx = await recordServiceTransaction(ctx, parking(1200));
    expect((await findByReceiptNumber(db, ` ${tx.receiptNumber.toLowerCase()} `))?.id).toBe(tx.id);
    expect(await findByReceiptNumber(db, 'NOPE-1')).toBeUndefined();
    expect((await transactionsSince(db, '2026-12-01T05:00:00.000Z')).map((t) => t.id)).toEqual([tx.id]);
    expect((await transactionsSince(db, '2026-12-01T04:00:00.000Z')).map((t) => t.id)).toEqual([tx.id, early.id]);

    const config = { cityName: 'Boston', vanName: 'Van 2', apiUrl: 'http://127.0.0.1:1', receiptVerificationBaseUrl: undefined };
    const first = await receiptInputFor(db, tx, { config, timeZone: 'America/New_York' });
    expect(first).toMatchObject({ clerkName: 'Ana Clerk', language: 'es', reprint: false, verificationBaseUrl: 'http://127.0.0.1:1/v1/receipts/verify/' });
    expect(first.stop?.place).toBe('Fields Corner');
    await voidTransaction(ctx, tx.id, 'Wrong ticket');
    // The screen still holds the transaction as recorded: the receipt reads it again.
    const reprint = await receiptInputFor(db, tx, { config: { ...config, receiptVerificationBaseUrl: 'https://city.example/r/' }, timeZone: 'America/New_York', reprint: true, language: 'en' });
    expect(reprint).toMatchObject({ reprint: true, language: 'en', verificationBaseUrl: 'https://city.example/r/' });
    expect(reprint.transaction.status).toBe('voided');
  });

  it('a clerk no longer on the staff list is printed by id', async () => {
    const { ctx, db } = await kiosk();
    await openStop(ctx, stopInput);
    const tx = await recordServiceTransaction({ ...ctx, actorId: 'clerk-gone' }, parking(300));
    const config = { cityName: 'Boston', vanName: 'Van 2', apiUrl: 'http://127.0.0.1:1' };
    expect((await receiptInputFor(db, tx, { config, timeZone: 'America/New_York' })).clerkName).toBe('clerk-gone');
  });
});
