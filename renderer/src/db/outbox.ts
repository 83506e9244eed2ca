import { EVENT_SCHEMA_VERSION, newId, parseEvent, type AnyDeviceEvent, type EventPayloadInput, type EventType } from '../../../shared';
import type { KioskDb } from './db';

export interface RecordContext {
  db: KioskDb;
  deviceId: string;
  now: () => Date;
  /** The signed-in staff member, or null for a resident's action. */
  actorId: string | null;
  catalogueVersion: number;
}

export class InvalidEventError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

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
export async function recordEvent<T extends EventType>(
  ctx: RecordContext,
  type: T,
  makePayload: (seq: number) => EventPayloadInput<T>,
  applyToReadModels: (event: AnyDeviceEvent) => Promise<unknown>,
): Promise<AnyDeviceEvent> {
  const { db } = ctx;
  const scope = [db.events, db.transactions, db.stops, db.tickets, db.certificateOrders, db.surveys, db.helpRequests, db.dayCloses, db.quarantine, db.serviceRequests];
  for (let attempt = 0; ; attempt++) {
    const cached = attempt === 0 ? lastCommittedSeq.get(db) : undefined;
    try {
      const event = await db.transaction('rw', scope, async () => {
        const seq = (cached ?? (await db.events.orderBy('seq').last())?.seq ?? 0) + 1;
        const parsed = parseEvent({
          id: newId(),
          deviceId: ctx.deviceId,
          seq,
          type,
          occurredAt: ctx.now().toISOString(),
          schemaVersion: EVENT_SCHEMA_VERSION,
          actorId: ctx.actorId,
          catalogueVersion: ctx.catalogueVersion,
          payload: makePayload(seq),
        });
        if (!parsed.ok) throw new InvalidEventError(parsed.code, parsed.message);
        // Both writes go out together; a rule the read models enforce (a closed day, a ticket already served) throws
        // and aborts the whole transaction, the event included.
        await Promise.all([applyToReadModels(parsed.event), db.events.add(parsed.event)]);
        return parsed.event;
      });
      lastCommittedSeq.set(db, Math.max(event.seq, lastCommittedSeq.get(db) ?? 0));
      return event;
    } catch (error) {
      lastCommittedSeq.delete(db);
      if (attempt < 3 && isSeqCollision(error)) continue;
      throw error;
    }
  }
}
