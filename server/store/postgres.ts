import { Client, Pool, escapeIdentifier } from 'pg';
import type { PoolClient, QueryResult, QueryResultRow } from 'pg';
import type { AnyDeviceEvent, PushResult } from '../../shared';
import { cached, numberedPlaceholders, Rollback, type Row, type SqlDialect, type SqlRunner } from './dialect';
import { MIGRATIONS, renderMigration } from './migrations';
import { foreignReference, ownedRefs, projectionFor, type OwnedRef } from './projection';
import { notInsertedResult, num, rejectedResult, str } from './rows';
import { EVENT_COLUMNS, REJECTED_CONFLICT, REJECTED_INSERT, TRANSACTION_COLUMNS, projectionStatement } from './sql';
import { SqlStore, type SqlStoreOptions } from './sql-store';
import type { CheckedEvent, PushContext, PushOutcome, RefusedEvent } from './store';

/** The schema steps as PostgreSQL runs them (see migrations.ts). */
export const POSTGRES_MIGRATIONS: readonly string[] = MIGRATIONS.map((step) => renderMigration(step, 'postgres'));

export interface PostgresStoreOptions extends SqlStoreOptions {
  connectionString: string;
  /** A schema of its own (created by migrate() when missing); every connection uses it. Default: the server's search_path. */
  schema?: string;
  poolSize?: number;
}

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

const RETRYABLE = new Set(['40P01', '40001']); // deadlock_detected, serialization_failure: the transaction was rolled back

function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRYABLE.has(code);
}

type Db = Pick<PoolClient, 'query'>;

/** One array per key, that field of every row in order: the parameters of an unnest(…) batch statement. */
function columns<T>(rows: readonly T[], ...keys: (keyof T)[]): unknown[][] {
  return keys.map((key) => rows.map((row) => row[key]));
}

/**
 * A string as PostgreSQL may read it from JSON: no NUL (pgText), and no lone surrogate, which JSON.stringify writes as
 * an escape PostgreSQL refuses (a text parameter's UTF-8 has U+FFFD there, as SQLite stores it).
 */
function jsonText(value: string): string {
  return pgText(value.isWellFormed() ? value : value.toWellFormed());
}

/**
 * A batch of rows as one JSON parameter for json_populate_recordset(NULL::table, …): `names` are the table's columns,
 * `rows` their values in that order (strings as jsonText makes them). bench:server (PostgreSQL direct, 500-event
 * batches): pg's array literals (escapeElement, arrayString) took ~0.7 s of Node CPU per 100,000 events inserted, this
 * ~0.35 s, and PostgreSQL reads the JSON faster than the arrays (rows/s 48–55k → 58–61k in a bare table).
 */
function jsonRows(names: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return JSON.stringify(
    rows.map((row) => {
      const object: Record<string, unknown> = {};
      for (let i = 0; i < names.length; i++) {
        const value = row[i];
        object[names[i]!] = typeof value === 'string' ? jsonText(value) : value;
      }
      return object;
    }),
  );
}

/** A run of sales is one insert of the shared statement's columns, read from one JSON parameter. */
const TRANSACTION_NAMES = TRANSACTION_COLUMNS.split(',').map((name) => name.trim());
const TRANSACTIONS_BATCH = `INSERT INTO transactions (${TRANSACTION_COLUMNS}) SELECT ${TRANSACTION_NAMES.map((name) => `u.${name}`).join(', ')}
  FROM json_populate_recordset(NULL::transactions, $1::json) WITH ORDINALITY AS u
  ORDER BY u.ordinality ON CONFLICT DO NOTHING`;
const EVENT_NAMES = ['id', 'seq', 'type', 'occurred_at', 'schema_version', 'actor_id', 'catalogue_version', 'payload'];

/** `?` texts numbered once each (the shared statements are few and repeat). */
const numbered = new Map<string, string>();
const pgSql = (sql: string) => cached(numbered, sql, numberedPlaceholders);

/** Statement names for a prepared runner: a connection parses and plans each named text once, then binds it. */
const statementNames = new Map<string, string>();
const statementName = (text: string) => cached(statementNames, text, () => `chtg_${statementNames.size + 1}`);

/** `prepared`: only for a fixed set of texts (the push path), as each connection keeps every name it was given. */
function runner(db: Db, prepared = false): SqlRunner {
  const query = <R extends QueryResultRow>(sql: string, params: readonly unknown[]) => {
    const text = pgSql(sql);
    const values = params.map(pgParam);
    return prepared ? db.query<R>({ name: statementName(text), text, values }) : db.query<R>(text, values);
  };
  return {
    all: async (sql, params = []) => (await query<Row>(sql, params)).rows,
    run: async (sql, params = []) => (await query(sql, params)).rowCount ?? 0,
    exec: async (script) => void (await db.query(script)),
  };
}

/**
 * PostgreSQL over a pool: a statement takes a pooled connection (with this store's search_path) for itself, a
 * transaction holds one from BEGIN to COMMIT.
 */
