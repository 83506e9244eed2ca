import { businessDate } from '../../shared';
import type { SqlDialect, SqlRunner } from './dialect';
import { numOrNull, str } from './rows';
import initial from './migrations/001-initial';
import { FOUNDATION_TO_INITIAL } from './migrations/001a-foundation-to-initial';
import serviceRequestReference from './migrations/002-service-request-reference';
import officeConsole from './migrations/003-office-console';
import backups from './migrations/004-backups';
import deviceStatus from './migrations/005-device-status';
import cityAnswers from './migrations/006-city-answers';
import ownershipAndHistory from './migrations/007-ownership-and-history';
import refunds from './migrations/008-refunds';
import stopsByDate from './migrations/009-stops-by-date';
import kpiReadModels from './migrations/010-kpi-read-models';
import kpiBackfill from './migrations/011-kpi-backfill';
import eventsDayClosed from './migrations/012-events-day-closed';
import updatePolicy from './migrations/013-update-policy';
import kpiRollups from './migrations/014-kpi-rollups';
import referenceChecksPerBatch from './migrations/015-reference-checks-per-batch';

/**
 * The central schema's history: numbered, named steps (one file each in migrations/), applied in order and recorded in
 * `schema_migrations` by version (the number). One text per step serves both stores: it is written with PostgreSQL's
 * types and rendered for SQLite (BIGINT → INTEGER, DOUBLE PRECISION → REAL, BIGSERIAL → AUTOINCREMENT); on PostgreSQL
 * every TEXT column gets the "C" collation, so ordering and ranges are byte order like SQLite's BINARY whatever the
 * database's default is. Instants stay ISO 8601 strings in TEXT on both, so row mappers and string comparisons behave
 * the same. Where the dialects really differ (JSON functions, rebuilding a key), a step carries a part per store. Never
 * edit or remove a shipped step: add the next one.
 */
export interface MigrationScript {
  readonly sql: string;
  readonly sqlite?: string;
  readonly postgres?: string;
}

export interface Migration extends MigrationScript {
  /** Its number in schema_migrations: the steps are 1, 2, 3… in this order. */
  readonly version: number;
  /** The number again, then what the step does (`011_kpi_backfill`); the step's file is named after it. */
  readonly name: string;
}

export const MIGRATIONS: readonly Migration[] = [
  initial,
  serviceRequestReference,
  officeConsole,
  backups,
  deviceStatus,
  cityAnswers,
  ownershipAndHistory,
  refunds,
  stopsByDate,
  kpiReadModels,
  kpiBackfill,
  eventsDayClosed,
  updatePolicy,
  kpiRollups,
  referenceChecksPerBatch,
];

for (const [index, step] of MIGRATIONS.entries()) {
  const version = index + 1;
  if (step.version !== version || !step.name.startsWith(`${String(version).padStart(3, '0')}_`)) {
    throw new Error(`migration ${step.name} is listed as version ${version}: the list and the step's number disagree`);
  }
}

/** One step's script for one store. */
export function renderMigration(step: MigrationScript, dialect: 'sqlite' | 'postgres'): string {
  if (dialect === 'postgres') return `${step.sql}${step.postgres ?? ''}`.replace(/\bTEXT\b/g, 'TEXT COLLATE "C"');
  return `${step.sql}${step.sqlite ?? ''}`
    .replace(/\bBIGSERIAL PRIMARY KEY\b/g, 'INTEGER PRIMARY KEY AUTOINCREMENT')
    .replace(/\bBIGINT\b/g, 'INTEGER')
    .replace(/\bDOUBLE PRECISION\b/g, 'REAL');
}

async function appliedVersion(db: SqlRunner): Promise<number> {
  const [row] = await db.all('SELECT MAX(version) AS v FROM schema_migrations');
  return numOrNull(row?.v) ?? 0;
}

/** A foundation-build database (see FOUNDATION_TO_INITIAL) recorded version 1 without the tables 001 has since. */
async function isFoundationBuild(dialect: SqlDialect, db: SqlRunner, version: number): Promise<boolean> {
  return version === 1 && !(await dialect.tableExists(db, 'stops'));
}

/**
 * Whether any step is still to apply, read without a write lock: a store opened beside a running API (a backup, the
 * admin command) must not queue for the writer's lock only to find nothing to do.
 */
export async function migrationsPending(dialect: SqlDialect): Promise<boolean> {
  if (!(await dialect.tableExists(dialect, 'schema_migrations'))) return true;
  const current = await appliedVersion(dialect);
  return current < MIGRATIONS.length || (await isFoundationBuild(dialect, dialect, current));
}

/**
 * Applies the steps not yet recorded in schema_migrations, in order, inside the caller's transaction. `timeZone` is the
 * city's, for the city day of the sales a foundation-build database holds.
 */
export async function applyMigrations(dialect: SqlDialect, db: SqlRunner, now: () => Date, timeZone: string): Promise<void> {
  await db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
  const current = await appliedVersion(db);
  if (await isFoundationBuild(dialect, db, current)) {
    await db.exec(renderMigration(FOUNDATION_TO_INITIAL, dialect.name));
    for (const sale of await db.all("SELECT id, occurred_at FROM transactions WHERE business_date = ''")) {
      await db.run('UPDATE transactions SET business_date = ? WHERE id = ?', [businessDate(str(sale.occurred_at), timeZone), sale.id]);
    }
  }
  for (const step of MIGRATIONS) {
    if (step.version <= current) continue;
    await db.exec(renderMigration(step, dialect.name));
    await db.run('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)', [step.version, now().toISOString()]);
  }
}
