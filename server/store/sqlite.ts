import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { dirname, resolve as resolvePath } from 'node:path';
import type { PushResult } from '../../shared';
import { cached, Rollback, type Row, type SqlDialect, type SqlRunner } from './dialect';
import { MIGRATIONS, renderMigration } from './migrations';
import { foreignReference, ownedRefs, projectionFor, type ProjectionOp } from './projection';
import { notInsertedResult, num, rejectedResult, str } from './rows';
import { EVENT_COLUMNS, REJECTED_CONFLICT, REJECTED_INSERT, projectionStatement } from './sql';
import { SqlStore, type SqlStoreOptions } from './sql-store';
import type { CheckedEvent, PushContext, PushOutcome, RefusedEvent } from './store';
import { nearestRank } from './kpi';

/** The schema steps as SQLite runs them (see migrations.ts). */
export const SQLITE_MIGRATIONS: readonly string[] = MIGRATIONS.map((step) => renderMigration(step, 'sqlite'));

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

export interface SqliteStoreOptions extends SqlStoreOptions {
  file: string;
  /** Checkpoint the WAL on a timer instead of inside a commit; 0 turns the timer off. */
  checkpointIntervalMs?: number;
}

interface FileLock {
  queue: Promise<unknown>;
  open: boolean;
}

/**
 * One transaction queue per database file per process. A transaction's work yields to the microtask queue between
 * statements, so a second connection of this process to the same file (the soak's and the fault harness's enrolments,
 * a backup beside the API in tests) could begin its own BEGIN IMMEDIATE meanwhile: SQLite's busy wait then blocks the
 * only thread the first one needs to commit, and after busy_timeout one fails with SQLITE_BUSY. Sharing the queue makes
 * them take turns instead. (Other processes are not affected: their busy wait does not block this one.)
 */
const fileLocks = new Map<string, FileLock>();
function fileLockFor(file: string): FileLock {
  const unlocked = (): FileLock => ({ queue: Promise.resolve(), open: false });
  return file === ':memory:' ? unlocked() : cached(fileLocks, resolvePath(file), unlocked);
}

/** The KPIs' nearest-rank percentile as an aggregate, pct_disc(value, p): the same answer as PostgreSQL's percentile_disc. */
const percentileAggregate = {
  start: () => ({ values: [] as number[], p: 0.5 }),
  step: (acc: { values: number[]; p: number }, value: unknown, p: unknown) => {
    if (value !== null && value !== undefined) acc.values.push(Number(value));
    acc.p = Number(p);
    return acc;
  },
  result: (acc: { values: number[]; p: number }) => nearestRank(acc.values.sort((a, b) => a - b), acc.p),
};

/**
 * better-sqlite3 under the async dialect: every call runs synchronously, so the promises are already settled. A
 * transaction is BEGIN IMMEDIATE … COMMIT on the one connection; while one is open, calls from outside it wait for it to
 * end (they would otherwise run inside it), and transactions queue one behind the other.
 */
class SqliteDialect implements SqlDialect {
  readonly name = 'sqlite' as const;
  readonly forUpdate = '';
  readonly weekStart = (column: string) => `date(${column}, '-6 days', 'weekday 1')`;
  /** pct_disc is the aggregate percentileAggregate, registered on the connection. */
  readonly percentile = (column: string, p: number) => `pct_disc(${column}, ${p})`;
  readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  /** Shared by every connection this process has to the same file (see fileLocks). */
  private readonly lock: FileLock;
  private checkpointer: Worker | undefined;
  private readonly inside: SqlRunner = {
    all: async (sql, params = []) => this.statement(sql).all(...params) as Row[],
    run: async (sql, params = []) => this.statement(sql).run(...params).changes,
    exec: async (script) => void this.db.exec(script),
  };

  constructor(private readonly file: string) {
    if (file !== ':memory:') {
      // The database is readable by this user only; SQLite gives its -wal and -shm files the database file's mode.
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
      closeSync(openSync(file, 'a', 0o600));
      chmodSync(file, 0o600);
      for (const companion of [`${file}-wal`, `${file}-shm`]) if (existsSync(companion)) chmodSync(companion, 0o600);
    }
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    // FULL: an acknowledged batch survives a power cut, not only a crash.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // better-sqlite3's typings allow one argument per step; the aggregate takes the value and p.
    db.aggregate('pct_disc', percentileAggregate as unknown as Parameters<Database.Database['aggregate']>[1]);
    // Checkpoints run on a timer (startCheckpointer), never inside a request's commit.
    db.pragma('wal_autocheckpoint = 0');
    this.db = db;
    this.lock = fileLockFor(file);
  }

  /** Prepared once per SQL text: preparing is a measurable share of a 500-event batch. */
  statement(text: string): Database.Statement {
    return cached(this.statements, text, (sql) => this.db.prepare(sql));
  }

  /** True while an async transaction is open: the group commit must not start its own inside it. */
  get busy(): boolean {
    return this.lock.open;
  }

  /** Resolves when no transaction is open. */
  async idle(): Promise<void> {
    while (this.lock.open) await this.lock.queue;
  }

  async all(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    await this.idle();
    return this.inside.all(sql, params);
  }

  async run(sql: string, params: readonly unknown[] = []): Promise<number> {
    await this.idle();
    return this.inside.run(sql, params);
  }

