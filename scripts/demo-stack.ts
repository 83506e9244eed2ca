import type { DeviceCredentials, KioskConfig } from '../shared';
import { readServerEnv } from '../server/config';
import { ensureDemoDevice } from '../server/seed';
import { startServer, type RunningServer } from '../server/server';

export interface DemoStack {
  server: RunningServer;
  config: KioskConfig;
  credentials: DeviceCredentials;
}

/** The central API on embedded SQLite with the demo data, as `npm start` and `npm run start:web` run it. */
export async function startDemoStack(env: NodeJS.ProcessEnv): Promise<DemoStack> {
  const server = await startServer(readServerEnv(env));
  const credentials = await ensureDemoDevice(server.store, server.dataDir);
  const config: KioskConfig = {
    apiUrl: server.url,
    cityName: 'City of Boston',
    vanName: 'City Hall To Go — Van 1',
    syncRetryBaseMs: 1000,
    syncRetryMaxMs: 30_000,
  };
  console.log(`Central API: ${server.url} (${server.store.kind}, data in ${server.dataDir})`);
  console.log(`Admin credential (for GET /v1/transactions): ${server.adminToken}`);
  return { server, config, credentials };
}
