import { expect, test } from '@playwright/test';
import { makeStack } from './harness';
import { CLERK, openStop, recordService, signIn, field } from './staff-helpers';

test('a new kiosk enrols with a one-time code; after its key is revoked it enrols again and nothing recorded is lost', async ({ page }) => {
  const stack = await makeStack({ enrolled: false });
  try {
    await stack.startApi();
    // A van's kiosk receives only the staff assigned to it.
    for (const staffId of ['clerk-ana', 'super-sam']) await stack.admin('PUT', `/v1/admin/staff/${staffId}/vans`, { vans: ['Van 1 (demo)', 'Van 7'] });
    const first = await stack.admin('POST', '/v1/admin/enrolment-codes', { vanName: 'Van 7' });
    await page.goto(stack.kioskUrl);
    await expect(page.getByRole('heading', { name: 'Connect this kiosk', exact: true })).toBeVisible();
    await field(page, 'Enrolment code').fill('WRNG-CODE-2345');
    await page.getByRole('button', { name: 'Enrol', exact: true }).click();
    await expect(page.getByRole('alert')).toContainText('not known');
    await page.screenshot({ path: 'tests/e2e/screenshots/enrol-first-run.png', fullPage: true });
    await field(page, 'Enrolment code').fill(String(first.body.code));
    await page.getByRole('button', { name: 'Enrol', exact: true }).click();
    // The secret is kept by the host bridge (localStorage in a plain browser; encrypted in main under Electron).
    await signIn(page, CLERK);
    await openStop(page);

    const pay = (ticket: string) =>
      recordService(page, {
        category: 'Payments',
        service: 'Pay parking ticket',
        fill: { 'Ticket number': ticket, 'Amount due (in dollars)': '30' },
        payment: { method: 'Cash', tendered: '30' },
      });
    await pay('FIRST001');
    // Received by the office before the key is revoked (the bar can still say "Up to date" from before the sale for a
    // moment, so the office's own count is what is waited for).
    await expect.poll(async () => ((await stack.admin('GET', '/v1/transactions')).body as { total: number }).total, { timeout: 15_000 }).toBe(1);
    await expect(page.getByTestId('sync-state')).toHaveText('Up to date', { timeout: 15_000 });

    const devices = (await stack.admin('GET', '/v1/admin/devices')).body.devices as { id: string }[];
    expect(devices).toHaveLength(1);
    const deviceId = devices[0]!.id;
    await stack.admin('POST', `/v1/admin/devices/${deviceId}/revoke`);
    await pay('AFTER002');
    await expect(page.getByTestId('sync-chip')).toHaveText('Not enrolled', { timeout: 15_000 });
    await expect(page.getByTestId('sync-state')).toContainText('1 transaction kept safe on this van');
    await page.screenshot({ path: 'tests/e2e/screenshots/enrol-revoked.png', fullPage: true });

    await page.getByRole('button', { name: 'Enrol again', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Enrol this kiosk again', exact: true })).toBeVisible();
    // Enrolling a revoked kiosk again takes two acts of the administrator: lifting the revocation, and a code for that
    // very device (a code for a new kiosk is refused).
    const forNewKiosk = await stack.admin('POST', '/v1/admin/enrolment-codes', { vanName: 'Van 7' });
    await field(page, 'Enrolment code').fill(String(forNewKiosk.body.code));
    await page.getByRole('button', { name: 'Enrol', exact: true }).click();
    await expect(page.getByRole('alert')).toContainText('new kiosk');
    expect((await stack.admin('POST', `/v1/admin/devices/${deviceId}/unrevoke`)).status).toBe(200);
    const second = await stack.admin('POST', '/v1/admin/enrolment-codes', { deviceId });
    await field(page, 'Enrolment code').fill(String(second.body.code).toLowerCase());
    await page.getByRole('button', { name: 'Enrol', exact: true }).click();
    await expect(page.getByTestId('sync-state')).toHaveText('Up to date', { timeout: 15_000 });

    const transactions = (await stack.admin('GET', '/v1/transactions')).body as { total: number; items: { reference: string; deviceId: string }[] };
    expect(transactions.total).toBe(2);
    expect(transactions.items.map((t) => t.reference).sort()).toEqual(['AFTER002', 'FIRST001']);
    expect(new Set(transactions.items.map((t) => t.deviceId))).toEqual(new Set([deviceId]));
  } finally {
    await stack.close();
  }
});
