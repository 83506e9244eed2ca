import Dexie, { type EntityTable } from 'dexie';
import type { AnyDeviceEvent, Catalogue, Payment } from '../../../shared';

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

/** The catalogue as last pulled, with its ETag for the next conditional GET. */
export interface StoredCatalogue {
  key: 'current';
  version: number;
  etag: string | null;
  catalogue: Catalogue;
  fetchedAt: string;
}

/** A 311 request filed on this device, with the status the central office last reported. */
export interface LocalServiceRequest {
  requestId: string;
  localReference: string;
  serviceCode: string;
  description: string;
  addressString: string;
  filedAt: string;
  status: 'open' | 'closed';
  statusNotes: string | null;
  updatedAt: string;
}

/** One sync round, for the supervisor's sync log: one write per round, never per event. */
export interface SyncLogEntry {
  id?: number;
  startedAt: string;
  durationMs: number;
  outcome: 'ok' | 'offline' | 'error' | 'unauthorized';
  pushed: number;
  rejected: number;
  message: string | null;
}

export type MetaKey = 'syncCursor' | 'lastSyncAt' | 'pullCursor';
export interface MetaEntry {
  key: MetaKey;
  value: number | string;
}

export class KioskDb extends Dexie {
  events!: EntityTable<StoredEvent, 'seq'>;
  transactions!: EntityTable<LocalTransaction, 'id'>;
  quarantine!: EntityTable<QuarantinedEvent, 'seq'>;
  meta!: EntityTable<MetaEntry, 'key'>;
  catalogue!: EntityTable<StoredCatalogue, 'key'>;
  serviceRequests!: EntityTable<LocalServiceRequest, 'requestId'>;
  syncLog!: EntityTable<SyncLogEntry, 'id'>;

  constructor(name = 'city-hall-to-go') {
    // strict: a transaction completes only once it is on disk, so "recorded" on screen means durable.
    super(name, { chromeTransactionDurability: 'strict' });
    this.version(1).stores({
      events: 'seq, &id, type',
      transactions: 'id, occurredAt, receiptNumber, status',
      quarantine: 'seq, &id',
      meta: 'key',
    });
    // v2: the pulled catalogue, 311 requests with their central status, and the sync log. New tables only.
    this.version(2).stores({
      catalogue: 'key',
      serviceRequests: 'requestId, localReference, filedAt',
      syncLog: '++id, startedAt',
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

/** The oldest event still waiting to be answered by the central office, if any. */
export async function oldestPending(db: KioskDb): Promise<StoredEvent | undefined> {
  const cursor = await getSyncCursor(db);
  return db.events.where('seq').above(cursor).first();
}
