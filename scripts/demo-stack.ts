import { kioskConfigSchema, type DeviceCredentials, type KioskConfig } from '../shared';
import { readServerEnv } from '../server/config';
import { ensureDemoDevice } from '../server/seed';
import { startServer, type RunningServer } from '../server/server';
import { DEMO_STAFF } from '../server/catalogue-seed';

export interface DemoStack {
  server: RunningServer;
  config: KioskConfig;
  credentials: DeviceCredentials;
}

/** The central API on embedded SQLite with the demo data, as `npm start` and `npm run start:web` run it. */
export async function startDemoStack(env: NodeJS.ProcessEnv): Promise<DemoStack> {
  const server = await startServer(readServerEnv(env), { seedDemo: true });
  const credentials = await ensureDemoDevice(server.store, server.dataDir);
  const config: KioskConfig = kioskConfigSchema.parse({
    apiUrl: server.url,
    cityName: 'City of Boston',
    vanName: 'City Hall To Go — Van 1',
    syncRetryBaseMs: 1000,
    syncRetryMaxMs: 30_000,
  });
  console.log(`Central API: ${server.url} (${server.store.kind}, data in ${server.dataDir})`);
  console.log(`Admin credential (admin calls and central reads): ${server.adminToken}`);
  if (server.seeded) {
    console.log(`Demo catalogue published. Demo staff PINs: ${DEMO_STAFF.map((s) => `${s.name} (${s.role}) ${s.pin}`).join(', ')}`);
  }
  return { server, config, credentials };
}
