import { useLiveQuery } from 'dexie-react-hooks';
import type { Catalogue } from '../../../shared';
import { useKiosk } from '../context';
import { countPending, type LocalHelpRequest, type LocalStop, type LocalTicket, type QuarantinedEvent, type SyncLogEntry } from './db';
import { ordersAtStop } from './day-close';
import { lastPurge, type LastPurge } from './retention';
import { stopCloseEffects } from './actions/stops';
import {
  carriedOverOrderCount,
  closedDayStopIds,
  closeOutData,
  currentStop,
  dayFigures,
  helpCallById,
  latestStop,
  recentSyncAttempts,
  rejectedEvents,
  storedCatalogue,
  ticketQueueView,
  ticketsAtStop,
  unansweredHelpCalls,
  unresolvedRejectionCount,
  type TicketQueueView,
} from './queries';

/**
 * The live reads of ./queries.ts as named hooks: each re-renders when what it reads changes, and is undefined while
 * loading.
 */

/** The catalogue as last pulled; null when this kiosk has never received one. */
export function useCatalogue(): Catalogue | null | undefined {
  const { db } = useKiosk();
  return useLiveQuery(() => storedCatalogue(db), [db]);
}

/** The stop open now; null when none is. */
export function useOpenStop(): LocalStop | null | undefined {
  const { db } = useKiosk();
  return useLiveQuery(async () => (await currentStop({ db })) ?? null, [db]);
}

/** The open stop, else the latest opened; null before any stop. */
export function useLatestStop(): LocalStop | null | undefined {
  const { db } = useKiosk();
  return useLiveQuery(async () => (await latestStop(db)) ?? null, [db]);
}

/** How many recorded events are not yet acknowledged by the office. */
export function usePendingCount(): number | undefined {
  const { db } = useKiosk();
  return useLiveQuery(() => countPending(db), [db]);
}

/** The day the supervisor sees (open stop, else the last) with every figure's inputs. */
export function useDayFigures(): Awaited<ReturnType<typeof dayFigures>> | undefined {
  const { db } = useKiosk();
  return useLiveQuery(() => dayFigures(db), [db]);
}

export function useTicketsAtStop(stopId: string): LocalTicket[] | undefined {
  const { db } = useKiosk();
  return useLiveQuery(() => ticketsAtStop(db, stopId), [db, stopId]);
}

/** Tickets still queued that closing the stop will cancel. */
export function useStopCloseEffects(stopId: string): LocalTicket[] | undefined {
  const { db } = useKiosk();
  return useLiveQuery(() => stopCloseEffects({ db }, stopId), [db, stopId]);
}

export function useCarriedOverOrderCount(stopId: string): number | undefined {
  const { db } = useKiosk();
  return useLiveQuery(() => carriedOverOrderCount(db, stopId), [db, stopId]);
}

export function useOrdersAtStop(stopId: string): Awaited<ReturnType<typeof ordersAtStop>> | undefined {
  const { db } = useKiosk();
  return useLiveQuery(() => ordersAtStop(db, stopId), [db, stopId]);
}

export function useClosedDayStopIds(): Set<string> | undefined {
  const { db } = useKiosk();
  return useLiveQuery(() => closedDayStopIds(db), [db]);
}

/** The resident's ticket and the queue in counts; `nowMs` reads the clock when the queue changes. */
export function useTicketQueueView(ticketId: string, recentServices: number, nowMs: () => number): TicketQueueView | null | undefined {
  const { db } = useKiosk();
  return useLiveQuery(() => ticketQueueView(db, ticketId, recentServices, nowMs()), [db, ticketId, recentServices]);
}

export function useUnansweredHelpCalls(): LocalHelpRequest[] | undefined {
  const { db } = useKiosk();
  return useLiveQuery(() => unansweredHelpCalls(db), [db]);
}

export function useHelpCall(requestId: string): LocalHelpRequest | undefined {
  const { db } = useKiosk();
  return useLiveQuery(() => helpCallById(db, requestId), [db, requestId]);
}

export function useRejectedEvents(): QuarantinedEvent[] | undefined {
  const { db } = useKiosk();
  return useLiveQuery(() => rejectedEvents(db), [db]);
}

export function useUnresolvedRejectionCount(): number | undefined {
  const { db } = useKiosk();
  return useLiveQuery(() => unresolvedRejectionCount(db), [db]);
}

export function useRecentSyncAttempts(limit: number): SyncLogEntry[] | undefined {
  const { db } = useKiosk();
  return useLiveQuery(() => recentSyncAttempts(db, limit), [db, limit]);
}

/** The close-out screen's data (see closeOutData). */
export function useCloseOutData(): Awaited<ReturnType<typeof closeOutData>> | undefined {
  const { db } = useKiosk();
  return useLiveQuery(() => closeOutData(db), [db]);
}

/** The retention purge's last run (when, how many records), null before the first; undefined while loading. */
export function useLastPurge(): LastPurge | null | undefined {
  const { db } = useKiosk();
  return useLiveQuery(() => lastPurge(db), [db]);
}
