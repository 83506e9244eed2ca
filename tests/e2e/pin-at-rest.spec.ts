import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, test } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/chromium';
import { makeStack } from './harness';
import { makeResidentStack, staffOpensStop } from './resident-harness';
import { CLERK, signIn, waitForCatalogue, nameSelect, pinInput } from './staff-helpers';

/** Every file under a folder, recursively, with the encodings a browser might keep a string in. */
function filesContaining(dir: string, text: string): string[] {
  const needles = [Buffer.from(text, 'utf8'), Buffer.from(text, 'utf16le')];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((file) => {
      const bytes = readFileSync(file);
      return needles.some((needle) => bytes.includes(needle));
    });
}

test('a 311 request filed at the touchscreen leaves no trace of the resident’s name in the browser profile on disk; a clear marker written the same way is found', async () => {
  const NAME = { first: 'Xanthippe', last: 'Quorlbury-Vantongeren' };
  const MARKER = 'clear-control-marker-7Q4ZK';
  const stack = await makeResidentStack({ residentIdleMs: 600_000, residentWarningMs: 10_000 });
  const profile = mkdtempSync(join(tmpdir(), 'chtg-profile-'));
  try {
    const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, viewport: { width: 1280, height: 860 } });
    try {
      await staffOpensStop(context, stack);
      const resident = await context.newPage();
      await resident.goto(stack.residentUrl);
      await resident.getByRole('button', { name: 'English' }).click();
      await resident.getByRole('button', { name: /Report a problem \(311\)/ }).click();
      await resident.getByLabel('Pothole repair').check();
      await resident.getByLabel('Describe the problem').fill('A deep pothole by the library gate');
      await resident.getByLabel(/^Given name/).fill(NAME.first);
      await resident.getByLabel(/^Family name/).fill(NAME.last);
      await resident.getByRole('button', { name: 'Send' }).click();
      await expect(resident.getByRole('heading', { level: 1 })).toHaveText('Your report was recorded');
      // The control: a non-personal string written in clear into the same database, the same way the kiosk writes.
      await resident.evaluate(
        (marker) =>
          new Promise<void>((resolve, reject) => {
            const open = indexedDB.open('city-hall-to-go');
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const tx = open.result.transaction('syncLog', 'readwrite');
              tx.objectStore('syncLog').add({ startedAt: '2026-11-27T15:00:00.000Z', durationMs: 1, outcome: 'ok', pushed: 0, rejected: 0, message: marker });
              tx.oncomplete = () => resolve();
              tx.onerror = () => reject(tx.error);
            };
          }),
        MARKER,
      );
      // The request is in the kiosk’s storage (so an absent name means a sealed one, not a missing record).
      const stored = await resident.evaluate(
        () =>
          new Promise<number>((resolve, reject) => {
            const open = indexedDB.open('city-hall-to-go');
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const count = open.result.transaction('serviceRequests').objectStore('serviceRequests').count();
              count.onsuccess = () => resolve(count.result);
            };
          }),
      );
      expect(stored).toBe(1);
    } finally {
      await context.close();
    }
    expect(filesContaining(profile, MARKER).length).toBeGreaterThan(0);
    expect(filesContaining(profile, NAME.first)).toEqual([]);
    expect(filesContaining(profile, NAME.last)).toEqual([]);
  } finally {
    await stack.close();
    rmSync(profile, { recursive: true, force: true });
  }
});

test('the staff list the kiosk keeps holds no PIN hash in the clear, and a clerk still signs in with the API down', async ({ page }) => {
  const stack = await makeStack();
  try {
    await stack.startApi();
    const served = (await (await fetch(`${stack.apiUrl}/v1/catalogue`, { headers: { authorization: `Bearer ${stack.credentials!.token}` } })).json()) as { staff: { pin: { hash: string } }[] };
    await page.goto(stack.kioskUrl);
    await waitForCatalogue(page);
    await stack.stopApi();

    // What a copy of the browser's IndexedDB would hold.
    const atRest = await page.evaluate(
      () =>
        new Promise<string>((resolve, reject) => {
          const open = indexedDB.open('city-hall-to-go');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const get = open.result.transaction('catalogue').objectStore('catalogue').get('current');
            get.onsuccess = () => resolve(JSON.stringify(get.result));
            get.onerror = () => reject(get.error);
          };
        }),
    );
    const stored = JSON.parse(atRest) as { catalogue: { staff: { pin: { hash: string } }[] } };
    expect(stored.catalogue.staff.length).toBe(served.staff.length);
    for (const person of stored.catalogue.staff) expect(person.pin.hash).toMatch(/^sealed:v1:/);
    for (const person of served.staff) expect(atRest).not.toContain(person.pin.hash);

    await signIn(page, CLERK);
  } finally {
    await stack.close();
  }
});

test('a staff list stored before wrapping (an upgraded kiosk) is not trusted: the kiosk says so, fetches it again, then sign-in works', async ({ page }) => {
  const stack = await makeStack();
  try {
    await stack.startApi();
    const served = (await (await fetch(`${stack.apiUrl}/v1/catalogue`, { headers: { authorization: `Bearer ${stack.credentials!.token}` } })).json()) as { staff: unknown[] };
    await page.goto(stack.kioskUrl);
    await waitForCatalogue(page);
    await stack.stopApi();
    // The record as an older kiosk stored it: the served staff list, hashes in the clear, with its ETag.
    await page.evaluate(
      (staff) =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('city-hall-to-go');
          open.onsuccess = () => {
            const store = open.result.transaction('catalogue', 'readwrite').objectStore('catalogue');
            const get = store.get('current');
            get.onsuccess = () => {
              const put = store.put({ ...get.result, catalogue: { ...get.result.catalogue, staff } });
              put.onsuccess = () => resolve();
              put.onerror = () => reject(put.error);
            };
          };
        }),
      served.staff,
    );
    await page.reload();
    await waitForCatalogue(page);
    await nameSelect(page).selectOption({ label: `${CLERK.name} (${CLERK.role})` });
    await pinInput(page).fill(CLERK.pin);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByText('This kiosk must fetch its staff list again. Connect to the central office, then sign in.')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Sign out', exact: true })).toBeHidden();

    await stack.startApi();
    await page.getByRole('button', { name: 'Sync now', exact: true }).click();
    await expect(async () => {
      await nameSelect(page).selectOption({ label: `${CLERK.name} (${CLERK.role})` });
      await pinInput(page).fill(CLERK.pin);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await expect(page.getByRole('button', { name: 'Sign out', exact: true })).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 15_000 });
  } finally {
    await stack.close();
  }
});
