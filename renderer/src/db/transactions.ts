import { newId, type AnyDeviceEvent, type EventPayloadInput } from '../../../shared';
import type { KioskDb, LocalTransaction } from './db';
import { recordEvent, type RecordContext } from './outbox';

/** What a screen hands over to record: the payload before the outbox gives it an id and a receipt number. */
export type TransactionDraft = Omit<EventPayloadInput<'TransactionRecorded'>, 'transactionId' | 'receiptNumber'>;

/** The van's code in receipt numbers: its configured name in capitals and digits ("Van 2" → "VAN2"). */
export function vanCode(vanName: string): string {
  return vanName.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 12) || 'VAN';
}

export function formatReceiptNumber(prefix: string, n: number): string {
  return `R-${prefix}-${String(n).padStart(6, '0')}`;
}

/**
 * The next receipt number of this device, to be called inside the recording transaction (with db.meta in its scope):
 * the counter is read there and written back by `commit`, so an aborted transaction takes no number and two windows
 * recording at once are serialised by IndexedDB. Gap-free per device; a void keeps its number.
 */
export async function allocateReceiptNumber(db: KioskDb, prefix = 'VAN'): Promise<{ receiptNumber: string; commit: () => Promise<unknown> }> {
  const entry = await db.meta.get('receiptCounter');
  const next = (typeof entry?.value === 'number' ? entry.value : 0) + 1;
  return { receiptNumber: formatReceiptNumber(prefix, next), commit: () => db.meta.put({ key: 'receiptCounter', value: next }) };
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
    language: p.language,
    refundedCents: 0,
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
    (_seq, receipt) => ({ ...draft, transactionId, receiptNumber: receipt.receiptNumber }),
    async (event, receipt) => {
      if (event.type !== 'TransactionRecorded') return;
      stored = localTransactionFrom(event);
      await Promise.all([ctx.db.transactions.add(stored), receipt.commit()]);
    },
    {
      readModels: (db) => [db.transactions, db.meta],
      load: () => allocateReceiptNumber(ctx.db, ctx.receiptPrefix),
      personal: { transactionId, residentName: draft.residentName ?? '', fields: draft.fields ?? {}, reference: draft.reference },
    },
  );
  if (!stored) throw new Error('transaction was not stored');
  return stored;
}
