import { expect, test, type Page } from '@playwright/test';
import { ADMIN_TOKEN, makeStack } from './harness';
import { CLERK, openStop, recordService, signIn, waitForCatalogue } from './staff-helpers';

/** The clerk signs in, opens the stop and takes a parking ticket in cash; the history row then says it was sent. */
async function sellAndSeeItSent(page: Page, ticketNumber: string, dollars: string): Promise<void> {
  await signIn(page, CLERK);
  await openStop(page);
  await recordService(page, {
    category: 'Payments',
    service: 'Pay parking ticket',
    fill: { 'Ticket number': ticketNumber, 'Amount due (in dollars)': `${dollars}.00` },
    payment: { method: 'Cash', tendered: dollars },
  });
  const row = page.getByTestId('history').locator('tbody tr').first();
  await expect(row.getByTestId('sent-state')).toHaveText('Sent to the office', { timeout: 20_000 });
}

/** How many transactions the office holds, and their references. */
async function officeTransactions(apiUrl: string): Promise<{ total: number; references: string[] }> {
  const response = await fetch(`${apiUrl}/v1/transactions`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  const body = (await response.json()) as { total: number; items: { reference: string }[] };
  return { total: body.total, references: body.items.map((i) => i.reference) };
}

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

    // The cursor is written by the worker's connection; the page's live queries see it (Dexie across contexts).
    await sellAndSeeItSent(page, 'BOS7654321', '12');
    await expect(page.getByTestId('sync-chip')).toHaveText('Up to date');
    expect(await officeTransactions(api.url)).toEqual({ total: 1, references: ['BOS7654321'] });
  } finally {
    await stack.close();
  }
});

test('where the worker cannot load, the in-page engine is fetched then and sends the sale', async ({ page }) => {
  const stack = await makeStack();
  try {
    const api = await stack.startApi();
    const fetched: string[] = [];
    page.on('request', (request) => fetched.push(new URL(request.url()).pathname));
    // The worker's script never arrives (a blocked or missing file): the page falls back to its own engine.
    await page.route(/sync\.worker-[\w-]+\.js$/, (route) => route.abort());
    await page.goto(stack.kioskUrl);
    await waitForCatalogue(page);
    await sellAndSeeItSent(page, 'BOS1234567', '9');
    expect(page.workers().some((w) => /sync\.worker-/.test(w.url()))).toBe(false);
    // The engine's code came as its own file, asked for once the worker had failed.
    expect(fetched.some((path) => /\/kiosk-engine-[\w-]+\.js$/.test(path))).toBe(true);
    expect(await officeTransactions(api.url)).toEqual({ total: 1, references: ['BOS1234567'] });
  } finally {
    await stack.close();
  }
});

test('a sale just recorded is never shown as sent before the office has it, not even for one frame', async ({ page }) => {
  // The API gives the catalogue, then goes: nothing recorded after that can be sent, so "Sent to the office" must
  // never appear on a sale's row.
  const stack = await makeStack();
  try {
    // Every text the sent-state cell ever had, caught as React writes it (a frame's worth is enough to mislead a clerk).
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { sentStates: string[] }).sentStates = seen;
      new MutationObserver(() => {
        for (const cell of document.querySelectorAll('[data-testid="sent-state"]')) {
          const text = `${cell.closest('tr')?.getAttribute('data-transaction-id') ?? '?'}: ${cell.textContent ?? ''}`;
          if (seen.at(-1) !== text) seen.push(text);
        }
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    await stack.startApi();
    await page.goto(stack.kioskUrl);
    await waitForCatalogue(page);
    await signIn(page, CLERK);
    await openStop(page);
    await stack.stopApi();
    for (const [ticket, dollars] of [['BOS1000001', '5'], ['BOS1000002', '7'], ['BOS1000003', '9']] as const) {
      await recordService(page, {
        category: 'Payments',
        service: 'Pay parking ticket',
        fill: { 'Ticket number': ticket, 'Amount due (in dollars)': `${dollars}.00` },
        payment: { method: 'Cash', tendered: dollars },
      });
    }
    const rows = page.getByTestId('history').locator('tbody tr');
    await expect(rows).toHaveCount(3);
    await expect(rows.getByTestId('sent-state')).toHaveText(['Not yet sent', 'Not yet sent', 'Not yet sent']);
    const seen = await page.evaluate(() => (window as unknown as { sentStates: string[] }).sentStates);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((text) => text.endsWith('Sent to the office'))).toEqual([]);
  } finally {
    await stack.close();
  }
});
