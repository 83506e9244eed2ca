import Dexie, { type EntityTable, type IndexableType, type Table, type Transaction } from 'dexie';
import { personalTables, type AnyDeviceEvent, type Catalogue, type DayCloseRecord, type Denomination, type Payment } from '../../../shared';
import { browserDataKey } from '../host/data-key';
import type { StaffText } from '../error-text';
import { atRestMiddleware, RecordSealer, type Row, type SealedTable } from './at-rest';

/** The device's outbox: every event ever recorded here, by seq. Never deleted; "pending" is seq > sync cursor. */
export type StoredEvent = AnyDeviceEvent;

export interface LocalTransaction {
  id: string;
  eventId: string;
  seq: number;
  serviceCode: string;
  serviceName: string;
  /** Personal: gone once retention purged the record (db/retention.ts), like every personal column below. */
  reference?: string;
  quantity: number;
  amountCents: number;
  payment: Payment;
  receiptNumber: string;
  occurredAt: string;
  status: 'recorded' | 'voided';
  /** From v3: the stop, the clerk, the form's answers, whom it was for, and the void if any. */
  stopId?: string | null;
  staffId?: string | null;
  fields?: Record<string, string | number | boolean>;
  residentName?: string;
  orderId?: string | null;
  unitFeeCents?: number | null;
  catalogueVersion?: number;
  voidedAt?: string | null;
  voidReason?: string | null;
  voidedBy?: string | null;
  /** The supervisor who approved the void, when one had to. */
  voidApprovedBy?: string | null;
  /** The resident's language, when the transaction started from their ticket or order. */
  language?: string | null;
  /** Money given back after the day closed (RefundIssued), in total. */
  refundedCents?: number;
}

/** A refund given after the day of the sale was closed; it counts in the day (stop) at which it was given. */
export interface LocalRefund {
  id: string;
  transactionId: string;
  receiptNumber: string;
  stopId: string;
  amountCents: number;
  method: 'cash' | 'check' | 'card';
  reason: string;
  staffId: string;
  approvedBy: string;
  issuedAt: string;
}

export interface LocalStop {
  id: string;
  neighbourhood: string;
  place: string;
  plannedStart: string;
  plannedEnd: string;
  openingFloatCents: number;
  openedBy: string | null;
  floatConfirmedBy: string;
  openedAt: string;
  closedAt: string | null;
  /** Set by DayClosed: the stop's day is locked (no new transactions or voids). */
  dayClosedAt: string | null;
}

export type TicketStatus = 'waiting' | 'called' | 'served' | 'no_show' | 'cancelled';

export interface LocalTicket {
  id: string;
  stopId: string;
  number: string;
  categoryCode: string;
  source: 'resident' | 'staff';
  language: string | null;
  issuedAt: string;
  calledAt: string | null;
  calledBy: string | null;
  servedAt: string | null;
  noShowAt: string | null;
  status: TicketStatus;
  /** From v5: a ticket ended without service (TicketCancelled), with the clerk's reason. */
  cancelledAt?: string | null;
  cancelReason?: string | null;
  /** Where a no-show came from, so an undo within the minute puts it back there. */
  noShowFrom?: 'waiting' | 'called' | null;
}

export interface LocalCertificateOrder {
  id: string;
  localReference: string;
  stopId: string | null;
  certificateType: 'birth' | 'marriage' | 'death';
  copies: number;
  nameOnRecord?: string;
  eventDate?: string;
  eventPlace?: string;
  requesterName?: string;
  unitFeeCents: number;
  amountCents: number;
  orderedAt: string;
  /** The resident's language at the touchscreen (orders made before v7 have none). */
  language?: string | null;
  status: 'pending' | 'paid' | 'cancelled';
  transactionId: string | null;
  /**
   * From v5: the stop whose counter takes this order's payment. It starts as the stop it was ordered at; an order
   * carried over at a day close has none until the next stop opens and takes it.
   */
  currentStopId?: string | null;
  /** The stop it was carried over from, when it was. */
  carriedOverFrom?: string | null;
  cancelledAt?: string | null;
  cancelReason?: string | null;
}

export interface LocalSurvey {
  id: string;
  stopId: string | null;
  ticketId: string | null;
  rating: number;
  comment?: string;
  answeredAt: string;
}

/** A resident's answer to the city's question, kept for the day's participation count (the event carries the text). */
export interface LocalCityAnswer {
  id: string;
  stopId: string | null;
  questionId: string;
  language: string;
  topic: string;
  answeredAt: string;
}

export interface LocalHelpRequest {
  id: string;
  stopId: string | null;
  language: string | null;
  requestedAt: string;
  answeredAt: string | null;
  answeredBy: string | null;
  /** A call the resident took back, or one ended at the day close. */
  cancelledAt?: string | null;
  /**
   * 1 while nobody has answered or withdrawn the call; removed once someone does. IndexedDB indexes only the rows that
   * have it, so the open calls are found without reading a year of answered ones (v10).
   */
  open?: 1;
}

