import type { Migration } from '../migrations';

/** The devices as 001 has them, unchanged since the foundation build (FOUNDATION_SCHEMA, rendered for SQLite). */
export const DEVICES_TABLE = `
  CREATE TABLE devices (
    id TEXT PRIMARY KEY,
    van_name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT,
    contiguous_seq BIGINT NOT NULL DEFAULT 0
  );`;

/** Refused events as 001 keeps them, unchanged since the foundation build. */
export const REJECTED_EVENTS_TABLE = `
  CREATE TABLE rejected_events (
    device_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    id TEXT NOT NULL,
    code TEXT NOT NULL,
    message TEXT NOT NULL,
    raw TEXT NOT NULL,
    received_at TEXT NOT NULL,
    PRIMARY KEY (device_id, seq)
  );`;

/** 001's first four tables as they are now (the foundation build had fewer columns: see FOUNDATION_TO_INITIAL). */
const INITIAL_FIRST_TABLES = `${DEVICES_TABLE}
  CREATE TABLE events (
    id TEXT PRIMARY KEY,
    device_id TEXT NOT NULL REFERENCES devices(id),
    seq BIGINT NOT NULL,
    type TEXT NOT NULL,
    occurred_at TEXT NOT NULL,
    received_at TEXT NOT NULL,
    schema_version INTEGER NOT NULL,
    actor_id TEXT,
    catalogue_version INTEGER NOT NULL,
    payload TEXT NOT NULL,
    UNIQUE (device_id, seq)
  );${REJECTED_EVENTS_TABLE}
  CREATE TABLE transactions (
    id TEXT PRIMARY KEY,
    event_id TEXT NOT NULL UNIQUE REFERENCES events(id),
    device_id TEXT NOT NULL REFERENCES devices(id),
    stop_id TEXT,
    service_code TEXT NOT NULL,
    service_name TEXT NOT NULL,
    reference TEXT NOT NULL,
    quantity INTEGER NOT NULL,
    amount_cents BIGINT NOT NULL,
    payment_method TEXT NOT NULL,
    receipt_number TEXT NOT NULL,
    staff_id TEXT,
    occurred_at TEXT NOT NULL,
    business_date TEXT NOT NULL,
    received_at TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'recorded',
    void_reason TEXT
  );
`;

/** The rest of 001 (also what FOUNDATION_TO_INITIAL adds to a foundation-build database). */
export const INITIAL_OTHER_TABLES = `
  CREATE INDEX transactions_date ON transactions (business_date, occurred_at, id);
  CREATE TABLE stops (
    id TEXT PRIMARY KEY,
    device_id TEXT NOT NULL REFERENCES devices(id),
    neighbourhood TEXT NOT NULL,
    place TEXT NOT NULL,
    opened_at TEXT NOT NULL,
    closed_at TEXT,
    opening_float_cents BIGINT NOT NULL,
    business_date TEXT NOT NULL
  );
  CREATE TABLE day_closes (
    stop_id TEXT PRIMARY KEY,
    device_id TEXT NOT NULL REFERENCES devices(id),
    business_date TEXT NOT NULL,
    counted_cash_cents BIGINT NOT NULL,
    expected_cash_cents BIGINT NOT NULL,
    difference_cents BIGINT NOT NULL,
    reason TEXT NOT NULL,
    check_total_cents BIGINT NOT NULL,
    card_total_cents BIGINT NOT NULL,
    closed_by TEXT NOT NULL,
    second_sign_off_by TEXT,
    closed_at TEXT NOT NULL
  );
  CREATE TABLE service_requests (
    id TEXT PRIMARY KEY,
    device_id TEXT,
    source TEXT NOT NULL,
    local_reference TEXT,
    service_code TEXT NOT NULL,
    service_name TEXT NOT NULL,
    description TEXT NOT NULL,
    address_string TEXT NOT NULL,
    lat DOUBLE PRECISION,
    long DOUBLE PRECISION,
    first_name TEXT,
    last_name TEXT,
    phone TEXT,
    email TEXT,
    status TEXT NOT NULL,
    status_notes TEXT,
    requested_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX service_requests_requested ON service_requests (requested_at);
  CREATE TABLE enrolment_codes (
    code_hash TEXT PRIMARY KEY,
    van_name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT,
    device_id TEXT
  );
  CREATE TABLE api_keys (key_hash TEXT PRIMARY KEY, role TEXT NOT NULL, name TEXT NOT NULL, created_at TEXT NOT NULL);
  CREATE TABLE staff (id TEXT PRIMARY KEY, body TEXT NOT NULL);
  CREATE TABLE catalogue_versions (version INTEGER PRIMARY KEY, body TEXT NOT NULL, published_at TEXT NOT NULL);
  CREATE TABLE changes (
    cursor BIGSERIAL PRIMARY KEY,
    device_id TEXT,
    kind TEXT NOT NULL,
    data TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
`;

/** The first schema: the devices, their events and the read models the API started with. */
export default {
  version: 1,
  name: '001_initial',
  sql: `${INITIAL_FIRST_TABLES}${INITIAL_OTHER_TABLES}`,
  // PostgreSQL's first version had these read indexes from the start (SQLite got stops_business_date in 009).
  postgres: `
  CREATE INDEX transactions_device ON transactions (device_id);
  CREATE INDEX stops_business_date ON stops (business_date);
  CREATE INDEX day_closes_business_date ON day_closes (business_date);
  `,
} satisfies Migration;