  async exec(script: string): Promise<void> {
    await this.idle();
    return this.inside.exec(script);
  }

  tx<T>(work: (db: SqlRunner) => Promise<T>): Promise<T> {
    const result = this.lock.queue.then(async () => {
      this.lock.open = true;
      try {
        this.db.exec('BEGIN IMMEDIATE');
        try {
          const value = await work(this.inside);
          this.db.exec('COMMIT');
          return value;
        } catch (error) {
          if (this.db.inTransaction) this.db.exec('ROLLBACK');
          if (error instanceof Rollback) return error.value as T;
          throw error;
        }
      } finally {
        this.lock.open = false;
      }
    });
    this.lock.queue = result.catch(() => undefined);
    return result;
  }

  async lockChanges(): Promise<void> {}

  async tableExists(db: SqlRunner, table: string): Promise<boolean> {
    return (await db.all("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [table])).length > 0;
  }

  isUniqueViolation(error: unknown): boolean {
    const code = (error as { code?: unknown } | null)?.code;
    return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
  }

  async beforeMigrating(): Promise<void> {}

  /** Starts the WAL checkpoints on a second connection (once; not for an in-memory database or an interval of 0). */
  startCheckpointer(intervalMs: number): void {
    if (intervalMs > 0 && !this.checkpointer && this.file !== ':memory:') this.checkpointer = startCheckpointer(this.file, intervalMs);
  }

  async close(): Promise<void> {
    if (this.checkpointer) await this.checkpointer.terminate();
    if (this.db.open) {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
      this.db.close();
    }
  }
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

export class SqliteStore extends SqlStore<SqliteDialect> {
  private readonly pushQueue: QueuedPush[] = [];
  private flushScheduled = false;
  /** Commits made for pushed batches, and the batches they held: how much group commit saves (tests, bench). */
  override readonly pushStats = { commits: 0, batches: 0 };

  constructor(private readonly options: SqliteStoreOptions) {
    super(new SqliteDialect(options.file), options);
  }

  private sql(text: string): Database.Statement {
    return this.dialect.statement(text);
  }

  override async migrate(): Promise<void> {
    await super.migrate();
    this.dialect.startCheckpointer(this.options.checkpointIntervalMs ?? 1000);
  }

  /**
   * A consistent online copy through SQLite's backup API (pages copied while pushes go on; the copy is one moment of
   * the store), then checked: integrity_check must say ok. Returns what the copy holds per device.
   */
  async backupTo(file: string): Promise<{ events: number; heldSeqs: Map<string, number> }> {
    await this.dialect.db.backup(file);
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

  override async close(): Promise<void> {
    // Batches already handed to the store are stored before it closes.
    await this.dialect.idle();
    while (this.pushQueue.length > 0 && this.dialect.db.open) this.flushPushes();
    await super.close();
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
    // An async transaction is open on the connection (it ends within its turn): these go in right after it.
    if (this.dialect.busy) return void setImmediate(() => this.flushPushes());
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
      if (!this.dialect.db.open) throw new Error('the store is closed');
      outcomes = this.dialect.db.transaction(() =>
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
    const db = this.dialect.db;
    const receivedAt = this.now().toISOString();
    const insertEvent = this.sql(`INSERT INTO events (${EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`);
    const existingById = this.sql('SELECT device_id, seq FROM events WHERE id = ?');
    const upsertRejected = this.sql(`${REJECTED_INSERT} VALUES (?, ?, ?, ?, ?, ?, ?) ${REJECTED_CONFLICT}`);
    const seqKnown = this.sql(
      'SELECT 1 FROM events WHERE device_id = ? AND seq = ? UNION ALL SELECT 1 FROM rejected_events WHERE device_id = ? AND seq = ? LIMIT 1',
    );
    const ownerOf = this.sql('SELECT device_id FROM owned_refs WHERE kind = ? AND id = ?');
    const claim = this.sql('INSERT OR IGNORE INTO owned_refs (kind, id, device_id) VALUES (?, ?, ?)');

    const run = db.transaction((): PushOutcome => {
      const results: PushResult[] = [];
      const answered = new Set<number>();
      const refuse = (refused: RefusedEvent) => {
        upsertRejected.run(deviceId, refused.seq, refused.id, refused.code, refused.message, JSON.stringify(refused.raw ?? null), receivedAt);
        results.push(rejectedResult(refused));
        answered.add(refused.seq);
      };
      for (const checked of events) {
        if (!checked.ok) {
          refuse(checked);
          continue;
        }
        const { event } = checked;
        const refs = ownedRefs(event);
        const foreign = refs.filter((ref) => {
          const owner = ownerOf.get(ref.kind, ref.id) as { device_id: string } | undefined;
          return owner !== undefined && owner.device_id !== deviceId;
        });
        if (foreign.length > 0) {
          refuse(foreignReference(event, deviceId, foreign));
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
        const result = notInsertedResult(event.id, event.seq, deviceId, existingById.get(event.id) as Row | undefined);
        results.push(result);
        if (result.status === 'duplicate') answered.add(event.seq);
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
    const [sql, params] = projectionStatement(op, deviceId, eventId, occurredAt, receivedAt);
    this.sql(sql).run(...params);
  }
}
