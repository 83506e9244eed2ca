import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import type { Catalogue } from '../../shared';
import { useKiosk } from './context';
import type { RecordContext } from './db/outbox';
import { useSession } from './session';

/** The catalogue as last pulled; undefined while loading, null when this kiosk has never received one. */
export function useCatalogue(): Catalogue | null | undefined {
  const { db } = useKiosk();
  return useLiveQuery(async () => (await db.catalogue.get('current'))?.catalogue ?? null, [db]);
}

/** What every recorded event needs: the device, the clock, who acts (null for a resident) and the catalogue version. */
export function useRecordContext(asResident = false): RecordContext {
  const { db, credentials } = useKiosk();
  const staff = useSession((s) => s.staff);
  const catalogue = useCatalogue();
  return useMemo(
    () => ({
      db,
      deviceId: credentials.deviceId,
      now: () => new Date(),
      actorId: asResident ? null : (staff?.id ?? null),
      catalogueVersion: catalogue?.version ?? 0,
    }),
    [db, credentials.deviceId, staff, catalogue, asResident],
  );
}
