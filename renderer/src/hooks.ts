import { useMemo } from 'react';
import { isValidTimeZone, nextPlannedStop, type PlannedStop } from '../../shared';
import { useKiosk } from './context';
import type { LocalStop } from './db/db';
import type { RecordContext } from './db/outbox';
import { useCatalogue, useLatestStop } from './db/hooks';
import { vanCode } from './db/transactions';
import { useSession } from './session';

export { useCatalogue };

/** What every recorded event needs: the device, the clock, who acts (null for a resident) and the catalogue version. */
export function useRecordContext(asResident = false): RecordContext {
  const { db, credentials, config } = useKiosk();
  const staff = useSession((s) => s.staff);
  const catalogue = useCatalogue();
  return useMemo(
    () => ({
      db,
      deviceId: credentials.deviceId,
      now: () => new Date(),
      actorId: asResident ? null : (staff?.id ?? null),
      catalogueVersion: catalogue?.version ?? 0,
      receiptPrefix: vanCode(config.vanName),
    }),
    [db, credentials.deviceId, staff, catalogue, asResident, config.vanName],
  );
}

/**
 * Whether the counter takes tickets and orders: open (a stop is open and its day is not closed), closed for today (the
 * day was closed, with the van's next planned stop when the catalogue has one), or not open yet. Undefined while loading.
 */
export type CounterState = { kind: 'open'; stop: LocalStop } | { kind: 'closedToday'; next: PlannedStop | null } | { kind: 'notOpen' };

export function useCounterState(now: () => Date = () => new Date()): CounterState | undefined {
  const { credentials } = useKiosk();
  const catalogue = useCatalogue();
  const stop = useLatestStop();
  if (stop === undefined || catalogue === undefined) return undefined;
  if (stop && stop.closedAt === null && stop.dayClosedAt === null) return { kind: 'open', stop };
  if (stop && stop.dayClosedAt) return { kind: 'closedToday', next: catalogue ? nextPlannedStop(catalogue.schedule ?? [], credentials.deviceId, now()) : null };
  return { kind: 'notOpen' };
}

/** The city's time zone: the catalogue's when it names a valid one, else the host's configuration (default New York). */
export function useCityTimeZone(): string {
  const { config } = useKiosk();
  const catalogue = useCatalogue();
  const fromCatalogue = catalogue?.city.timeZone;
  return fromCatalogue && isValidTimeZone(fromCatalogue) ? fromCatalogue : config.cityTimeZone;
}
