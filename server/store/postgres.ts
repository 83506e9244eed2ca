import { Client, Pool, escapeIdentifier } from 'pg';
import type { PoolClient, QueryResult, QueryResultRow } from 'pg';
import { catalogueBodySchema, catalogueStaffSchema, type AnyDeviceEvent, type CatalogueBody, type CatalogueStaff, type PushResult } from '../../shared';
import { FOREIGN_REFERENCE, ownedRefs, projectionFor, type OwnedRef, type ProjectionOp } from './projection';
import { numberedPlaceholders, OFFICE_POSTGRES_MIGRATION, OfficeSql } from './office';
import { apiKeyId, conflictResult, REFUNDS_SQL, toCityAnswer, deviceStatusParams, deviceStatusUpsert, toApiKey, toDayClose, toDevice, toDeviceStatus, toRefund, toServiceRequest, toStop, toTransaction, transactionWhere, vanNameAt } from './sqlite';
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

/**
 * Each entry is one schema version; never edit or remove one that has shipped. The same tables as SQLITE_MIGRATIONS.
 * Instants stay ISO 8601 strings in TEXT, as in SQLite, so the row mappers and string comparisons behave the same; every
 * text column uses the "C" collation so ordering and ranges are byte order, like SQLite's BINARY, whatever the database's
 * default collation is.
 */
