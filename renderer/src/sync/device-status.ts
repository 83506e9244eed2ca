import { deviceStatusReportSchema, type DeviceStatusReport } from '../../../shared';
import type { KioskDb } from '../db/db';
import { readSyncPicture, type PendingSummary } from './pending';

/** What the kiosk reads its status from; the browser wiring passes the host's version and navigator.storage. */
export interface DeviceStatusSources {
  db: KioskDb;
  appVersion: () => Promise<string>;
  /** navigator.storage.estimate(), or null where there is none. */
  storageEstimate: () => Promise<{ usage?: number; quota?: number } | null>;
  now: () => Date;
}

/** Pure: the report from what waits, the version and the storage estimate; null if it would not pass the API's schema. */
export function buildDeviceStatus(pending: Pick<PendingSummary, 'transactions' | 'otherRecords' | 'oldestPendingAt'>, appVersion: string, estimate: { usage?: number; quota?: number } | null, now: Date): DeviceStatusReport | null {
  const whole = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? null : Math.max(0, Math.floor(n)));
  const parsed = deviceStatusReportSchema.safeParse({
    pendingTransactions: pending.transactions,
    pendingOtherRecords: pending.otherRecords,
    oldestPendingAgeSeconds: pending.oldestPendingAt === null ? null : Math.max(0, Math.floor((now.getTime() - Date.parse(pending.oldestPendingAt)) / 1000)),
    appVersion,
    storageUsedBytes: whole(estimate?.usage),
    storageQuotaBytes: whole(estimate?.quota),
  });
  // A report the office would refuse is not sent at all: it must never hold up a push.
  return parsed.success ? parsed.data : null;
}

export async function readDeviceStatus(sources: DeviceStatusSources): Promise<DeviceStatusReport | null> {
  const [{ pending }, appVersion, estimate] = await Promise.all([
    readSyncPicture(sources.db),
    sources.appVersion().catch(() => 'unknown'),
    sources.storageEstimate().catch(() => null),
  ]);
  return buildDeviceStatus(pending, appVersion, estimate, sources.now());
}
