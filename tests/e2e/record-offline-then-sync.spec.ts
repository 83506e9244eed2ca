import { expect, test } from '@playwright/test';
import { ADMIN_TOKEN, makeStack } from './harness';
import { CLERK, openStop, recordService, signIn, waitForCatalogue, field } from './staff-helpers';

test('a parking ticket paid while the API is down is confirmed, stays pending, and reaches the central office once it is back', async ({ page }) => {
  const stack = await makeStack();
  try {
    // The van synced its catalogue and staff list at the depot this morning; then the network went away.
    await stack.startApi();
    await page.goto(stack.kioskUrl);
    await waitForCatalogue(page);
    await stack.stopApi();
    await expect(page.getByTestId('sync-chip')).toHaveText('Offline', { timeout: 15_000 });

    await signIn(page, CLERK);
    await openStop(page);
    const receipt = await recordService(page, {
      category: 'Payments',
      service: 'Pay parking ticket',
      fill: { 'Ticket number': 'BOS1234567', 'Amount due (in dollars)': '45.00' },
      payment: { method: 'Cash', tendered: '50' },
    });
    expect(receipt).toMatch(/^R-VANE2E-\d{6}$/);
    await expect(page.getByTestId('confirmation')).toContainText('$45.00');
    await expect(page.getByTestId('change-given')).toHaveText('$5.00');
    await expect(page.getByTestId('sync-state')).toContainText('Offline — 1 transaction saved on this van, will send when the network returns');
    const row = page.getByTestId('history').locator('tbody tr').first();
    await expect(row.getByTestId('sent-state')).toHaveText('Not yet sent');
    const transactionId = await row.getAttribute('data-transaction-id');
    expect(transactionId).toMatch(/^[0-9a-f-]{36}$/);
    await page.screenshot({ path: 'tests/e2e/screenshots/parking-offline.png', fullPage: true });

    const api = await stack.startApi();
    await expect(page.getByTestId('sync-state')).toHaveText('Up to date', { timeout: 20_000 });
    await expect(page.getByTestId('sync-chip')).toHaveText('Up to date');
    await expect(row.getByTestId('sent-state')).toHaveText('Sent to the office');
    await page.screenshot({ path: 'tests/e2e/screenshots/parking-synced.png', fullPage: true });

    const response = await fetch(`${api.url}/v1/transactions`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    const body = (await response.json()) as { total: number; items: { id: string; amountCents: number; reference: string }[] };
    expect(body.total).toBe(1);
    expect(body.items[0]).toMatchObject({ id: transactionId, amountCents: 4500, reference: 'BOS1234567' });
  } finally {
    await stack.close();
  }
});

test('the form refuses a card number typed into the ticket field and records nothing', async ({ page }) => {
  const stack = await makeStack();
  try {
    await stack.startApi();
    await page.goto(stack.kioskUrl);
    await signIn(page, CLERK);
    await openStop(page);
    await page.getByRole('button', { name: 'New transaction Alt+T', exact: true }).click();
    await page.getByRole('group', { name: 'Service category', exact: true }).getByRole('button', { name: 'Payments', exact: true }).click();
    await page.getByRole('group', { name: 'Service', exact: true }).getByRole('button', { name: 'Pay parking ticket', exact: true }).click();
    await field(page, 'Ticket number').fill('4111 1111 1111 1111');
    await field(page, 'Amount due (in dollars)').fill('12.345');
    await page.getByRole('button', { name: 'Record payment', exact: true }).click();
    await expect(page.getByText('This looks like a card number')).toBeVisible();
    await expect(page.getByText(/two decimals|cents/)).toBeVisible();
    await expect(page.getByTestId('history')).not.toContainText('Pay parking ticket');
    await page.screenshot({ path: 'tests/e2e/screenshots/parking-errors.png', fullPage: true });
  } finally {
    await stack.close();
  }
});
