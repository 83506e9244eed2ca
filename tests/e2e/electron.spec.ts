import { _electron as electron, expect, test } from '@playwright/test';
import { locateElectronBinary } from '../../scripts/electron-binary';
import { makeStack } from './harness';

const binary = locateElectronBinary();
const SKIP_REASON =
  'skipped: the Electron binary is not installed on this machine and cannot be downloaded here; the same renderer is tested in Chromium by the other end-to-end tests';

test.describe('the Electron app', () => {
  test.skip(!binary, SKIP_REASON);

  test(`opens the kiosk window with the preload bridge${binary ? '' : ` (${SKIP_REASON})`}`, async () => {
    const stack = await makeStack();
    const app = await electron.launch({
      executablePath: binary!,
      args: ['.'],
      env: {
        ...process.env,
        CHTG_KIOSK_CONFIG: JSON.stringify({ apiUrl: stack.apiUrl, cityName: 'City of Boston', vanName: 'Van E2E' }),
        CHTG_DEVICE_CREDENTIALS: JSON.stringify(stack.credentials),
        // A CI container has no keyring; this run accepts safeStorage's basic_text backend explicitly.
        CHTG_ACCEPT_BASIC_TEXT_STORAGE: '1',
      },
    });
    try {
      const page = await app.firstWindow();
      expect(await page.evaluate(() => (globalThis as { kioskHost?: { kind: string } }).kioskHost?.kind)).toBe('electron');
      expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
      await expect(page.getByTestId('sync-state')).toHaveText('Up to date');
      expect(page.url()).toMatch(/^app:\/\/kiosk\/index\.html#\/staff$/);
      // The bridge tells the page who it is, never its token.
      const device = await page.evaluate(() => (globalThis as unknown as { kioskHost: { getCredentials(): Promise<unknown> } }).kioskHost.getCredentials());
      expect(JSON.stringify(device)).not.toContain(stack.credentials!.token);
      expect(device).toMatchObject({ deviceId: stack.credentials!.deviceId });
    } finally {
      await app.close();
      await stack.close();
    }
  });
});