export const POSTGRES_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE devices (
    id TEXT COLLATE "C" PRIMARY KEY,
    van_name TEXT COLLATE "C" NOT NULL,
    token_hash TEXT COLLATE "C" NOT NULL UNIQUE,
    created_at TEXT COLLATE "C" NOT NULL,
    revoked_at TEXT COLLATE "C",
    contiguous_seq BIGINT NOT NULL DEFAULT 0
  );
  CREATE TABLE events (
    id TEXT COLLATE "C" PRIMARY KEY,
    device_id TEXT COLLATE "C" NOT NULL REFERENCES devices(id),
    seq BIGINT NOT NULL,
    type TEXT COLLATE "C" NOT NULL,
    occurred_at TEXT COLLATE "C" NOT NULL,
    received_at TEXT COLLATE "C" NOT NULL,
    schema_version INTEGER NOT NULL,
    actor_id TEXT COLLATE "C",
    catalogue_version INTEGER NOT NULL,
    payload TEXT NOT NULL,
    UNIQUE (device_id, seq)
  );
  CREATE TABLE rejected_events (
    device_id TEXT COLLATE "C" NOT NULL,
    seq BIGINT NOT NULL,
    id TEXT COLLATE "C" NOT NULL,
    code TEXT COLLATE "C" NOT NULL,
    message TEXT NOT NULL,
    raw TEXT NOT NULL,
    received_at TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (device_id, seq)
  );
  CREATE TABLE transactions (
    id TEXT COLLATE "C" PRIMARY KEY,
    event_id TEXT COLLATE "C" NOT NULL UNIQUE REFERENCES events(id),
    device_id TEXT COLLATE "C" NOT NULL REFERENCES devices(id),
    stop_id TEXT COLLATE "C",
    service_code TEXT COLLATE "C" NOT NULL,
    service_name TEXT COLLATE "C" NOT NULL,
    reference TEXT COLLATE "C" NOT NULL,
    quantity INTEGER NOT NULL,
    amount_cents BIGINT NOT NULL,
    payment_method TEXT COLLATE "C" NOT NULL,
    receipt_number TEXT COLLATE "C" NOT NULL,
    staff_id TEXT COLLATE "C",
    occurred_at TEXT COLLATE "C" NOT NULL,
    business_date TEXT COLLATE "C" NOT NULL,
    received_at TEXT COLLATE "C" NOT NULL,
    status TEXT COLLATE "C" NOT NULL DEFAULT 'recorded',
    void_reason TEXT
  );
  CREATE INDEX transactions_date ON transactions (business_date, occurred_at, id);
  CREATE INDEX transactions_device ON transactions (device_id);
  CREATE TABLE stops (
    id TEXT COLLATE "C" PRIMARY KEY,
    device_id TEXT COLLATE "C" NOT NULL REFERENCES devices(id),
    neighbourhood TEXT COLLATE "C" NOT NULL,
    place TEXT COLLATE "C" NOT NULL,
    opened_at TEXT COLLATE "C" NOT NULL,
    closed_at TEXT COLLATE "C",
    opening_float_cents BIGINT NOT NULL,
    business_date TEXT COLLATE "C" NOT NULL
  );
  CREATE INDEX stops_business_date ON stops (business_date);
  CREATE TABLE day_closes (
    stop_id TEXT COLLATE "C" PRIMARY KEY,
    device_id TEXT COLLATE "C" NOT NULL REFERENCES devices(id),
    business_date TEXT COLLATE "C" NOT NULL,
    counted_cash_cents BIGINT NOT NULL,
    expected_cash_cents BIGINT NOT NULL,
    difference_cents BIGINT NOT NULL,
    reason TEXT NOT NULL,
    check_total_cents BIGINT NOT NULL,
    card_total_cents BIGINT NOT NULL,
    closed_by TEXT COLLATE "C" NOT NULL,
    second_sign_off_by TEXT COLLATE "C",
    closed_at TEXT COLLATE "C" NOT NULL
  );
  CREATE INDEX day_closes_business_date ON day_closes (business_date);
  CREATE TABLE service_requests (
    id TEXT COLLATE "C" PRIMARY KEY,
    device_id TEXT COLLATE "C",
    source TEXT COLLATE "C" NOT NULL,
    local_reference TEXT COLLATE "C",
    service_code TEXT COLLATE "C" NOT NULL,
    service_name TEXT COLLATE "C" NOT NULL,
    description TEXT NOT NULL,
    address_string TEXT NOT NULL,
    lat DOUBLE PRECISION,
    long DOUBLE PRECISION,
    first_name TEXT,
    last_name TEXT,
    phone TEXT,
    email TEXT,
    status TEXT COLLATE "C" NOT NULL,
    status_notes TEXT,
    requested_at TEXT COLLATE "C" NOT NULL,
    updated_at TEXT COLLATE "C" NOT NULL
  );
  CREATE INDEX service_requests_requested ON service_requests (requested_at);
  CREATE TABLE enrolment_codes (
    code_hash TEXT COLLATE "C" PRIMARY KEY,
    van_name TEXT COLLATE "C" NOT NULL,
    created_at TEXT COLLATE "C" NOT NULL,
    expires_at TEXT COLLATE "C" NOT NULL,
    used_at TEXT COLLATE "C",
    device_id TEXT COLLATE "C"
  );
  CREATE TABLE api_keys (
    key_hash TEXT COLLATE "C" PRIMARY KEY,
    role TEXT COLLATE "C" NOT NULL,
    name TEXT NOT NULL,
    created_at TEXT COLLATE "C" NOT NULL
  );
  CREATE TABLE staff (
    id TEXT COLLATE "C" PRIMARY KEY,
    body TEXT NOT NULL
  );
  CREATE TABLE catalogue_versions (
    version INTEGER PRIMARY KEY,
    body TEXT NOT NULL,
    published_at TEXT COLLATE "C" NOT NULL
  );
  CREATE TABLE changes (
    cursor BIGSERIAL PRIMARY KEY,
    device_id TEXT COLLATE "C",
    kind TEXT COLLATE "C" NOT NULL,
    data TEXT NOT NULL,
    created_at TEXT COLLATE "C" NOT NULL
  );
  `,
  // A resident asks about a 311 request by the reference the kiosk printed.
  'CREATE INDEX service_requests_reference ON service_requests (local_reference)',
  // (issue 17) the office console: accounts, sessions, audit log
  OFFICE_POSTGRES_MIGRATION,
  // Backups: see SQLITE_MIGRATIONS.
  `
  CREATE TABLE store_identity (id INTEGER PRIMARY KEY CHECK (id = 1), epoch TEXT COLLATE "C" NOT NULL, changed_at TEXT COLLATE "C" NOT NULL);
  CREATE TABLE backup_watermarks (device_id TEXT COLLATE "C" PRIMARY KEY, seq BIGINT NOT NULL, backed_up_at TEXT COLLATE "C" NOT NULL);
  `,
  // The latest status each van reported (pending transactions, oldest pending age, app version, storage), for the fleet view.
  `
  CREATE TABLE device_status (
    device_id TEXT COLLATE "C" PRIMARY KEY REFERENCES devices(id),
    received_at TEXT COLLATE "C" NOT NULL,
    via TEXT NOT NULL,
    pending_transactions INTEGER NOT NULL,
    pending_other_records INTEGER NOT NULL,
    oldest_pending_age_seconds INTEGER,
    app_version TEXT NOT NULL,
    storage_used_bytes BIGINT,
    storage_quota_bytes BIGINT
  );
  `,
  // "Tell the city": residents' answers to the questions published for their stop or neighbourhood.
  `
  CREATE TABLE city_answers (
    id TEXT COLLATE "C" PRIMARY KEY,
    device_id TEXT COLLATE "C" NOT NULL,
    question_id TEXT COLLATE "C" NOT NULL,
    stop_id TEXT COLLATE "C",
    neighbourhood TEXT COLLATE "C" NOT NULL,
    place TEXT COLLATE "C" NOT NULL,
    language TEXT COLLATE "C" NOT NULL,
    topic TEXT COLLATE "C" NOT NULL,
    text TEXT COLLATE "C" NOT NULL,
    contact TEXT COLLATE "C",
    answered_at TEXT COLLATE "C" NOT NULL
  );
  CREATE INDEX city_answers_question ON city_answers (question_id, answered_at);
  `,
  // 7 (issue 14): as SQLITE_MIGRATIONS[6].
  `
  ALTER TABLE enrolment_codes ADD COLUMN for_device_id TEXT COLLATE "C";
  CREATE TABLE device_names (
    id BIGSERIAL PRIMARY KEY,
    device_id TEXT COLLATE "C" NOT NULL REFERENCES devices(id),
    van_name TEXT COLLATE "C" NOT NULL,
    from_at TEXT COLLATE "C" NOT NULL
  );
  CREATE INDEX device_names_device ON device_names (device_id, from_at);
  INSERT INTO device_names (device_id, van_name, from_at) SELECT id, van_name, created_at FROM devices ORDER BY created_at, id;
  UPDATE rejected_events SET raw = json_build_object('envelope', json_build_object('id', id, 'deviceId', device_id, 'seq', seq), 'paths', json_build_array())::text;
  ALTER TABLE day_closes DROP CONSTRAINT day_closes_pkey;
  ALTER TABLE day_closes ADD PRIMARY KEY (device_id, stop_id);
  CREATE TABLE owned_refs (
    kind TEXT COLLATE "C" NOT NULL,
    id TEXT COLLATE "C" NOT NULL,
    device_id TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (kind, id)
  );
  INSERT INTO owned_refs (kind, id, device_id) SELECT 'stop', id, device_id FROM stops ON CONFLICT DO NOTHING;
  INSERT INTO owned_refs (kind, id, device_id) SELECT 'transaction', id, device_id FROM transactions ON CONFLICT DO NOTHING;
  INSERT INTO owned_refs (kind, id, device_id)
    SELECT 'order', payload::json->>'orderId', device_id FROM events WHERE type = 'CertificateOrdered' AND payload::json->>'orderId' IS NOT NULL ORDER BY received_at
    ON CONFLICT DO NOTHING;
  INSERT INTO owned_refs (kind, id, device_id)
    SELECT 'ticket', payload::json->>'ticketId', device_id FROM events WHERE type = 'TicketIssued' AND payload::json->>'ticketId' IS NOT NULL ORDER BY received_at
    ON CONFLICT DO NOTHING;
  CREATE TABLE staff_vans (
    staff_id TEXT COLLATE "C" NOT NULL,
    van_name TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (staff_id, van_name)
  );
  ALTER TABLE api_keys ADD COLUMN id TEXT COLLATE "C";
  ALTER TABLE api_keys ADD COLUMN expires_at TEXT COLLATE "C";
  ALTER TABLE api_keys ADD COLUMN revoked_at TEXT COLLATE "C";
  UPDATE api_keys SET id = substr(key_hash, 1, 16);
  CREATE UNIQUE INDEX api_keys_id ON api_keys (id);
  `,
  // Refunds given after a day's close (RefundIssued), on the day given.
  `
  CREATE TABLE refunds (
    id TEXT COLLATE "C" PRIMARY KEY,
    device_id TEXT COLLATE "C" NOT NULL REFERENCES devices(id),
    transaction_id TEXT COLLATE "C" NOT NULL,
    stop_id TEXT COLLATE "C" NOT NULL,
    amount_cents BIGINT NOT NULL,
    method TEXT COLLATE "C" NOT NULL,
    reason TEXT COLLATE "C" NOT NULL,
    staff_id TEXT COLLATE "C" NOT NULL,
    approved_by TEXT COLLATE "C" NOT NULL,
    occurred_at TEXT COLLATE "C" NOT NULL,
    business_date TEXT COLLATE "C" NOT NULL
  );
  CREATE INDEX refunds_date ON refunds (business_date, occurred_at, id);
  `,
  // (issue 17) the console's day view reads a day's stops by date
  'CREATE INDEX IF NOT EXISTS stops_business_date ON stops (business_date)',
];

export interface PostgresStoreOptions {
  connectionString: string;
  /** A schema of its own (created by migrate() when missing); every connection uses it. Default: the server's search_path. */
  schema?: string;
  poolSize?: number;
  now?: () => Date;
}

type Row = Record<string, unknown>;
type Db = Pick<PoolClient, 'query'>;

const SCHEMA_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;

function checkedSchema(schema: string): string {
  if (!SCHEMA_PATTERN.test(schema)) throw new Error(`schema name ${JSON.stringify(schema)} is not allowed; use ${SCHEMA_PATTERN}`);
  return escapeIdentifier(schema);
}

/** Advisory lock classes (first key); the second key is a hash of the schema, so stores in different schemas never wait on each other. */
const MIGRATION_LOCK = 0x43485401;
/** Held by every transaction that inserts into `changes`, so cursors commit in the order they are handed out. */
const CHANGES_LOCK = 0x43485402;

function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

/** PostgreSQL text cannot hold U+0000 (SQLite's can); the read models and diagnostics get U+FFFD instead of failing the batch forever. */
function pgText(value: string): string {
  return value.includes('\u0000') ? value.replaceAll('\u0000', '\uFFFD') : value;
}

function pgParam(value: unknown): unknown {
  if (typeof value === 'string') return pgText(value);
  if (Array.isArray(value)) return value.map((v: unknown) => (typeof v === 'string' ? pgText(v) : v));
  return value;
}

/** Thrown inside a transaction to roll it back and answer with `value`. */
class Rollback<T> {
  constructor(readonly value: T) {}
}

const RETRYABLE = new Set(['40P01', '40001']); // deadlock_detected, serialization_failure: the transaction was rolled back

function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRYABLE.has(code);
}

const str = (v: unknown) => v as string;
const strOrNull = (v: unknown) => (v === null || v === undefined ? null : String(v));
const num = (v: unknown) => Number(v);

export class PostgresStore implements CentralStore {
  readonly kind = 'postgres' as const;
  private readonly pool: Pool;
  private readonly now: () => Date;
  private readonly schemaIdent: string | null;
  private readonly lockKey: number;
  private readonly prepared = new WeakSet<PoolClient>();
  private closed = false;
  /** The office console's accounts, sessions and audit (issue 17). */
  readonly office = new OfficeSql({
    all: async (sql, params) => (await this.query(numberedPlaceholders(sql), params)).rows,
    run: async (sql, params) => (await this.query(numberedPlaceholders(sql), params)).rowCount ?? 0,
    isUniqueViolation: (error) => (error as { code?: unknown }).code === '23505',
  });

  constructor(options: PostgresStoreOptions) {
    this.schemaIdent = options.schema === undefined ? null : checkedSchema(options.schema);
    this.lockKey = hash32(options.schema ?? '');
    this.now = options.now ?? (() => new Date());
    this.pool = new Pool({ connectionString: options.connectionString, max: options.poolSize ?? 10 });
    // An idle connection that dies (a server restart) must not crash the process; the next query fails and is reported.
    this.pool.on('error', () => undefined);
  }

  /** A pooled connection whose search_path is this store's schema (set once per connection, awaited, errors reported). */
  private async acquire(): Promise<PoolClient> {
    const client = await this.pool.connect();
    if (this.schemaIdent && !this.prepared.has(client)) {
      try {
        await client.query(`SET search_path TO ${this.schemaIdent}`);
      } catch (error) {
        client.release(error instanceof Error ? error : true);
        throw error;
      }
      this.prepared.add(client);
    }
    return client;
  }

  private q<R extends QueryResultRow = Row>(db: Db, sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
    return db.query<R>(sql, params.map(pgParam));
  }

  private async query<R extends QueryResultRow = Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
    const client = await this.acquire();
    try {
      return await this.q<R>(client, sql, params);
    } finally {
      client.release();
    }
  }

  /**
   * Runs `work` in one transaction; a deadlock or serialization failure (rolled back by the server) is retried. `work` may
   * throw a Rollback to undo everything it did and still answer with a value.
   */
  private async tx<T>(work: (db: Db) => Promise<T>, retries = 0): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const client = await this.acquire();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await work(client);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch (rollbackError) {
          broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
        }
        if (error instanceof Rollback) {
          if (broken) throw broken;
          return error.value as T;
        }
        if (attempt < retries && !broken && isRetryable(error)) continue;
        throw error;
      } finally {
        client.release(broken);
      }
    }
  }

  private async lock(db: Db, lockClass: number): Promise<void> {
    await db.query('SELECT pg_advisory_xact_lock($1, $2)', [lockClass, this.lockKey]);
  }

  async migrate(): Promise<void> {
    await this.tx(async (db) => {
      // Two instances starting at once: the second waits here, then finds the migrations applied.
      await this.lock(db, MIGRATION_LOCK);
      if (this.schemaIdent) {
        await db.query(`CREATE SCHEMA IF NOT EXISTS ${this.schemaIdent}`);
        await db.query(`SET LOCAL search_path TO ${this.schemaIdent}`);
      }
      await db.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
      const { rows } = await db.query<Row>('SELECT MAX(version) AS v FROM schema_migrations');
      const current = rows[0]?.v === null || rows[0]?.v === undefined ? 0 : num(rows[0].v);
      for (const [index, sql] of POSTGRES_MIGRATIONS.entries()) {
        const version = index + 1;
        if (version <= current) continue;
        await db.query(sql);
        await db.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [version, this.now().toISOString()]);
      }
    });
  }

  async ping(): Promise<void> {
    await this.query('SELECT 1');
  }

  async storeEpoch(): Promise<string> {
    await this.query('INSERT INTO store_identity (id, epoch, changed_at) VALUES (1, $1, $2) ON CONFLICT (id) DO NOTHING', [crypto.randomUUID(), this.now().toISOString()]);
    return str((await this.query('SELECT epoch FROM store_identity WHERE id = 1')).rows[0]!.epoch);
  }

  async renewStoreEpoch(): Promise<string> {
    const epoch = crypto.randomUUID();
    await this.query(
      'INSERT INTO store_identity (id, epoch, changed_at) VALUES (1, $1, $2) ON CONFLICT (id) DO UPDATE SET epoch = excluded.epoch, changed_at = excluded.changed_at',
      [epoch, this.now().toISOString()],
    );
    return epoch;
  }

  async heldSeqs(): Promise<Map<string, number>> {
    return new Map((await this.query('SELECT id, contiguous_seq FROM devices')).rows.map((r) => [str(r.id), num(r.contiguous_seq)]));
  }

  async backupWatermarks(): Promise<Map<string, number>> {
    return new Map((await this.query('SELECT device_id, seq FROM backup_watermarks')).rows.map((r) => [str(r.device_id), num(r.seq)]));
  }

  async recordBackupWatermarks(watermarks: ReadonlyMap<string, number>, at: string): Promise<void> {
    await this.tx(async (db) => {
      for (const [deviceId, seq] of watermarks) {
        await db.query(
          `INSERT INTO backup_watermarks (device_id, seq, backed_up_at) VALUES ($1, $2, $3)
           ON CONFLICT (device_id) DO UPDATE SET seq = GREATEST(backup_watermarks.seq, excluded.seq), backed_up_at = excluded.backed_up_at`,
          [deviceId, seq, at],
        );
      }
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  async createDevice(device: { id: string; vanName: string; tokenHash: string }): Promise<void> {
    const at = this.now().toISOString();
    await this.tx(async (db) => {
      await this.q(db, 'INSERT INTO devices (id, van_name, token_hash, created_at) VALUES ($1, $2, $3, $4)', [device.id, device.vanName, device.tokenHash, at]);
      await this.q(db, 'INSERT INTO device_names (device_id, van_name, from_at) VALUES ($1, $2, $3)', [device.id, device.vanName, at]);
    });
  }

  async findDeviceByTokenHash(tokenHash: string): Promise<DeviceRecord | null> {
    const { rows } = await this.query('SELECT * FROM devices WHERE token_hash = $1', [tokenHash]);
    return rows[0] ? toDevice(rows[0]) : null;
  }

  async listDevices(): Promise<DeviceRecord[]> {
    return (await this.query('SELECT * FROM devices ORDER BY created_at, id')).rows.map(toDevice);
  }

  async revokeDevice(id: string, at: string): Promise<boolean> {
    return (await this.query('UPDATE devices SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [at, id])).rowCount === 1;
  }

  async saveDeviceStatus(status: StoredDeviceStatus): Promise<void> {
    await this.query(deviceStatusUpsert((i) => `$${i}`), deviceStatusParams(status));
  }

  async listDeviceStatuses(): Promise<StoredDeviceStatus[]> {
    return (await this.query('SELECT * FROM device_status ORDER BY device_id')).rows.map(toDeviceStatus);
  }

  async unrevokeDevice(id: string): Promise<boolean> {
    return (await this.query('UPDATE devices SET revoked_at = NULL WHERE id = $1 AND revoked_at IS NOT NULL', [id])).rowCount === 1;
  }

  async replaceDeviceToken(id: string, tokenHash: string): Promise<boolean> {
    return (await this.query('UPDATE devices SET token_hash = $1, revoked_at = NULL WHERE id = $2', [tokenHash, id])).rowCount === 1;
  }

  async createEnrolmentCode(code: { codeHash: string; vanName: string; createdAt: string; expiresAt: string; forDeviceId?: string | null }): Promise<void> {
    await this.query('INSERT INTO enrolment_codes (code_hash, van_name, created_at, expires_at, for_device_id) VALUES ($1, $2, $3, $4, $5)', [
      code.codeHash,
      code.vanName,
      code.createdAt,
      code.expiresAt,
      code.forDeviceId ?? null,
    ]);
  }

  async redeemEnrolmentCode(codeHash: string, now: string, device: { id: string; tokenHash: string; existing: boolean }): Promise<EnrolmentOutcome> {
    return this.tx(async (db): Promise<EnrolmentOutcome> => {
      // The row lock taken by this UPDATE is the arbiter: a concurrent redeemer waits, re-checks used_at and finds it set.
      const claimed = await this.q(
        db,
        `UPDATE enrolment_codes SET used_at = $2, device_id = COALESCE(for_device_id, $3) WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2
         RETURNING van_name, for_device_id`,
        [codeHash, now, device.id],
      );
      const row = claimed.rows[0];
      if (!row) {
        const { rows } = await this.q(db, 'SELECT used_at FROM enrolment_codes WHERE code_hash = $1', [codeHash]);
        if (!rows[0]) return { ok: false, reason: 'unknown' };
        return { ok: false, reason: rows[0].used_at === null ? 'expired' : 'used' };
      }
      const vanName = str(row.van_name);
      const forDevice = strOrNull(row.for_device_id);
      // A refusal leaves the code unused (the claim above is rolled back), for the device it was made for.
      if (forDevice === null) {
        if (device.existing) throw new Rollback<EnrolmentOutcome>({ ok: false, reason: 'new_device_code' });
        await this.q(db, 'INSERT INTO devices (id, van_name, token_hash, created_at) VALUES ($1, $2, $3, $4)', [device.id, vanName, device.tokenHash, now]);
        await this.q(db, 'INSERT INTO device_names (device_id, van_name, from_at) VALUES ($1, $2, $3)', [device.id, vanName, now]);
        return { ok: true, vanName, deviceId: device.id };
      }
      if (device.existing && device.id !== forDevice) throw new Rollback<EnrolmentOutcome>({ ok: false, reason: 'wrong_device' });
      const current = (await this.q(db, 'SELECT van_name, revoked_at FROM devices WHERE id = $1 FOR UPDATE', [forDevice])).rows[0];
      if (!current) throw new Rollback<EnrolmentOutcome>({ ok: false, reason: 'unknown_device' });
      if (current.revoked_at !== null) throw new Rollback<EnrolmentOutcome>({ ok: false, reason: 'device_revoked' });
      await this.q(db, 'UPDATE devices SET token_hash = $1, van_name = $2 WHERE id = $3', [device.tokenHash, vanName, forDevice]);
      if (str(current.van_name) !== vanName) {
        await this.q(db, 'INSERT INTO device_names (device_id, van_name, from_at) VALUES ($1, $2, $3)', [forDevice, vanName, now]);
      }
      return { ok: true, vanName, deviceId: forDevice };
    });
  }

  async createApiKey(key: { keyHash: string; role: ApiKeyRole; name: string; createdAt: string; expiresAt?: string | null }): Promise<void> {
    await this.query('INSERT INTO api_keys (key_hash, role, name, created_at, id, expires_at) VALUES ($1, $2, $3, $4, $5, $6)', [
      key.keyHash,
      key.role,
      key.name,
      key.createdAt,
      apiKeyId(key.keyHash),
      key.expiresAt ?? null,
    ]);
  }

  async findApiKey(keyHash: string, now?: string): Promise<{ role: ApiKeyRole; name: string } | null> {
    const { rows } = await this.query<{ role: ApiKeyRole; name: string }>(
      'SELECT role, name FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR $2::text IS NULL OR expires_at > $2::text)',
      [keyHash, now ?? null],
    );
    return rows[0] ?? null;
  }

  async listApiKeys(): Promise<ApiKeyRecord[]> {
    return (await this.query('SELECT * FROM api_keys ORDER BY created_at, id')).rows.map(toApiKey);
  }

  async revokeApiKey(id: string, at: string): Promise<boolean> {
    return (await this.query('UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [at, id])).rowCount === 1;
  }

  async setStaffVans(staffId: string, vanNames: readonly string[]): Promise<void> {
    await this.tx(async (db) => {
      await this.q(db, 'DELETE FROM staff_vans WHERE staff_id = $1', [staffId]);
      await this.q(db, 'INSERT INTO staff_vans (staff_id, van_name) SELECT $1, u.v FROM unnest($2::text[]) AS u(v) ON CONFLICT DO NOTHING', [staffId, [...vanNames]]);
    });
  }

  async listStaffVans(): Promise<{ staffId: string; vanName: string }[]> {
    const { rows } = await this.query('SELECT staff_id, van_name FROM staff_vans ORDER BY staff_id, van_name');
    return rows.map((r) => ({ staffId: str(r.staff_id), vanName: str(r.van_name) }));
  }

  async upsertStaff(staff: CatalogueStaff): Promise<void> {
    await this.query('INSERT INTO staff (id, body) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET body = excluded.body', [staff.id, JSON.stringify(staff)]);
  }

  async listStaff(): Promise<CatalogueStaff[]> {
    const { rows } = await this.query<{ body: string }>('SELECT body FROM staff ORDER BY id');
    return rows.map((r) => catalogueStaffSchema.parse(JSON.parse(r.body)));
  }

  async publishCatalogue(body: Omit<CatalogueBody, 'staff'>, at: string): Promise<number> {
    return this.tx(async (db) => {
      // Serialises publishers (so MAX(version) + 1 is safe) and orders the change's cursor with every other change.
      await this.lock(db, CHANGES_LOCK);
      const staffRows = await this.q<{ body: string }>(db, 'SELECT body FROM staff ORDER BY id');
      const full = catalogueBodySchema.parse({ ...body, staff: staffRows.rows.map((r) => JSON.parse(r.body) as unknown) });
      const next = await this.q(db, 'SELECT COALESCE(MAX(version), 0) + 1 AS v FROM catalogue_versions');
      const version = num(next.rows[0]?.v);
      await this.q(db, 'INSERT INTO catalogue_versions (version, body, published_at) VALUES ($1, $2, $3)', [version, JSON.stringify(full), at]);
      await this.q(db, 'INSERT INTO changes (device_id, kind, data, created_at) VALUES (NULL, $1, $2, $3)', ['catalogue', JSON.stringify({ version }), at]);
      return version;
    });
  }

  async latestCatalogue(): Promise<{ version: number; publishedAt: string; body: CatalogueBody } | null> {
    const { rows } = await this.query('SELECT version, body, published_at FROM catalogue_versions ORDER BY version DESC LIMIT 1');
    const row = rows[0];
    if (!row) return null;
    return { version: num(row.version), publishedAt: str(row.published_at), body: catalogueBodySchema.parse(JSON.parse(str(row.body))) };
  }

  async pushEvents(deviceId: string, events: readonly CheckedEvent[], context: PushContext): Promise<PushOutcome> {
    const receivedAt = this.now().toISOString();
    return this.tx(async (db) => {
      // Batches of one device serialise on its row (always the first lock taken, so the lock order is the same everywhere).
      const locked = await this.q(db, 'SELECT contiguous_seq FROM devices WHERE id = $1 FOR UPDATE', [deviceId]);
      const deviceRow = locked.rows[0];
      if (!deviceRow) throw new Error(`unknown device ${deviceId}`);
      const contiguousBefore = num(deviceRow.contiguous_seq);

      const results: (PushResult | undefined)[] = new Array<PushResult | undefined>(events.length);
      const valid: { index: number; event: AnyDeviceEvent }[] = [];
      // Invalid events: the last one for a seq wins, as with one upsert after another.
      const rejected = new Map<number, Extract<CheckedEvent, { ok: false }>>();
      events.forEach((checked, index) => {
        if (checked.ok) {
          valid.push({ index, event: checked.event });
        } else {
          rejected.set(checked.seq, checked);
          results[index] = { id: checked.id, seq: checked.seq, status: 'rejected', code: checked.code, message: checked.message };
        }
      });

      // Events that refer to another device's stop, transaction, order or ticket are refused, before anything is stored.
      const refsByIndex = new Map<number, OwnedRef[]>();
      for (const v of valid) refsByIndex.set(v.index, ownedRefs(v.event));
      const allRefs = [...refsByIndex.values()].flat();
      if (allRefs.length > 0) {
        const owners = await this.q<{ kind: string; id: string }>(
          db,
          `SELECT o.kind, o.id FROM owned_refs o JOIN unnest($1::text[], $2::text[]) AS u(kind, id) ON o.kind = u.kind AND o.id = u.id
           WHERE o.device_id <> $3`,
          [allRefs.map((r) => r.kind), allRefs.map((r) => r.id), deviceId],
        );
        const foreignKeys = new Set(owners.rows.map((r) => `${r.kind} ${r.id}`));
        if (foreignKeys.size > 0) {
          for (let i = valid.length - 1; i >= 0; i--) {
            const { index, event } = valid[i]!;
            const foreign = refsByIndex.get(index)!.filter((ref) => foreignKeys.has(`${ref.kind} ${ref.id}`));
            if (foreign.length === 0) continue;
            const message = `${foreign.map((ref) => ref.path).join(', ')}: ${FOREIGN_REFERENCE.message}`;
            const raw = { envelope: { id: event.id, deviceId, seq: event.seq, type: event.type }, paths: foreign.map((ref) => ref.path) };
            rejected.set(event.seq, { ok: false, id: event.id, seq: event.seq, code: FOREIGN_REFERENCE.code, message, raw });
            results[index] = { id: event.id, seq: event.seq, status: 'rejected', code: FOREIGN_REFERENCE.code, message };
            valid.splice(i, 1);
          }
        }
      }

      if (rejected.size > 0) {
        const list = [...rejected.values()];
        await this.q(
          db,
          `INSERT INTO rejected_events (device_id, seq, id, code, message, raw, received_at)
           SELECT $1, u.seq, u.id, u.code, u.message, u.raw, $2
           FROM unnest($3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[]) AS u(seq, id, code, message, raw)
           ON CONFLICT (device_id, seq) DO UPDATE SET id = excluded.id, code = excluded.code, message = excluded.message,
           raw = excluded.raw, received_at = excluded.received_at`,
          [
            deviceId,
            receivedAt,
            list.map((r) => r.seq),
            list.map((r) => r.id),
            list.map((r) => r.code),
            list.map((r) => r.message),
            list.map((r) => JSON.stringify(r.raw ?? null)),
          ],
        );
      }

      const accepted: AnyDeviceEvent[] = [];
      if (valid.length > 0) {
        // One statement for the whole batch; the unique id (and device+seq) decide, whichever instance gets there first.
        const inserted = await this.q<{ id: string; seq: string }>(
          db,
          `INSERT INTO events (id, device_id, seq, type, occurred_at, received_at, schema_version, actor_id, catalogue_version, payload)
           SELECT u.id, $1, u.seq, u.type, u.occurred_at, $2, u.schema_version, u.actor_id, u.catalogue_version, u.payload
           FROM unnest($3::text[], $4::bigint[], $5::text[], $6::text[], $7::int[], $8::text[], $9::int[], $10::text[])
             WITH ORDINALITY AS u(id, seq, type, occurred_at, schema_version, actor_id, catalogue_version, payload, ord)
           ORDER BY u.ord
           ON CONFLICT DO NOTHING
           RETURNING id, seq`,
          [
            deviceId,
            receivedAt,
            valid.map((v) => v.event.id),
            valid.map((v) => v.event.seq),
            valid.map((v) => v.event.type),
            valid.map((v) => v.event.occurredAt),
            valid.map((v) => v.event.schemaVersion),
            valid.map((v) => v.event.actorId),
            valid.map((v) => v.event.catalogueVersion),
            valid.map((v) => JSON.stringify(v.event.payload)),
          ],
        );
        const insertedKeys = new Set(inserted.rows.map((r) => `${r.id} ${r.seq}`));
        const notInserted: { index: number; event: AnyDeviceEvent }[] = [];
        for (const v of valid) {
          // delete(): if a batch named the same event twice, only its first appearance is the accepted one.
          if (insertedKeys.delete(`${v.event.id} ${v.event.seq}`)) {
            results[v.index] = { id: v.event.id, seq: v.event.seq, status: 'accepted' };
            accepted.push(v.event);
          } else {
            notInserted.push(v);
          }
        }
        if (notInserted.length > 0) {
          const existing = await this.q<{ id: string; device_id: string; seq: string }>(db, 'SELECT id, device_id, seq FROM events WHERE id = ANY($1::text[])', [
            notInserted.map((v) => v.event.id),
          ]);
          const byId = new Map(existing.rows.map((r) => [r.id, r]));
          for (const { index, event } of notInserted) {
            const found = byId.get(event.id);
            results[index] =
              found && found.device_id === deviceId && num(found.seq) === event.seq
                ? { id: event.id, seq: event.seq, status: 'duplicate' }
                : conflictResult(event.id, event.seq, Boolean(found));
          }
        }
        const claims = accepted.flatMap((event) => ownedRefs(event).filter((ref) => ref.creates));
        if (claims.length > 0) {
          await this.q(
            db,
            'INSERT INTO owned_refs (kind, id, device_id) SELECT u.kind, u.id, $3 FROM unnest($1::text[], $2::text[]) AS u(kind, id) ON CONFLICT DO NOTHING',
            [claims.map((r) => r.kind), claims.map((r) => r.id), deviceId],
          );
        }
        await this.project(db, deviceId, accepted, context, receivedAt);
      }

      // Walk past the stored contiguous seq while a seq is answered (stored or rejected): one statement, however far it goes.
      const advanced = await this.q(
        db,
        `UPDATE devices SET contiguous_seq = (
           WITH RECURSIVE walk(s) AS (
             SELECT $2::bigint
             UNION ALL
             SELECT w.s + 1 FROM walk w
             WHERE EXISTS (SELECT 1 FROM events e WHERE e.device_id = $1 AND e.seq = w.s + 1)
                OR EXISTS (SELECT 1 FROM rejected_events r WHERE r.device_id = $1 AND r.seq = w.s + 1)
           )
           SELECT MAX(s) FROM walk
         ) WHERE id = $1 RETURNING contiguous_seq`,
        [deviceId, contiguousBefore],
      );
      const highestContiguousSeq = num(advanced.rows[0]?.contiguous_seq);
      return { results: results.map((r) => r ?? missingResult()), highestContiguousSeq };
    }, 3);
  }

  /** Applies the accepted events' projections in batch order; runs of transactions go in as one multi-row insert. */
  private async project(db: Db, deviceId: string, accepted: readonly AnyDeviceEvent[], context: PushContext, receivedAt: string): Promise<void> {
    type TxRow = Extract<ProjectionOp, { op: 'insertTransaction' }>['row'] & { eventId: string; occurredAt: string };
    let run: TxRow[] = [];
    const flush = async () => {
      if (run.length === 0) return;
      const rows = run;
      run = [];
      await this.q(
        db,
        `INSERT INTO transactions (id, event_id, device_id, stop_id, service_code, service_name, reference, quantity, amount_cents,
         payment_method, receipt_number, staff_id, occurred_at, business_date, received_at)
         SELECT u.id, u.event_id, $1, u.stop_id, u.service_code, u.service_name, u.reference, u.quantity, u.amount_cents,
           u.payment_method, u.receipt_number, u.staff_id, u.occurred_at, u.business_date, $2
         FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[], $10::bigint[], $11::text[],
           $12::text[], $13::text[], $14::text[], $15::text[])
           WITH ORDINALITY AS u(id, event_id, stop_id, service_code, service_name, reference, quantity, amount_cents, payment_method,
           receipt_number, staff_id, occurred_at, business_date, ord)
         ORDER BY u.ord
         ON CONFLICT DO NOTHING`,
        [
          deviceId,
          receivedAt,
          rows.map((t) => t.id),
          rows.map((t) => t.eventId),
          rows.map((t) => t.stopId),
          rows.map((t) => t.serviceCode),
          rows.map((t) => t.serviceName),
          rows.map((t) => t.reference),
          rows.map((t) => t.quantity),
          rows.map((t) => t.amountCents),
          rows.map((t) => t.paymentMethod),
          rows.map((t) => t.receiptNumber),
          rows.map((t) => t.staffId),
          rows.map((t) => t.occurredAt),
          rows.map((t) => t.businessDate),
        ],
      );
    };
    for (const event of accepted) {
      for (const op of projectionFor(event, context)) {
        if (op.op === 'insertTransaction') {
          run.push({ ...op.row, eventId: event.id, occurredAt: event.occurredAt });
          continue;
        }
        await flush();
        await this.apply(db, op, deviceId, event.occurredAt);
      }
    }
    await flush();
  }

  /** One projection op, as SqliteStore.apply does it (insertTransaction is batched by project()). */
  private async apply(db: Db, op: ProjectionOp, deviceId: string, occurredAt: string): Promise<void> {
    switch (op.op) {
      case 'insertTransaction':
        throw new Error('transactions are inserted in batches');
      case 'voidTransaction':
        await this.q(db, `UPDATE transactions SET status = 'voided', void_reason = $1 WHERE id = $2 AND device_id = $3`, [op.reason, op.transactionId, deviceId]);
        return;
      case 'insertStop':
        await this.q(
          db,
          `INSERT INTO stops (id, device_id, neighbourhood, place, opened_at, opening_float_cents, business_date)
           VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
          [op.row.id, deviceId, op.row.neighbourhood, op.row.place, occurredAt, op.row.openingFloatCents, op.row.businessDate],
        );
        return;
      case 'closeStop':
        await this.q(db, 'UPDATE stops SET closed_at = $1 WHERE id = $2 AND device_id = $3', [occurredAt, op.stopId, deviceId]);
        return;
      case 'insertServiceRequest':
        await this.insertServiceRequest(db, op.row);
        return;
      case 'insertRefund': {
        const r = op.row;
        // Only a refund of this device's own transaction counts (as with voids).
        await this.q(
          db,
          `INSERT INTO refunds (id, device_id, transaction_id, stop_id, amount_cents, method, reason, staff_id, approved_by, occurred_at, business_date)
           SELECT $1::text, $2::text, $3::text, $4::text, $5::bigint, $6::text, $7::text, $8::text, $9::text, $10::text, $11::text
           WHERE EXISTS (SELECT 1 FROM transactions WHERE id = $3::text AND device_id = $2::text)
           ON CONFLICT DO NOTHING`,
          [r.id, deviceId, r.transactionId, r.stopId, r.amountCents, r.method, r.reason, r.staffId, r.approvedBy, r.occurredAt, r.businessDate],
        );
        return;
      }
      case 'insertDayClose': {
        const c = op.row;
        await this.q(
          db,
          `INSERT INTO day_closes (stop_id, device_id, business_date, counted_cash_cents, expected_cash_cents, difference_cents, reason,
           check_total_cents, card_total_cents, closed_by, second_sign_off_by, closed_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT DO NOTHING`,
          [c.stopId, deviceId, c.businessDate, c.countedCashCents, c.expectedCashCents, c.differenceCents, c.reason, c.checkTotalCents,
            c.cardTotalCents, c.closedBy, c.secondSignOffBy, c.closedAt],
        );
        return;
      }
      case 'insertCityAnswer': {
        const a = op.row;
        await this.q(
          db,
          `INSERT INTO city_answers (id, device_id, question_id, stop_id, neighbourhood, place, language, topic, text, contact, answered_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING`,
          [a.id, deviceId, a.questionId, a.stopId, a.neighbourhood, a.place, a.language, a.topic, a.text, a.contact ? JSON.stringify(a.contact) : null, a.answeredAt],
        );
        return;
      }
    }
  }

  private async insertServiceRequest(db: Db, r: StoredServiceRequest): Promise<void> {
    await this.q(
      db,
      `INSERT INTO service_requests (id, device_id, source, local_reference, service_code, service_name, description, address_string,
       lat, long, first_name, last_name, phone, email, status, status_notes, requested_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) ON CONFLICT DO NOTHING`,
      [r.id, r.deviceId, r.source, r.localReference, r.serviceCode, r.serviceName, r.description, r.addressString, r.lat, r.long,
        r.firstName, r.lastName, r.phone, r.email, r.status, r.statusNotes, r.requestedAt, r.updatedAt],
    );
  }

  async changesSince(deviceId: string, cursor: string | null, limit: number): Promise<Change[]> {
    const { rows } = await this.query(
      'SELECT * FROM changes WHERE cursor > $1::bigint AND (device_id IS NULL OR device_id = $2) ORDER BY cursor LIMIT $3',
      [cursor ?? '0', deviceId, limit],
    );
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
      return `$${params.length}`;
    });
    const from = `FROM transactions t ${where}`;
    params.push(filter.limit, filter.offset);
    const limit = `$${params.length - 1}`;
    const offset = `$${params.length}`;
    // Count and page in one statement, so both come from one snapshot; the LEFT JOIN keeps the count when the page is empty.
    const { rows } = await this.query(
      `WITH page AS (SELECT t.*, ${vanNameAt('t')} AS van_name ${from} ORDER BY t.occurred_at, t.id LIMIT ${limit} OFFSET ${offset})
       SELECT c.chtg_total, page.* FROM (SELECT COUNT(*) AS chtg_total ${from}) c LEFT JOIN page ON true
       ORDER BY page.occurred_at, page.id`,
      params,
    );
    const total = num(rows[0]?.chtg_total ?? 0);
    return { total, items: rows.filter((r) => r.id !== null && r.id !== undefined).map(toTransaction) };
  }

  async stopsOn(day: string): Promise<StoredStop[]> {
    const { rows } = await this.query(
      `SELECT s.*, ${vanNameAt('s', 's.opened_at')} AS van_name FROM stops s WHERE s.business_date = $1 ORDER BY s.opened_at, s.id`,
      [day],
    );
    return rows.map(toStop);
  }

  async dayClosesOn(day: string): Promise<StoredDayClose[]> {
    const { rows } = await this.query('SELECT * FROM day_closes WHERE business_date = $1 ORDER BY closed_at, stop_id', [day]);
    return rows.map(toDayClose);
  }

  async refundsBetween(dateFrom: string | undefined, dateTo: string | undefined): Promise<StoredRefund[]> {
    const { rows } = await this.query(REFUNDS_SQL('$1::text', '$2::text'), [dateFrom ?? null, dateTo ?? null]);
    return rows.map(toRefund);
  }

  async createServiceRequest(r: StoredServiceRequest): Promise<void> {
    const client = await this.acquire();
    try {
      await this.insertServiceRequest(client, r);
    } finally {
      client.release();
    }
  }

  async getServiceRequest(id: string): Promise<StoredServiceRequest | null> {
    const { rows } = await this.query('SELECT * FROM service_requests WHERE id = $1', [id]);
    return rows[0] ? toServiceRequest(rows[0]) : null;
  }

  async queryServiceRequests(filter: ServiceRequestFilter): Promise<StoredServiceRequest[]> {
    const clauses: string[] = [];
    const params: unknown[] = [];
    const ph = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (filter.serviceCodes?.length) clauses.push(`service_code = ANY(${ph(filter.serviceCodes)}::text[])`);
    if (filter.localReference) clauses.push(`local_reference = ${ph(filter.localReference)}`);
    if (filter.status) clauses.push(`status = ${ph(filter.status)}`);
    if (filter.startDate) clauses.push(`requested_at >= ${ph(filter.startDate)}`);
    if (filter.endDate) clauses.push(`requested_at <= ${ph(filter.endDate)}`);
    const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
    const { rows } = await this.query(`SELECT * FROM service_requests ${where} ORDER BY requested_at DESC, id LIMIT ${ph(filter.limit)}`, params);
    return rows.map(toServiceRequest);
  }

  async updateServiceRequestStatus(id: string, status: ServiceRequestStatus, notes: string | null, at: string): Promise<boolean> {
    return this.tx(async (db) => {
      // The changes lock first, then the row: the same order as every other writer of `changes`.
      await this.lock(db, CHANGES_LOCK);
      const { rows } = await this.q(
        db,
        'UPDATE service_requests SET status = $1, status_notes = $2, updated_at = $3 WHERE id = $4 RETURNING device_id, local_reference',
        [status, notes, at, id],
      );
      const row = rows[0];
      if (!row) return false;
      if (row.device_id) {
        await this.q(db, 'INSERT INTO changes (device_id, kind, data, created_at) VALUES ($1, $2, $3, $4)', [
          row.device_id,
          'service_request_status',
          JSON.stringify({ requestId: id, localReference: strOrNull(row.local_reference), status, statusNotes: notes, updatedAt: at }),
          at,
        ]);
      }
      return true;
    });
  }

  async queryCityAnswers(filter: CityAnswerFilter): Promise<StoredCityAnswer[]> {
    const clauses: string[] = [];
    const params: unknown[] = [];
    const ph = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (filter.questionId) clauses.push(`question_id = ${ph(filter.questionId)}`);
    if (filter.neighbourhood) clauses.push(`neighbourhood = ${ph(filter.neighbourhood)}`);
    const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
    const { rows } = await this.query(`SELECT * FROM city_answers ${where} ORDER BY answered_at DESC, id LIMIT ${ph(filter.limit)}`, params);
    return rows.map(toCityAnswer);
  }

  async listRejected(deviceId: string): Promise<{ seq: number; id: string; code: string; message: string; raw: string }[]> {
    const { rows } = await this.query('SELECT seq, id, code, message, raw FROM rejected_events WHERE device_id = $1 ORDER BY seq', [deviceId]);
    return rows.map((r) => ({ seq: num(r.seq), id: str(r.id), code: str(r.code), message: str(r.message), raw: str(r.raw) }));
  }

  async countEvents(): Promise<number> {
    const { rows } = await this.query('SELECT COUNT(*) AS n FROM events');
    return num(rows[0]?.n);
  }

  async eventIds(): Promise<string[]> {
    const { rows } = await this.query<{ id: string }>('SELECT id FROM events ORDER BY id');
    return rows.map((r) => r.id);
  }
}

function missingResult(): never {
  throw new Error('an event of the batch got no answer');
}

/** Drops a schema made for a store (tests give each store its own); the same name rules as PostgresStore's `schema`. */
export async function dropSchema(connectionString: string, schema: string): Promise<void> {
  const ident = checkedSchema(schema);
  const client = new Client({ connectionString });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${ident} CASCADE`);
  } finally {
    await client.end();
  }
}
