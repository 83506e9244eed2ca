import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { ADMIN_TOKEN, makeStack } from './harness';
import { answerSurveyOnTouchscreen } from './survey-step';
import { capturePrints, CLERK, openStop, printedDocuments, recordService, signIn, SUPERVISOR, waitForCatalogue, field } from './staff-helpers';

test('a supervisor closes a day one dollar short, offline; the day locks, the CSV matches, and the central report shows counted vs expected', async ({ page, context }) => {
  const stack = await makeStack();
  try {
    await capturePrints(page);
    await stack.startApi();
    await page.goto(stack.kioskUrl);
    await waitForCatalogue(page);
    await stack.stopApi();

    await signIn(page, CLERK);
    await openStop(page);
    // Every payment method, a free service, and one void.
    await recordService(page, { category: 'Payments', service: 'Pay parking ticket', fill: { 'Ticket number': 'PARK0001', 'Amount due (in dollars)': '45' }, payment: { method: 'Cash', tendered: '50' } });
    await recordService(page, { category: 'Payments', service: 'Pay property tax bill', fill: { 'Parcel ID': '0801234000', 'Bill number': 'B-2026-77', 'Amount paid (in dollars)': '120.00' }, payment: { method: 'Check', checkNumber: '5001' } });
    await recordService(page, {
      category: 'Permits and licences',
      service: 'Dog licence',
      fill: { "Dog's name": 'Rex', "Owner's address": '12 Adams St, Dorchester', "Owner's name": 'Sam Lee' },
      select: { 'Spayed or neutered?': 'no' },
      check: ['Rabies certificate seen'],
      payment: { method: 'Card (terminal)', approval: 'AB12CD', last4: '4242' },
    });
    await recordService(page, {
      category: 'Permits and licences',
      service: 'Resident parking permit',
      fill: { 'Licence plate': '1ABC23', 'Home address': '12 Adams St, Dorchester', 'Resident name': 'Sam Lee' },
      check: ['Proof of residency seen'],
    });
    const voided = await recordService(page, { category: 'Payments', service: 'Pay motor vehicle excise bill', fill: { 'Bill number': 'EX-1', 'Licence plate': '9XYZ88', 'Amount paid (in dollars)': '20' }, payment: { method: 'Cash', tendered: '20' } });
    await page.getByRole('button', { name: `Void ${voided}`, exact: true }).click();
    await field(page, `Reason for voiding ${voided}`).fill('Bill already paid online');
    await page.getByRole('button', { name: 'Void transaction', exact: true }).click();
    await expect(page.getByTestId('history-message')).toHaveText(`Voided ${voided}. Hand back $20.00 in cash to the resident.`);

    // A resident answers the survey at the touchscreen.
    const resident = await context.newPage();
    await answerSurveyOnTouchscreen(resident, stack.kioskUrl, 4);
    await resident.close();

    // The supervisor signs in on the same window.
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByRole('link', { name: 'Supervisor', exact: true }).click();
    await signIn(page, SUPERVISOR);
    await expect(page.getByTestId('kpi-transactions')).toHaveText('4');
    await expect(page.getByTestId('kpi-revenue')).toHaveText('$195.00');
    await expect(page.getByTestId('kpi-voids')).toHaveText('1 ($20.00)');
    await expect(page.getByTestId('kpi-satisfaction')).toHaveText('4 / 5 (1)');
    await expect(page.getByTestId('chart-revenue')).toBeVisible();
    await page.screenshot({ path: 'tests/e2e/screenshots/supervisor-dashboard.png', fullPage: true });

    await page.getByRole('tab', { name: 'Sync', exact: true }).click();
    await expect(page.getByTestId('sync-pending')).not.toHaveText('0');
    await page.screenshot({ path: 'tests/e2e/screenshots/supervisor-sync.png', fullPage: true });

    // Count the drawer: float $100 + $45 cash kept (tendered $50, change $5) = $145 expected; $144 counted.
    await page.getByRole('tab', { name: 'Close the day', exact: true }).click();
    await expect(page.getByTestId('expected-cash')).toHaveText('$145.00');
    await field(page, '$100 bills').fill('1');
    await field(page, '$20 bills').fill('2');
    await field(page, '$1 bills and $1 coins').fill('4');
    await expect(page.getByTestId('counted-cash')).toHaveText('$144.00');
    await expect(page.getByTestId('cash-difference')).toHaveText('-$1.00');
    await page.getByRole('button', { name: 'Close the day', exact: true }).click();
    await expect(page.getByRole('alert')).toContainText('reason');
    await field(page, 'Reason for the difference (required)').fill('One dollar missing, counted twice');
    await page.screenshot({ path: 'tests/e2e/screenshots/supervisor-closeout.png', fullPage: true });
    await page.getByRole('button', { name: 'Close the day', exact: true }).click();
    await expect(page.getByTestId('closed-summary')).toContainText('Counted $144.00 against $145.00 expected: -$1.00');
    // Counted in the clerk's units: five transactions (the void goes with its sale) and the other records apart.
    await expect(page.getByTestId('closed-sync-state')).toContainText(/^5 transactions and \d+ other records have not reached the central office yet/);

    // The report: printed, and the CSV matches the transactions.
    await page.getByRole('button', { name: 'Print end-of-day report', exact: true }).click();
    await expect.poll(async () => (await printedDocuments(page)).some((d) => d.includes('end of day'))).toBe(true);
    const report = (await printedDocuments(page)).find((d) => d.includes('end of day'))!;
    expect(report).toMatch(/5 transactions and \d+ other records have NOT reached the central office yet/);
    // The watermark: the kiosk went offline before anything was recorded, so nothing has reached the office yet.
    expect(report).toContain('<p data-field="watermark">Nothing recorded on this van has reached the office yet.</p>');
    await expect(page.getByTestId('closed-watermark')).toHaveText('Nothing recorded on this van has reached the office yet.');
    expect(report).toContain('$145.00');
    expect(report).toContain('$144.00');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV', exact: true }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8').trim().split('\r\n');
    expect(csv).toHaveLength(6);
    const rows = csv.slice(1).map((line) => line.split(','));
    expect(rows.map((r) => r[9]).sort()).toEqual(['0.00', '120.00', '20.00', '30.00', '45.00']);
    expect(rows.find((r) => r[1] === voided)?.[15]).toBe('voided');
    await page.screenshot({ path: 'tests/e2e/screenshots/supervisor-closed.png', fullPage: true });

    // The day is locked for new transactions and voids.
    await page.getByRole('link', { name: 'Counter', exact: true }).click();
    await expect(page.getByTestId('day-closed')).toBeVisible();
    await expect(page.getByRole('button', { name: /^New transaction/ })).toHaveCount(0);
    await expect(page.getByRole('button', { name: /^Void R-/ })).toHaveCount(0);

    // Back online: DayClosed reaches the central office, whose daily report shows counted vs expected.
    const api = await stack.startApi();
    await expect(page.getByTestId('sync-state')).toHaveText('Up to date', { timeout: 20_000 });
    const stopOpenedAt = await page.evaluate(async () => {
      const open = indexedDB.open('city-hall-to-go');
      const db = await new Promise<IDBDatabase>((resolve) => (open.onsuccess = () => resolve(open.result)));
      const all = await new Promise<{ openedAt: string }[]>((resolve) => {
        const req = db.transaction('stops').objectStore('stops').getAll();
        req.onsuccess = () => resolve(req.result as { openedAt: string }[]);
      });
      db.close();
      return all[0]!.openedAt;
    });
    const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(stopOpenedAt));
    const daily = (await (await fetch(`${api.url}/v1/reports/daily?date=${date}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json()) as {
      vans: { stops: { cash: { expectedCents: number; countedCents: number; differenceCents: number; reason: string }; transactionCount: number; voids: { count: number } }[] }[];
    };
    const stop = daily.vans[0]!.stops[0]!;
    expect(stop.cash).toMatchObject({ expectedCents: 14_500, countedCents: 14_400, differenceCents: -100, reason: 'One dollar missing, counted twice' });
    expect(stop.transactionCount).toBe(4);
    expect(stop.voids.count).toBe(1);
  } finally {
    await stack.close();
  }
});
