/**
 * What the shared store code needs from a database: run one statement with `?` placeholders, run a transaction, and
 * a few dialect facts. SQLite implements it synchronously underneath (better-sqlite3; the promises are already
 * settled), PostgreSQL over a pool. One query text then serves both stores (see sql-store.ts).
 */

export type Row = Record<string, unknown>;

/** One connection's statements. `all` answers rows (SELECT or RETURNING), `run` the rows changed, `exec` runs a script. */
export interface SqlRunner {
  all(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  run(sql: string, params?: readonly unknown[]): Promise<number>;
  exec(script: string): Promise<void>;
}

export interface SqlDialect extends SqlRunner {
  readonly name: 'sqlite' | 'postgres';
  /**
   * Runs `work` in one transaction on one connection (use only the runner it is given). A deadlock or serialization
   * failure is retried up to `retries` times; `work` may throw a Rollback to undo everything and still answer a value.
   */
  tx<T>(work: (db: SqlRunner) => Promise<T>, retries?: number): Promise<T>;
  /** Serialises the writers of `changes`, so cursors commit in the order they are handed out (SQLite's write lock does it). */
  lockChanges(db: SqlRunner): Promise<void>;
  /** The Monday (weeks start on Monday) of the city date in `column`, as YYYY-MM-DD: the KPIs' weekly periods. */
  readonly weekStart: (column: string) => string;
  /** The smallest value with at least `p` of the group at or below it (PostgreSQL's percentile_disc). */
  readonly percentile: (column: string, p: number) => string;
  /** The row-lock suffix of a SELECT inside a transaction (`FOR UPDATE`; SQLite's transaction holds the write lock). */
  readonly forUpdate: string;
  /** True when the error is a unique-constraint violation. */
  isUniqueViolation(error: unknown): boolean;
  tableExists(db: SqlRunner, table: string): Promise<boolean>;
  /** Runs first in the migration's transaction (PostgreSQL: waits for another instance's migration, makes the schema). */
  beforeMigrating(db: SqlRunner): Promise<void>;
  /** Ends the connection (or pool); a second call does nothing. */
  close(): Promise<void>;
}

/** Thrown inside a transaction to roll it back and answer with `value`. */
export class Rollback<T> {
  constructor(readonly value: T) {}
}

/** The value kept under `key`, made by `make` the first time (a statement per SQL text: a batch's texts repeat). */
export function cached<K, V>(cache: Map<K, V>, key: K, make: (key: K) => V): V {
  let value = cache.get(key);
  if (value === undefined) {
    value = make(key);
    cache.set(key, value);
  }
  return value;
}

/** `?` → `$1, $2…` for PostgreSQL (the shared query texts never hold a literal question mark). */
export function numberedPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}
