import { expect, test } from '@playwright/test';
import { makeStack } from './harness';
import { CLERK, openStop, recordService, signIn, SUPERVISOR } from './staff-helpers';

const SHOTS = 'tests/e2e/screenshots/refused-records';
const PUSH = '**/v1/sync/push';
const CORS = { 'access-control-allow-origin': '*', 'access-control-expose-headers': 'ETag, Retry-After', 'content-type': 'application/json' };

test('a record the office refused: the supervisor reads why in plain words, retries it and it is accepted, or marks one resolved', async ({ page }) => {
  test.setTimeout(90_000);
  const stack = await makeStack();
  try {
    await stack.startApi();
    await page.goto(stack.kioskUrl);
    await signIn(page, CLERK);
    await openStop(page);
    // Everything so far has reached the office: only what is recorded from here on meets the refusing office.
    await expect(page.getByTestId('sync-state')).toHaveText('Up to date');
    // The office refuses the next two sales, each with a code and its own English detail; one code is new to this kiosk.
    let refusals = 0;
    await page.route(PUSH, async (route) => {
      const { events } = route.request().postDataJSON() as { events: { id: string; seq: number }[] };
      const codes = ['invalid_payload', 'catalogue_retired'];
      await route.fulfill({
        status: 200,
        headers: CORS,
        body: JSON.stringify({
          results: events.map((e) => ({ id: e.id, seq: e.seq, status: 'rejected', code: codes[refusals++ % 2], message: 'amount does not match the catalogue fee' })),
          highestContiguousSeq: events.at(-1)!.seq,
        }),
      });
    });
    for (const ticket of ['BOS3000001', 'BOS3000002']) {
      await recordService(page, { category: 'Payments', service: 'Pay parking ticket', fill: { 'Ticket number': ticket, 'Amount due (in dollars)': '25.00' }, payment: { method: 'Cash', tendered: '25' } });
    }
    await expect(page.getByTestId('sync-state')).toHaveText('The office refused 2 records — supervisor needed');
    await page.unroute(PUSH);

    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByRole('link', { name: 'Supervisor', exact: true }).click();
    await signIn(page, SUPERVISOR);
    await page.getByRole('tab', { name: 'Sync', exact: true }).click();
    const refused = page.locator('ul.rejected > li');
    await expect(refused).toHaveCount(2);
    // The reason in the supervisor's words, by code; the office's English only behind "technical words", for IT.
    const [first, second] = [refused.nth(0), refused.nth(1)];
    // Each names the kind of record in words, not by the program's name for it (TransactionRecorded).
    await expect(first.locator('strong')).toHaveText(/^#\d+ Sale$/);
    await expect(second.locator('strong')).toHaveText(/^#\d+ Sale$/);
    await expect(first).toContainText("Something in the record's details is not valid for the office (an amount, a date or a field).");
    await expect(second).toContainText('The office refused the record (code catalogue_retired).');
    const detail = first.locator('details.office-words');
    await expect(detail.getByText('amount does not match the catalogue fee')).toBeHidden();
    // A touch target like every other on the kiosk.
    expect((await detail.locator('summary').boundingBox())!.height).toBeGreaterThanOrEqual(44);
    await detail.getByText("The office's technical words (for IT)").click();
    await expect(detail.getByText('amount does not match the catalogue fee')).toBeVisible();
    await expect(detail.locator('[lang="en"]')).toHaveText('amount does not match the catalogue fee');
    await page.screenshot({ path: `${SHOTS}/1-refused-in-words.png`, fullPage: true });

    // Retry: the office (answering for itself again) accepts it; the record says so, in the supervisor's words.
    await first.getByRole('button', { name: 'Retry', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: /was accepted on retry/ })).toBeVisible();
    await expect(first.locator('.pill.ok')).toHaveText('Resolved: Accepted by the office on retry.');

    // The other is marked resolved with what was done.
    await second.getByRole('button', { name: 'Mark resolved', exact: true }).click();
    await page.getByLabel(/^What was done about event #\d+\?$/).fill('Checked with the office: the fee was corrected there.');
    await page.getByRole('button', { name: 'Save resolution', exact: true }).click();
    await expect(second.locator('.pill.ok')).toHaveText('Resolved: Checked with the office: the fee was corrected there.');
    await page.screenshot({ path: `${SHOTS}/2-resolved.png`, fullPage: true });
    // Nothing waits and nothing was counted twice: the office holds the retried sale once.
    const response = await fetch(`${stack.apiUrl}/v1/transactions`, { headers: { authorization: 'Bearer e2e-admin-token-0123456789' } });
    const body = (await response.json()) as { items: { reference: string }[] };
    expect(body.items.map((i) => i.reference).filter((r) => r === 'BOS3000001')).toEqual(['BOS3000001']);
  } finally {
    await stack.close();
  }
});
