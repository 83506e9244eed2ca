import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { dirname } from 'node:path';
import { catalogueBodySchema, catalogueStaffSchema, type CatalogueBody, type CatalogueStaff, type PushResult } from '../../shared';
import { FOREIGN_REFERENCE, ownedRefs, projectionFor, type ProjectionOp } from './projection';
import { OFFICE_SQLITE_MIGRATION, OfficeSql } from './office';
import type {
  ApiKeyRecord,
  ApiKeyRole,
  CentralStore,
  CityAnswerFilter,
  Change,
  CheckedEvent,
  DeviceRecord,
  EnrolmentOutcome,
  PushContext,
  PushOutcome,
  ServiceRequestFilter,
  ServiceRequestStatus,
  StoredCityAnswer,
  StoredDayClose,
  StoredDeviceStatus,
  StoredRefund,
  StoredServiceRequest,
  StoredStop,
  StoredTransaction,
  TransactionFilter,
} from './store';

/** Each entry is one schema version; never edit or remove one that has shipped. */
export const SQLITE_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE devices (
    id TEXT PRIMARY KEY,
    van_name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT,
    contiguous_seq INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE events (
    id TEXT PRIMARY KEY,
    device_id TEXT NOT NULL REFERENCES devices(id),
    seq INTEGER NOT NULL,
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
    seq INTEGER NOT NULL,
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
    amount_cents INTEGER NOT NULL,
    payment_method TEXT NOT NULL,
    receipt_number TEXT NOT NULL,
    staff_id TEXT,
    occurred_at TEXT NOT NULL,
    business_date TEXT NOT NULL,
    received_at TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'recorded',
    void_reason TEXT
  );
  CREATE INDEX transactions_date ON transactions (business_date, occurred_at, id);
  CREATE TABLE stops (
    id TEXT PRIMARY KEY,
    device_id TEXT NOT NULL REFERENCES devices(id),
    neighbourhood TEXT NOT NULL,
    place TEXT NOT NULL,
    opened_at TEXT NOT NULL,
    closed_at TEXT,
    opening_float_cents INTEGER NOT NULL,
    business_date TEXT NOT NULL
  );
  CREATE TABLE day_closes (
    stop_id TEXT PRIMARY KEY,
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
    lat REAL,
    long REAL,
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
  CREATE TABLE api_keys (
    key_hash TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE staff (
    id TEXT PRIMARY KEY,
    body TEXT NOT NULL
  );
  CREATE TABLE catalogue_versions (
    version INTEGER PRIMARY KEY,
    body TEXT NOT NULL,
    published_at TEXT NOT NULL
  );
  CREATE TABLE changes (
    cursor INTEGER PRIMARY KEY AUTOINCREMENT,
    device_id TEXT,
    kind TEXT NOT NULL,
    data TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  `,
  // A resident asks about a 311 request by the reference the kiosk printed.
  'CREATE INDEX service_requests_reference ON service_requests (local_reference)',
  // (issue 17) the office console: accounts, sessions, audit log
  OFFICE_SQLITE_MIGRATION,
  // Backups: the store's identity (a new epoch after a restore tells kiosks to resend what it lost) and, per device,
  // the highest seq a verified backup holds.
  `
  CREATE TABLE store_identity (id INTEGER PRIMARY KEY CHECK (id = 1), epoch TEXT NOT NULL, changed_at TEXT NOT NULL);
  CREATE TABLE backup_watermarks (device_id TEXT PRIMARY KEY, seq INTEGER NOT NULL, backed_up_at TEXT NOT NULL);
  `,
  // The latest status each van reported (pending transactions, oldest pending age, app version, storage), for the fleet view.
  `
  CREATE TABLE device_status (
    device_id TEXT PRIMARY KEY REFERENCES devices(id),
    received_at TEXT NOT NULL,
    via TEXT NOT NULL,
    pending_transactions INTEGER NOT NULL,
    pending_other_records INTEGER NOT NULL,
    oldest_pending_age_seconds INTEGER,
    app_version TEXT NOT NULL,
    storage_used_bytes INTEGER,
    storage_quota_bytes INTEGER
  );
  `,
  // "Tell the city": residents' answers to the questions published for their stop or neighbourhood.
  `
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
  // 7 (issue 14): codes name the device they enrol; van names kept as history; refused values scrubbed from
  // rejected_events; day closes keyed by device and stop; who owns each stop, transaction, order and ticket; staff
  // assigned to vans; API keys listed by id, revoked and expiring.
  `
  ALTER TABLE enrolment_codes ADD COLUMN for_device_id TEXT;
  CREATE TABLE device_names (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    device_id TEXT NOT NULL REFERENCES devices(id),
    van_name TEXT NOT NULL,
    from_at TEXT NOT NULL
  );
  CREATE INDEX device_names_device ON device_names (device_id, from_at);
  INSERT INTO device_names (device_id, van_name, from_at) SELECT id, van_name, created_at FROM devices ORDER BY created_at, id;
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
  INSERT INTO day_closes_v2 (stop_id, device_id, business_date, counted_cash_cents, expected_cash_cents, difference_cents, reason,
    check_total_cents, card_total_cents, closed_by, second_sign_off_by, closed_at)
    SELECT stop_id, device_id, business_date, counted_cash_cents, expected_cash_cents, difference_cents, reason,
    check_total_cents, card_total_cents, closed_by, second_sign_off_by, closed_at FROM day_closes;
  DROP TABLE day_closes;
  ALTER TABLE day_closes_v2 RENAME TO day_closes;
  CREATE TABLE owned_refs (
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    device_id TEXT NOT NULL,
    PRIMARY KEY (kind, id)
  );
  INSERT OR IGNORE INTO owned_refs (kind, id, device_id) SELECT 'stop', id, device_id FROM stops;
  INSERT OR IGNORE INTO owned_refs (kind, id, device_id) SELECT 'transaction', id, device_id FROM transactions;
  INSERT OR IGNORE INTO owned_refs (kind, id, device_id)
    SELECT 'order', json_extract(payload, '$.orderId'), device_id FROM events WHERE type = 'CertificateOrdered' AND json_extract(payload, '$.orderId') IS NOT NULL ORDER BY received_at;
  INSERT OR IGNORE INTO owned_refs (kind, id, device_id)
    SELECT 'ticket', json_extract(payload, '$.ticketId'), device_id FROM events WHERE type = 'TicketIssued' AND json_extract(payload, '$.ticketId') IS NOT NULL ORDER BY received_at;
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
  // Refunds given after a day's close (RefundIssued), on the day given.
  `
  CREATE TABLE refunds (
    id TEXT PRIMARY KEY,
    device_id TEXT NOT NULL REFERENCES devices(id),
    transaction_id TEXT NOT NULL,
    stop_id TEXT NOT NULL,
    amount_cents INTEGER NOT NULL,
    method TEXT NOT NULL,
    reason TEXT NOT NULL,
    staff_id TEXT NOT NULL,
    approved_by TEXT NOT NULL,
    occurred_at TEXT NOT NULL,
    business_date TEXT NOT NULL
  );
  CREATE INDEX refunds_date ON refunds (business_date, occurred_at, id);
  `,
  // (issue 17) the console's day view reads a day's stops by date
  'CREATE INDEX IF NOT EXISTS stops_business_date ON stops (business_date)',
];

/**
 * WAL checkpoints run on a second connection in a worker thread, so a request never waits for one (the request path
 * only appends to the WAL). PASSIVE never blocks writers; the final TRUNCATE happens on close.
 */
function startCheckpointer(file: string, intervalMs: number): Worker {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(
    `const { workerData } = require('node:worker_threads');
     const Database = require(workerData.driver);
     const db = new Database(workerData.file);
     db.pragma('busy_timeout = 1000');
     setInterval(() => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {} }, workerData.intervalMs);`,
    { eval: true, workerData: { file, intervalMs, driver } },
  );
  worker.unref();
  return worker;
}

export interface SqliteStoreOptions {
  file: string;
  /** Checkpoint the WAL on a timer instead of inside a commit; 0 turns the timer off. */
  checkpointIntervalMs?: number;
  now?: () => Date;
}

type Row = Record<string, unknown>;
const str = (v: unknown) => v as string;
const strOrNull = (v: unknown) => (v === null || v === undefined ? null : String(v));
const num = (v: unknown) => Number(v);
const numOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));

export function toCityAnswer(r: Row): StoredCityAnswer {
  return {
    id: str(r.id),
    deviceId: str(r.device_id),
    questionId: str(r.question_id),
    stopId: strOrNull(r.stop_id),
    neighbourhood: str(r.neighbourhood),
    place: str(r.place),
    language: str(r.language),
    topic: str(r.topic),
    text: str(r.text),
    contact: r.contact === null || r.contact === undefined ? null : (JSON.parse(str(r.contact)) as StoredCityAnswer['contact']),
    answeredAt: str(r.answered_at),
  };
}

export function toTransaction(r: Row): StoredTransaction {
  return {
    id: str(r.id),
    eventId: str(r.event_id),
    deviceId: str(r.device_id),
    vanName: str(r.van_name),
    stopId: strOrNull(r.stop_id),
    serviceCode: str(r.service_code),
    serviceName: str(r.service_name),
    reference: str(r.reference),
    quantity: num(r.quantity),
    amountCents: num(r.amount_cents),
    paymentMethod: str(r.payment_method),
    receiptNumber: str(r.receipt_number),
    staffId: strOrNull(r.staff_id),
    occurredAt: str(r.occurred_at),
    businessDate: str(r.business_date),
    receivedAt: str(r.received_at),
    status: r.status === 'voided' ? 'voided' : 'recorded',
    voidReason: strOrNull(r.void_reason),
  };
}

export function toStop(r: Row): StoredStop {
  return {
    id: str(r.id),
    deviceId: str(r.device_id),
    vanName: str(r.van_name),
    neighbourhood: str(r.neighbourhood),
    place: str(r.place),
    openedAt: str(r.opened_at),
    closedAt: strOrNull(r.closed_at),
    openingFloatCents: num(r.opening_float_cents),
    businessDate: str(r.business_date),
  };
}

/** One query text for both stores: refunds with the original receipt number and the van, by day given. */
export const REFUNDS_SQL = (from: string, to: string) =>
  `SELECT r.*, t.receipt_number, d.van_name FROM refunds r
   JOIN transactions t ON t.id = r.transaction_id AND t.device_id = r.device_id
   JOIN devices d ON d.id = r.device_id
   WHERE (${from} IS NULL OR r.business_date >= ${from}) AND (${to} IS NULL OR r.business_date <= ${to})
   ORDER BY r.occurred_at, r.id`;

export function toRefund(r: Row): StoredRefund {
  const method = str(r.method);
  return {
    id: str(r.id),
    deviceId: str(r.device_id),
    vanName: str(r.van_name),
    transactionId: str(r.transaction_id),
    receiptNumber: str(r.receipt_number),
    stopId: str(r.stop_id),
    amountCents: num(r.amount_cents),
    method: method === 'check' || method === 'card' ? method : 'cash',
    reason: str(r.reason),
    staffId: str(r.staff_id),
    approvedBy: str(r.approved_by),
    occurredAt: str(r.occurred_at),
    businessDate: str(r.business_date),
  };
}

export function toDayClose(r: Row): StoredDayClose {
  return {
    stopId: str(r.stop_id),
    deviceId: str(r.device_id),
    businessDate: str(r.business_date),
    countedCashCents: num(r.counted_cash_cents),
    expectedCashCents: num(r.expected_cash_cents),
    differenceCents: num(r.difference_cents),
    reason: str(r.reason),
    checkTotalCents: num(r.check_total_cents),
    cardTotalCents: num(r.card_total_cents),
    closedBy: str(r.closed_by),
    secondSignOffBy: strOrNull(r.second_sign_off_by),
    closedAt: str(r.closed_at),
  };
}

export function toServiceRequest(r: Row): StoredServiceRequest {
  return {
    id: str(r.id),
    deviceId: strOrNull(r.device_id),
    source: r.source === 'open311' ? 'open311' : 'kiosk',
    localReference: strOrNull(r.local_reference),
    serviceCode: str(r.service_code),
    serviceName: str(r.service_name),
    description: str(r.description),
    addressString: str(r.address_string),
    lat: numOrNull(r.lat),
    long: numOrNull(r.long),
    firstName: strOrNull(r.first_name),
    lastName: strOrNull(r.last_name),
    phone: strOrNull(r.phone),
    email: strOrNull(r.email),
    status: r.status === 'closed' ? 'closed' : 'open',
    statusNotes: strOrNull(r.status_notes),
    requestedAt: str(r.requested_at),
    updatedAt: str(r.updated_at),
  };
}

export function toDeviceStatus(r: Row): StoredDeviceStatus {
  return {
    deviceId: str(r.device_id),
    receivedAt: str(r.received_at),
    via: r.via === 'probe' ? 'probe' : 'push',
    pendingTransactions: num(r.pending_transactions),
    pendingOtherRecords: num(r.pending_other_records),
    oldestPendingAgeSeconds: numOrNull(r.oldest_pending_age_seconds),
    appVersion: str(r.app_version),
    storageUsedBytes: numOrNull(r.storage_used_bytes),
    storageQuotaBytes: numOrNull(r.storage_quota_bytes),
  };
}

/** Upsert of a device's latest status; an older report never replaces a newer one. Placeholders by `ph`. */
export function deviceStatusUpsert(ph: (i: number) => string): string {
  const cols = ['device_id', 'received_at', 'via', 'pending_transactions', 'pending_other_records', 'oldest_pending_age_seconds', 'app_version', 'storage_used_bytes', 'storage_quota_bytes'];
  return `INSERT INTO device_status (${cols.join(', ')}) VALUES (${cols.map((_, i) => ph(i + 1)).join(', ')})
    ON CONFLICT (device_id) DO UPDATE SET ${cols.slice(1).map((c) => `${c} = excluded.${c}`).join(', ')}
    WHERE excluded.received_at >= device_status.received_at`;
}

export function deviceStatusParams(s: StoredDeviceStatus): unknown[] {
  return [s.deviceId, s.receivedAt, s.via, s.pendingTransactions, s.pendingOtherRecords, s.oldestPendingAgeSeconds, s.appVersion, s.storageUsedBytes, s.storageQuotaBytes];
}

/** An API key's public id: the start of its hash (the key itself is never kept). */
export function apiKeyId(keyHash: string): string {
  return keyHash.slice(0, 16);
}

export function toApiKey(r: Row): ApiKeyRecord {
  const role = r.role === 'admin' || r.role === 'office' ? r.role : 'open311';
  return { id: str(r.id), role, name: str(r.name), createdAt: str(r.created_at), expiresAt: strOrNull(r.expires_at), revokedAt: strOrNull(r.revoked_at) };
}

export function toDevice(r: Row): DeviceRecord {
  return { id: str(r.id), vanName: str(r.van_name), createdAt: str(r.created_at), revokedAt: strOrNull(r.revoked_at) };
}

/**
 * The van name a row was recorded under: the device's name in force when the row reached the office (names are kept as
 * history, so a re-enrolment under a new name never relabels the past); before the first history row, the first name.
 * `alias` is a table with device_id and received_at (stops: opened_at, the device's clock); SQL shared by both stores.
 */
export function vanNameAt(alias: string, at = `${alias}.received_at`): string {
  return `COALESCE((SELECT n.van_name FROM device_names n WHERE n.device_id = ${alias}.device_id AND n.from_at <= ${at}
    ORDER BY n.from_at DESC, n.id DESC LIMIT 1), (SELECT n.van_name FROM device_names n WHERE n.device_id = ${alias}.device_id
    ORDER BY n.from_at, n.id LIMIT 1), (SELECT d0.van_name FROM devices d0 WHERE d0.id = ${alias}.device_id))`;
}

/** Builds the WHERE clause of a transaction query; placeholders are produced by `ph` (`?` or `$n`). */
export function transactionWhere(filter: TransactionFilter, ph: (value: unknown) => string): string {
  const clauses: string[] = [];
  if (filter.id) clauses.push(`t.id = ${ph(filter.id)}`);
  if (filter.dateFrom) clauses.push(`t.business_date >= ${ph(filter.dateFrom)}`);
  if (filter.dateTo) clauses.push(`t.business_date <= ${ph(filter.dateTo)}`);
  if (filter.vanName) clauses.push(`${vanNameAt('t')} = ${ph(filter.vanName)}`);
  if (filter.deviceId) clauses.push(`t.device_id = ${ph(filter.deviceId)}`);
  if (filter.stopId) clauses.push(`t.stop_id = ${ph(filter.stopId)}`);
  if (filter.serviceCode) clauses.push(`t.service_code = ${ph(filter.serviceCode)}`);
  if (filter.status) clauses.push(`t.status = ${ph(filter.status)}`);
  return clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
}

/** Upper bound on one group commit, so one commit never holds the event loop for long (~5,000 events ≈ 0.1 s here). */
const GROUP_COMMIT_MAX_EVENTS = 5000;

interface QueuedPush {
  deviceId: string;
  events: readonly CheckedEvent[];
  context: PushContext;
  resolve: (outcome: PushOutcome) => void;
  reject: (error: unknown) => void;
}

export class SqliteStore implements CentralStore {
  readonly kind = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly now: () => Date;
  private checkpointer: Worker | undefined;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly pushQueue: QueuedPush[] = [];
  private flushScheduled = false;
  /** Commits made for pushed batches, and the batches they held: how much group commit saves (tests, bench). */
  readonly pushStats = { commits: 0, batches: 0 };
  /** The office console's accounts, sessions and audit (issue 17). */
  readonly office = new OfficeSql({
    all: async (sql, params) => this.db.prepare(sql).all(...params) as Row[],
    run: async (sql, params) => this.db.prepare(sql).run(...params).changes,
    isUniqueViolation: (error) => (error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE' || (error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY',
  });

  constructor(private readonly options: SqliteStoreOptions) {
    if (options.file !== ':memory:') {
      // The database is readable by this user only; SQLite gives its -wal and -shm files the database file's mode.
      mkdirSync(dirname(options.file), { recursive: true, mode: 0o700 });
      closeSync(openSync(options.file, 'a', 0o600));
      chmodSync(options.file, 0o600);
      for (const companion of [`${options.file}-wal`, `${options.file}-shm`]) if (existsSync(companion)) chmodSync(companion, 0o600);
    }
    this.db = new Database(options.file);
    this.db.pragma('journal_mode = WAL');
    // FULL: an acknowledged batch survives a power cut, not only a crash.
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    // Checkpoints run on a timer (below), never inside a request's commit.
    this.db.pragma('wal_autocheckpoint = 0');
    this.now = options.now ?? (() => new Date());
  }

  /** Prepared once per SQL text: preparing is a measurable share of a 500-event batch. */
  private sql(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  async migrate(): Promise<void> {
    this.db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
    const row = this.db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
    const current = row.v ?? 0;
    SQLITE_MIGRATIONS.forEach((sql, index) => {
      const version = index + 1;
      if (version <= current) return;
      this.db.transaction(() => {
        this.db.exec(sql);
        this.db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(version, this.now().toISOString());
      })();
    });
    const interval = this.options.checkpointIntervalMs ?? 1000;
    if (interval > 0 && !this.checkpointer && this.options.file !== ':memory:') {
      this.checkpointer = startCheckpointer(this.options.file, interval);
    }
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async storeEpoch(): Promise<string> {
    const row = this.db.prepare('SELECT epoch FROM store_identity WHERE id = 1').get() as { epoch: string } | undefined;
    if (row) return row.epoch;
    const epoch = crypto.randomUUID();
    this.db.prepare('INSERT INTO store_identity (id, epoch, changed_at) VALUES (1, ?, ?) ON CONFLICT (id) DO NOTHING').run(epoch, this.now().toISOString());
    return ((this.db.prepare('SELECT epoch FROM store_identity WHERE id = 1').get() as { epoch: string }).epoch);
  }

  async renewStoreEpoch(): Promise<string> {
    const epoch = crypto.randomUUID();
    this.db
      .prepare('INSERT INTO store_identity (id, epoch, changed_at) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET epoch = excluded.epoch, changed_at = excluded.changed_at')
      .run(epoch, this.now().toISOString());
    return epoch;
  }

  async heldSeqs(): Promise<Map<string, number>> {
    return new Map((this.db.prepare('SELECT id, contiguous_seq FROM devices').all() as Row[]).map((r) => [str(r.id), num(r.contiguous_seq)]));
  }

  async backupWatermarks(): Promise<Map<string, number>> {
    return new Map((this.db.prepare('SELECT device_id, seq FROM backup_watermarks').all() as Row[]).map((r) => [str(r.device_id), num(r.seq)]));
  }

  async recordBackupWatermarks(watermarks: ReadonlyMap<string, number>, at: string): Promise<void> {
    const upsert = this.db.prepare(
      `INSERT INTO backup_watermarks (device_id, seq, backed_up_at) VALUES (?, ?, ?)
       ON CONFLICT (device_id) DO UPDATE SET seq = MAX(backup_watermarks.seq, excluded.seq), backed_up_at = excluded.backed_up_at`,
    );
    this.db.transaction(() => {
      for (const [deviceId, seq] of watermarks) upsert.run(deviceId, seq, at);
    })();
  }

  /**
   * A consistent online copy through SQLite's backup API (pages copied while pushes go on; the copy is one moment of
   * the store), then checked: integrity_check must say ok. Returns what the copy holds per device.
   */
  async backupTo(file: string): Promise<{ events: number; heldSeqs: Map<string, number> }> {
    await this.db.backup(file);
    const copy = new Database(file, { readonly: true, fileMustExist: true });
    try {
      const integrity = copy.pragma('integrity_check', { simple: true });
      if (integrity !== 'ok') throw new Error(`the backup failed its integrity check: ${String(integrity)}`);
      const { n } = copy.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number };
      const held = new Map((copy.prepare('SELECT id, contiguous_seq FROM devices').all() as Row[]).map((r) => [str(r.id), num(r.contiguous_seq)]));
      return { events: n, heldSeqs: held };
    } finally {
      copy.close();
    }
  }

  async close(): Promise<void> {
    // Batches already handed to the store are stored before it closes.
    while (this.pushQueue.length > 0 && this.db.open) this.flushPushes();
    if (this.checkpointer) await this.checkpointer.terminate();
    if (this.db.open) {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
      this.db.close();
    }
  }

  async createDevice(device: { id: string; vanName: string; tokenHash: string }): Promise<void> {
    const at = this.now().toISOString();
    this.db.transaction(() => {
      this.db.prepare('INSERT INTO devices (id, van_name, token_hash, created_at) VALUES (?, ?, ?, ?)').run(device.id, device.vanName, device.tokenHash, at);
      this.db.prepare('INSERT INTO device_names (device_id, van_name, from_at) VALUES (?, ?, ?)').run(device.id, device.vanName, at);
    })();
  }

  async findDeviceByTokenHash(tokenHash: string): Promise<DeviceRecord | null> {
    const row = this.db.prepare('SELECT * FROM devices WHERE token_hash = ?').get(tokenHash) as Row | undefined;
    return row ? toDevice(row) : null;
  }

  async listDevices(): Promise<DeviceRecord[]> {
    return (this.db.prepare('SELECT * FROM devices ORDER BY created_at, id').all() as Row[]).map(toDevice);
  }

  async revokeDevice(id: string, at: string): Promise<boolean> {
    return this.db.prepare('UPDATE devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id).changes === 1;
  }

  async saveDeviceStatus(status: StoredDeviceStatus): Promise<void> {
    this.db.prepare(deviceStatusUpsert(() => '?')).run(...deviceStatusParams(status));
  }

  async listDeviceStatuses(): Promise<StoredDeviceStatus[]> {
    return (this.db.prepare('SELECT * FROM device_status ORDER BY device_id').all() as Row[]).map(toDeviceStatus);
  }

  async unrevokeDevice(id: string): Promise<boolean> {
    return this.db.prepare('UPDATE devices SET revoked_at = NULL WHERE id = ? AND revoked_at IS NOT NULL').run(id).changes === 1;
  }

  async replaceDeviceToken(id: string, tokenHash: string): Promise<boolean> {
    return this.db.prepare('UPDATE devices SET token_hash = ?, revoked_at = NULL WHERE id = ?').run(tokenHash, id).changes === 1;
  }

  async createEnrolmentCode(code: { codeHash: string; vanName: string; createdAt: string; expiresAt: string; forDeviceId?: string | null }): Promise<void> {
    this.db
      .prepare('INSERT INTO enrolment_codes (code_hash, van_name, created_at, expires_at, for_device_id) VALUES (?, ?, ?, ?, ?)')
      .run(code.codeHash, code.vanName, code.createdAt, code.expiresAt, code.forDeviceId ?? null);
  }

  async redeemEnrolmentCode(codeHash: string, now: string, device: { id: string; tokenHash: string; existing: boolean }): Promise<EnrolmentOutcome> {
    return this.db.transaction((): EnrolmentOutcome => {
      const code = this.db.prepare('SELECT * FROM enrolment_codes WHERE code_hash = ?').get(codeHash) as Row | undefined;
      if (!code) return { ok: false, reason: 'unknown' };
      if (code.used_at) return { ok: false, reason: 'used' };
      if (str(code.expires_at) <= now) return { ok: false, reason: 'expired' };
      const vanName = str(code.van_name);
      const forDevice = strOrNull(code.for_device_id);
      let deviceId = device.id;
      if (forDevice === null) {
        if (device.existing) return { ok: false, reason: 'new_device_code' };
        this.db.prepare('INSERT INTO devices (id, van_name, token_hash, created_at) VALUES (?, ?, ?, ?)').run(device.id, vanName, device.tokenHash, now);
        this.db.prepare('INSERT INTO device_names (device_id, van_name, from_at) VALUES (?, ?, ?)').run(device.id, vanName, now);
      } else {
        if (device.existing && device.id !== forDevice) return { ok: false, reason: 'wrong_device' };
        deviceId = forDevice;
        const current = this.db.prepare('SELECT van_name, revoked_at FROM devices WHERE id = ?').get(deviceId) as Row | undefined;
        if (!current) return { ok: false, reason: 'unknown_device' };
        if (current.revoked_at) return { ok: false, reason: 'device_revoked' };
        this.db.prepare('UPDATE devices SET token_hash = ?, van_name = ? WHERE id = ?').run(device.tokenHash, vanName, deviceId);
        if (str(current.van_name) !== vanName) {
          this.db.prepare('INSERT INTO device_names (device_id, van_name, from_at) VALUES (?, ?, ?)').run(deviceId, vanName, now);
        }
      }
      this.db.prepare('UPDATE enrolment_codes SET used_at = ?, device_id = ? WHERE code_hash = ?').run(now, deviceId, codeHash);
      return { ok: true, vanName, deviceId };
    })();
  }

  async createApiKey(key: { keyHash: string; role: ApiKeyRole; name: string; createdAt: string; expiresAt?: string | null }): Promise<void> {
    this.db
      .prepare('INSERT INTO api_keys (key_hash, role, name, created_at, id, expires_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(key.keyHash, key.role, key.name, key.createdAt, apiKeyId(key.keyHash), key.expiresAt ?? null);
  }

  async findApiKey(keyHash: string, now?: string): Promise<{ role: ApiKeyRole; name: string } | null> {
    const row = this.db
      .prepare('SELECT role, name FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL AND (expires_at IS NULL OR ? IS NULL OR expires_at > ?)')
      .get(keyHash, now ?? null, now ?? null) as { role: ApiKeyRole; name: string } | undefined;
    return row ?? null;
  }

  async listApiKeys(): Promise<ApiKeyRecord[]> {
    return (this.db.prepare('SELECT * FROM api_keys ORDER BY created_at, id').all() as Row[]).map(toApiKey);
  }

  async revokeApiKey(id: string, at: string): Promise<boolean> {
    return this.db.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id).changes === 1;
  }

  async setStaffVans(staffId: string, vanNames: readonly string[]): Promise<void> {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM staff_vans WHERE staff_id = ?').run(staffId);
      for (const van of new Set(vanNames)) this.db.prepare('INSERT INTO staff_vans (staff_id, van_name) VALUES (?, ?)').run(staffId, van);
    })();
  }

  async listStaffVans(): Promise<{ staffId: string; vanName: string }[]> {
    return (this.db.prepare('SELECT staff_id, van_name FROM staff_vans ORDER BY staff_id, van_name').all() as Row[]).map((r) => ({ staffId: str(r.staff_id), vanName: str(r.van_name) }));
  }

  async upsertStaff(staff: CatalogueStaff): Promise<void> {
    this.db.prepare('INSERT INTO staff (id, body) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET body = excluded.body').run(staff.id, JSON.stringify(staff));
  }

  async listStaff(): Promise<CatalogueStaff[]> {
    return (this.db.prepare('SELECT body FROM staff ORDER BY id').all() as { body: string }[]).map((r) => catalogueStaffSchema.parse(JSON.parse(r.body)));
  }

  async publishCatalogue(body: Omit<CatalogueBody, 'staff'>, at: string): Promise<number> {
    return this.db.transaction(() => {
      const staff = (this.db.prepare('SELECT body FROM staff ORDER BY id').all() as { body: string }[]).map((r) => JSON.parse(r.body) as unknown);
      const full = catalogueBodySchema.parse({ ...body, staff });
      const { v } = this.db.prepare('SELECT COALESCE(MAX(version), 0) + 1 AS v FROM catalogue_versions').get() as { v: number };
      this.db.prepare('INSERT INTO catalogue_versions (version, body, published_at) VALUES (?, ?, ?)').run(v, JSON.stringify(full), at);
      this.db.prepare('INSERT INTO changes (device_id, kind, data, created_at) VALUES (NULL, ?, ?, ?)').run('catalogue', JSON.stringify({ version: v }), at);
      return v;
    })();
  }

  async latestCatalogue(): Promise<{ version: number; publishedAt: string; body: CatalogueBody } | null> {
    const row = this.db.prepare('SELECT * FROM catalogue_versions ORDER BY version DESC LIMIT 1').get() as Row | undefined;
    if (!row) return null;
    return { version: num(row.version), publishedAt: str(row.published_at), body: catalogueBodySchema.parse(JSON.parse(str(row.body))) };
  }

  /**
   * Group commit: batches that arrive while another is being stored (several devices pushing at once) are stored
   * together in ONE SQLite transaction, each batch in its own savepoint, so one fsync covers them all. Every caller is
   * answered only after that commit; a batch that fails (an unknown device, say) rolls back to its savepoint alone and
   * its caller gets the error, the others are stored. A lone batch waits one event-loop turn, no more.
   */
  pushEvents(deviceId: string, events: readonly CheckedEvent[], context: PushContext): Promise<PushOutcome> {
    return new Promise<PushOutcome>((resolve, reject) => {
      this.pushQueue.push({ deviceId, events, context, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flushPushes());
      }
    });
  }

  /** Stores the queued batches, at most GROUP_COMMIT_MAX_EVENTS events per commit; the rest go in the next turn. */
  private flushPushes(): void {
    this.flushScheduled = false;
    const group: QueuedPush[] = [];
    let events = 0;
    while (this.pushQueue.length > 0 && (group.length === 0 || events + this.pushQueue[0]!.events.length <= GROUP_COMMIT_MAX_EVENTS)) {
      const next = this.pushQueue.shift()!;
      events += next.events.length;
      group.push(next);
    }
    if (this.pushQueue.length > 0) {
      this.flushScheduled = true;
      setImmediate(() => this.flushPushes());
    }
    if (group.length === 0) return;
    let outcomes: ({ ok: true; value: PushOutcome } | { ok: false; error: unknown })[];
    try {
      if (!this.db.open) throw new Error('the store is closed');
      outcomes = this.db.transaction(() =>
        group.map((item) => {
          try {
            // A nested better-sqlite3 transaction is a savepoint: a throw undoes this batch only.
            return { ok: true as const, value: this.pushBatch(item.deviceId, item.events, item.context) };
          } catch (error) {
            return { ok: false as const, error };
          }
        }),
      )();
    } catch (error) {
      for (const item of group) item.reject(error);
      return;
    }
    this.pushStats.commits++;
    this.pushStats.batches += group.length;
    group.forEach((item, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.error);
    });
  }

  private pushBatch(deviceId: string, events: readonly CheckedEvent[], context: PushContext): PushOutcome {
    const db = this.db;
    const receivedAt = this.now().toISOString();
    const insertEvent = this.sql(
      `INSERT INTO events (id, device_id, seq, type, occurred_at, received_at, schema_version, actor_id, catalogue_version, payload)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    const existingById = this.sql('SELECT device_id, seq FROM events WHERE id = ?');
    const upsertRejected = this.sql(
      `INSERT INTO rejected_events (device_id, seq, id, code, message, raw, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (device_id, seq) DO UPDATE SET id = excluded.id, code = excluded.code, message = excluded.message,
       raw = excluded.raw, received_at = excluded.received_at`,
    );
    const seqKnown = this.sql(
      'SELECT 1 FROM events WHERE device_id = ? AND seq = ? UNION ALL SELECT 1 FROM rejected_events WHERE device_id = ? AND seq = ? LIMIT 1',
    );
    const ownerOf = this.sql('SELECT device_id FROM owned_refs WHERE kind = ? AND id = ?');
    const claim = this.sql('INSERT OR IGNORE INTO owned_refs (kind, id, device_id) VALUES (?, ?, ?)');

    const run = db.transaction((): PushOutcome => {
      const results: PushResult[] = [];
      const answered = new Set<number>();
      for (const checked of events) {
        if (!checked.ok) {
          upsertRejected.run(deviceId, checked.seq, checked.id, checked.code, checked.message, JSON.stringify(checked.raw ?? null), receivedAt);
          results.push({ id: checked.id, seq: checked.seq, status: 'rejected', code: checked.code, message: checked.message });
          answered.add(checked.seq);
          continue;
        }
        const { event } = checked;
        const refs = ownedRefs(event);
        const foreign = refs.filter((ref) => {
          const owner = ownerOf.get(ref.kind, ref.id) as { device_id: string } | undefined;
          return owner !== undefined && owner.device_id !== deviceId;
        });
        if (foreign.length > 0) {
          const record = { envelope: { id: event.id, deviceId, seq: event.seq, type: event.type }, paths: foreign.map((ref) => ref.path) };
          const message = `${foreign.map((ref) => ref.path).join(', ')}: ${FOREIGN_REFERENCE.message}`;
          upsertRejected.run(deviceId, event.seq, event.id, FOREIGN_REFERENCE.code, message, JSON.stringify(record), receivedAt);
          results.push({ id: event.id, seq: event.seq, status: 'rejected', code: FOREIGN_REFERENCE.code, message });
          answered.add(event.seq);
          continue;
        }
        const info = insertEvent.run(
          event.id, deviceId, event.seq, event.type, event.occurredAt, receivedAt, event.schemaVersion, event.actorId,
          event.catalogueVersion, JSON.stringify(event.payload),
        );
        if (info.changes === 1) {
          for (const ref of refs) if (ref.creates) claim.run(ref.kind, ref.id, deviceId);
          for (const op of projectionFor(event, context)) this.apply(op, deviceId, event.id, event.occurredAt, receivedAt);
          results.push({ id: event.id, seq: event.seq, status: 'accepted' });
          answered.add(event.seq);
          continue;
        }
        const existing = existingById.get(event.id) as { device_id: string; seq: number } | undefined;
        if (existing && existing.device_id === deviceId && existing.seq === event.seq) {
          results.push({ id: event.id, seq: event.seq, status: 'duplicate' });
          answered.add(event.seq);
        } else {
          results.push(conflictResult(event.id, event.seq, Boolean(existing)));
        }
      }
      const device = this.sql('SELECT contiguous_seq AS c FROM devices WHERE id = ?').get(deviceId) as Row | undefined;
      if (!device) throw new Error(`unknown device ${deviceId}`);
      let contiguous = num(device.c);
      while (answered.has(contiguous + 1) || seqKnown.get(deviceId, contiguous + 1, deviceId, contiguous + 1)) contiguous++;
      this.sql('UPDATE devices SET contiguous_seq = ? WHERE id = ?').run(contiguous, deviceId);
      return { results, highestContiguousSeq: contiguous };
    });
    return run();
  }

  private apply(op: ProjectionOp, deviceId: string, eventId: string, occurredAt: string, receivedAt: string): void {
    switch (op.op) {
      case 'insertTransaction': {
        const t = op.row;
        this.sql(
          `INSERT INTO transactions (id, event_id, device_id, stop_id, service_code, service_name, reference, quantity, amount_cents,
           payment_method, receipt_number, staff_id, occurred_at, business_date, received_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
        ).run(t.id, eventId, deviceId, t.stopId, t.serviceCode, t.serviceName, t.reference, t.quantity, t.amountCents, t.paymentMethod,
          t.receiptNumber, t.staffId, occurredAt, t.businessDate, receivedAt);
        return;
      }
      case 'voidTransaction':
        this.sql(`UPDATE transactions SET status = 'voided', void_reason = ? WHERE id = ? AND device_id = ?`).run(op.reason, op.transactionId, deviceId);
        return;
      case 'insertStop':
        this.sql(
          `INSERT INTO stops (id, device_id, neighbourhood, place, opened_at, opening_float_cents, business_date)
           VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
        ).run(op.row.id, deviceId, op.row.neighbourhood, op.row.place, occurredAt, op.row.openingFloatCents, op.row.businessDate);
        return;
      case 'closeStop':
        this.sql('UPDATE stops SET closed_at = ? WHERE id = ? AND device_id = ?').run(occurredAt, op.stopId, deviceId);
        return;
      case 'insertServiceRequest': {
        const r = op.row;
        this.sql(
          `INSERT INTO service_requests (id, device_id, source, local_reference, service_code, service_name, description, address_string,
           lat, long, first_name, last_name, phone, email, status, status_notes, requested_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
        ).run(r.id, r.deviceId, r.source, r.localReference, r.serviceCode, r.serviceName, r.description, r.addressString, r.lat, r.long,
          r.firstName, r.lastName, r.phone, r.email, r.status, r.statusNotes, r.requestedAt, r.updatedAt);
        return;
      }
      case 'insertRefund': {
        const r = op.row;
        // Only a refund of this device's own transaction counts (as with voids).
        this.sql(
          `INSERT INTO refunds (id, device_id, transaction_id, stop_id, amount_cents, method, reason, staff_id, approved_by, occurred_at, business_date)
           SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM transactions WHERE id = ? AND device_id = ?) ON CONFLICT DO NOTHING`,
        ).run(r.id, deviceId, r.transactionId, r.stopId, r.amountCents, r.method, r.reason, r.staffId, r.approvedBy, r.occurredAt, r.businessDate, r.transactionId, deviceId);
        return;
      }
      case 'insertDayClose': {
        const c = op.row;
        this.sql(
          `INSERT INTO day_closes (stop_id, device_id, business_date, counted_cash_cents, expected_cash_cents, difference_cents, reason,
           check_total_cents, card_total_cents, closed_by, second_sign_off_by, closed_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
        ).run(c.stopId, deviceId, c.businessDate, c.countedCashCents, c.expectedCashCents, c.differenceCents, c.reason, c.checkTotalCents,
          c.cardTotalCents, c.closedBy, c.secondSignOffBy, c.closedAt);
        return;
      }
      case 'insertCityAnswer': {
        const a = op.row;
        this.sql(
          `INSERT INTO city_answers (id, device_id, question_id, stop_id, neighbourhood, place, language, topic, text, contact, answered_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
        ).run(a.id, deviceId, a.questionId, a.stopId, a.neighbourhood, a.place, a.language, a.topic, a.text, a.contact ? JSON.stringify(a.contact) : null, a.answeredAt);
        return;
      }
    }
  }

  async changesSince(deviceId: string, cursor: string | null, limit: number): Promise<Change[]> {
    const rows = this.db
      .prepare('SELECT * FROM changes WHERE cursor > ? AND (device_id IS NULL OR device_id = ?) ORDER BY cursor LIMIT ?')
      .all(Number(cursor ?? 0), deviceId, limit) as Row[];
    return rows.map((r) => ({
      cursor: String(r.cursor),
      kind: r.kind === 'catalogue' ? 'catalogue' : 'service_request_status',
      data: JSON.parse(str(r.data)) as Record<string, unknown>,
      createdAt: str(r.created_at),
    }));
  }

  async queryTransactions(filter: TransactionFilter): Promise<{ total: number; items: StoredTransaction[] }> {
    const params: unknown[] = [];
    const where = transactionWhere(filter, (v) => {
      params.push(v);
      return '?';
    });
    const from = `FROM transactions t ${where}`;
    const total = num((this.db.prepare(`SELECT COUNT(*) AS n ${from}`).get(...params) as Row).n);
    const rows = this.db
      .prepare(`SELECT t.*, ${vanNameAt('t')} AS van_name ${from} ORDER BY t.occurred_at, t.id LIMIT ? OFFSET ?`)
      .all(...params, filter.limit, filter.offset) as Row[];
    return { total, items: rows.map(toTransaction) };
  }

  async stopsOn(day: string): Promise<StoredStop[]> {
    return (
      this.db.prepare(`SELECT s.*, ${vanNameAt('s', 's.opened_at')} AS van_name FROM stops s WHERE s.business_date = ? ORDER BY s.opened_at`).all(day) as Row[]
    ).map(toStop);
  }

  async dayClosesOn(day: string): Promise<StoredDayClose[]> {
    return (this.db.prepare('SELECT * FROM day_closes WHERE business_date = ? ORDER BY closed_at').all(day) as Row[]).map(toDayClose);
  }

  async refundsBetween(dateFrom: string | undefined, dateTo: string | undefined): Promise<StoredRefund[]> {
    return (this.db.prepare(REFUNDS_SQL('?', '?')).all(dateFrom ?? null, dateFrom ?? null, dateTo ?? null, dateTo ?? null) as Row[]).map(toRefund);
  }

  async createServiceRequest(r: StoredServiceRequest): Promise<void> {
    this.apply({ op: 'insertServiceRequest', row: r }, r.deviceId ?? '', '', r.requestedAt, r.requestedAt);
  }

  async getServiceRequest(id: string): Promise<StoredServiceRequest | null> {
    const row = this.db.prepare('SELECT * FROM service_requests WHERE id = ?').get(id) as Row | undefined;
    return row ? toServiceRequest(row) : null;
  }

  async queryServiceRequests(filter: ServiceRequestFilter): Promise<StoredServiceRequest[]> {
    const clauses: string[] = [];
    const params: unknown[] = [];
    if (filter.serviceCodes?.length) {
      clauses.push(`service_code IN (${filter.serviceCodes.map(() => '?').join(', ')})`);
      params.push(...filter.serviceCodes);
    }
    if (filter.localReference) {
      clauses.push('local_reference = ?');
      params.push(filter.localReference);
    }
    if (filter.status) {
      clauses.push('status = ?');
      params.push(filter.status);
    }
    if (filter.startDate) {
      clauses.push('requested_at >= ?');
      params.push(filter.startDate);
    }
    if (filter.endDate) {
      clauses.push('requested_at <= ?');
      params.push(filter.endDate);
    }
    const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
    return (this.db.prepare(`SELECT * FROM service_requests ${where} ORDER BY requested_at DESC, id LIMIT ?`).all(...params, filter.limit) as Row[]).map(toServiceRequest);
  }

  async updateServiceRequestStatus(id: string, status: ServiceRequestStatus, notes: string | null, at: string): Promise<boolean> {
    return this.db.transaction(() => {
      const row = this.db.prepare('SELECT device_id, local_reference FROM service_requests WHERE id = ?').get(id) as Row | undefined;
      if (!row) return false;
      this.db.prepare('UPDATE service_requests SET status = ?, status_notes = ?, updated_at = ? WHERE id = ?').run(status, notes, at, id);
      if (row.device_id) {
        this.db
          .prepare('INSERT INTO changes (device_id, kind, data, created_at) VALUES (?, ?, ?, ?)')
          .run(row.device_id, 'service_request_status', JSON.stringify({ requestId: id, localReference: row.local_reference, status, statusNotes: notes, updatedAt: at }), at);
      }
      return true;
    })();
  }

  async queryCityAnswers(filter: CityAnswerFilter): Promise<StoredCityAnswer[]> {
    const clauses: string[] = [];
    const params: unknown[] = [];
    if (filter.questionId) {
      clauses.push('question_id = ?');
      params.push(filter.questionId);
    }
    if (filter.neighbourhood) {
      clauses.push('neighbourhood = ?');
      params.push(filter.neighbourhood);
    }
    const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
    return (this.db.prepare(`SELECT * FROM city_answers ${where} ORDER BY answered_at DESC, id LIMIT ?`).all(...params, filter.limit) as Row[]).map(toCityAnswer);
  }

  async listRejected(deviceId: string): Promise<{ seq: number; id: string; code: string; message: string; raw: string }[]> {
    return (this.db.prepare('SELECT seq, id, code, message, raw FROM rejected_events WHERE device_id = ? ORDER BY seq').all(deviceId) as Row[]).map((r) => ({
      seq: num(r.seq),
      id: str(r.id),
      code: str(r.code),
      message: str(r.message),
      raw: str(r.raw),
    }));
  }

  async countEvents(): Promise<number> {
    return num((this.db.prepare('SELECT COUNT(*) AS n FROM events').get() as Row).n);
  }

  async eventIds(): Promise<string[]> {
    return (this.db.prepare('SELECT id FROM events ORDER BY id').all() as { id: string }[]).map((r) => r.id);
  }
}

export function conflictResult(id: string, seq: number, idExists: boolean): PushResult {
  return idExists
    ? { id, seq, status: 'rejected', code: 'id_conflict', message: 'an event with this id was already stored with a different device or seq' }
    : { id, seq, status: 'rejected', code: 'seq_conflict', message: `seq ${seq} was already used by another event of this device` };
}
