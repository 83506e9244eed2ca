import { staffT } from '../i18n/staff';

/** What the browser says of this kiosk's storage: how much is used, how much may be, and whether it is kept. */
export interface StorageHealth {
  usageBytes: number;
  quotaBytes: number;
  /** True once the browser promised not to evict this kiosk's data under storage pressure. */
  persisted: boolean;
  level: 'ok' | 'warn' | 'critical';
}

/** The part of `navigator.storage` the kiosk uses; passed in, so tests can give a small fake. */
export type StorageManagerLike = Pick<StorageManager, 'estimate' | 'persisted' | 'persist'>;

/** Warn early, while there is still room to sync or carry the records by hand. */
export const STORAGE_WARN_RATIO = 0.8;
export const STORAGE_CRITICAL_RATIO = 0.95;

export async function readStorageHealth(manager: StorageManagerLike | undefined): Promise<StorageHealth | null> {
  if (!manager) return null;
  const [estimate, persisted] = await Promise.all([manager.estimate(), manager.persisted()]);
  const usageBytes = estimate.usage ?? 0;
  const quotaBytes = estimate.quota ?? 0;
  const ratio = quotaBytes > 0 ? usageBytes / quotaBytes : 0;
  return { usageBytes, quotaBytes, persisted, level: ratio >= STORAGE_CRITICAL_RATIO ? 'critical' : ratio >= STORAGE_WARN_RATIO ? 'warn' : 'ok' };
}

/** Asks once at start that the kiosk's data never be evicted; the browser may say no, which the supervisor then sees. */
export async function requestPersistentStorage(manager: StorageManagerLike | undefined): Promise<boolean> {
  if (!manager) return false;
  try {
    return (await manager.persisted()) || (await manager.persist());
  } catch {
    return false;
  }
}

/** True when a failed write failed because the disk or quota is full, however Dexie wrapped it. */
export function isStorageFull(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const named = e as { name?: string; inner?: unknown; cause?: unknown };
    if (named.name === 'QuotaExceededError') return true;
    e = named.inner ?? named.cause;
  }
  return false;
}

/** The clerk's words for a write that did not happen: never "saved" when it was not. */
export function notSavedMessage(error: unknown): string {
  if (isStorageFull(error)) {
    return staffT('storage.notSavedFull');
  }
  return staffT('storage.notSaved', { reason: error instanceof Error ? error.message : String(error) });
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 10 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}
