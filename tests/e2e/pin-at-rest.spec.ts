import { expect, test } from '@playwright/test';
import { makeStack } from './harness';
import { CLERK, signIn, waitForCatalogue, nameSelect, pinInput } from './staff-helpers';

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
