import type { Migration } from '../migrations';

/**
 * Backups: the store's identity (a new epoch after a restore tells kiosks to resend what it lost) and, per device, the
 * highest seq a verified backup holds.
 */
export default {
  version: 4,
  name: '004_backups',
  sql: `
  CREATE TABLE store_identity (id INTEGER PRIMARY KEY CHECK (id = 1), epoch TEXT NOT NULL, changed_at TEXT NOT NULL);
  CREATE TABLE backup_watermarks (device_id TEXT PRIMARY KEY, seq BIGINT NOT NULL, backed_up_at TEXT NOT NULL);
  `,
} satisfies Migration;
