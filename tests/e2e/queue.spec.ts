import { expect, test } from '@playwright/test';
import { makeStack, pinClock } from './harness';
import { CLERK, openStop, signIn, field } from './staff-helpers';

// 10:00 on a weekday morning in Boston, whatever the wall clock says.
const MORNING = '2026-12-01T15:00:00.000Z';

test('the queue reads plainly: tickets by category, serving by recording, a confirmed no-show undone within the minute', async ({ page }) => {
  const stack = await makeStack();
  try {
    await stack.startApi();
    await pinClock(page, MORNING);
    await page.goto(stack.kioskUrl);
    await signIn(page, CLERK);
    await openStop(page);

    const queueMessage = page.getByTestId('queue-message');
    const called = page.getByTestId('called-tickets');
    const waiting = page.getByTestId('waiting-tickets');

    // Ticket buttons say which service line the ticket is for.
    await page.getByRole('button', { name: 'New ticket: Payments (A)', exact: true }).click();
    await expect(queueMessage).toHaveText('Ticket A001 taken for Payments.');
    await page.clock.fastForward(1000);
    await page.getByRole('button', { name: 'New ticket: Birth, marriage and death records (B)', exact: true }).click();
    await expect(queueMessage).toHaveText('Ticket B001 taken for Birth, marriage and death records.');
    await page.clock.fastForward(1000);
    await page.getByRole('button', { name: 'New ticket: Permits and licences (C)', exact: true }).click();
    await expect(waiting.locator('li')).toHaveCount(3);

    // Recording a transaction for the called ticket opens on its category and marks it served.
    await page.getByRole('button', { name: 'Call next Alt+N', exact: true }).click();
    await expect(queueMessage).toHaveText('Called A001.');
    await page.screenshot({ path: 'tests/e2e/screenshots/queue-called.png', fullPage: true });
    await page.getByRole('button', { name: 'Record a transaction for A001', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'New transaction for ticket A001', exact: true })).toBeVisible();
    const categories = page.getByRole('group', { name: 'Service category', exact: true });
    await expect(categories.getByRole('button', { name: 'Payments', exact: true })).toHaveAttribute('aria-pressed', 'true');
    await page.getByRole('group', { name: 'Service', exact: true }).getByRole('button', { name: 'Pay parking ticket', exact: true }).click();
    await field(page, 'Ticket number').fill('BOS1234567');
    await field(page, 'Amount due (in dollars)').fill('40');
    await page.getByRole('radio', { name: 'Cash', exact: true }).check();
    await field(page, 'Cash tendered ($)').fill('40');
    await page.getByRole('button', { name: 'Record payment', exact: true }).click();
    await expect(page.getByTestId('confirmation')).toContainText('Pay parking ticket');
    await expect(called).not.toContainText('A001');
    await expect(page.getByText('No ticket is being served.', { exact: true })).toBeVisible();

    // No-show asks first; "keep" changes nothing.
    await page.getByRole('button', { name: 'Call next Alt+N', exact: true }).click();
    await expect(called).toContainText('B001');
    await page.getByRole('button', { name: 'No-show B001', exact: true }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Mark B001 as a no-show?', exact: true });
    await expect(confirm).toBeVisible();
    await page.screenshot({ path: 'tests/e2e/screenshots/queue-no-show-confirm.png', fullPage: true });
    await confirm.getByRole('button', { name: 'Keep B001 in the queue', exact: true }).click();
    await expect(confirm).toBeHidden();
    await expect(called).toContainText('B001');

    // Confirmed, then undone within the minute: back where it was, still called.
    await page.getByRole('button', { name: 'No-show B001', exact: true }).click();
    await confirm.getByRole('button', { name: 'Yes, B001 did not come', exact: true }).click();
    await expect(queueMessage).toHaveText('B001 marked as a no-show.');
    await expect(called).not.toContainText('B001');
    const undo = page.getByRole('button', { name: 'Undo no-show B001', exact: true });
    await page.clock.fastForward(45_000);
    await expect(undo).toBeVisible();
    await page.screenshot({ path: 'tests/e2e/screenshots/queue-undo.png', fullPage: true });
    await undo.click();
    await expect(queueMessage).toHaveText('B001 is back in the queue.');
    await expect(called).toContainText('B001');

    // "Done, nothing to record" serves without a transaction.
    await page.getByRole('button', { name: 'Done, nothing to record', exact: true }).click();
    await expect(called).not.toContainText('B001');

    // A waiting ticket's no-show: the offer to undo goes away after a minute, and the no-show stands.
    await page.getByRole('button', { name: 'No-show C001', exact: true }).click();
    await page.getByRole('button', { name: 'Yes, C001 did not come', exact: true }).click();
    await expect(page.getByRole('button', { name: 'Undo no-show C001', exact: true })).toBeVisible();
    await expect(waiting.locator('li')).toHaveCount(0);
    await page.clock.fastForward(61_000);
    await expect(page.getByRole('button', { name: 'Undo no-show C001', exact: true })).toHaveCount(0);
    await expect(waiting.locator('li')).toHaveCount(0);

    // The undo reached the office like any other event: nothing rejected.
    await expect(page.getByTestId('sync-state')).toHaveText('Up to date', { timeout: 20_000 });
  } finally {
    await stack.close();
  }
});
