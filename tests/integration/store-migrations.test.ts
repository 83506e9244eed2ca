import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, renderMigration } from '../../server/store/migrations';
import { FOUNDATION_SCHEMA } from '../../server/store/migrations/001a-foundation-to-initial';
import type { CentralStore } from '../../server/store/store';
import { transactionEvent } from '../helpers/events';

/**
 * A database of the repository's first commit (28f619f): its schema, as the step that upgrades it keeps it, recorded as
 * version 1, with a sale and a refused record.
 */
const FOUNDATION_DATABASE = `${FOUNDATION_SCHEMA}
  CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL);
  INSERT INTO schema_migrations VALUES (1, '2026-11-27T04:23:12.000Z');
  INSERT INTO devices (id, van_name, token_hash, created_at, contiguous_seq) VALUES ('dev-1', 'Van 1', 'hash-1', '2026-11-27T04:30:00.000Z', 2);
  INSERT INTO events VALUES ('ev-1', 'dev-1', 1, 'TransactionRecorded', '2026-11-02T03:30:00.000Z', '2026-11-02T03:31:00.000Z', 1, '{"transactionId":"tx-1"}');
  INSERT INTO rejected_events VALUES ('dev-1', 2, 'ev-2', 'invalid_payload', 'payload.reference: looks like a card number',
    '{"payload":{"reference":"4111 1111 1111 1111"}}', '2026-11-02T03:31:00.000Z');
  INSERT INTO transactions VALUES ('tx-1', 'ev-1', 'dev-1', 'PARKING', 'Parking ticket', 'PT-1', 1, 4500, 'cash', 'R-1',
    '2026-11-02T03:30:00.000Z', '2026-11-02T03:31:00.000Z');
`;

/** Opens a foundation-build database with today's code and checks that everything was upgraded and reads back. */
async function expectUpgraded(store: CentralStore, appliedVersions: () => Promise<number[]>): Promise<void> {
  await store.migrate();
  await store.migrate(); // a second start finds nothing to do
  expect(await appliedVersions()).toEqual(MIGRATIONS.map((_, i) => i + 1));
  expect((await store.listDevices()).map((d) => [d.id, d.vanName])).toEqual([['dev-1', 'Van 1']]);
  const { total, items } = await store.queryTransactions({ limit: 10, offset: 0 });
  expect(total).toBe(1);
  // 03:30 UTC on 2 November is 22:30 on 1 November in New York: the city day, not the UTC one.
  expect(items[0]).toMatchObject({ id: 'tx-1', vanName: 'Van 1', amountCents: 4500, businessDate: '2026-11-01', status: 'recorded', stopId: null });
  expect((await store.queryTransactions({ dateFrom: '2026-11-01', dateTo: '2026-11-01', limit: 10, offset: 0 })).total).toBe(1);
  const rejected = await store.listRejected('dev-1');
  expect(rejected.map((r) => [r.seq, r.code])).toEqual([[2, 'invalid_payload']]);
  expect(JSON.stringify(rejected)).not.toMatch(/4111/);
  expect(await store.countEvents()).toBe(1);
  // The upgraded store takes new records where the van left off.
  const outcome = await store.pushEvents('dev-1', [{ ok: true, event: transactionEvent('dev-1', 3) }], { timeZone: 'America/New_York', serviceNames: new Map() });
  expect(outcome).toMatchObject({ results: [{ seq: 3, status: 'accepted' }], highestContiguousSeq: 3 });
  expect((await store.queryTransactions({ limit: 10, offset: 0 })).total).toBe(2);
}

