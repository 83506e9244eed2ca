import { readFileSync } from 'node:fs';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { ADMIN_TOKEN, makeStack } from './harness';
import { capturePrints, CLERK, openStop, printedDocuments, recordService, signIn, SUPERVISOR } from './staff-helpers';

/** A supervisor's PIN typed into the approval pad that opens in the clerk's window. */
async function supervisorApproves(page: Page, heading: string | RegExp, submit: string) {
  const pad = page.getByRole('form', { name: heading });
  await expect(pad).toBeVisible();
  await pad.getByRole('combobox', { name: 'Name', exact: true }).selectOption({ label: `${SUPERVISOR.name} (supervisor)` });
  await pad.getByLabel('PIN', { exact: true }).fill(SUPERVISOR.pin);
  await pad.getByRole('button', { name: submit, exact: true }).click();
}

/** A printed document as paper would show it, in a page of its own (the kiosk window keeps its session). */
async function screenshotOf(context: BrowserContext, html: string, name: string, width = 360) {
  const view = await context.newPage();
  await view.setViewportSize({ width, height: 640 });
  await view.setContent(html);
  await view.screenshot({ path: `tests/e2e/screenshots/${name}.png`, fullPage: true });
  await view.close();
}

async function lastPrinted(page: Page, count: number): Promise<string> {
  await expect.poll(async () => (await printedDocuments(page)).length).toBe(count);
  return (await printedDocuments(page))[count - 1]!;
}

/** The clerk signs out; the supervisor signs in on the same window and opens the close-out. */
async function supervisorAtCloseOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('link', { name: 'Supervisor' }).click();
  await signIn(page, SUPERVISOR);
  await page.getByRole('tab', { name: 'Close the day' }).click();
}

/** The supervisor closes the day with the drawer counted as given, then closes the stop and signs out. */
async function closeDayAndStop(page: Page, count: Record<string, string>, expected: string) {
  await supervisorAtCloseOut(page);
  await expect(page.getByTestId('expected-cash')).toHaveText(expected);
  for (const [label, value] of Object.entries(count)) await page.getByRole('textbox', { name: label, exact: true }).fill(value);
  await expect(page.getByTestId('cash-difference')).toHaveText('$0.00');
  await page.getByRole('button', { name: 'Close the day' }).click();
  await expect(page.getByTestId('closed-summary')).toContainText(`against ${expected} expected`);
  await page.getByRole('link', { name: 'Counter' }).click();
  await page.getByRole('button', { name: 'Close this stop' }).click();
  await page.getByRole('button', { name: 'Yes, close the stop' }).click();
  await page.getByRole('button', { name: 'Sign out' }).click();
}

