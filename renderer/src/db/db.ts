import Dexie, { type EntityTable } from 'dexie';
import type { AnyDeviceEvent, Payment } from '../../../shared';

/** The device's outbox: every event ever recorded here, by seq. Never deleted; "pending" is seq > sync cursor. */
export type StoredEvent = AnyDeviceEvent;

export interface LocalTransaction {
  id: string;
  eventId: string;
  seq: number;
  serviceCode: string;
  serviceName: string;
  reference: string;
  quantity: number;
  amountCents: number;
  payment: Payment;
  receiptNumber: string;
  occurredAt: string;
  status: 'recorded' | 'voided';
}

/** An event the server rejected, with its reason; kept for the supervisor, never deleted. */
export interface QuarantinedEvent {
  seq: number;
  id: string;
  type: string;
  code: string;
  message: string;
  rejectedAt: string;
}

export type MetaKey = 'syncCursor' | 'lastSyncAt';
export interface MetaEntry {
  key: MetaKey;
  value: number | string;
}

export class KioskDb extends Dexie {
  events!: EntityTable<StoredEvent, 'seq'>;
  transactions!: EntityTable<LocalTransaction, 'id'>;
  quarantine!: EntityTable<QuarantinedEvent, 'seq'>;
  meta!: EntityTable<MetaEntry, 'key'>;

  constructor(name = 'city-hall-to-go') {
    // strict: a transaction completes only once it is on disk, so "recorded" on screen means durable.
    super(name, { chromeTransactionDurability: 'strict' });
    this.version(1).stores({
      events: 'seq, &id, type',
      transactions: 'id, occurredAt, receiptNumber, status',
      quarantine: 'seq, &id',
      meta: 'key',
    });
  }
}

export async function getSyncCursor(db: KioskDb): Promise<number> {
  const entry = await db.meta.get('syncCursor');
  return typeof entry?.value === 'number' ? entry.value : 0;
}

export async function countPending(db: KioskDb): Promise<number> {
  const cursor = await getSyncCursor(db);
  return db.events.where('seq').above(cursor).count();
}