describe('a database made by the first version upgrades to the current schema', () => {
  it('on SQLite', async () => {
    const { default: Database } = await import('better-sqlite3');
    const { SqliteStore } = await import('../../server/store/sqlite');
    const dir = mkdtempSync(join(tmpdir(), 'chtg-foundation-'));
    const file = join(dir, 'central.sqlite');
    const old = new Database(file);
    old.exec(FOUNDATION_DATABASE);
    old.close();
    const store = new SqliteStore({ file, checkpointIntervalMs: 0, timeZone: 'America/New_York' });
    const probe = () => {
      const db = new Database(file, { readonly: true });
      try {
        return Promise.resolve((db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[]).map((r) => r.version));
      } finally {
        db.close();
      }
    };
    try {
      await expectUpgraded(store, probe);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)('on PostgreSQL, the same script rendered for it (skipped without TEST_DATABASE_URL)', async () => {
    const url = process.env.TEST_DATABASE_URL!;
    const { Client } = await import('pg');
    const { PostgresStore, dropSchema } = await import('../../server/store/postgres');
    const schema = `t_foundation_${process.pid}_${Date.now()}`;
    const client = new Client({ connectionString: url });
    await client.connect();
    const store = new PostgresStore({ connectionString: url, schema, timeZone: 'America/New_York' });
    try {
      await client.query(`CREATE SCHEMA ${schema}`);
      await client.query(`SET search_path TO ${schema}`);
      await client.query(renderMigration({ sql: FOUNDATION_DATABASE }, 'postgres'));
      await expectUpgraded(store, async () => (await client.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')).rows.map((r) => r.version));
    } finally {
      await store.close();
      await client.end();
      await dropSchema(url, schema);
    }
  });
});

describe('an up-to-date store opened beside a running API', () => {
  it('does not queue for the writer’s lock: a backup or the admin command opens it while a push holds the lock', async () => {
    const { default: Database } = await import('better-sqlite3');
    const { SqliteStore } = await import('../../server/store/sqlite');
    const dir = mkdtempSync(join(tmpdir(), 'chtg-migrate-busy-'));
    const file = join(dir, 'central.sqlite');
    try {
      const api = new SqliteStore({ file, checkpointIntervalMs: 0 });
      await api.migrate();
      // Another connection holds the write lock, as the API does while it commits a batch.
      const writer = new Database(file);
      writer.pragma('busy_timeout = 0');
      writer.exec('BEGIN IMMEDIATE');
      try {
        const beside = new SqliteStore({ file, checkpointIntervalMs: 0 });
        // Before: migrate() always began a write transaction, waited out busy_timeout and failed with SQLITE_BUSY.
        await expect(beside.migrate()).resolves.toBeUndefined();
        expect(await beside.listDevices()).toEqual([]);
        writer.exec('ROLLBACK');
        await beside.close();
      } finally {
        if (writer.inTransaction) writer.exec('ROLLBACK');
        writer.close();
        await api.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('two stores on one SQLite file in one process', () => {
  it('take turns with their transactions instead of waiting on each other until SQLITE_BUSY', async () => {
    const { SqliteStore } = await import('../../server/store/sqlite');
    const dir = mkdtempSync(join(tmpdir(), 'chtg-two-stores-'));
    const file = join(dir, 'central.sqlite');
    const a = new SqliteStore({ file, checkpointIntervalMs: 0 });
    const b = new SqliteStore({ file, checkpointIntervalMs: 0 });
    try {
      await a.migrate();
      await b.migrate();
      // Before: a's BEGIN IMMEDIATE was open across a microtask when b's began; b's busy wait blocked the thread a needed.
      await Promise.all([
        a.createDevice({ id: 'dev-a', vanName: 'Van A', tokenHash: 'a'.repeat(64) }),
        b.createDevice({ id: 'dev-b', vanName: 'Van B', tokenHash: 'b'.repeat(64) }),
        a.createDevice({ id: 'dev-c', vanName: 'Van C', tokenHash: 'c'.repeat(64) }),
      ]);
      expect((await b.listDevices()).map((d) => d.id).sort()).toEqual(['dev-a', 'dev-b', 'dev-c']);
    } finally {
      await a.close();
      await b.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