test('receipts a finance office accepts; a void over the limit needs a supervisor and says how to give the money back', async ({ page, context }) => {
  const stack = await makeStack();
  try {
    await context.clock.install({ time: new Date('2026-11-27T10:00:00-05:00') });
    await capturePrints(page);
    await stack.startApi();
    await page.goto(stack.kioskUrl);
    await signIn(page, CLERK);
    await openStop(page);

    // Two certified copies, cash; the clerk prints the receipt in Spanish for the resident.
    await recordService(page, {
      category: 'Birth, marriage and death records',
      service: 'Birth certificate (certified copy)',
      fill: { 'Number of certified copies': '2', 'Full name on the record': 'Maria Lopez', 'Date of birth': '1990-04-12', 'Requested by': 'Maria Lopez' },
      payment: { method: 'Cash', tendered: '30' },
    });
    const first = (await page.getByTestId('confirmation').locator('strong').first().textContent())!;
    expect(first).toBe('R-VANE2E-000001');
    await expect(page.getByRole('combobox', { name: 'Receipt language', exact: true })).toHaveValue('en');
    await page.getByRole('combobox', { name: 'Receipt language', exact: true }).selectOption({ label: 'Español' });
    await page.getByRole('button', { name: /^Print receipt/ }).click();
    const spanish = await lastPrinted(page, 1);
    expect(spanish).toContain('<html lang="es"');
    expect(spanish).toContain('Recibo n.º');
    expect(spanish).toContain('R-VANE2E-000001');
    expect(spanish).toContain('2 × ');
    expect(spanish).toContain('cada uno');
    expect(spanish).toContain('Sus copias certificadas se le envían por correo');
    expect(spanish).toContain('¿Preguntas? Llame al 311');
    const qrUrl = /data-url="([^"]+)"/.exec(spanish)?.[1] ?? '';
    expect(qrUrl).toMatch(new RegExp(`^${stack.apiUrl.replace(/[.:/]/g, '\\$&')}/v1/receipts/verify/[0-9a-f-]{36}$`));
    await screenshotOf(context, spanish, 'receipt-es');

    // A $75.00 card payment, over the $50.00 limit a clerk may void alone.
    const big = await recordService(page, {
      category: 'Payments',
      service: 'Pay parking ticket',
      fill: { 'Ticket number': 'BOS7654321', 'Amount due (in dollars)': '75' },
      payment: { method: 'Card (terminal)', approval: 'AB12CD', last4: '4242' },
    });
    expect(big).toBe('R-VANE2E-000002');
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('button', { name: `Void ${big}` }).click();
    await expect(page.getByTestId('void-money-back')).toHaveText('Reverse $75.00 on the card terminal (Visa ending 4242, approval AB12CD).');
    await expect(page.getByTestId('void-approval')).toHaveText('Over $50.00: a supervisor approves this void with their PIN.');
    await page.getByRole('button', { name: 'Ask a supervisor to approve' }).click();
    await expect(page.getByTestId('history-message')).toHaveText('Give a reason for the void.');
    await page.getByRole('textbox', { name: `Reason for voiding ${big}`, exact: true }).fill('Keyed the wrong ticket, internal note 7');
    await page.screenshot({ path: 'tests/e2e/screenshots/void-dialog.png', fullPage: true });
    await page.getByRole('button', { name: 'Ask a supervisor to approve' }).click();
    // A wrong PIN approves nothing.
    const pad = page.getByRole('form', { name: `Supervisor: approve voiding ${big} ($75.00)` });
    await pad.getByRole('combobox', { name: 'Name', exact: true }).selectOption({ label: `${SUPERVISOR.name} (supervisor)` });
    await pad.getByLabel('PIN', { exact: true }).fill('999999');
    await pad.getByRole('button', { name: 'Approve the void', exact: true }).click();
    await expect(pad.getByRole('alert')).toContainText('Wrong PIN');
    await page.screenshot({ path: 'tests/e2e/screenshots/void-approval.png', fullPage: true });
    await supervisorApproves(page, `Supervisor: approve voiding ${big} ($75.00)`, 'Approve the void');
    await expect(page.getByTestId('history-message')).toHaveText(`Voided ${big}. Reverse $75.00 on the card terminal (Visa ending 4242, approval AB12CD).`);

    // Its reprint says VOID and what went back, never the internal reason; it keeps its number.
    await page.getByRole('button', { name: `Reprint ${big}` }).click();
    const voided = await lastPrinted(page, 2);
    expect(voided).toContain('data-field="void">VOID<');
    expect(voided).toContain('Amount returned $75.00');
    expect(voided).toContain(big);
    expect(voided).not.toContain('Keyed the wrong ticket');
    await screenshotOf(context, voided, 'receipt-void');

    // A small void of the clerk's own sale needs no one; the next receipt carries on the device's numbers.
    const small = await recordService(page, { category: 'Payments', service: 'Pay parking ticket', fill: { 'Ticket number': 'BOS1111111', 'Amount due (in dollars)': '10' }, payment: { method: 'Cash', tendered: '10' } });
    expect(small).toBe('R-VANE2E-000003');
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('button', { name: `Void ${small}` }).click();
    await expect(page.getByTestId('void-approval')).toHaveCount(0);
    await page.getByRole('textbox', { name: `Reason for voiding ${small}`, exact: true }).fill('Duplicate');
    await page.getByRole('button', { name: 'Void transaction' }).click();
    await expect(page.getByTestId('history-message')).toHaveText(`Voided ${small}. Hand back $10.00 in cash to the resident.`);

    // The supervisor's charts: 16 px labels, whole words (wrapped, never cut), hours as the rest of the app writes them.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('link', { name: 'Supervisor' }).click();
    await signIn(page, SUPERVISOR);
    const revenue = page.getByTestId('chart-revenue');
    await expect(revenue.getByRole('table')).toContainText('Birth certificate (certified copy)');
    const labels = revenue.locator('.chart-label');
    await expect(labels).toHaveText(['Birth certificate (certified copy)']);
    const hours = page.getByTestId('chart-hours');
    await expect(hours.locator('.chart-label')).toHaveText(['10 AM']);
    await expect(hours.getByRole('table')).toContainText('10 AM');
    for (const label of await page.locator('.chart-label').all()) {
      const style = await label.evaluate((el) => ({ size: parseFloat(getComputedStyle(el).fontSize), clipped: el.scrollWidth > el.clientWidth + 1 }));
      expect(style.size).toBeGreaterThanOrEqual(14);
      expect(style.clipped).toBe(false);
    }
    await page.screenshot({ path: 'tests/e2e/screenshots/supervisor-charts.png', fullPage: true });
  } finally {
    await stack.close();
  }
});

