import type { PinLockout } from '../pin';
import type { KioskDb } from './db';

/** Kept in IndexedDB so that reloading the page does not reset the count. */
export async function readLockout(db: KioskDb): Promise<PinLockout> {
  const entry = await db.meta.get('pinLockout');
  if (typeof entry?.value !== 'string') return { failures: 0, lockedUntil: 0 };
  try {
    const parsed = JSON.parse(entry.value) as Partial<PinLockout>;
    return { failures: Number(parsed.failures) || 0, lockedUntil: Number(parsed.lockedUntil) || 0 };
  } catch {
    return { failures: 0, lockedUntil: 0 };
  }
}

export async function writeLockout(db: KioskDb, lockout: PinLockout): Promise<void> {
  await db.meta.put({ key: 'pinLockout', value: JSON.stringify(lockout) });
}
