import { newId, type AnyDeviceEvent, type EventPayloadInput } from '../../../shared';
import type { LocalTransaction } from './db';
import { recordEvent, type RecordContext } from './outbox';

/** What a screen hands over to record: the payload before the outbox gives it an id and a receipt number. */
export type TransactionDraft = Omit<EventPayloadInput<'TransactionRecorded'>, 'transactionId' | 'receiptNumber'>;

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
