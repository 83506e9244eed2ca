/**
 * The central schema's history: numbered, named steps, applied in order and recorded in `schema_migrations` by version
 * (the number). One text per step serves both stores: it is written with PostgreSQL's types and rendered for SQLite
 * (BIGINT → INTEGER, DOUBLE PRECISION → REAL, BIGSERIAL → AUTOINCREMENT); on PostgreSQL every TEXT column gets the "C"
 * collation, so ordering and ranges are byte order like SQLite's BINARY whatever the database's default is. Instants
 * stay ISO 8601 strings in TEXT on both, so row mappers and string comparisons behave the same. Where the dialects
 * really differ (JSON functions, rebuilding a key), a step carries a part per store. Never edit or remove a shipped step.
 */
export interface Migration {
  readonly name: string;
  readonly sql: string;
  readonly sqlite?: string;
  readonly postgres?: string;
}

/** 001's first four tables as they are now (the foundation build had fewer columns: see FOUNDATION_TO_INITIAL). */
const INITIAL_FIRST_TABLES = `
  CREATE TABLE devices (
    id TEXT PRIMARY KEY,
    van_name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT,
    contiguous_seq BIGINT NOT NULL DEFAULT 0
  );
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
  );
  CREATE TABLE rejected_events (
    device_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    id TEXT NOT NULL,
    code TEXT NOT NULL,
    message TEXT NOT NULL,
    raw TEXT NOT NULL,
    received_at TEXT NOT NULL,
    PRIMARY KEY (device_id, seq)
  );
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

const INITIAL_OTHER_TABLES = `
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


/** The JSON and time functions the KPI backfill needs, per store. */
interface KpiJson {
  /** A text field of the events' JSON payload (alias e). */
  json(field: string): string;
  /** Epoch milliseconds of an ISO 8601 text column. */
  epochMs(column: string): string;
}

const SQLITE_JSON: KpiJson = {
  json: (field) => `json_extract(e.payload, '$.${field}')`,
  epochMs: (column) => `CAST(ROUND((julianday(${column}) - 2440587.5) * 86400000) AS INTEGER)`,
};

const POSTGRES_JSON: KpiJson = {
  json: (field) => `(e.payload::jsonb ->> '${field}')`,
  epochMs: (column) => `ROUND(EXTRACT(EPOCH FROM (${column})::timestamptz) * 1000)::bigint`,
};

/**
 * Tickets, survey answers and the city day of 311 requests and answers from the events already stored: a ticket's or
 * survey's city day is its stop's (a stop runs within one city day), and a ticket's last outcome event by seq decides
 * its outcome.
 */
function kpiBackfill(d: KpiJson): string {
  const latest = (types: string) => `
    SELECT ${d.json('ticketId')} AS ticket_id, e.device_id, e.type, ${d.json('toCategoryCode')} AS to_category,
      ROW_NUMBER() OVER (PARTITION BY e.device_id, ${d.json('ticketId')} ORDER BY e.seq DESC) AS n
    FROM events e WHERE e.type IN (${types})`;
  return `
  INSERT INTO tickets (id, device_id, stop_id, number, category_code, source, language, issued_at, issued_ms, business_date)
    SELECT ${d.json('ticketId')}, e.device_id, ${d.json('stopId')}, ${d.json('number')}, ${d.json('categoryCode')}, ${d.json('source')},
      ${d.json('language')}, e.occurred_at, ${d.epochMs('e.occurred_at')}, COALESCE(s.business_date, substr(e.occurred_at, 1, 10))
    FROM events e LEFT JOIN stops s ON s.id = ${d.json('stopId')}
    WHERE e.type = 'TicketIssued' ON CONFLICT DO NOTHING;
  UPDATE tickets SET called_ms = c.at FROM (
    SELECT ${d.json('ticketId')} AS ticket_id, e.device_id, MIN(${d.epochMs('e.occurred_at')}) AS at FROM events e WHERE e.type = 'TicketCalled'
    GROUP BY ${d.json('ticketId')}, e.device_id) c
    WHERE c.ticket_id = tickets.id AND c.device_id = tickets.device_id;
  UPDATE tickets SET served_ms = c.at FROM (
    SELECT ${d.json('ticketId')} AS ticket_id, e.device_id, MAX(${d.epochMs('e.occurred_at')}) AS at FROM events e WHERE e.type = 'TicketServed'
    GROUP BY ${d.json('ticketId')}, e.device_id) c
    WHERE c.ticket_id = tickets.id AND c.device_id = tickets.device_id;
  UPDATE tickets SET outcome = CASE l.type WHEN 'TicketServed' THEN 'served' WHEN 'TicketNoShow' THEN 'no_show' WHEN 'TicketCancelled' THEN 'cancelled' ELSE NULL END
    FROM (${latest(`'TicketServed', 'TicketNoShow', 'TicketNoShowUndone', 'TicketCancelled'`)}) l
    WHERE l.n = 1 AND l.ticket_id = tickets.id AND l.device_id = tickets.device_id;
  UPDATE tickets SET category_code = l.to_category FROM (${latest(`'TicketTransferred'`)}) l
    WHERE l.n = 1 AND l.ticket_id = tickets.id AND l.device_id = tickets.device_id;
  INSERT INTO survey_answers (id, device_id, stop_id, ticket_id, rating, comment, answered_at, business_date)
    SELECT ${d.json('surveyId')}, e.device_id, ${d.json('stopId')}, ${d.json('ticketId')}, CAST(${d.json('rating')} AS INTEGER), ${d.json('comment')},
      e.occurred_at, COALESCE(s.business_date, substr(e.occurred_at, 1, 10))
    FROM events e LEFT JOIN stops s ON s.id = ${d.json('stopId')}
    WHERE e.type = 'SurveyAnswered' ON CONFLICT DO NOTHING;
  UPDATE service_requests SET stop_id = c.stop_id, business_date = COALESCE(c.business_date, substr(service_requests.requested_at, 1, 10)) FROM (
    SELECT ${d.json('requestId')} AS request_id, e.device_id, ${d.json('stopId')} AS stop_id, s.business_date FROM events e
    LEFT JOIN stops s ON s.id = ${d.json('stopId')} WHERE e.type = 'ServiceRequestFiled') c
    WHERE c.request_id = service_requests.id AND c.device_id = service_requests.device_id;
  UPDATE service_requests SET business_date = substr(requested_at, 1, 10) WHERE business_date IS NULL;
  UPDATE city_answers SET business_date = COALESCE((SELECT s.business_date FROM stops s WHERE s.id = city_answers.stop_id), substr(answered_at, 1, 10));
  `;
}


