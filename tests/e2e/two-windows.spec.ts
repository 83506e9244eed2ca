import { expect, test } from '@playwright/test';
import { ADMIN_TOKEN, makeStack } from './harness';
import { CLERK, openStop, recordService, signIn } from './staff-helpers';

/** Fault scenario 9: two windows of one kiosk sync at once; the Web Lock lets one push at a time and nothing goes twice. */
test('two windows on one kiosk sync one at a time and push nothing twice', async ({ context }) => {
  const stack = await makeStack();
  try {
    await stack.startApi();
    const a = await context.newPage();
    const b = await context.newPage();
    await a.goto(stack.kioskUrl);
    await b.goto(stack.kioskUrl);
    await signIn(b, CLERK);
    await b.bringToFront();
    await signIn(a, CLERK);
    await openStop(a);
    await expect(b.getByLabel('Open stop', { exact: true })).toBeVisible();
    await stack.stopApi();
    // Record a backlog in both windows while the API is down, then let both windows race for it.
    for (let i = 0; i < 30; i++) {
      const page = i % 2 === 0 ? a : b;
      // Headless Chromium paints only the front page; Playwright's click waits for paints.
      await page.bringToFront();
      await recordService(page, {
        category: 'Payments',
        service: 'Pay parking ticket',
        fill: { 'Ticket number': `TWO${String(i).padStart(4, '0')}`, 'Amount due (in dollars)': `${i + 1}` },
        payment: { method: 'Cash', tendered: `${i + 1}` },
      });
    }
    await expect(a.getByTestId('history').locator('tbody tr')).toHaveCount(30);
    await expect(b.getByTestId('history').locator('tbody tr')).toHaveCount(30);
    const api = await stack.startApi();
    await Promise.all([a.getByRole('button', { name: 'Sync now', exact: true }).click(), b.getByRole('button', { name: 'Sync now', exact: true }).click()]);
    await expect(a.getByTestId('sync-state')).toHaveText('Up to date', { timeout: 20_000 });
    await expect(b.getByTestId('sync-state')).toHaveText('Up to date', { timeout: 20_000 });
    const body = (await (await fetch(`${api.url}/v1/transactions?limit=100`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json()) as {
      total: number;
      items: { amountCents: number }[];
    };
    expect(body.total).toBe(30);
    expect(body.items.reduce((sum, t) => sum + t.amountCents, 0)).toBe(((30 * 31) / 2) * 100);
    const metrics = await (await fetch(`${api.url}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).text();
    // This API instance received at least the 30 transactions, each accepted once and never as a duplicate.
    expect(Number(/chtg_sync_events_total\{outcome="accepted"\} (\d+)/.exec(metrics)?.[1])).toBeGreaterThanOrEqual(30);
    expect(metrics).not.toMatch(/chtg_sync_events_total\{outcome="duplicate"\} [1-9]/);
  } finally {
    await stack.close();
  }
});
