import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { makeResidentStack, staffOpensStop } from './resident-harness';
import { SUPERVISOR, signIn } from './staff-helpers';

test('a supervisor changes the van name and the touchscreen idle time; a bad value is refused; the kiosk keeps the change', async ({ context }) => {
  const stack = await makeResidentStack({ residentIdleMs: 120_000, residentWarningMs: 30_000 });
  try {
    const staff = await staffOpensStop(context, stack);
    await staff.getByRole('button', { name: 'Sign out' }).click();
    await staff.getByRole('link', { name: 'Supervisor' }).click();
    await signIn(staff, SUPERVISOR);
    await staff.getByRole('tab', { name: 'Settings' }).click();

    const panel = staff.getByRole('region', { name: 'Kiosk settings' });
    await expect(panel.getByLabel('Van name')).toHaveValue('Van E2E');
    await expect(panel.getByLabel('Central office address')).toHaveValue(stack.apiUrl);
    await expect(panel.getByLabel('Printer')).toHaveValue('');
    const axe = await new AxeBuilder({ page: staff }).include('.supervisor').options({ resultTypes: ['violations'] }).analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

    // A value out of range and a word where seconds go: refused, field by field, and nothing changes.
    await panel.getByLabel('Van name').fill('Van 12 Roxbury');
    await panel.getByLabel('Resident screen: idle time before “Are you still there?” (seconds)').fill('ten');
    await panel.getByLabel('Resident screen: how long the warning stays (seconds)').fill('2');
    await panel.getByRole('button', { name: 'Save settings' }).click();
    await expect(panel.getByText('Enter a whole number of seconds.')).toBeVisible();
    await expect(panel.getByText('At least 5 seconds.')).toBeVisible();
    await expect(panel.getByLabel('Resident screen: idle time before “Are you still there?” (seconds)')).toHaveAttribute('aria-invalid', 'true');
    await expect(panel.getByLabel('Resident screen: idle time before “Are you still there?” (seconds)')).toBeFocused();
    await staff.screenshot({ path: 'tests/e2e/screenshots/supervisor-settings-refused.png', fullPage: true });
    await expect(staff.getByRole('heading', { level: 1 })).toContainText('Van E2E');
    // A plain-http address that is not this machine is refused too.
    await panel.getByLabel('Central office address').fill('http://api.city.example');
    await panel.getByLabel('Resident screen: idle time before “Are you still there?” (seconds)').fill('20');
    await panel.getByLabel('Resident screen: how long the warning stays (seconds)').fill('10');
    await panel.getByRole('button', { name: 'Save settings' }).click();
    await expect(panel.getByText(/plain http: API address is allowed only on this machine/)).toBeVisible();
    await expect(panel.getByLabel('Central office address')).toBeFocused();

    await panel.getByLabel('Central office address').fill(stack.apiUrl);
    await panel.getByRole('button', { name: 'Save settings' }).click();
    await expect(panel.getByRole('status')).toHaveText('Settings saved.');
    await expect(staff.getByRole('heading', { level: 1 })).toContainText('Van 12 Roxbury');
    await staff.screenshot({ path: 'tests/e2e/screenshots/supervisor-settings.png', fullPage: true });

    // The touchscreen, opened afterwards, uses the new idle time: the warning comes at 20 s, not 120 s.
    const resident = await context.newPage();
    await resident.clock.install();
    await resident.goto(stack.residentUrl);
    await resident.getByRole('button', { name: 'English' }).click();
    await resident.clock.runFor(19_000);
    await expect(resident.getByTestId('idle-warning')).toBeHidden();
    await resident.clock.runFor(2_000);
    await expect(resident.getByTestId('idle-warning')).toBeVisible();

    // The settings outlive a reload.
    await staff.reload();
    await expect(staff.getByRole('heading', { level: 1 })).toContainText('Van 12 Roxbury');
  } finally {
    await stack.close();
  }
});

test('a supervisor points the kiosk at the office’s new address; it keeps its enrolment and syncs there', async ({ page }) => {
  const stack = await makeResidentStack({ residentIdleMs: 60_000, residentWarningMs: 20_000 });
  try {
    await page.goto(stack.kioskUrl);
    await page.getByRole('link', { name: 'Supervisor' }).click();
    await signIn(page, SUPERVISOR);
    await page.getByRole('tab', { name: 'Settings' }).click();
    const panel = page.getByRole('region', { name: 'Kiosk settings' });
    // The same office under another name: another origin as far as the kiosk can tell.
    const moved = stack.apiUrl.replace('127.0.0.1', 'localhost');
    await panel.getByLabel('Central office address').fill(moved);
    await panel.getByRole('button', { name: 'Save settings' }).click();
    await expect(panel.getByRole('status')).toHaveText('Settings saved.');

    const answered = page.waitForResponse((r) => r.url().startsWith(`${moved}/v1/`) && r.status() === 200);
    await page.getByRole('button', { name: 'Sync now' }).click();
    await answered;
    await expect(page.getByTestId('sync-state')).toHaveText('Up to date');

    // After a restart the kiosk still talks to the new address and shows it.
    await page.reload();
    const again = page.waitForResponse((r) => r.url().startsWith(`${moved}/v1/`) && r.status() === 200);
    await page.getByRole('button', { name: 'Sync now' }).click();
    await again;
    if (await page.getByRole('button', { name: 'Sign out' }).isHidden()) await signIn(page, SUPERVISOR);
    await page.getByRole('tab', { name: 'Settings' }).click();
    await expect(page.getByRole('region', { name: 'Kiosk settings' }).getByLabel('Central office address')).toHaveValue(moved);
  } finally {
    await stack.close();
  }
});
