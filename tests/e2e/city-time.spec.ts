import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { makeStack, pinClock } from './harness';
import { capturePrints, CLERK, field, openStop, printedDocuments, recordService, signIn, SUPERVISOR } from './staff-helpers';

/**
 * 22:00 on 1 December in Boston is already 2 December in UTC (03:00) and in Tokyo (12:00). Whatever the laptop's zone,
 * the kiosk's business date, times, receipt, report and CSV are Boston's.
 */
const AT = '2026-12-02T03:00:00.000Z';

for (const timezoneId of ['UTC', 'Asia/Tokyo', 'America/New_York']) {
  test.describe(`with the laptop on ${timezoneId}`, () => {
    test.use({ timezoneId });

    test(`the day's dates and hours are the city's, not the laptop's (${timezoneId})`, async ({ page }) => {
      const stack = await makeStack();
      try {
        await capturePrints(page);
        await pinClock(page, AT);
        await stack.startApi();
        await page.goto(stack.kioskUrl);
        expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe(timezoneId);
        await signIn(page, CLERK);
        await openStop(page);
        const receipt = await recordService(page, {
          category: 'Payments',
          service: 'Pay parking ticket',
          fill: { 'Ticket number': 'BOS2200000', 'Amount due (in dollars)': '40' },
          payment: { method: 'Cash', tendered: '40' },
        });

        // Today's history is Boston's 1 December, at 10 PM.
        const row = page.getByTestId('history').locator('tbody tr', { hasText: receipt });
        await expect(row).toContainText(/10:0\d PM/);
        await page.getByRole('button', { name: 'Print receipt Alt+P', exact: true }).click();
        await expect.poll(async () => (await printedDocuments(page)).length).toBe(1);
        expect((await printedDocuments(page))[0]).toMatch(/Dec 1, 2026, 10:0\d PM/);

        // The supervisor closes the day: its business date, the report and the CSV are all 1 December, Boston time.
        await page.getByRole('button', { name: 'Sign out', exact: true }).click();
        await page.getByRole('link', { name: 'Supervisor', exact: true }).click();
        await signIn(page, SUPERVISOR);
        await page.getByRole('tab', { name: 'Close the day', exact: true }).click();
        await expect(page.getByTestId('expected-cash')).toHaveText('$140.00');
        await field(page, '$100 bills').fill('1');
        await field(page, '$20 bills').fill('2');
        await page.getByRole('button', { name: 'Close the day', exact: true }).click();
        await expect(page.getByTestId('closed-summary')).toContainText('Counted $140.00 against $140.00 expected');
        await page.screenshot({ path: `tests/e2e/screenshots/city-time-closed-${timezoneId.replace('/', '-')}.png`, fullPage: true });

        await page.getByRole('button', { name: 'Print end-of-day report', exact: true }).click();
        await expect.poll(async () => (await printedDocuments(page)).some((d) => d.includes('end of day'))).toBe(true);
        const report = (await printedDocuments(page)).find((d) => d.includes('end of day'))!;
        expect(report).toContain('<title>End of day 2026-12-01</title>');
        expect(report).not.toContain('2026-12-02');
        expect(report).toMatch(/10:0\d PM/);

        const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV', exact: true }).click()]);
        const [header, line] = readFileSync((await download.path())!, 'utf8').trim().split('\r\n');
        const occurredAt = line!.split(',')[header!.split(',').indexOf('occurred_at')];
        expect(occurredAt).toMatch(/^2026-12-01T22:0\d:\d\d-05:00$/);

        // And the central office files the stop under the same business date.
        await expect(page.getByTestId('sync-state')).toHaveText('Up to date', { timeout: 20_000 });
        const daily = (await stack.admin('GET', '/v1/reports/daily?date=2026-12-01')).body as { vans: { stops: { transactionCount: number }[] }[] };
        expect(daily.vans[0]?.stops[0]?.transactionCount).toBe(1);
        const nextDay = (await stack.admin('GET', '/v1/reports/daily?date=2026-12-02')).body as { vans: unknown[] };
        expect(nextDay.vans).toEqual([]);
      } finally {
        await stack.close();
      }
    });
  });
}
