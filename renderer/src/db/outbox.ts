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

/**
 * Records one event and its read-model changes in a single Dexie transaction. The seq is allocated inside that
 * transaction, so seqs are gap-free across reloads and crashes. Resolves only once the transaction is durable.
 */
export async function recordEvent<T extends EventType>(
  ctx: RecordContext,
  type: T,
  makePayload: (seq: number) => EventPayloadInput<T>,
  applyToReadModels: (event: AnyDeviceEvent) => Promise<unknown>,
): Promise<AnyDeviceEvent> {
  const { db } = ctx;
  return db.transaction('rw', [db.events, db.transactions], async () => {
    const last = await db.events.orderBy('seq').last();
    const seq = (last?.seq ?? 0) + 1;
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
    await db.events.add(parsed.event);
    await applyToReadModels(parsed.event);
    return parsed.event;
  });
}
