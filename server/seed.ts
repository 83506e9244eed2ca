import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deviceCredentialsSchema, type CatalogueBody, type DeviceCredentials } from '../shared';
import { hashToken, newSecretToken } from './auth';
import { demoCatalogue, demoSchedule, DEMO_STAFF } from './catalogue-seed';
import { hashPin } from './pins';
import type { CentralStore } from './store/store';

export const DEMO_VAN_NAME = 'Van 1 (demo)';

/** Publishes the demo catalogue and staff when the store has no catalogue yet. Returns true when it seeded. */
export async function seedDemoCatalogue(store: CentralStore, now = new Date(), options: { schedule?: CatalogueBody['schedule'] } = {}): Promise<boolean> {
  if (await store.latestCatalogue()) return false;
  if ((await store.listStaff()).length === 0) {
    for (const s of DEMO_STAFF) {
      await store.upsertStaff({ id: s.id, name: s.name, role: s.role, active: true, pin: await hashPin(s.pin) });
      // The demo staff work on the demo van: its kiosk (npm start, start:web, the e2e tests) receives their PIN hashes.
      await store.setStaffVans(s.id, [DEMO_VAN_NAME]);
    }
  }
  await store.publishCatalogue({ ...demoCatalogue, schedule: options.schedule ?? demoSchedule(now) }, now.toISOString());
  return true;
}

/**
 * The demo device the kiosk runs as after `npm start`. Its credentials are kept in the data folder so that a restart
 * keeps the same device and its pending events.
 */
export async function ensureDemoDevice(store: CentralStore, dataDir: string): Promise<DeviceCredentials> {
  const file = join(dataDir, 'demo-device.json');
  if (existsSync(file)) {
    const saved = deviceCredentialsSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (saved.success && (await store.findDeviceByTokenHash(hashToken(saved.data.token)))) return saved.data;
  }
  const credentials: DeviceCredentials = { deviceId: `dev-${crypto.randomUUID()}`, token: newSecretToken() };
  await store.createDevice({ id: credentials.deviceId, vanName: DEMO_VAN_NAME, tokenHash: hashToken(credentials.token) });
  writeFileSync(file, JSON.stringify(credentials), { mode: 0o600 });
  return credentials;
}
