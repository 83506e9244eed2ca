import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app';
import { newSecretToken } from './auth';
import type { ServerEnv } from './config';
import { SqliteStore } from './store/sqlite';
import type { CentralStore } from './store/store';

export interface RunningServer {
  app: FastifyInstance;
  store: CentralStore;
  url: string;
  dataDir: string;
  adminToken: string;
  close(): Promise<void>;
}

/** The admin credential: from the environment, or made once and kept in the data folder. */
function adminTokenFor(env: ServerEnv, dataDir: string): string {
  if (env.ADMIN_TOKEN) return env.ADMIN_TOKEN;
  const file = join(dataDir, 'admin-token');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const token = newSecretToken();
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return token;
}

export async function openStore(env: ServerEnv, dataDir: string): Promise<CentralStore> {
  if (env.DATABASE_URL) {
    throw new Error('DATABASE_URL is set, but this build has only the SQLite store');
  }
  return new SqliteStore({ file: join(dataDir, 'central.sqlite') });
}

export async function startServer(env: ServerEnv): Promise<RunningServer> {
  const dataDir = resolve(env.DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  const store = await openStore(env, dataDir);
  await store.migrate();
  const adminToken = adminTokenFor(env, dataDir);
  const app = await buildApp({
    store,
    adminToken,
    logger: env.LOG_LEVEL === 'silent' ? false : { level: env.LOG_LEVEL },
  });
  await app.listen({ port: env.PORT, host: env.HOST });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  const url = `http://${env.HOST}:${port}`;
  return {
    app,
    store,
    url,
    dataDir,
    adminToken,
    async close() {
      await app.close();
      await store.close();
    },
  };
}
