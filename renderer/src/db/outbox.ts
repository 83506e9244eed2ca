import { EVENT_SCHEMA_VERSION, newId, parseEvent, personalFieldsOf, type AnyDeviceEvent, type EventPayloadInput, type EventType } from '../../../shared';
import { AtRestError } from './at-rest';
import type { Table } from 'dexie';
import { readSealed, type KioskDb, type StoredEvent } from './db';

export interface RecordContext {
  db: KioskDb;
  deviceId: string;
  now: () => Date;
  /** The signed-in staff member, or null for a resident's action. */
  actorId: string | null;
  catalogueVersion: number;
  /** The van's part of receipt numbers (R-<van>-000001); from the configured van name. */
  receiptPrefix?: string;
}

export class InvalidEventError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Every read model: the scope for an action that does not say which tables it touches. */
const allReadModels = (db: KioskDb): Table[] => [db.transactions, db.stops, db.tickets, db.certificateOrders, db.surveys, db.helpRequests, db.dayCloses, db.quarantine, db.serviceRequests, db.refunds];

/** The last seq this window saw committed, per database: saves a read per record; a stale value costs one retry. */
const lastCommittedSeq = new WeakMap<KioskDb, number>();

function isSeqCollision(error: unknown): boolean {
  const e = error as { name?: string; inner?: { name?: string } };
  return e?.name === 'ConstraintError' || e?.inner?.name === 'ConstraintError';
}

/**
 * Records one event and its read-model changes in a single Dexie transaction. The seq is allocated inside that
 * transaction, so seqs are gap-free across reloads and crashes. Resolves only once the transaction is durable.
 *
 * The next seq is taken from the last one this window committed; if another window took it meanwhile, the events
 * table's primary key refuses the add, the whole transaction aborts (nothing written) and it is retried with a fresh
 * read. So a seq is never reused and never skipped.
 */
export interface RecordOptions<L, T extends EventType = EventType> {
  /** The read-model tables the action touches (default: all of them); a smaller scope opens faster. */
  readModels?: (db: KioskDb) => Table[];
  /**
   * Reads what the event depends on (the open stop, say) inside the same transaction, before the event is built: a
   * rule checked here holds when the event commits. It may throw to refuse the action; nothing is written then.
   */
  load?: () => Promise<L>;
  /**
   * For an event type with personal fields (shared/personal-data.ts): those fields, and the ids of the rows that copy
   * them (a TransactionRecorded's transactionId). They are sealed before the transaction opens and override what
   * makePayload returns for them.
   */
  personal?: Partial<EventPayloadInput<T>>;
}

export async function recordEvent<T extends EventType, L = undefined>(
  ctx: RecordContext,
  type: T,
  makePayload: (seq: number, loaded: L) => EventPayloadInput<T>,
  applyToReadModels: (event: AnyDeviceEvent, loaded: L) => Promise<unknown>,
  options: RecordOptions<L, T> = {},
): Promise<AnyDeviceEvent> {
  const { db } = ctx;
  // Only the tables this action touches: every store in an IndexedDB transaction's scope costs time to open.
  const scope = [db.events, ...(options.readModels ?? allReadModels)(db)];
  // One id for every attempt: the personal fields are sealed for it before the transaction opens.
  const id = newId();
  let release = () => {};
  if (personalFieldsOf(type).length > 0) {
    if (!options.personal) throw new AtRestError('personal_not_declared', `${type} carries personal fields: pass them as options.personal`);
    release = await db.atRest.prepareEvent(type, id, options.personal);
  }
  const build = (seq: number, loaded: L): AnyDeviceEvent => {
    const parsed = parseEvent({
      id,
      deviceId: ctx.deviceId,
      seq,
      type,
      occurredAt: ctx.now().toISOString(),
      schemaVersion: EVENT_SCHEMA_VERSION,
      actorId: ctx.actorId,
      catalogueVersion: ctx.catalogueVersion,
      payload: { ...makePayload(seq, loaded), ...options.personal },
    });
    if (!parsed.ok) throw new InvalidEventError(parsed.code, parsed.message);
    return parsed.event;
  };
  try {
    for (let attempt = 0; ; attempt++) {
      const cached = attempt === 0 ? lastCommittedSeq.get(db) : undefined;
      try {
        // With the next seq known and nothing to load, the event is built and checked before the transaction opens,
        // which then only writes.
        const prepared = cached === undefined || options.load ? null : build(cached + 1, undefined as L);
        const event = await db.transaction('rw', scope, async () => {
          const loaded = options.load ? await options.load() : (undefined as L);
          const e = prepared ?? build((cached ?? (await db.events.orderBy('seq').last())?.seq ?? 0) + 1, loaded);
          // Both writes go out together; a rule the read models enforce (a closed day, a ticket already served) throws
          // and aborts the whole transaction, the event included.
          await Promise.all([applyToReadModels(e, loaded), db.events.add(e)]);
          return e;
        });
        lastCommittedSeq.set(db, Math.max(event.seq, lastCommittedSeq.get(db) ?? 0));
        return event;
      } catch (error) {
        lastCommittedSeq.delete(db);
        if (attempt < 3 && isSeqCollision(error)) continue;
        throw error;
      }
    }
  } finally {
    release();
  }
}

/**
 * The outbox as a push reads it: up to `limit` events after `afterSeq`, in seq order. Every read of events for sending
 * goes through here (the batches, the round's count of transactions, a quarantined event sent again), so what is done
 * to an event between the disk and the wire (decryption at rest) has one place to happen.
 */
export async function readOutboxBatch(db: KioskDb, afterSeq: number, limit: number): Promise<StoredEvent[]> {
  // Read as stored, then opened in one go outside Dexie: the at-rest middleware would open each row inside Dexie's
  // promise zone, whose bookkeeping per await cost more renderer CPU than the decryption itself (bench:sync: ~12 → ~8.5
  // ms per 500 events).
  return db.atRest.openAll('events', await readOutboxSealed(db, afterSeq, limit));
}

/** The same events with their personal fields still sealed, for readers that need only seqs, types and ids. */
export function readOutboxSealed(db: KioskDb, afterSeq: number, limit: number): Promise<StoredEvent[]> {
  return readSealed(db, [db.events], () => db.events.where('seq').above(afterSeq).limit(limit).toArray());
}
