import type { KioskDb } from '../db/db';

/**
 * The central store answers with its epoch, which changes only when it is restored from a backup. A kiosk that sees
 * a new epoch learns the store may have lost some of what it once acknowledged: it moves its cursor back to what the
 * store holds now (so those events go again; the store answers `duplicate` for any it still has) and reads the
 * changes feed from the start (its cursors were the old store's). Nothing is lost on the van: events are never deleted.
 *
 * Runs inside the caller's transaction when there is one (it touches only `meta`). Returns true when it rewound.
 */
export async function noteStoreEpoch(db: KioskDb, epoch: string | undefined, heldSeq: number): Promise<boolean> {
  if (!epoch) return false;
  const known = await db.meta.get('storeEpoch');
  if (known?.value === epoch) return false;
  const writes: Promise<unknown>[] = [db.meta.put({ key: 'storeEpoch', value: epoch })];
  // The first epoch a kiosk hears of is simply noted; only a change means a restore.
  const restored = typeof known?.value === 'string';
  if (restored) {
    const cursor = await db.meta.get('syncCursor');
    if (typeof cursor?.value === 'number' && cursor.value > heldSeq) writes.push(db.meta.put({ key: 'syncCursor', value: heldSeq }));
    writes.push(db.meta.delete('pullCursor'));
  }
  await Promise.all(writes);
  return restored;
}
