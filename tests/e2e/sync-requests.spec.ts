import { expect, test } from '@playwright/test';
import { ADMIN_TOKEN, makeStack } from './harness';
import { CLERK, openStop, recordService, signIn } from './staff-helpers';

/** CORS preflights the API has answered so far, from its own request counter. */
async function preflightsServed(apiUrl: string): Promise<number> {
  const text = await (await fetch(`${apiUrl}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith('chtg_http_requests_total{') && line.includes('method="OPTIONS"'))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}

test('each sync round asks for the catalogue once, nothing is aborted, and preflights are cached rather than repeated', async ({ page }) => {
  const stack = await makeStack();
  const api: { method: string; path: string; url: string }[] = [];
  const failed: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.origin === stack.apiUrl) api.push({ method: request.method(), path: url.pathname, url: url.pathname + url.search });
  });
  page.on('requestfailed', (request) => failed.push(`${request.method()} ${new URL(request.url()).pathname} ${request.failure()?.errorText}`));
  try {
    await stack.startApi();
    await page.goto(stack.kioskUrl);
    await signIn(page, CLERK);
    await openStop(page);
    for (const ticket of ['BOS1000001', 'BOS1000002']) {
      await recordService(page, { category: 'Payments', service: 'Pay parking ticket', fill: { 'Ticket number': ticket, 'Amount due (in dollars)': '10.00' }, payment: { method: 'Cash', tendered: '10' } });
    }
    // The e2e kiosk looks for work every second: wait for a dozen rounds, well past Chromium's default 5 s preflight cache.
    const rounds = () => api.filter((r) => r.path === '/v1/sync/pull').length;
    await expect.poll(rounds, { timeout: 30_000 }).toBeGreaterThanOrEqual(12);
    await expect(page.getByTestId('sync-state')).toHaveText('Up to date');

    // Every conditional GET /v1/catalogue (answered 304 after the first) is read to its end: none is aborted.
    expect(failed).toEqual([]);
    const catalogue = api.filter((r) => r.path === '/v1/catalogue').length;
    // One per round: a round asks for the catalogue and then the changes feed (the last may still be between them).
    expect(catalogue - rounds()).toBeGreaterThanOrEqual(0);
    expect(catalogue - rounds()).toBeLessThanOrEqual(1);
    // With Access-Control-Max-Age (and no If-None-Match header, which would make the fetch no-store and skip the
    // preflight cache) the browser keeps each preflight answer: one per URL called, not one every few seconds.
    const urls = new Set(api.map((r) => r.url)).size;
    expect(await preflightsServed(stack.apiUrl)).toBeLessThanOrEqual(urls);
  } finally {
    await stack.close();
  }
});
