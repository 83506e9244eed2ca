import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kioskConfigSchema, type DeviceCredentials, type KioskConfig, type PlannedStop } from '../../shared';
import { readServerEnv } from '../../server/config';
import { ensureDemoDevice, seedDemoCatalogue } from '../../server/seed';
import { startServer, type RunningServer } from '../../server/server';
import { SqliteStore } from '../../server/store/sqlite';
import { startKioskWebServer } from '../../scripts/kiosk-web-server';

export const ADMIN_TOKEN = 'e2e-admin-token-0123456789';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * One kiosk and its central API, each test with its own data folder. The API is not running until `startApi()`,
 * so a test can begin offline.
 */
export async function makeStack(options: { syncRetryMaxMs?: number; enrolled?: boolean; schedule?: PlannedStop[] } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'chtg-e2e-'));
  const apiPort = await freePort();
  const seedStore = new SqliteStore({ file: join(dataDir, 'central.sqlite'), checkpointIntervalMs: 0 });
  await seedStore.migrate();
  await seedDemoCatalogue(seedStore, new Date(), { schedule: options.schedule });
  const credentials: DeviceCredentials | null = options.enrolled === false ? null : await ensureDemoDevice(seedStore, dataDir);
  await seedStore.close();
  const config: KioskConfig = kioskConfigSchema.parse({
    apiUrl: `http://127.0.0.1:${apiPort}`,
    cityName: 'City of Boston',
    vanName: 'Van E2E',
    syncRetryBaseMs: 200,
    syncRetryMaxMs: options.syncRetryMaxMs ?? 1000,
  });
  const web = await startKioskWebServer({ config, credentials });
  let api: RunningServer | null = null;
  return {
    kioskUrl: web.url,
    apiUrl: config.apiUrl,
    credentials,
    /** Admin calls against the running API. */
    async admin(method: 'GET' | 'POST', path: string, body?: unknown) {
      const response = await fetch(`${config.apiUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
    async startApi() {
      api = await startServer(readServerEnv({ PORT: String(apiPort), DATA_DIR: dataDir, ADMIN_TOKEN, LOG_LEVEL: 'silent' }));
      return api;
    },
    async stopApi() {
      await api?.close();
      api = null;
    },
    async close() {
      await api?.close();
      await web.app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
