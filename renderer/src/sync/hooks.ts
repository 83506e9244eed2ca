import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { useKiosk } from '../context';
import type { LocalTransaction } from '../db/db';
import { useUnresolvedRejectionCount } from '../db/hooks';
import { transactionsSince } from '../db/queries';
import { useCityTimeZone as useKioskCityTimeZone } from '../hooks';
import { readSyncPicture, type SyncPicture } from './pending';
import { useSyncStatus, useUpdateCheck } from './status-store';
import { syncStatusView, type StatusView } from './status-model';

/** What waits on the van and the watermark, kept live from Dexie (each change reads only the events recorded since). */
export function useSyncPicture(): SyncPicture | undefined {
  const { db } = useKiosk();
  return useLiveQuery(() => readSyncPicture(db), [db]);
}

/**
 * Transactions recorded from `sinceIso` on, newest first, and which of them have something the office has not answered
 * yet, read together. The picture is read after the transactions, and a transaction and its event are written in one
 * database transaction, so every transaction listed is in the picture that comes with it. Read apart, the list could
 * come back first with a new sale that the older picture does not hold yet, and the row would say "Sent to the office"
 * until the picture caught up.
 */
export function useTransactionsWithSentState(sinceIso: string): { transactions: LocalTransaction[]; unsent: ReadonlySet<string> } | undefined {
  const { db } = useKiosk();
  return useLiveQuery(async () => {
    const transactions = await transactionsSince(db, sinceIso);
    const { pending } = await readSyncPicture(db);
    return { transactions, unsent: pending.unsentTransactionIds };
  }, [db, sinceIso]);
}

/** Records the office refused that no supervisor has resolved yet. */
export function useUnresolvedRefusals(): number | undefined {
  return useUnresolvedRejectionCount();
}

/** The clock, ticking once a second while `active` (a wait's seconds count up on screen), else still. */
export function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    setNow(Date.now());
    if (!active) return;
    const id = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(id);
  }, [active]);
  return now;
}

/** The city's time zone (catalogue, else the host's configuration): never the laptop's own zone. */
export function useCityTimeZone(): string {
  return useKioskCityTimeZone();
}

/** The one status view the bar and the supervisor's panel show. */
export function useSyncView(): { view: StatusView; picture: SyncPicture | undefined; now: number } {
  const engine = useSyncStatus();
  const { host } = useKiosk();
  const updateCheck = useUpdateCheck((s) => s.answer);
  const picture = useSyncPicture();
  const refused = useUnresolvedRefusals();
  const now = useNow(engine.state === 'syncing' || engine.state === 'error');
  return { view: syncStatusView({ engine, pending: picture?.pending, refused: refused ?? 0, now, host: host.kind, updateCheck }), picture, now };
}
