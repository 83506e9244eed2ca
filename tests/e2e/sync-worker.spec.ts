import { expect, test } from '@playwright/test';
import { ADMIN_TOKEN, makeStack } from './harness';
import { CLERK, openStop, recordService, signIn, waitForCatalogue } from './staff-helpers';

test('the sync engine runs in its own worker: a sale recorded on the page reaches the office and the bar follows the worker’s writes', async ({ page }) => {
  const stack = await makeStack();
  try {
    const api = await stack.startApi();
    await page.goto(stack.kioskUrl);
    await waitForCatalogue(page);
    // The built worker chunk loaded under the page's CSP (no fallback to the page): Playwright sees it running.
    await expect.poll(() => page.workers().some((w) => /sync\.worker-[\w-]+\.js$/.test(w.url()))).toBe(true);
    const worker = page.workers().find((w) => /sync\.worker-[\w-]+\.js$/.test(w.url()))!;
    expect(await worker.evaluate(() => (self as unknown as { name: string }).name)).toBe('sync');

    await signIn(page, CLERK);
    await openStop(page);
    await recordService(page, {
      category: 'Payments',
      service: 'Pay parking ticket',
      fill: { 'Ticket number': 'BOS7654321', 'Amount due (in dollars)': '12.00' },
      payment: { method: 'Cash', tendered: '12' },
    });
    // The cursor is written by the worker's connection; the page's live queries see it (Dexie across contexts).
    const row = page.getByTestId('history').locator('tbody tr').first();
    await expect(row.getByTestId('sent-state')).toHaveText('Sent to the office', { timeout: 20_000 });
    await expect(page.getByTestId('sync-chip')).toHaveText('Up to date');
    const response = await fetch(`${api.url}/v1/transactions`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    const body = (await response.json()) as { total: number; items: { reference: string }[] };
    expect(body.total).toBe(1);
    expect(body.items[0]?.reference).toBe('BOS7654321');
  } finally {
    await stack.close();
  }
});
