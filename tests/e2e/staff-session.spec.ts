import { expect, test } from '@playwright/test';
import { makeStack, pinClock } from './harness';
import { CLERK, openStop, pinInput, signIn } from './staff-helpers';

const MORNING = '2026-12-01T15:00:00.000Z';
const IDLE_MS = 60_000;

test('a reload (a crash recovery) keeps the clerk signed in; the window locks when left idle and only their PIN resumes it, with the same lockout', async ({ page }) => {
  const stack = await makeStack({ config: { staffIdleLockMs: IDLE_MS } });
  try {
    await stack.startApi();
    await pinClock(page, MORNING);
    await page.goto(stack.kioskUrl);
    await signIn(page, CLERK);
    await openStop(page);
    await page.getByRole('button', { name: 'New ticket: Payments (A)', exact: true }).click();
    // The ticket is stored before the window goes down (a reload mid-write would lose the click, not the session).
    await expect(page.getByTestId('waiting-tickets')).toContainText('A001');

    // Reload: still Ana, still at the counter, no PIN asked; and the PIN is nowhere in the window's storage.
    await page.reload();
    await expect(page.getByRole('banner')).toContainText('Ana Clerk (clerk)');
    await expect(page.getByRole('heading', { name: 'Queue', exact: true })).toBeVisible();
    await expect(page.getByTestId('waiting-tickets')).toContainText('A001');
    const stored = await page.evaluate(() => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }));
    expect(stored).toContain('clerk-ana');
    expect(stored).not.toContain(CLERK.pin);

    // Working keeps it open: typing and clicking within the idle time.
    await page.clock.fastForward(IDLE_MS - 10_000);
    await page.getByRole('button', { name: 'Call next Alt+N', exact: true }).click();
    await page.clock.fastForward(IDLE_MS - 10_000);
    await expect(page.getByRole('heading', { name: 'Queue', exact: true })).toBeVisible();

    // Left alone for the idle time: locked, nothing of the counter on screen.
    await page.clock.fastForward(IDLE_MS);
    const lockForm = page.getByRole('form', { name: 'Locked', exact: true });
    await expect(lockForm).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Queue', exact: true })).toHaveCount(0);
    await expect(page.getByTestId('called-tickets')).toHaveCount(0);
    await expect(lockForm.getByRole('combobox', { name: 'Name', exact: true }).locator('option')).toHaveText(['Choose…', 'Ana Clerk (clerk)']);
    await page.screenshot({ path: 'tests/e2e/screenshots/staff-locked.png', fullPage: true });

    // A reload does not get round the lock.
    await page.reload();
    await expect(lockForm).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Queue', exact: true })).toHaveCount(0);

    // Wrong PINs count towards the same lockout as signing in.
    for (let i = 0; i < 3; i++) {
      await pinInput(page).fill('000000');
      await page.getByRole('button', { name: 'Unlock', exact: true }).click();
      // The pad answers each try by emptying the PIN field: wait for that before the next try.
      await expect(pinInput(page)).toHaveValue('');
      await expect(page.getByRole('alert')).toContainText(/Wrong PIN|Too many/);
    }
    await expect(page.getByRole('alert')).toContainText('Too many wrong PINs');
    await expect(pinInput(page)).toBeDisabled();
    await page.clock.fastForward(31_000);
    await expect(pinInput(page)).toBeEnabled();
    await pinInput(page).fill(CLERK.pin);
    await page.getByRole('button', { name: 'Unlock', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Queue', exact: true })).toBeVisible();
    await expect(page.getByTestId('called-tickets')).toContainText('A001');

    // Signing out ends the kept session: a reload asks for a PIN again.
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.reload();
    await expect(page.getByRole('form', { name: 'Sign in', exact: true })).toBeVisible();
    expect(await page.evaluate(() => JSON.stringify({ ...sessionStorage }))).not.toContain('clerk-ana');
  } finally {
    await stack.close();
  }
});