/** A SQLite trigger marking the changed row's van-day for the KPI roll-up (014). */
function sqliteMarkDay(name: string, on: string, row: 'NEW' | 'OLD'): string {
  return `
  CREATE TRIGGER ${name} AFTER ${on} BEGIN
    INSERT INTO kpi_dirty (device_id, business_date, mark) VALUES (${row}.device_id, ${row}.business_date, 1)
      ON CONFLICT (device_id, business_date) DO UPDATE SET mark = mark + 1;
  END;`;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    name: '001_initial',
    sql: `${INITIAL_FIRST_TABLES}${INITIAL_OTHER_TABLES}`,
    // PostgreSQL's first version had these read indexes from the start (SQLite got stops_business_date in 009).
    postgres: `
  CREATE INDEX transactions_device ON transactions (device_id);
  CREATE INDEX stops_business_date ON stops (business_date);
  CREATE INDEX day_closes_business_date ON day_closes (business_date);
  `,
  },
  // A resident asks about a 311 request by the reference the kiosk printed.
  { name: '002_service_request_reference', sql: 'CREATE INDEX service_requests_reference ON service_requests (local_reference)' },
  {
    // (issue 17) the office console: accounts, sessions, audit log
    name: '003_office_console',
    sql: `
  CREATE TABLE office_users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT,
    created_at TEXT NOT NULL
  );
  CREATE TABLE office_sessions (
    id_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES office_users(id),
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
  );
  CREATE INDEX office_sessions_user ON office_sessions (user_id);
  CREATE TABLE audit_log (
    id BIGSERIAL PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    detail TEXT NOT NULL
  );
  `,
  },
  {
    // Backups: the store's identity (a new epoch after a restore tells kiosks to resend what it lost) and, per device,
    // the highest seq a verified backup holds.
    name: '004_backups',
    sql: `
  CREATE TABLE store_identity (id INTEGER PRIMARY KEY CHECK (id = 1), epoch TEXT NOT NULL, changed_at TEXT NOT NULL);
  CREATE TABLE backup_watermarks (device_id TEXT PRIMARY KEY, seq BIGINT NOT NULL, backed_up_at TEXT NOT NULL);
  `,
  },
  {
    // The latest status each van reported (pending transactions, oldest pending age, app version, storage), for the fleet view.
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
  },
  {
    // "Tell the city": residents' answers to the questions published for their stop or neighbourhood.
    name: '006_city_answers',
    sql: `
  CREATE TABLE city_answers (
    id TEXT PRIMARY KEY,
    device_id TEXT NOT NULL,
    question_id TEXT NOT NULL,
    stop_id TEXT,
    neighbourhood TEXT NOT NULL,
    place TEXT NOT NULL,
    language TEXT NOT NULL,
    topic TEXT NOT NULL,
    text TEXT NOT NULL,
    contact TEXT,
    answered_at TEXT NOT NULL
  );
  CREATE INDEX city_answers_question ON city_answers (question_id, answered_at);
  `,
  },
  {
    // (issue 14) codes name the device they enrol; van names kept as history; refused values scrubbed from
    // rejected_events; day closes keyed by device and stop; who owns each stop, transaction, order and ticket; staff
    // assigned to vans; API keys listed by id, revoked and expiring.
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
  },
  {
    // Refunds given after a day's close (RefundIssued), on the day given.
    name: '008_refunds',
    sql: `
  CREATE TABLE refunds (
    id TEXT PRIMARY KEY,
    device_id TEXT NOT NULL REFERENCES devices(id),
    transaction_id TEXT NOT NULL,
    stop_id TEXT NOT NULL,
    amount_cents BIGINT NOT NULL,
    method TEXT NOT NULL,
    reason TEXT NOT NULL,
    staff_id TEXT NOT NULL,
    approved_by TEXT NOT NULL,
    occurred_at TEXT NOT NULL,
    business_date TEXT NOT NULL
  );
  CREATE INDEX refunds_date ON refunds (business_date, occurred_at, id);
  `,
  },
  // (issue 17) the console's day view reads a day's stops by date
  { name: '009_stops_by_date', sql: 'CREATE INDEX IF NOT EXISTS stops_business_date ON stops (business_date)' },
  // (issue 17) the KPIs: tickets and survey answers as read models, the stop and city day of 311 requests and answers,
  // the office's reviews and translations of what residents wrote (kpi.ts reads them)
  { name: '010_kpi_read_models', sql: `
  CREATE TABLE tickets (
    id TEXT PRIMARY KEY,
    device_id TEXT NOT NULL,
    stop_id TEXT NOT NULL,
    number TEXT NOT NULL,
    category_code TEXT NOT NULL,
    source TEXT NOT NULL,
    language TEXT,
    issued_at TEXT NOT NULL,
    issued_ms BIGINT NOT NULL,
    called_ms BIGINT,
    served_ms BIGINT,
    outcome TEXT,
    business_date TEXT NOT NULL
  );
  CREATE INDEX tickets_date ON tickets (business_date);
  CREATE TABLE survey_answers (
    id TEXT PRIMARY KEY,
    device_id TEXT NOT NULL,
    stop_id TEXT,
    ticket_id TEXT,
    rating INTEGER NOT NULL,
    comment TEXT NOT NULL,
    answered_at TEXT NOT NULL,
    business_date TEXT NOT NULL
  );
  CREATE INDEX survey_answers_date ON survey_answers (business_date);
  CREATE TABLE voice_reviews (
    kind TEXT NOT NULL,
    item_id TEXT NOT NULL,
    status TEXT NOT NULL,
    note TEXT,
    translation TEXT,
    translation_language TEXT,
    reviewed_by TEXT,
    reviewed_at TEXT,
    translated_by TEXT,
    translated_at TEXT,
    PRIMARY KEY (kind, item_id)
  );
  ALTER TABLE service_requests ADD COLUMN stop_id TEXT;
  ALTER TABLE service_requests ADD COLUMN business_date TEXT;
  CREATE INDEX service_requests_date ON service_requests (business_date);
  ALTER TABLE city_answers ADD COLUMN business_date TEXT;
  CREATE INDEX city_answers_date ON city_answers (business_date);
  ` },
  // (issue 17) the KPI tables filled from the events stored before them
  { name: '011_kpi_backfill', sql: '', sqlite: kpiBackfill(SQLITE_JSON), postgres: kpiBackfill(POSTGRES_JSON) },
  // (issue 17) a day's close is found through this small index, not by reading every later record of the van (the day
  // view read a year of records per close on PostgreSQL)
  { name: '012_events_day_closed', sql: "CREATE INDEX events_day_closed ON events (device_id, seq) WHERE type = 'DayClosed'" },
  {
    // (issue 19) app updates set from the office: a pinned version per van, a staged rollout per release
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
  },
  // (issue 17) the KPIs read daily rollups, not every ticket of a year: kpi_rollups holds per van, city day, stop and
  // service the counts, the exact sorted waits and service times and the touchscreen languages (kpi.ts); a change to a
  // day's tickets or survey answers (added, changed or removed) marks that van's day in kpi_dirty (a trigger, so the push path is untouched) and the
  // next KPI read rolls up what is marked. The rows stored before this step are marked here.
  {
    name: '014_kpi_rollups',
    sql: `
  CREATE TABLE kpi_rollups (
    device_id TEXT NOT NULL,
    business_date TEXT NOT NULL,
    stop_id TEXT NOT NULL,
    category_code TEXT NOT NULL,
    tickets BIGINT NOT NULL,
    served BIGINT NOT NULL,
    wait_ms TEXT NOT NULL,
    service_ms TEXT NOT NULL,
    languages TEXT NOT NULL,
    surveys BIGINT NOT NULL,
    rating_sum BIGINT NOT NULL,
    PRIMARY KEY (device_id, business_date, stop_id, category_code)
  );
  CREATE INDEX kpi_rollups_date ON kpi_rollups (business_date);
  CREATE TABLE kpi_dirty (
    device_id TEXT NOT NULL,
    business_date TEXT NOT NULL,
    mark BIGINT NOT NULL,
    PRIMARY KEY (device_id, business_date)
  );
  CREATE INDEX kpi_dirty_date ON kpi_dirty (business_date);
  CREATE INDEX survey_answers_ticket ON survey_answers (ticket_id);
  INSERT INTO kpi_dirty (device_id, business_date, mark)
    SELECT device_id, business_date, 1 FROM tickets UNION SELECT device_id, business_date, 1 FROM survey_answers;
  `,
    sqlite: [
      sqliteMarkDay('tickets_kpi_insert', 'INSERT ON tickets', 'NEW'),
      sqliteMarkDay('tickets_kpi_update', 'UPDATE ON tickets', 'NEW'),
      sqliteMarkDay('tickets_kpi_delete', 'DELETE ON tickets', 'OLD'),
      sqliteMarkDay('survey_answers_kpi_insert', 'INSERT ON survey_answers', 'NEW'),
      sqliteMarkDay('survey_answers_kpi_update', 'UPDATE ON survey_answers', 'NEW'),
      sqliteMarkDay('survey_answers_kpi_delete', 'DELETE ON survey_answers', 'OLD'),
      `
  CREATE TRIGGER tickets_kpi_transfer AFTER UPDATE OF category_code ON tickets BEGIN
    INSERT INTO kpi_dirty (device_id, business_date, mark) SELECT DISTINCT device_id, business_date, 1 FROM survey_answers WHERE ticket_id = NEW.id
      ON CONFLICT (device_id, business_date) DO UPDATE SET mark = mark + 1;
  END;`,
    ].join(''),
    postgres: `
  CREATE FUNCTION kpi_mark_day() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
    IF TG_OP = 'DELETE' THEN
      INSERT INTO kpi_dirty (device_id, business_date, mark) VALUES (OLD.device_id, OLD.business_date, 1)
        ON CONFLICT (device_id, business_date) DO UPDATE SET mark = kpi_dirty.mark + 1;
    ELSE
      INSERT INTO kpi_dirty (device_id, business_date, mark) VALUES (NEW.device_id, NEW.business_date, 1)
        ON CONFLICT (device_id, business_date) DO UPDATE SET mark = kpi_dirty.mark + 1;
    END IF;
    RETURN NULL;
  END $$;
  CREATE FUNCTION kpi_mark_ticket_surveys() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
    INSERT INTO kpi_dirty (device_id, business_date, mark) SELECT DISTINCT device_id, business_date, 1 FROM survey_answers WHERE ticket_id = NEW.id
      ON CONFLICT (device_id, business_date) DO UPDATE SET mark = kpi_dirty.mark + 1;
    RETURN NULL;
  END $$;
  CREATE TRIGGER tickets_kpi AFTER INSERT OR UPDATE OR DELETE ON tickets FOR EACH ROW EXECUTE FUNCTION kpi_mark_day();
  CREATE TRIGGER tickets_kpi_transfer AFTER UPDATE OF category_code ON tickets FOR EACH ROW EXECUTE FUNCTION kpi_mark_ticket_surveys();
  CREATE TRIGGER survey_answers_kpi AFTER INSERT OR UPDATE OR DELETE ON survey_answers FOR EACH ROW EXECUTE FUNCTION kpi_mark_day();
  `,
  },
];

/** One step's script for one store. */
export function renderMigration(step: Migration, dialect: 'sqlite' | 'postgres'): string {
  if (dialect === 'postgres') return `${step.sql}${step.postgres ?? ''}`.replace(/\bTEXT\b/g, 'TEXT COLLATE "C"');
  return `${step.sql}${step.sqlite ?? ''}`
    .replace(/\bBIGSERIAL PRIMARY KEY\b/g, 'INTEGER PRIMARY KEY AUTOINCREMENT')
    .replace(/\bBIGINT\b/g, 'INTEGER')
    .replace(/\bDOUBLE PRECISION\b/g, 'REAL');
}

/**
 * The foundation build (the repository's first commit) recorded version 1 for a smaller schema: devices, events,
 * rejected_events and transactions, without actor, catalogue version, stop, staff, city day or void status. This step
 * brings such a database to 001_initial before the later steps run; the city day of its sales is filled in by the
 * runner from their time (SQL alone does not know the city's time zone).
 */
export const FOUNDATION_TO_INITIAL: Migration = {
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
  postgres: MIGRATIONS[0]!.postgres,
};
