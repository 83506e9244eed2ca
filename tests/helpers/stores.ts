import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CentralStore } from '../../server/store/store';
import { SqliteStore } from '../../server/store/sqlite';

export interface StoreFactory {
  name: 'sqlite' | 'postgres';
  /** Why this store's suite is skipped here, or null when it runs. */
  skipReason: string | null;
  /** A fresh, migrated, empty store and a function that throws it away. */
  create(): Promise<{ store: CentralStore; dispose: () => Promise<void> }>;
}

const pgUrl = process.env.TEST_DATABASE_URL;

export const sqliteFactory: StoreFactory = {
  name: 'sqlite',
  skipReason: null,
  async create() {
    const dir = mkdtempSync(join(tmpdir(), 'chtg-store-'));
    const store = new SqliteStore({ file: join(dir, 'central.sqlite'), checkpointIntervalMs: 0 });
    await store.migrate();
    return {
      store,
      dispose: async () => {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

let schemaCounter = 0;

export const postgresFactory: StoreFactory = {
  name: 'postgres',
  skipReason: pgUrl ? null : 'TEST_DATABASE_URL is not set, so there is no PostgreSQL to test against (.ci/run sets it)',
  async create() {
    if (!pgUrl) throw new Error('TEST_DATABASE_URL is not set');
    const { PostgresStore, dropSchema } = await import('../../server/store/postgres');
    // Each store gets its own schema in the test database, so tests never see each other's rows.
    const schema = `t_${process.pid}_${Date.now()}_${++schemaCounter}`;
    const store = new PostgresStore({ connectionString: pgUrl, schema });
    await store.migrate();
    return {
      store,
      dispose: async () => {
        await store.close();
        await dropSchema(pgUrl, schema);
      },
    };
  },
};

export const storeFactories: StoreFactory[] = [sqliteFactory, postgresFactory];
