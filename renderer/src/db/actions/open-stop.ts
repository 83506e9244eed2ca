import type { KioskDb, LocalStop } from '../db';
import type { RecordContext } from '../outbox';

/** The stop that is open now, if any. */
export async function currentStop(ctx: Pick<RecordContext, 'db'>): Promise<LocalStop | undefined> {
  // At most one stop is open (openStop refuses a second), so the one found last time is still the one if a fresh read
  // says it is open: one keyed read instead of a scan on every transaction.
  const known = lastOpenStopId.get(ctx.db);
  if (known) {
    const stop = await ctx.db.stops.get(known);
    if (stop && stop.closedAt === null) return stop;
    lastOpenStopId.delete(ctx.db);
  }
  // The open stop is normally the latest opened, so newest first finds it at once; the filter keeps this right even
  // if a device clock jumped back between two stops.
  const stop = await ctx.db.stops.orderBy('openedAt').reverse().filter((s) => s.closedAt === null).first();
  if (stop) lastOpenStopId.set(ctx.db, stop.id);
  return stop;
}

/** The id of the open stop this window last found, per database; always checked by a fresh read before use. */
export const lastOpenStopId = new WeakMap<KioskDb, string>();
