import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp, type CentralApi } from './app';
import { holdServerLock, isSqliteStore, scheduleBackups } from './backup';
import { newSecretToken } from './auth';
import type { ServerEnv } from './config';
import { seedDemoCatalogue } from './seed';
import { SqliteStore } from './store/sqlite';
import { createValidationPool } from './validation-pool';
import type { CentralStore } from './store/store';

export interface RunningServer {
  app: CentralApi;
  store: CentralStore;
  url: string;
  dataDir: string;
  adminToken: string;
  seeded: boolean;
  /** Graceful: in-flight batches finish, new requests get 503 with Retry-After, then the store closes. */
  close(): Promise<void>;
}

/** The admin credential: from the environment, or made once and kept in the data folder. */
function adminTokenFor(env: ServerEnv, dataDir: string): string {
  if (env.ADMIN_TOKEN) return env.ADMIN_TOKEN;
  const file = join(dataDir, 'admin-token');
  if (existsSync(file)) {
    chmodSync(file, 0o600);
    return readFileSync(file, 'utf8').trim();
  }
  const token = newSecretToken();
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return token;
}

/** DATA_DIR holds the database and the admin credential: only this user may enter it (0700), even if it existed. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

export async function openStore(env: Pick<ServerEnv, 'DATABASE_URL' | 'DATABASE_SCHEMA'> & { TIME_ZONE?: string }, dataDir: string): Promise<CentralStore> {
  const timeZone = env.TIME_ZONE ? { timeZone: env.TIME_ZONE } : {};
  if (env.DATABASE_URL) {
    const { PostgresStore } = await import('./store/postgres');
    return new PostgresStore({ connectionString: env.DATABASE_URL, ...(env.DATABASE_SCHEMA ? { schema: env.DATABASE_SCHEMA } : {}), ...timeZone });
  }
  return new SqliteStore({ file: join(dataDir, 'central.sqlite'), ...timeZone });
}

export async function startServer(env: ServerEnv, options: { seedDemo?: boolean } = {}): Promise<RunningServer> {
  const dataDir = resolve(env.DATA_DIR);
  ensurePrivateDir(dataDir);
  const store = await openStore(env, dataDir);
  await store.migrate();
  const seeded = options.seedDemo ?? env.SEED_DEMO ? await seedDemoCatalogue(store) : false;
  const adminToken = adminTokenFor(env, dataDir);
  const validator = createValidationPool();
  const app = await buildApp({
    validator,
    store,
    adminToken,
    timeZone: env.TIME_ZONE,
    deviceRateLimit: { max: env.RATE_LIMIT_PER_MINUTE, timeWindow: 60_000 },
    open311RateLimit: { max: env.OPEN311_RATE_LIMIT_PER_MINUTE, timeWindow: 60_000 },
    open311Coarsen: env.OPEN311_COARSEN,
    corsOrigins: env.CORS_ORIGINS,
    ...(env.MIN_KIOSK_VERSION ? { minKioskVersion: env.MIN_KIOSK_VERSION } : {}),
    trustProxy: env.TRUST_PROXY,
    ...(env.METRICS_TOKEN ? { metricsToken: env.METRICS_TOKEN } : {}),
    logger: env.LOG_LEVEL === 'silent' ? false : { level: env.LOG_LEVEL },
    // The office console's built page (npm run build), at /office/.
    office: { staticDir: fileURLToPath(new URL('../out/office', import.meta.url)) },
  });
  // Listen only once pushes can be validated at once: a worker loads its code while the app is built, and the vans that
  // reconnect first after a restart would otherwise wait behind that loading.
  try {
    await validator.ready();
  } catch (error) {
    await app.close();
    await validator.close();
    await store.close();
    throw error;
  }
  await app.listen({ port: env.PORT, host: env.HOST });
  // The embedded store: mark the folder in use (a restore refuses it) and back it up on a schedule when asked to.
  const releaseLock = isSqliteStore(store) ? holdServerLock(dataDir) : () => {};
  const stopBackups =
    isSqliteStore(store) && env.BACKUP_DIR
      ? scheduleBackups(store, {
          dir: resolve(env.BACKUP_DIR),
          everyMinutes: env.BACKUP_EVERY,
          keep: env.BACKUP_KEEP,
          onBackup: (r) => app.log.info({ file: r.file, events: r.events }, 'backup verified'),
          onError: (error) => app.log.error({ err: error }, 'backup failed'),
        })
      : () => {};
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  return {
    app,
    store,
    url: `http://${env.HOST}:${port}`,
    dataDir,
    adminToken,
    seeded,
    async close() {
      stopBackups();
      await app.drain();
      await validator.close();
      await store.close();
      releaseLock();
    },
  };
}
