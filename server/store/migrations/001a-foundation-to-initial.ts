import { renderMigration, type MigrationScript } from '../migrations';
import initial, { DEVICES_TABLE, INITIAL_OTHER_TABLES, REJECTED_EVENTS_TABLE } from './001-initial';

/**
 * The schema of the foundation build (the repository's first commit, 28f619f, server/store/sqlite.ts), which recorded
 * it as version 1 (a SQLite build: its devices and rejected_events tables are 001's, rendered for SQLite). Kept as the
 * starting point of FOUNDATION_TO_INITIAL; the upgrade test builds such a database from it.
 */
export const FOUNDATION_SCHEMA = renderMigration(
  {
    sql: `${DEVICES_TABLE}
  CREATE TABLE events (
    id TEXT PRIMARY KEY,
    device_id TEXT NOT NULL REFERENCES devices(id),
    seq INTEGER NOT NULL,
    type TEXT NOT NULL,
    occurred_at TEXT NOT NULL,
    received_at TEXT NOT NULL,
    schema_version INTEGER NOT NULL,
    payload TEXT NOT NULL,
    UNIQUE (device_id, seq)
  );${REJECTED_EVENTS_TABLE}
  CREATE TABLE transactions (
    id TEXT PRIMARY KEY,
    event_id TEXT NOT NULL UNIQUE REFERENCES events(id),
    device_id TEXT NOT NULL,
    service_code TEXT NOT NULL,
    service_name TEXT NOT NULL,
    reference TEXT NOT NULL,
    quantity INTEGER NOT NULL,
    amount_cents INTEGER NOT NULL,
    payment_method TEXT NOT NULL,
    receipt_number TEXT NOT NULL,
    occurred_at TEXT NOT NULL,
    received_at TEXT NOT NULL
  );
  CREATE INDEX transactions_occurred ON transactions (occurred_at, id);
`,
  },
  'sqlite',
);

/**
 * The foundation build recorded version 1 for a smaller schema (FOUNDATION_SCHEMA): devices, events, rejected_events
 * and transactions, without actor, catalogue version, stop, staff, city day or void status. This step brings such a
 * database to 001_initial before the later steps run; the city day of its sales is filled in by the runner from their
 * time (SQL alone does not know the city's time zone).
 */
export const FOUNDATION_TO_INITIAL = {
  name: '001a_foundation_to_initial',
  sql: `
  ALTER TABLE events ADD COLUMN actor_id TEXT;
  ALTER TABLE events ADD COLUMN catalogue_version INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE transactions ADD COLUMN stop_id TEXT;
  ALTER TABLE transactions ADD COLUMN staff_id TEXT;
  ALTER TABLE transactions ADD COLUMN business_date TEXT NOT NULL DEFAULT '';
  ALTER TABLE transactions ADD COLUMN status TEXT NOT NULL DEFAULT 'recorded';
  ALTER TABLE transactions ADD COLUMN void_reason TEXT;
  DROP INDEX transactions_occurred;
  ${INITIAL_OTHER_TABLES}`,
  postgres: initial.postgres,
} satisfies MigrationScript & { name: string };
