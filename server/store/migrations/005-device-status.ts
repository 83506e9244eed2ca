import type { Migration } from '../migrations';

/**
 * The latest status each van reported (pending transactions, oldest pending age, app version, storage), for the fleet
 * view.
 */
export default {
  version: 5,
  name: '005_device_status',
  sql: `
  CREATE TABLE device_status (
    device_id TEXT PRIMARY KEY REFERENCES devices(id),
    received_at TEXT NOT NULL,
    via TEXT NOT NULL,
    pending_transactions INTEGER NOT NULL,
    pending_other_records INTEGER NOT NULL,
    oldest_pending_age_seconds INTEGER,
    app_version TEXT NOT NULL,
    storage_used_bytes BIGINT,
    storage_quota_bytes BIGINT
  );
  `,
} satisfies Migration;
