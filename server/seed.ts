import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deviceCredentialsSchema, type DeviceCredentials } from '../shared';
import { hashToken, newSecretToken } from './auth';
import type { CentralStore } from './store/store';

export const DEMO_VAN_NAME = 'Van 1 (demo)';

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
