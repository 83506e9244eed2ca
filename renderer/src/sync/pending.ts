import { getSyncCursor, readSealed, type KioskDb, type StoredEvent } from '../db/db';

/**
 * What is waiting on this van, in the clerk's units: transactions (a sale, its void or refund count as one transaction
 * with something unsent) and, apart, the other records (sign-ins, tickets, stops, surveys…).
 */
export interface PendingSummary {
  transactions: number;
  otherRecords: number;
  /** When the oldest unsent record was made (device clock), or null when nothing waits. */
  oldestPendingAt: string | null;
  /** The transactions with something not yet answered by the office. */
  unsentTransactionIds: ReadonlySet<string>;
}

const TRANSACTION_EVENT_TYPES: ReadonlySet<string> = new Set(['TransactionRecorded', 'TransactionVoided', 'RefundIssued']);

/** The transaction an event belongs to, or null for the other records. A refund is a transaction of its own. */
export function transactionOf(event: Pick<StoredEvent, 'type' | 'payload' | 'id'>): string | null {
  if (!TRANSACTION_EVENT_TYPES.has(event.type)) return null;
  const payload = event.payload as unknown as Record<string, unknown>;
  // RefundIssued is being added to the event model; a refund is a transaction of its own.
  if ((event.type as string) === 'RefundIssued') return typeof payload.refundId === 'string' ? payload.refundId : event.id;
  return typeof payload.transactionId === 'string' ? payload.transactionId : event.id;
}

/** What the summary keeps of one unsent event: its seq, its transaction (null for the other records) and when. */
interface PendingEntry {
  seq: number;
  transaction: string | null;
  occurredAt: string;
}

const entryOf = (event: Pick<StoredEvent, 'type' | 'payload' | 'id' | 'occurredAt'> & { seq?: number }): PendingEntry => ({
  seq: event.seq ?? 0,
  transaction: transactionOf(event),
  occurredAt: event.occurredAt,
});

function summariseEntries(entries: readonly PendingEntry[]): PendingSummary {
  const unsent = new Set<string>();
  let otherRecords = 0;
  let oldest: string | null = null;
  let oldestMs = Infinity;
  for (const entry of entries) {
    if (entry.transaction === null) otherRecords++;
    else unsent.add(entry.transaction);
    const ms = Date.parse(entry.occurredAt);
    if (ms < oldestMs) {
      oldestMs = ms;
      oldest = entry.occurredAt;
    }
  }
  return { transactions: unsent.size, otherRecords, oldestPendingAt: oldest, unsentTransactionIds: unsent };
}

/** Pure: the summary of a list of unsent events. */
export function summarisePending(events: readonly Pick<StoredEvent, 'type' | 'payload' | 'id' | 'occurredAt'>[]): PendingSummary {
  return summariseEntries(events.map(entryOf));
}

/**
 * The supervisor's watermark: everything recorded up to `upTo` has reached the office. It comes from the highest
 * contiguous acknowledged seq (the sync cursor: every event up to it was answered), and is pulled back before the oldest
 * unsent record, so a device clock that stepped back can never make it claim an unsent record.
 */
export interface Watermark {
  /** Highest contiguous acknowledged seq; 0 when the office has answered nothing yet. */
  seq: number;
  /** The instant up to which everything recorded here has reached the office; null when nothing has yet. */
  upTo: string | null;
  /** True when nothing at all waits to be sent. */
  complete: boolean;
}

/**
 * Pure: the watermark from the acknowledged event at the cursor, the oldest unsent record and the last time the office
 * answered. With nothing unsent, everything recorded before that answer has reached the office.
 */
export function computeWatermark(
  cursor: number,
  acknowledged: Pick<StoredEvent, 'occurredAt'> | undefined,
  oldestPendingAt: string | null,
  lastAnsweredAt: string | null = null,
): Watermark {
  const complete = oldestPendingAt === null;
  if (cursor === 0 || !acknowledged) return { seq: cursor, upTo: null, complete };
  let upToMs = Date.parse(acknowledged.occurredAt);
  if (oldestPendingAt !== null) upToMs = Math.min(upToMs, Date.parse(oldestPendingAt) - 1);
  else if (lastAnsweredAt !== null && Date.parse(lastAnsweredAt) > upToMs) upToMs = Date.parse(lastAnsweredAt);
  return { seq: cursor, upTo: new Date(upToMs).toISOString(), complete };
}

export interface SyncPicture {
  pending: PendingSummary;
  watermark: Watermark;
  /** When the office last answered a push (lastSyncAt). */
  lastAnsweredAt: string | null;
}

/**
 * The unsent events as last read from one database: what was above `cursor` up to `lastSeq` (the event `lastId`).
 * Events are never deleted and their seqs commit in order, so while the cursor does not move back and the event at
 * `lastSeq` is still that one, only the events after it are new.
 */
interface Tally {
  cursor: number;
  lastSeq: number;
  lastId: string | null;
  entries: readonly PendingEntry[];
}
const tallies = new WeakMap<KioskDb, Tally>();

/**
 * What waits and the watermark. Each call reads from the database only the events recorded since the previous call on
 * the same database (plus the cursor, the acknowledged event and one keyed check), not every unsent event again: the
 * status bar asks on every record and every cursor move. A cursor moved back (the office restored) reads them afresh.
 */
export async function readSyncPicture(db: KioskDb): Promise<SyncPicture> {
  const prior = tallies.get(db);
  // Types, seqs and times only: the events stay sealed. One transaction, so the cursor and the events agree.
  const { cursor, acknowledged, lastSync, kept, fresh } = await readSealed(db, [db.events, db.meta], async () => {
    const cursor = await getSyncCursor(db);
    const continues = prior !== undefined && prior.cursor <= cursor && prior.lastSeq > cursor;
    const [acknowledged, lastSync, last] = await Promise.all([
      cursor > 0 ? db.events.get(cursor) : undefined,
      db.meta.get('lastSyncAt'),
      continues ? db.events.get(prior.lastSeq) : undefined,
    ]);
    const kept = continues && last?.id === prior.lastId ? prior : null;
    const fresh = await db.events.where('seq').above(kept ? kept.lastSeq : cursor).toArray();
    return { cursor, acknowledged, lastSync, kept, fresh };
  });
  const entries = [...(kept ? kept.entries.filter((e) => e.seq > cursor) : []), ...fresh.map(entryOf)];
  const newest = fresh.at(-1);
  tallies.set(db, { cursor, lastSeq: newest?.seq ?? kept?.lastSeq ?? cursor, lastId: newest?.id ?? kept?.lastId ?? null, entries });
  const pending = summariseEntries(entries);
  const lastAnsweredAt = typeof lastSync?.value === 'string' ? lastSync.value : null;
  return { pending, watermark: computeWatermark(cursor, acknowledged, pending.oldestPendingAt, lastAnsweredAt), lastAnsweredAt };
}
