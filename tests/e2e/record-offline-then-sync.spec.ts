import { expect, test } from '@playwright/test';
import { ADMIN_TOKEN, makeStack } from './harness';

test('a parking ticket paid while the API is down is confirmed, stays pending, and reaches the central office once it is back', async ({ page }) => {
  const stack = await makeStack();
  try {
    await page.goto(stack.kioskUrl);
    await expect(page.getByTestId('connection')).toHaveText('Offline');

    await page.getByLabel('Ticket number').fill('BOS1234567');
    await page.getByLabel('Amount due ($)').fill('45.00');
    await page.getByLabel('Cash', { exact: true }).check();
    await page.getByLabel('Cash tendered ($)').fill('50');
    await expect(page.getByTestId('change-due')).toContainText('$5.00');
    await page.getByRole('button', { name: 'Record payment' }).click();

    await expect(page.getByTestId('confirmation')).toContainText('R-000001');
    await expect(page.getByTestId('confirmation')).toContainText('$45.00');
    await expect(page.getByTestId('pending-count')).toContainText('1');
    const row = page.getByTestId('recent-transactions').locator('li').first();
    await expect(row).toContainText('Pending');
    const transactionId = await row.getAttribute('data-transaction-id');
    expect(transactionId).toMatch(/^[0-9a-f-]{36}$/);
    await page.screenshot({ path: 'tests/e2e/screenshots/parking-offline.png', fullPage: true });

    const api = await stack.startApi();
    await expect(page.getByTestId('pending-count')).toContainText('0', { timeout: 20_000 });
    await expect(page.getByTestId('connection')).toHaveText('Online');
    await expect(row).toContainText('Synced');
    await page.screenshot({ path: 'tests/e2e/screenshots/parking-synced.png', fullPage: true });

    const response = await fetch(`${api.url}/v1/transactions`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    const body = (await response.json()) as { total: number; items: { id: string; amountCents: number; reference: string }[] };
    expect(body.total).toBe(1);
    expect(body.items).toHaveLength(1);
    expect(body.items[0]).toMatchObject({ id: transactionId, amountCents: 4500, reference: 'BOS1234567' });
  } finally {
    await stack.close();
  }
});

test('the form refuses a card number typed into the ticket field and records nothing', async ({ page }) => {
  const stack = await makeStack();
  try {
    await page.goto(stack.kioskUrl);
    await page.getByLabel('Ticket number').fill('4111 1111 1111 1111');
    await page.getByLabel('Amount due ($)').fill('12.345');
    await page.getByRole('button', { name: 'Record payment' }).click();
    await expect(page.getByText('This looks like a card number')).toBeVisible();
    await expect(page.getByText('Use at most two decimals')).toBeVisible();
    await expect(page.getByTestId('pending-count')).toContainText('0');
    await expect(page.getByText('No transactions yet.')).toBeVisible();
    await page.screenshot({ path: 'tests/e2e/screenshots/parking-errors.png', fullPage: true });
  } finally {
    await stack.close();
  }
});
