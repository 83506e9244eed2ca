import type { Migration } from '../migrations';

/** (issue 19) app updates set from the office: a pinned version per van, a staged rollout per release */
export default {
  version: 13,
  name: '013_update_policy',
  sql: `
  CREATE TABLE device_update_pins (
    device_id TEXT PRIMARY KEY REFERENCES devices(id),
    version TEXT NOT NULL,
    set_at TEXT NOT NULL,
    set_by TEXT NOT NULL
  );
  CREATE TABLE release_rollouts (
    version TEXT PRIMARY KEY,
    percentage INTEGER NOT NULL CHECK (percentage BETWEEN 0 AND 100),
    set_at TEXT NOT NULL,
    set_by TEXT NOT NULL
  );
  `,
} satisfies Migration;
