import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { PushResult } from '../../shared';
import type { CentralStore, CheckedEvent, DeviceRecord, PushOutcome, StoredTransaction, TransactionQuery } from './store';
import { projectionFor } from './projection';

/** Each entry is one schema version; never edit or remove one that has shipped. */
const MIGRATIONS: readonly string[] = [
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
];

export interface SqliteStoreOptions {
  file: string;
  /** Checkpoint the WAL on a timer instead of inside a commit. */
  checkpointIntervalMs?: number;
  now?: () => Date;
}

interface DeviceRow {
  id: string;
  van_name: string;
  revoked_at: string | null;
}

interface TransactionRow {
  id: string;
  event_id: string;
  device_id: string;
  van_name: string;
  service_code: string;
  service_name: string;
  reference: string;
  quantity: number;
  amount_cents: number;
  payment_method: string;
  receipt_number: string;
  occurred_at: string;
  received_at: string;
}

export class SqliteStore implements CentralStore {
  readonly kind = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly now: () => Date;
  private checkpointTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: SqliteStoreOptions) {
    if (options.file !== ':memory:') mkdirSync(dirname(options.file), { recursive: true });
    this.db = new Database(options.file);
    this.db.pragma('journal_mode = WAL');
    // FULL: an acknowledged batch survives a power cut, not only a crash.
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('wal_autocheckpoint = 0');
    this.now = options.now ?? (() => new Date());
  }

  async migrate(): Promise<void> {
    this.db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
    const row = this.db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
    const current = row.v ?? 0;
    MIGRATIONS.forEach((sql, index) => {
      const version = index + 1;
      if (version <= current) return;
      this.db.transaction(() => {
        this.db.exec(sql);
        this.db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(version, this.now().toISOString());
      })();
    });
    const interval = this.options.checkpointIntervalMs ?? 2000;
    if (interval > 0 && !this.checkpointTimer) {
      this.checkpointTimer = setInterval(() => this.db.pragma('wal_checkpoint(PASSIVE)'), interval);
      this.checkpointTimer.unref();
    }
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async createDevice(device: { id: string; vanName: string; tokenHash: string }): Promise<void> {
    this.db
      .prepare('INSERT INTO devices (id, van_name, token_hash, created_at) VALUES (?, ?, ?, ?)')
      .run(device.id, device.vanName, device.tokenHash, this.now().toISOString());
  }

  async findDeviceByTokenHash(tokenHash: string): Promise<DeviceRecord | null> {
    const row = this.db.prepare('SELECT id, van_name, revoked_at FROM devices WHERE token_hash = ?').get(tokenHash) as
      | DeviceRow
      | undefined;
    return row ? { id: row.id, vanName: row.van_name, revokedAt: row.revoked_at } : null;
  }

  async pushEvents(deviceId: string, events: readonly CheckedEvent[]): Promise<PushOutcome> {
    const db = this.db;
    const receivedAt = this.now().toISOString();
    const insertEvent = db.prepare(
      `INSERT INTO events (id, device_id, seq, type, occurred_at, received_at, schema_version, payload)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    const existingById = db.prepare('SELECT device_id, seq FROM events WHERE id = ?');
    const upsertRejected = db.prepare(
      `INSERT INTO rejected_events (device_id, seq, id, code, message, raw, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (device_id, seq) DO UPDATE SET id = excluded.id, code = excluded.code, message = excluded.message,
       raw = excluded.raw, received_at = excluded.received_at`,
    );
    const insertTransaction = db.prepare(
      `INSERT INTO transactions (id, event_id, device_id, service_code, service_name, reference, quantity, amount_cents,
       payment_method, receipt_number, occurred_at, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT DO NOTHING`,
    );
    const seqKnown = db.prepare(
      'SELECT 1 FROM events WHERE device_id = ? AND seq = ? UNION ALL SELECT 1 FROM rejected_events WHERE device_id = ? AND seq = ? LIMIT 1',
    );
    const getContiguous = db.prepare('SELECT contiguous_seq AS c FROM devices WHERE id = ?');
    const setContiguous = db.prepare('UPDATE devices SET contiguous_seq = ? WHERE id = ?');

    const run = db.transaction((): PushOutcome => {
      const results: PushResult[] = [];
      const answered = new Set<number>();
      for (const checked of events) {
        if (!checked.ok) {
          upsertRejected.run(deviceId, checked.seq, checked.id, checked.code, checked.message, JSON.stringify(checked.raw), receivedAt);
          results.push({ id: checked.id, seq: checked.seq, status: 'rejected', code: checked.code, message: checked.message });
          answered.add(checked.seq);
          continue;
        }
        const { event } = checked;
        const info = insertEvent.run(
          event.id, deviceId, event.seq, event.type, event.occurredAt, receivedAt, event.schemaVersion, JSON.stringify(event.payload),
        );
        if (info.changes === 1) {
          const projection = projectionFor(event);
          if (projection.kind === 'transaction') {
            const t = projection.row;
            insertTransaction.run(
              t.id, event.id, deviceId, t.serviceCode, t.serviceName, t.reference, t.quantity, t.amountCents,
              t.paymentMethod, t.receiptNumber, event.occurredAt, receivedAt,
            );
          }
          results.push({ id: event.id, seq: event.seq, status: 'accepted' });
          answered.add(event.seq);
          continue;
        }
        const existing = existingById.get(event.id) as { device_id: string; seq: number } | undefined;
        if (existing && existing.device_id === deviceId && existing.seq === event.seq) {
          results.push({ id: event.id, seq: event.seq, status: 'duplicate' });
          answered.add(event.seq);
        } else {
          const message = existing
            ? 'an event with this id was already stored with a different device or seq'
            : `seq ${event.seq} was already used by another event of this device`;
          results.push({ id: event.id, seq: event.seq, status: 'rejected', code: existing ? 'id_conflict' : 'seq_conflict', message });
        }
      }
      let contiguous = (getContiguous.get(deviceId) as { c: number }).c;
      while (answered.has(contiguous + 1) || seqKnown.get(deviceId, contiguous + 1, deviceId, contiguous + 1)) contiguous++;
      setContiguous.run(contiguous, deviceId);
      return { results, highestContiguousSeq: contiguous };
    });
    return run();
  }

  async listTransactions(query: TransactionQuery): Promise<{ total: number; items: StoredTransaction[] }> {
    const total = (this.db.prepare('SELECT COUNT(*) AS n FROM transactions').get() as { n: number }).n;
    const rows = this.db
      .prepare(
        `SELECT t.*, d.van_name FROM transactions t JOIN devices d ON d.id = t.device_id
         ORDER BY t.occurred_at, t.id LIMIT ? OFFSET ?`,
      )
      .all(query.limit, query.offset) as TransactionRow[];
    return { total, items: rows.map(toTransaction) };
  }

  async countEvents(): Promise<number> {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
  }

  async close(): Promise<void> {
    if (this.checkpointTimer) clearInterval(this.checkpointTimer);
    if (this.db.open) {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
      this.db.close();
    }
  }
}

function toTransaction(row: TransactionRow): StoredTransaction {
  return {
    id: row.id,
    eventId: row.event_id,
    deviceId: row.device_id,
    vanName: row.van_name,
    serviceCode: row.service_code,
    serviceName: row.service_name,
    reference: row.reference,
    quantity: row.quantity,
    amountCents: row.amount_cents,
    paymentMethod: row.payment_method,
    receiptNumber: row.receipt_number,
    occurredAt: row.occurred_at,
    receivedAt: row.received_at,
  };
}