test('a closed day shows no Void at the next stop; next day a refund with a supervisor’s PIN counts in that day, on the kiosk and centrally', async ({ page, context }) => {
  const stack = await makeStack();
  try {
    await context.clock.install({ time: new Date('2026-11-27T10:00:00-05:00') });
    await capturePrints(page);
    await stack.startApi();
    await page.goto(stack.kioskUrl);
    await signIn(page, CLERK);
    await stack.stopApi();
    await openStop(page);
    const sale = await recordService(page, {
      category: 'Birth, marriage and death records',
      service: 'Birth certificate (certified copy)',
      fill: { 'Number of certified copies': '2', 'Full name on the record': 'Maria Lopez', 'Date of birth': '1990-04-12', 'Requested by': 'Maria Lopez' },
      payment: { method: 'Cash', tendered: '28' },
    });
    await page.getByRole('button', { name: 'Done' }).click();
    await expect(page.getByRole('button', { name: `Void ${sale}` })).toBeVisible();

    // A refund is for a closed day only: before the close the clerk is sent to Void.
    await page.getByRole('textbox', { name: 'Receipt number to refund', exact: true }).fill(sale);
    await page.getByRole('button', { name: 'Find receipt' }).click();
    await expect(page.getByRole('alert')).toHaveText(`The day of ${sale} is still open: void it in today’s history instead.`);

    await closeDayAndStop(page, { '$100 bills': '1', '$20 bills': '1', '$5 bills': '1', '$1 bills and $1 coins': '3' }, '$128.00');

    // The next stop the same afternoon: the closed day's sale is in today's history, with no Void.
    await context.clock.fastForward('04:00:00');
    await signIn(page, CLERK);
    await openStop(page, 'Codman Square', 'Dorchester');
    const history = page.getByTestId('history');
    await expect(history.getByRole('row', { name: new RegExp(sale) })).toBeVisible();
    await expect(page.getByRole('button', { name: `Reprint ${sale}` })).toBeVisible();
    await expect(page.getByRole('button', { name: `Void ${sale}` })).toHaveCount(0);
    await closeDayAndStop(page, { '$100 bills': '1' }, '$100.00');

    // Next morning: one of the two copies cannot be issued; $14.00 goes back in cash.
    await context.clock.fastForward('18:00:00');
    await signIn(page, CLERK);
    await openStop(page, 'Mattapan Square', 'Mattapan');
    await page.getByRole('textbox', { name: 'Receipt number to refund', exact: true }).fill(sale.toLowerCase());
    await page.getByRole('button', { name: 'Find receipt' }).click();
    const box = page.getByRole('group', { name: `Refund ${sale}` });
    await expect(box).toContainText(`${sale}: Birth certificate (certified copy), $28.00`);
    await expect(page.getByRole('textbox', { name: 'Amount to refund ($)', exact: true })).toHaveValue('28.00');
    await page.getByRole('textbox', { name: 'Amount to refund ($)', exact: true }).fill('30');
    await page.getByRole('textbox', { name: 'Reason for the refund', exact: true }).fill('One copy could not be issued');
    await page.getByRole('button', { name: 'Ask a supervisor to approve the refund' }).click();
    await expect(page.getByRole('alert')).toHaveText('At most $28.00 can be refunded.');
    await page.getByRole('textbox', { name: 'Amount to refund ($)', exact: true }).fill('14.00');
    await page.getByRole('radio', { name: 'Cash' }).check();
    await expect(page.getByTestId('refund-money-back')).toHaveText('Give $14.00 in cash from the drawer to the resident.');
    await page.screenshot({ path: 'tests/e2e/screenshots/refund.png', fullPage: true });
    await page.getByRole('button', { name: 'Ask a supervisor to approve the refund' }).click();
    await supervisorApproves(page, `Supervisor: approve refunding ${sale}`, 'Approve the refund');
    await expect(page.getByTestId('refund-message')).toHaveText(`Refunded $14.00 on ${sale}. Give $14.00 in cash from the drawer to the resident.`);
    await expect(history.getByRole('row', { name: new RegExp(sale) })).toHaveCount(0);

    // Today's close-out: the cash refund left the drawer; the report and CSV carry it.
    await supervisorAtCloseOut(page);
    await expect(page.getByTestId('cash-refunds')).toHaveText('− $14.00');
    await expect(page.getByTestId('expected-cash')).toHaveText('$86.00');
    await expect(page.getByTestId('counted-cash')).toHaveText('Not counted yet');
    await expect(page.getByTestId('cash-difference')).toHaveText('Count the drawer first');
    await page.getByRole('textbox', { name: '$50 bills', exact: true }).fill('1');
    await page.getByRole('textbox', { name: '$20 bills', exact: true }).fill('1');
    await page.getByRole('textbox', { name: '$10 bills', exact: true }).fill('1');
    await page.getByRole('textbox', { name: '$5 bills', exact: true }).fill('1');
    await page.getByRole('textbox', { name: '$1 bills and $1 coins', exact: true }).fill('1');
    await expect(page.getByTestId('cash-difference')).toHaveText('$0.00');
    await page.getByRole('button', { name: 'Close the day' }).click();
    await expect(page.getByTestId('closed-summary')).toContainText('Counted $86.00 against $86.00 expected');
    await page.getByRole('button', { name: 'Print end-of-day report' }).click();
    const report = (await printedDocuments(page)).find((d) => d.includes('end of day') && d.includes('Mattapan Square'))!;
    expect(report).toContain(`<td>${sale}</td>`);
    expect(report).toContain('One copy could not be issued');
    expect(report).toContain('data-field="net-revenue">-$14.00');
    expect(report).toContain('Ana Clerk (clerk)');
    expect(report).toContain('Sam Supervisor (supervisor)');
    await screenshotOf(context, report, 'end-of-day-report', 900);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8').trim().split('\r\n');
    expect(csv).toHaveLength(2);
    expect(csv[1]).toMatch(new RegExp(`^refund,${sale},2026-11-28T\\d\\d:\\d\\d:\\d\\d-05:00,`));
    expect(csv[1]).toContain(',-14.00,cash,');

    // The office gets everything: the 28th shows the refund, the 27th still shows the sale in full.
    const api = await stack.startApi();
    await expect(page.getByTestId('sync-state')).toHaveText('Up to date', { timeout: 20_000 });
    const daily = async (date: string) =>
      (await (await fetch(`${api.url}/v1/reports/daily?date=${date}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json()) as {
        totals: { revenueCents: number; refundCents: number; netRevenueCents: number };
        vans: { stops: { place: string; cash: { expectedCents: number; countedCents: number | null } }[] }[];
      };
    expect((await daily('2026-11-27')).totals).toMatchObject({ revenueCents: 2800, refundCents: 0 });
    const next = await daily('2026-11-28');
    expect(next.totals).toMatchObject({ revenueCents: 0, refundCents: 1400, netRevenueCents: -1400 });
    expect(next.vans[0]!.stops.find((s) => s.place === 'Mattapan Square')?.cash).toMatchObject({ expectedCents: 8600, countedCents: 8600 });
  } finally {
    await stack.close();
  }
});