class PostgresDialect implements SqlDialect {
  readonly name = 'postgres' as const;
  readonly forUpdate = ' FOR UPDATE';
  readonly weekStart = (column: string) => `to_char(date_trunc('week', (${column})::date), 'YYYY-MM-DD')`;
  readonly percentile = (column: string, p: number) => `percentile_disc(${p}) WITHIN GROUP (ORDER BY ${column})`;
  private readonly pool: Pool;
  private readonly schemaIdent: string | null;
  private readonly lockKey: number;
  private readonly prepared = new WeakSet<PoolClient>();
  private closed = false;
  private readonly outside = runner({ query: ((sql: string, params: unknown[]) => this.query(sql, params)) as Db['query'] });
  readonly all = this.outside.all;
  readonly run = this.outside.run;
  readonly exec = this.outside.exec;

  constructor(options: PostgresStoreOptions) {
    this.schemaIdent = options.schema === undefined ? null : checkedSchema(options.schema);
    this.lockKey = hash32(options.schema ?? '');
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

  private async query<R extends QueryResultRow = Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
    const client = await this.acquire();
    try {
      return await client.query<R>(sql, params as unknown[]);
    } finally {
      client.release();
    }
  }

  /** One pooled connection from BEGIN to COMMIT (see SqlDialect.tx); the server rolled back a retried transaction. */
  async tx<T>(work: (db: SqlRunner) => Promise<T>, retries = 0, prepared = false): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const client = await this.acquire();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await work(runner(client, prepared));
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

  private async lock(db: SqlRunner, lockClass: number): Promise<void> {
    await db.all('SELECT pg_advisory_xact_lock(?, ?)', [lockClass, this.lockKey]);
  }

  lockChanges(db: SqlRunner): Promise<void> {
    return this.lock(db, CHANGES_LOCK);
  }

  async beforeMigrating(db: SqlRunner): Promise<void> {
    // Two instances starting at once: the second waits here, then finds the migrations applied.
    await this.lock(db, MIGRATION_LOCK);
    if (this.schemaIdent) {
      await db.exec(`CREATE SCHEMA IF NOT EXISTS ${this.schemaIdent}`);
      await db.exec(`SET LOCAL search_path TO ${this.schemaIdent}`);
    }
  }

  isUniqueViolation(error: unknown): boolean {
    return (error as { code?: unknown } | null)?.code === '23505';
  }

  async tableExists(db: SqlRunner, table: string): Promise<boolean> {
    return (await db.all('SELECT to_regclass(CAST(? AS TEXT)) IS NOT NULL AS found', [table]))[0]?.found === true;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}

export class PostgresStore extends SqlStore<PostgresDialect> {
  constructor(options: PostgresStoreOptions) {
    super(new PostgresDialect(options), options);
  }