/** A closed day; from v7 with the drawer count by denomination for the report (older closes have it in their event). */
export type LocalDayClose = DayCloseRecord & { cashCount?: Partial<Record<Denomination, number>> };

/** An event the server rejected, with its reason; kept for the supervisor, never deleted. */
export interface QuarantinedEvent {
  seq: number;
  id: string;
  type: string;
  code: string;
  message: string;
  rejectedAt: string;
  /** A supervisor's resolution (RejectionResolved); the event itself is never deleted. */
  resolvedAt?: string | null;
  resolvedBy?: string | null;
  resolutionNote?: string | null;
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
  description?: string;
  addressString?: string;
  filedAt: string;
  status: 'open' | 'closed';
  statusNotes: string | null;
  updatedAt: string;
}

/** How a sync round ended; the supervisor's sync log shows each in words (syncControl.outcomes.*). */
export const SYNC_OUTCOMES = ['ok', 'offline', 'error', 'unauthorized', 'upgrade_required'] as const;
export type SyncOutcome = (typeof SYNC_OUTCOMES)[number];

/** One sync round, for the supervisor's sync log: one write per round, never per event. */
export interface SyncLogEntry {
  id?: number;
  startedAt: string;
  durationMs: number;
  outcome: SyncOutcome;
  pushed: number;
  rejected: number;
  /** English, for whoever reads the stored log. */
  message: string | null;
  /** The same in the staff catalogue's terms, for the supervisor's screen (absent in rounds logged before it was kept). */
  text?: StaffText | null;
}

export type MetaKey = 'syncCursor' | 'lastSyncAt' | 'pullCursor' | 'pinLockout' | 'storeEpoch' | 'receiptCounter' | 'atRestPending' | 'backedUpSeq' | 'lastPersonalDataPurge';
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
  stops!: EntityTable<LocalStop, 'id'>;
  tickets!: EntityTable<LocalTicket, 'id'>;
  certificateOrders!: EntityTable<LocalCertificateOrder, 'id'>;
  surveys!: EntityTable<LocalSurvey, 'id'>;
  helpRequests!: EntityTable<LocalHelpRequest, 'id'>;
  dayCloses!: EntityTable<LocalDayClose, 'stopId'>;
  cityAnswers!: EntityTable<LocalCityAnswer, 'id'>;
  refunds!: EntityTable<LocalRefund, 'id'>;
  /** Seals personal fields at rest and opens them on read (db/at-rest.ts). */
  readonly atRest: RecordSealer;

  /**
   * `dataKey`: the host's device key (the browser host's own when not given). `durability`: strict (the default) for
   * every connection that records: a transaction completes only once it is on disk, so "recorded" on screen means
   * durable. The sync worker's connection is relaxed (see SYNC_WORKER_DURABILITY).
   */
  constructor(name = 'city-hall-to-go', options: { dataKey?: () => Promise<CryptoKey>; durability?: 'strict' | 'relaxed' } = {}) {
    super(name, { chromeTransactionDurability: options.durability ?? 'strict' });
    this.atRest = new RecordSealer(options.dataKey ?? (() => browserDataKey()));
    this.use(atRestMiddleware(this.atRest));
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
    // v3: the stop, queue, orders, surveys, help calls and day closes; transactions gain their stop and clerk.
    this.version(3)
      .stores({
        transactions: 'id, occurredAt, receiptNumber, status, stopId',
        stops: 'id, openedAt',
        tickets: 'id, stopId, [stopId+status], issuedAt',
        certificateOrders: 'id, localReference, status, orderedAt',
        surveys: 'id, answeredAt',
        helpRequests: 'id, requestedAt',
        dayCloses: 'stopId, businessDate',
      })
      .upgrade(upgradeToV3);
    // v4: drop indexes nothing queries (events by type; transactions by receipt number or status): every index is one
    // more write each time the counter records. Data unchanged.
    this.version(4).stores({
      events: 'seq, &id',
      transactions: 'id, occurredAt, stopId',
    });
    // v5: orders belong to the stop that takes their payment; one left unpaid at a closed stop waits for the next.
    this.version(5).stores({}).upgrade(upgradeToV5);
    // v6: residents' answers to the city's questions ("Tell the city"). A new table only.
    this.version(6).stores({ cityAnswers: 'id, answeredAt' });
    // v7: refunds given after a day's close, by the stop at which they were given. A new table only.
    this.version(7).stores({
      refunds: 'id, stopId, transactionId',
    });
    // v8: a year on the van (bench:device) must not make a screen read every row: surveys and residents' answers by
    // stop (the day's dashboard and close), transactions by receipt number again (a refund finds a sale from any day).
    // Index additions only: IndexedDB builds them from the stored rows, so no data changes.
    this.version(8).stores({
      transactions: 'id, occurredAt, stopId, receiptNumber',
      surveys: 'id, answeredAt, stopId',
      cityAnswers: 'id, answeredAt, stopId',
    });
    // v9: personal fields sealed at rest. Sealing waits on WebCrypto, which an upgrade transaction cannot: the upgrade
    // only notes that records from before may be in clear, and sealClearRecords seals them once the database is open.
    this.version(9).stores({}).upgrade(upgradeToV9);
    // v10: help calls found by index, not by reading every call of the year: the open ones by a marker only they carry,
    // the answered ones by when (the touchscreen's "on the way" window). Marks the calls still open.
    this.version(10).stores({ helpRequests: 'id, requestedAt, open, answeredAt' }).upgrade(upgradeToV10);
    this.on('ready', (db) => sealClearRecords(db as KioskDb));
  }
}

