import { newId, type AnyDeviceEvent, type Payment } from '../../../shared';
import type { LocalTransaction } from './db';
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

/** The read-model row for a TransactionRecorded event. */
export function localTransactionFrom(event: Extract<AnyDeviceEvent, { type: 'TransactionRecorded' }>): LocalTransaction {
  const p = event.payload;
  return {
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
    stopId: p.stopId,
    staffId: p.staffId,
    fields: p.fields,
    residentName: p.residentName,
    orderId: p.orderId,
    unitFeeCents: p.unitFeeCents,
    catalogueVersion: p.catalogueVersion,
    voidedAt: null,
    voidReason: null,
    voidedBy: null,
  };
}

/**
 * Records a transaction with no stop rules: the low-level writer the sync tests and benchmarks use to fill an outbox.
 * The console records through `recordServiceTransaction` (db/actions.ts), which enforces the open stop and the day lock.
 */
export async function recordTransaction(ctx: RecordContext, draft: TransactionDraft): Promise<LocalTransaction> {
  const transactionId = newId();
  let stored: LocalTransaction | undefined;
  await recordEvent(
    ctx,
    'TransactionRecorded',
    (seq) => ({ ...draft, transactionId, receiptNumber: receiptNumberFor(seq) }),
    async (event) => {
      if (event.type !== 'TransactionRecorded') return;
      stored = localTransactionFrom(event);
      await ctx.db.transactions.add(stored);
    },
    { readModels: (db) => [db.transactions] },
  );
  if (!stored) throw new Error('transaction was not stored');
  return stored;
}