  async pushEvents(deviceId: string, events: readonly CheckedEvent[], context: PushContext): Promise<PushOutcome> {
    const receivedAt = this.now().toISOString();
    // The push path's statements are written $-numbered, with array parameters for unnest(…).
    return this.dialect.tx(async (db) => {
      // Batches of one device serialise on its row (always the first lock taken, so the lock order is the same everywhere).
      const [deviceRow] = await db.all('SELECT contiguous_seq FROM devices WHERE id = $1 FOR UPDATE', [deviceId]);
      if (!deviceRow) throw new Error(`unknown device ${deviceId}`);
      const contiguousBefore = num(deviceRow.contiguous_seq);

      const results: (PushResult | undefined)[] = new Array<PushResult | undefined>(events.length);
      const valid: { index: number; event: AnyDeviceEvent }[] = [];
      // Invalid events: the last one for a seq wins, as with one upsert after another.
      const rejected = new Map<number, RefusedEvent>();
      const refuse = (index: number, refused: RefusedEvent) => {
        rejected.set(refused.seq, refused);
        results[index] = rejectedResult(refused);
      };
      events.forEach((checked, index) => {
        if (checked.ok) valid.push({ index, event: checked.event });
        else refuse(index, checked);
      });

      // Events that refer to another device's stop, transaction, order or ticket are refused, before anything is stored.
      const refsByIndex = new Map<number, OwnedRef[]>();
      for (const v of valid) refsByIndex.set(v.index, ownedRefs(v.event));
      // Each distinct ref once; one index probe each (LATERAL … LIMIT 1): a join lets the planner hash the whole table.
      const allRefs = [...new Map([...refsByIndex.values()].flat().map((ref) => [`${ref.kind} ${ref.id}`, ref])).values()];
      if (allRefs.length > 0) {
        const owners = await db.all(
          `SELECT u.kind, u.id FROM unnest($1::text[], $2::text[]) AS u(kind, id)
           CROSS JOIN LATERAL (SELECT 1 FROM owned_refs o WHERE o.kind = u.kind AND o.id = u.id AND o.device_id <> $3 LIMIT 1) AS foreign_owner`,
          [...columns(allRefs, 'kind', 'id'), deviceId],
        );
        const foreignKeys = new Set(owners.map((r) => `${str(r.kind)} ${str(r.id)}`));
        if (foreignKeys.size > 0) {
          for (let i = valid.length - 1; i >= 0; i--) {
            const { index, event } = valid[i]!;
            const foreign = refsByIndex.get(index)!.filter((ref) => foreignKeys.has(`${ref.kind} ${ref.id}`));
            if (foreign.length === 0) continue;
            refuse(index, foreignReference(event, deviceId, foreign));
            valid.splice(i, 1);
          }
        }
      }

      if (rejected.size > 0) {
        const list = [...rejected.values()];
        await db.run(
          `${REJECTED_INSERT} SELECT $1, u.seq, u.id, u.code, u.message, u.raw, $2
           FROM unnest($3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[]) AS u(seq, id, code, message, raw) ${REJECTED_CONFLICT}`,
          [deviceId, receivedAt, ...columns(list, 'seq', 'id', 'code', 'message'), list.map((r) => JSON.stringify(r.raw ?? null))],
        );
      }

      const accepted: AnyDeviceEvent[] = [];
      const claims: OwnedRef[] = [];
      if (valid.length > 0) {
        // One statement for the whole batch; the unique id (and device+seq) decide, whichever instance gets there first.
        const validEvents = valid.map((v) => v.event);
        const inserted = await db.all(
          `INSERT INTO events (${EVENT_COLUMNS})
           SELECT u.id, $1, u.seq, u.type, u.occurred_at, $2, u.schema_version, u.actor_id, u.catalogue_version, u.payload
           FROM json_populate_recordset(NULL::events, $3::json) WITH ORDINALITY AS u
           ORDER BY u.ordinality
           ON CONFLICT DO NOTHING
           RETURNING id, seq`,
          [
            deviceId,
            receivedAt,
            jsonRows(
              EVENT_NAMES,
              validEvents.map((e) => [e.id, e.seq, e.type, e.occurredAt, e.schemaVersion, e.actorId, e.catalogueVersion, JSON.stringify(e.payload)]),
            ),
          ],
        );
        const insertedKeys = new Set(inserted.map((r) => `${str(r.id)} ${str(r.seq)}`));
        const notInserted: { index: number; event: AnyDeviceEvent }[] = [];
        for (const v of valid) {
          // delete(): if a batch named the same event twice, only its first appearance is the accepted one.
          if (insertedKeys.delete(`${v.event.id} ${v.event.seq}`)) {
            results[v.index] = { id: v.event.id, seq: v.event.seq, status: 'accepted' };
            accepted.push(v.event);
            claims.push(...refsByIndex.get(v.index)!.filter((ref) => ref.creates));
          } else {
            notInserted.push(v);
          }
        }
        if (notInserted.length > 0) {
          const existing = await db.all('SELECT id, device_id, seq FROM events WHERE id = ANY($1::text[])', [notInserted.map((v) => v.event.id)]);
          const byId = new Map(existing.map((r) => [str(r.id), r]));
          for (const { index, event } of notInserted) {
            results[index] = notInsertedResult(event.id, event.seq, deviceId, byId.get(event.id));
          }
        }
        if (claims.length > 0) {
          await db.run(
            'INSERT INTO owned_refs (kind, id, device_id) SELECT u.kind, u.id, $3 FROM unnest($1::text[], $2::text[]) AS u(kind, id) ON CONFLICT DO NOTHING',
            [...columns(claims, 'kind', 'id'), deviceId],
          );
        }
        await this.project(db, deviceId, accepted, context, receivedAt);
      }

      // Walk past the stored contiguous seq while a seq is answered (stored or rejected): first over this batch's answers,
      // which are in the tables now, then in one statement over the tables, however far it goes.
      // (Refused events are stored; a conflict's answer is 'rejected' too but stores nothing, so results cannot say which.)
      const answered = new Set([...rejected.keys(), ...results.flatMap((r) => (r?.status === 'accepted' || r?.status === 'duplicate' ? [r.seq] : []))]);
      let walkedFrom = contiguousBefore;
      while (answered.has(walkedFrom + 1)) walkedFrom++;
      const advanced = await db.all(
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
        [deviceId, walkedFrom],
      );
      const highestContiguousSeq = num(advanced[0]?.contiguous_seq);
      return { results: results.map((r) => r ?? missingResult()), highestContiguousSeq };
    }, 3, true);
  }

  /**
   * Applies the accepted events' projections in batch order, but transactions go in as one multi-row insert, held back
   * only until an op that reads or changes transactions (a void, a refund): no other op touches that table.
   */
  private async project(db: SqlRunner, deviceId: string, accepted: readonly AnyDeviceEvent[], context: PushContext, receivedAt: string): Promise<void> {
    let run: unknown[][] = [];
    const flush = async () => {
      if (run.length === 0) return;
      const rows = run;
      run = [];
      await db.run(TRANSACTIONS_BATCH, [jsonRows(TRANSACTION_NAMES, rows)]);
    };
    for (const event of accepted) {
      for (const op of projectionFor(event, context)) {
        const [sql, params] = projectionStatement(op, deviceId, event.id, event.occurredAt, receivedAt);
        if (op.op === 'insertTransaction') {
          run.push(params);
          continue;
        }
        if (op.op === 'voidTransaction' || op.op === 'insertRefund') await flush();
        await db.run(sql, params);
      }
    }
    await flush();
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
