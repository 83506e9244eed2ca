/** How long a resident should expect to wait: a pure function of the queue and recent service times. */

/** Used when this device has served nobody yet at this stop. */
export const DEFAULT_SERVICE_MS = 5 * 60_000;
/** How many of the most recent service times count. */
export const RECENT_SERVICES = 10;

export interface WaitInput {
  /** Tickets still waiting that were taken before this one. */
  ahead: number;
  /** Service times (servedAt − calledAt, in ms) on this device at this stop, oldest first; only the last ten count. */
  recentServiceMs: readonly number[];
  /** Clerks serving at once; one when unknown. */
  counters?: number;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Minutes until this resident is likely called: ceil(ahead × median service time / counters). Zero when nobody is
 * ahead; never zero when someone is. Service times that are not positive (a clock set back) are ignored.
 */
export function estimateWaitMinutes({ ahead, recentServiceMs, counters = 1 }: WaitInput): number {
  const people = Number.isFinite(ahead) ? Math.max(0, Math.floor(ahead)) : 0;
  if (people === 0) return 0;
  const samples = recentServiceMs.filter((ms) => Number.isFinite(ms) && ms > 0).slice(-RECENT_SERVICES);
  const typical = samples.length > 0 ? median(samples) : DEFAULT_SERVICE_MS;
  const parallel = Number.isFinite(counters) ? Math.max(1, Math.floor(counters)) : 1;
  return Math.max(1, Math.ceil((people * typical) / parallel / 60_000));
}
