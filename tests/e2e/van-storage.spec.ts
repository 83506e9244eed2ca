import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { ADMIN_TOKEN, makeStack } from './harness';
import { CLERK, field, openStop, recordService, signIn, SUPERVISOR } from './staff-helpers';

const PASSPHRASE = 'orange cones on Adams St';

const parking = (page: Page, ticket: string, dollars: string) =>
  recordService(page, { category: 'Payments', service: 'Pay parking ticket', fill: { 'Ticket number': ticket, 'Amount due (in dollars)': dollars }, payment: { method: 'Cash', tendered: dollars } });

async function centralTransactions(apiUrl: string) {
  const response = await fetch(`${apiUrl}/v1/transactions?limit=100`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  return (await response.json()) as { total: number; items: { amountCents: number }[] };
}

test('a van that cannot sync: the supervisor saves its unsent records to a locked file, the office imports it, and the later sync doubles nothing', async ({ page, context }) => {
  const stack = await makeStack();
  try {
    await stack.startApi();
    await page.goto(stack.kioskUrl);
    await signIn(page, CLERK);
    await openStop(page);
    await stack.stopApi();
    await parking(page, 'CARRY001', '12');
    await parking(page, 'CARRY002', '30');

    const supervisor = await context.newPage();
    await supervisor.goto(`${stack.kioskUrl}#/supervisor`);
    await signIn(supervisor, SUPERVISOR);
    await supervisor.getByRole('tab', { name: 'Sync', exact: true }).click();
    await expect(supervisor.getByTestId('storage-use')).toContainText('used of');
    await expect(supervisor.getByTestId('storage-persisted')).toBeVisible();
    // Retention: how long personal details stay (the default 7 days); nothing old enough has been removed yet.
    await expect(supervisor.getByTestId('retention')).toHaveText(
      'Personal details are removed 7 days after a day is closed, once the office has them and a backup holds them; no removal yet.',
    );
    const passphrase = supervisor.getByLabel(/^Passphrase \(at least/);
    await passphrase.fill('short');
    await supervisor.getByRole('button', { name: 'Save unsent records to a file', exact: true }).click();
    await expect(supervisor.getByTestId('carry-message')).toHaveText('Choose a passphrase of at least 12 characters.');
    await passphrase.fill(PASSPHRASE);
    await field(supervisor, 'The same passphrase again').fill(`${PASSPHRASE}!`);
    await supervisor.getByRole('button', { name: 'Save unsent records to a file', exact: true }).click();
    await expect(supervisor.getByTestId('carry-message')).toHaveText('The two passphrases differ.');
    await field(supervisor, 'The same passphrase again').fill(PASSPHRASE);
    const [download] = await Promise.all([supervisor.waitForEvent('download'), supervisor.getByRole('button', { name: 'Save unsent records to a file', exact: true }).click()]);
    await expect(supervisor.getByTestId('carry-message')).toContainText('unsent records to a file');
    await supervisor.screenshot({ path: 'tests/e2e/screenshots/supervisor-storage.png', fullPage: true });
    const file = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { count: number; ciphertext: string };
    expect(readFileSync((await download.path())!, 'utf8')).not.toContain('CARRY001');

    // At the office: the file is imported with its passphrase; importing it again stores nothing more. The van is still
    // away from any network meanwhile: the API it could reach would otherwise take its sync before the import.
    await context.setOffline(true);
    const api = await stack.startApi();
    const imported = await fetch(`${api.url}/v1/admin/record-imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ file, passphrase: PASSPHRASE }),
    });
    expect(imported.status).toBe(200);
    expect(await imported.json()).toMatchObject({ events: file.count, accepted: file.count, duplicate: 0, rejected: 0 });
    expect((await centralTransactions(api.url)).total).toBe(2);

    // The van comes back online: its own sync is answered duplicate and the office still has each transaction once.
    await context.setOffline(false);
    await page.bringToFront();
    await page.getByRole('button', { name: 'Sync now', exact: true }).click();
    await expect(page.getByTestId('sync-state')).toHaveText('Up to date', { timeout: 20_000 });
    const central = await centralTransactions(api.url);
    expect(central.total).toBe(2);
    expect(central.items.reduce((sum, t) => sum + t.amountCents, 0)).toBe(4200);
  } finally {
    await stack.close();
  }
});

test('a transaction the full disk could not store is reported to the clerk as not saved, and nothing already stored is lost', async ({ page }) => {
  const stack = await makeStack();
  try {
    // The disk fills up when the test says so: IndexedDB then refuses new records as a full disk does.
    await page.addInitScript(() => {
      const add = IDBObjectStore.prototype.add;
      IDBObjectStore.prototype.add = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['add']>) {
        if ((window as unknown as { __diskFull?: boolean }).__diskFull && this.name === 'events') throw new DOMException('The disk is full', 'QuotaExceededError');
        return add.apply(this, args);
      };
    });
    await stack.startApi();
    await page.goto(stack.kioskUrl);
    await signIn(page, CLERK);
    await openStop(page);
    await parking(page, 'FULL0001', '5');
    await page.evaluate(() => ((window as unknown as { __diskFull: boolean }).__diskFull = true));
    await page.getByRole('button', { name: 'Next transaction', exact: true }).click();
    await page.getByRole('group', { name: 'Service category', exact: true }).getByRole('button', { name: 'Payments', exact: true }).click();
    await page.getByRole('group', { name: 'Service', exact: true }).getByRole('button', { name: 'Pay parking ticket', exact: true }).click();
    await field(page, 'Ticket number').fill('FULL0002');
    await field(page, 'Amount due (in dollars)').fill('7');
    await page.getByRole('radio', { name: 'Cash', exact: true }).check();
    await field(page, 'Cash tendered ($)').fill('7');
    await page.getByRole('button', { name: 'Record payment', exact: true }).click();
    await expect(page.getByRole('alert')).toContainText("Not recorded: this van's storage is full, so nothing was saved.");
    await expect(page.getByTestId('confirmation')).toHaveCount(0);
    await page.screenshot({ path: 'tests/e2e/screenshots/staff-disk-full.png', fullPage: true });
    await expect(page.getByTestId('history').locator('tbody tr')).toHaveCount(1);
    // Room again: the same form records, and the first transaction is still there.
    await page.evaluate(() => ((window as unknown as { __diskFull: boolean }).__diskFull = false));
    await page.getByRole('button', { name: 'Record payment', exact: true }).click();
    await expect(page.getByTestId('confirmation')).toContainText('$7.00');
    await expect(page.getByTestId('history').locator('tbody tr')).toHaveCount(2);
  } finally {
    await stack.close();
  }
});

test('a kiosk whose database will not open says so, starts nothing empty, deletes nothing, and saves what can be read', async ({ context }) => {
  const stack = await makeStack();
  try {
    await stack.startApi();
    const first = await context.newPage();
    await first.goto(stack.kioskUrl);
    await signIn(first, CLERK);
    await openStop(first);
    await stack.stopApi();
    await parking(first, 'BROKE001', '9');
    await first.close();

    // The backing store now fails to open for the app, as a damaged one does (the raw copy can still be read).
    const broken = await context.newPage();
    await broken.addInitScript(() => {
      const open = IDBFactory.prototype.open;
      IDBFactory.prototype.open = function (this: IDBFactory, name: string, version?: number) {
        if (name === 'city-hall-to-go' && version !== undefined) {
          const failing = open.call(this, '__broken__', 1);
          Object.defineProperty(failing, 'error', { get: () => new DOMException('Internal error opening backing store for indexedDB.open.', 'UnknownError') });
          failing.addEventListener('success', (event) => {
            event.stopImmediatePropagation();
            failing.result.close();
            failing.dispatchEvent(new Event('error'));
          }, { once: true });
          return failing;
        }
        return version === undefined ? open.call(this, name) : open.call(this, name, version);
      };
    });
    await broken.goto(stack.kioskUrl);
    await expect(broken.getByRole('heading', { name: 'The records on this van could not be opened', exact: true })).toBeVisible();
    await expect(broken.getByTestId('recovery-reason')).toContainText('backing store');
    await expect(broken.getByRole('button', { name: 'Sign in', exact: true })).toHaveCount(0);
    await broken.getByLabel(/^Passphrase for the file/).fill(PASSPHRASE);
    const [download] = await Promise.all([broken.waitForEvent('download'), broken.getByRole('button', { name: 'Save readable records to a file', exact: true }).click()]);
    await expect(broken.getByTestId('recovery-message')).toContainText('to a file for the office');
    await broken.screenshot({ path: 'tests/e2e/screenshots/storage-recovery.png', fullPage: true });
    const file = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { count: number };
    const api = await stack.startApi();
    const imported = await fetch(`${api.url}/v1/admin/record-imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ file, passphrase: PASSPHRASE }),
    });
    expect(imported.status).toBe(200);
    expect((await centralTransactions(api.url)).items.map((t) => t.amountCents)).toEqual([900]);
    await broken.close();

    // Nothing was deleted: once the store opens again, the kiosk has its records as they were.
    const healed = await context.newPage();
    await healed.goto(stack.kioskUrl);
    await signIn(healed, CLERK);
    await expect(healed.getByTestId('history').locator('tbody tr')).toHaveCount(1);
  } finally {
    await stack.close();
  }
});
