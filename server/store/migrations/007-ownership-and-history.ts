import type { Migration } from '../migrations';

/**
 * (issue 14) codes name the device they enrol; van names kept as history; refused values scrubbed from
 * rejected_events; day closes keyed by device and stop; who owns each stop, transaction, order and ticket; staff
 * assigned to vans; API keys listed by id, revoked and expiring.
 */
export default {
  version: 7,
  name: '007_ownership_and_history',
  sql: `
  ALTER TABLE enrolment_codes ADD COLUMN for_device_id TEXT;
  CREATE TABLE device_names (
    id BIGSERIAL PRIMARY KEY,
    device_id TEXT NOT NULL REFERENCES devices(id),
    van_name TEXT NOT NULL,
    from_at TEXT NOT NULL
  );
  CREATE INDEX device_names_device ON device_names (device_id, from_at);
  INSERT INTO device_names (device_id, van_name, from_at) SELECT id, van_name, created_at FROM devices ORDER BY created_at, id;
  CREATE TABLE owned_refs (
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    device_id TEXT NOT NULL,
    PRIMARY KEY (kind, id)
  );
  CREATE TABLE staff_vans (
    staff_id TEXT NOT NULL,
    van_name TEXT NOT NULL,
    PRIMARY KEY (staff_id, van_name)
  );
  ALTER TABLE api_keys ADD COLUMN id TEXT;
  ALTER TABLE api_keys ADD COLUMN expires_at TEXT;
  ALTER TABLE api_keys ADD COLUMN revoked_at TEXT;
  UPDATE api_keys SET id = substr(key_hash, 1, 16);
  CREATE UNIQUE INDEX api_keys_id ON api_keys (id);
  `,
  sqlite: `
  UPDATE rejected_events SET raw = json_object('envelope', json_object('id', id, 'deviceId', device_id, 'seq', seq), 'paths', json_array());
  CREATE TABLE day_closes_v2 (
    stop_id TEXT NOT NULL,
    device_id TEXT NOT NULL REFERENCES devices(id),
    business_date TEXT NOT NULL,
    counted_cash_cents INTEGER NOT NULL,
    expected_cash_cents INTEGER NOT NULL,
    difference_cents INTEGER NOT NULL,
    reason TEXT NOT NULL,
    check_total_cents INTEGER NOT NULL,
    card_total_cents INTEGER NOT NULL,
    closed_by TEXT NOT NULL,
    second_sign_off_by TEXT,
    closed_at TEXT NOT NULL,
    PRIMARY KEY (device_id, stop_id)
  );
  INSERT INTO day_closes_v2 SELECT stop_id, device_id, business_date, counted_cash_cents, expected_cash_cents, difference_cents, reason,
    check_total_cents, card_total_cents, closed_by, second_sign_off_by, closed_at FROM day_closes;
  DROP TABLE day_closes;
  ALTER TABLE day_closes_v2 RENAME TO day_closes;
  INSERT OR IGNORE INTO owned_refs (kind, id, device_id) SELECT 'stop', id, device_id FROM stops;
  INSERT OR IGNORE INTO owned_refs (kind, id, device_id) SELECT 'transaction', id, device_id FROM transactions;
  INSERT OR IGNORE INTO owned_refs (kind, id, device_id)
    SELECT 'order', json_extract(payload, '$.orderId'), device_id FROM events WHERE type = 'CertificateOrdered' AND json_extract(payload, '$.orderId') IS NOT NULL ORDER BY received_at;
  INSERT OR IGNORE INTO owned_refs (kind, id, device_id)
    SELECT 'ticket', json_extract(payload, '$.ticketId'), device_id FROM events WHERE type = 'TicketIssued' AND json_extract(payload, '$.ticketId') IS NOT NULL ORDER BY received_at;
  `,
  postgres: `
  UPDATE rejected_events SET raw = json_build_object('envelope', json_build_object('id', id, 'deviceId', device_id, 'seq', seq), 'paths', json_build_array())::text;
  ALTER TABLE day_closes DROP CONSTRAINT day_closes_pkey;
  ALTER TABLE day_closes ADD PRIMARY KEY (device_id, stop_id);
  INSERT INTO owned_refs (kind, id, device_id) SELECT 'stop', id, device_id FROM stops ON CONFLICT DO NOTHING;
  INSERT INTO owned_refs (kind, id, device_id) SELECT 'transaction', id, device_id FROM transactions ON CONFLICT DO NOTHING;
  INSERT INTO owned_refs (kind, id, device_id)
    SELECT 'order', payload::json->>'orderId', device_id FROM events WHERE type = 'CertificateOrdered' AND payload::json->>'orderId' IS NOT NULL ORDER BY received_at
    ON CONFLICT DO NOTHING;
  INSERT INTO owned_refs (kind, id, device_id)
    SELECT 'ticket', payload::json->>'ticketId', device_id FROM events WHERE type = 'TicketIssued' AND payload::json->>'ticketId' IS NOT NULL ORDER BY received_at
    ON CONFLICT DO NOTHING;
  `,
} satisfies Migration;
