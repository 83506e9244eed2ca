import { newId, type Payment } from '../../../shared';
import type { KioskDb, LocalTransaction } from './db';
import { recordEvent, type RecordContext } from './outbox';

export interface TransactionDraft {
  serviceCode: string;
  serviceName: string;
  reference: string;
  quantity: number;
  unitFeeCents: number | null;
  amountCents: number;
  payment: Payment;
  catalogueVersion: number;
  stopId: string | null;
  staffId: string | null;
  fields?: Record<string, string | number | boolean>;
  residentName?: string;
  orderId?: string | null;
}

/** Receipt numbers are unique per device: the event's seq, which is never reused. */
export function receiptNumberFor(seq: number): string {
  return `R-${String(seq).padStart(6, '0')}`;
}

export async function recordTransaction(ctx: RecordContext, draft: TransactionDraft): Promise<LocalTransaction> {
  const transactionId = newId();
  let stored: LocalTransaction | undefined;
  await recordEvent(
    ctx,
    'TransactionRecorded',
    (seq) => ({ ...draft, transactionId, receiptNumber: receiptNumberFor(seq) }),
    async (event) => {
      if (event.type !== 'TransactionRecorded') return;
      const p = event.payload;
      stored = {
        id: p.transactionId,
        eventId: event.id,
        seq: event.seq,
        serviceCode: p.serviceCode,
        serviceName: p.serviceName,
        reference: p.reference,
        quantity: p.quantity,
        amountCents: p.amountCents,
        payment: p.payment,
        receiptNumber: p.receiptNumber,
        occurredAt: event.occurredAt,
        status: 'recorded',
      };
      await ctx.db.transactions.add(stored);
    },
  );
  if (!stored) throw new Error('transaction was not stored');
  return stored;
}

export function listRecentTransactions(db: KioskDb, limit = 20): Promise<LocalTransaction[]> {
  return db.transactions.orderBy('occurredAt').reverse().limit(limit).toArray();
}
