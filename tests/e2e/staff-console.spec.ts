import { expect, test } from '@playwright/test';
import { ADMIN_TOKEN, makeStack } from './harness';
import { capturePrints, CLERK, openStop, printedDocuments, recordService, signIn, waitForCatalogue, nameSelect, pinInput, field } from './staff-helpers';

test('a clerk serves the queue and records, receipts, voids and finds transactions with the API down; all of it syncs later', async ({ page }) => {
  const stack = await makeStack();
  try {
    await capturePrints(page);
    await stack.startApi();
    await page.goto(stack.kioskUrl);
    await waitForCatalogue(page);
    await stack.stopApi();

    await signIn(page, CLERK);
    // A clerk cannot reach the supervisor's screens: they ask for a supervisor's PIN.
    await page.getByRole('link', { name: 'Supervisor', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Supervisor sign-in', exact: true })).toBeVisible();
    await expect(nameSelect(page).locator('option')).toHaveText(['Choose…', 'Sam Supervisor (supervisor)']);
    await page.getByRole('link', { name: 'Counter', exact: true }).click();
    await page.screenshot({ path: 'tests/e2e/screenshots/console-open-stop.png', fullPage: true });
    await openStop(page);

    // Two tickets taken at the counter; call the first.
    await page.getByRole('button', { name: 'New ticket: Birth, marriage and death records (B)', exact: true }).click();
    await expect(page.getByTestId('queue-message')).toHaveText('Ticket B001 taken for Birth, marriage and death records.');
    await page.getByRole('button', { name: 'New ticket: Payments (A)', exact: true }).click();
    await expect(page.getByTestId('waiting-tickets').locator('li')).toHaveCount(2);
    await page.keyboard.press('Alt+N');
    await expect(page.getByTestId('called-tickets')).toContainText('B001');
    await expect(page.getByTestId('waiting-tickets').locator('li')).toHaveCount(1);

    // A parking ticket first (to be voided later), then the birth certificate copies.
    const parkingReceipt = await recordService(page, {
      category: 'Payments',
      service: 'Pay parking ticket',
      fill: { 'Ticket number': 'BOS7654321', 'Amount due (in dollars)': '40' },
      payment: { method: 'Check', checkNumber: '1042' },
    });
    await page.getByRole('button', { name: 'Next transaction', exact: true }).click();
    await page.getByRole('group', { name: 'Service category', exact: true }).getByRole('button', { name: 'Birth, marriage and death records', exact: true }).click();
    await page.getByRole('group', { name: 'Service', exact: true }).getByRole('button', { name: 'Birth certificate (certified copy)', exact: true }).click();
    await field(page, 'Number of certified copies').fill('2');
    await field(page, 'Full name on the record').fill('Maria Lopez');
    await field(page, 'Date of birth').fill('1990-04-12');
    await field(page, 'Requested by').fill('Maria Lopez');
    await expect(page.getByTestId('fee')).toContainText('$28.00');
    await expect(page.getByTestId('fee')).toContainText('2 × $14.00');
    await page.getByRole('radio', { name: 'Cash', exact: true }).check();
    await field(page, 'Cash tendered ($)').fill('30');
    await expect(page.getByTestId('change-due')).toContainText('$2.00');
    await page.screenshot({ path: 'tests/e2e/screenshots/console-new-transaction.png', fullPage: true });
    await page.getByRole('button', { name: 'Record payment', exact: true }).click();
    await expect(page.getByTestId('change-given')).toHaveText('$2.00');
    const certificateReceipt = (await page.getByTestId('confirmation').locator('strong').first().textContent()) ?? '';

    // Print the receipt (Alt+P prints the last one) and check what was printed.
    await page.keyboard.press('Alt+P');
    await expect.poll(async () => (await printedDocuments(page)).length).toBe(1);
    const receipt = (await printedDocuments(page))[0]!;
    expect(receipt).toContain('City of Boston');
    expect(receipt).toContain('Fields Corner');
    expect(receipt).toContain(certificateReceipt);
    expect(receipt).toContain('Birth certificate (certified copy) × 2');
    expect(receipt).toContain('2 × $14.00 each');
    expect(receipt).toContain('$28.00');
    expect(receipt).toContain('Cash: paid $30.00, change $2.00');
    expect(receipt).toContain('Ana Clerk');
    expect(receipt).toContain('<svg');
    const txId = /verify\/([0-9a-f-]{36})/.exec(receipt)?.[1];
    expect(txId).toBeTruthy();

    // Void the parking payment, then find it by its receipt number.
    const history = page.getByTestId('history');
    await page.getByRole('button', { name: `Void ${parkingReceipt}`, exact: true }).click();
    await field(page, `Reason for voiding ${parkingReceipt}`).fill('Paid the wrong ticket');
    await expect(page.getByTestId('void-money-back')).toHaveText('Give check no. 1042 ($40.00) back to the resident.');
    await page.getByRole('button', { name: 'Void transaction', exact: true }).click();
    await expect(page.getByTestId('history-message')).toHaveText(`Voided ${parkingReceipt}. Give check no. 1042 ($40.00) back to the resident.`);
    await field(page, 'Search receipt, service or name').fill(parkingReceipt);
    await expect(history.locator('tbody tr')).toHaveCount(1);
    await expect(history.locator('tbody tr')).toContainText('Voided');
    await field(page, 'Search receipt, service or name').fill('maria');
    await expect(history.locator('tbody tr')).toHaveCount(1);
    await expect(history.locator('tbody tr')).toContainText(certificateReceipt);
    await field(page, 'Search receipt, service or name').fill('');
    await page.screenshot({ path: 'tests/e2e/screenshots/console-history.png', fullPage: true });

    // Back online: everything reaches the central office.
    const api = await stack.startApi();
    await expect(page.getByTestId('sync-state')).toHaveText('Up to date', { timeout: 20_000 });
    const central = (await (await fetch(`${api.url}/v1/transactions`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json()) as {
      total: number;
      items: { id: string; serviceCode: string; amountCents: number; status: string; quantity: number }[];
    };
    expect(central.total).toBe(2);
    expect(central.items.find((t) => t.id === txId)).toMatchObject({ serviceCode: 'birth-certificate', amountCents: 2800, quantity: 2, status: 'recorded' });
    expect(central.items.find((t) => t.serviceCode === 'parking-ticket')).toMatchObject({ status: 'voided', amountCents: 4000 });
  } finally {
    await stack.close();
  }
});

test('a wrong PIN is refused and repeated failures lock the pad with a growing delay', async ({ page }) => {
  const stack = await makeStack();
  try {
    await stack.startApi();
    await page.goto(stack.kioskUrl);
    await waitForCatalogue(page);
    await nameSelect(page).selectOption({ label: `${CLERK.name} (clerk)` });
    for (let i = 0; i < 3; i++) {
      await pinInput(page).fill('000000');
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      // Each try is answered by emptying the PIN field: wait for that, not for the previous try's message.
      await expect(pinInput(page)).toHaveValue('');
      await expect(page.getByRole('alert')).toContainText(/Wrong PIN|Too many/);
    }
    await expect(page.getByRole('alert')).toContainText('Too many wrong PINs');
    await expect(pinInput(page)).toBeDisabled();
    // The lockout survives a reload.
    await page.reload();
    await expect(page.getByRole('alert')).toContainText('Too many wrong PINs');
    await page.screenshot({ path: 'tests/e2e/screenshots/console-locked.png', fullPage: true });
  } finally {
    await stack.close();
  }
});