/** Calls from before v10 that nobody answered or withdrew get the open marker. */
export async function upgradeToV10(tx: Transaction): Promise<void> {
  await tx
    .table('helpRequests')
    .filter((h: LocalHelpRequest) => h.answeredAt === null && !h.cancelledAt)
    .modify({ open: 1 });
}

/** Records written before v9 may hold personal fields in clear: flag them for sealClearRecords. */
export async function upgradeToV9(tx: Transaction): Promise<void> {
  await tx.table('meta').put({ key: 'atRestPending', value: 1 } satisfies MetaEntry);
}

const SEAL_BATCH = 200;

/**
 * Seals the personal fields of records stored in clear before v9, in small batches, before anything else reads or
 * writes (Dexie holds other requests until 'ready' ends). Each batch is read, sealed outside any transaction, then
 * written in one transaction that re-reads every row and replaces only its personal fields, and only if they are
 * still the ones sealed: a crash leaves whole batches done or not, a second run skips sealed rows, nothing else
 * changes. The flag goes once every table is done.
 */
export async function sealClearRecords(db: KioskDb): Promise<void> {
  if (!(await db.meta.get('atRestPending'))) return;
  for (const name of ['events', ...personalTables] as SealedTable[]) {
    const table = db.table<Row, IndexableType>(name);
    const keyOf = (row: Row) => row[table.schema.primKey.keyPath as string] as IndexableType;
    let after: IndexableType | null = null;
    for (;;) {
      const from = after;
      // In an explicit transaction, rows come back as stored (not opened): clear ones are the ones to seal.
      const batch = await db.transaction('r', table, () => (from === null ? table.orderBy(':id') : table.where(':id').above(from)).limit(SEAL_BATCH).toArray());
      if (batch.length === 0) break;
      after = keyOf(batch.at(-1)!);
      const sealed = (await Promise.all(batch.map(async (row) => ({ row, next: await db.atRest.seal(name, row) })))).filter((s) => s.next !== s.row);
      if (sealed.length === 0) continue;
      await db.transaction('rw', table, async () => {
        const now = await table.bulkGet(sealed.map((s) => keyOf(s.row)));
        const writes = sealed.filter((s, i) => now[i] && JSON.stringify(now[i]) === JSON.stringify(s.row)).map((s) => s.next);
        await table.bulkPut(writes);
        // A row changed meanwhile (another window) is read and sealed again.
        if (writes.length < sealed.length) after = from;
      });
    }
  }
  await db.meta.delete('atRestPending');
}

/**
 * Orders before v5 followed the van from stop to stop. Each pending one is placed at the stop it was ordered at while
 * that stop is open, else it waits for the next stop as if carried over: it is shown, never dropped.
 */
export async function upgradeToV5(tx: Transaction): Promise<void> {
  const stops = new Map((await tx.table('stops').toArray()).map((s: LocalStop) => [s.id, s]));
  await tx
    .table('certificateOrders')
    .toCollection()
    .modify((o: LocalCertificateOrder) => {
      const stop = o.stopId ? stops.get(o.stopId) : undefined;
      const stillOpen = stop !== undefined && stop.closedAt === null && stop.dayClosedAt === null;
      o.currentStopId = o.status === 'pending' && !stillOpen ? null : o.stopId;
      if (o.status === 'pending' && !stillOpen && o.stopId) o.carriedOverFrom = o.stopId;
    });
}

/** The stop whose counter takes an order's payment (see LocalCertificateOrder.currentStopId). */
export function orderStopId(order: LocalCertificateOrder): string | null {
  return order.currentStopId === undefined ? order.stopId : order.currentStopId;
}

/** v2 transactions had no stop or clerk: mark them as recorded outside a stop, so they are never lost from history. */
export async function upgradeToV3(tx: Transaction): Promise<void> {
  await tx
    .table('transactions')
    .toCollection()
    .modify((t: LocalTransaction) => {
      t.stopId ??= null;
      t.staffId ??= null;
      t.voidedAt ??= null;
    });
}

/**
 * Reads rows as they are stored, personal fields still sealed (an explicit transaction never waits on WebCrypto):
 * for reads that need no personal field — counts, types, seqs — and would otherwise open every row.
 */
export function readSealed<R>(db: KioskDb, tables: Table[], read: () => Promise<R>): Promise<R> {
  return db.transaction('r', tables, read);
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
