import { expect, test, type Page } from '@playwright/test';
import { makeStack, pinClock } from './harness';
import { CLERK, openStop, signIn, SUPERVISOR } from './staff-helpers';

// 10:00 on a weekday morning in Boston, on every window.
const MORNING = '2026-12-01T15:00:00.000Z';
const FLAG_MS = 2 * 60_000;

/** Counts the notes the staff window plays through Web Audio (each chime is two). */
async function listenForChimes(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __notes: number };
    w.__notes = 0;
    const create = AudioContext.prototype.createOscillator;
    AudioContext.prototype.createOscillator = function (this: AudioContext) {
      w.__notes++;
      return create.call(this);
    };
  });
}
const notesPlayed = (page: Page) => page.evaluate(() => (window as unknown as { __notes: number }).__notes);

const helpBanner = (page: Page) => page.getByRole('alert').filter({ has: page.getByRole('heading', { name: 'A resident asks for help at the touchscreen', exact: true }) });

test('a help call chimes and shows on every staff screen until answered; the resident sees someone is coming and can cancel; a late call is flagged to the supervisor', async ({ context }) => {
  // The touchscreen's privacy reset is pushed out of the way: the clock jumps minutes ahead here.
  const stack = await makeStack({ config: { helpCallFlagMs: FLAG_MS, residentIdleMs: 3_600_000 } });
  try {
    await stack.startApi();
    const staff = await context.newPage();
    await listenForChimes(staff);
    // One clock for the context: every window (counter, touchscreen, supervisor) reads the same pinned time.
    await pinClock(staff, MORNING);
    await staff.goto(stack.kioskUrl);
    await signIn(staff, CLERK);
    await openStop(staff);
    await expect(helpBanner(staff)).toHaveCount(0);

    // A resident in Spanish calls for help.
    const resident = await context.newPage();
    await resident.goto(`${stack.kioskUrl}#/resident`);
    await resident.getByTestId('language-picker').getByRole('button', { name: 'Español', exact: true }).click();
    await resident.getByTestId('call-help').click();
    await expect(resident.getByTestId('help-status')).toHaveText('Llamamos a un miembro del personal, que vendrá a atenderle en breve.');

    // The counter: a banner above everything, and a chime (two notes), repeated while nobody answers.
    await staff.bringToFront();
    const banner = helpBanner(staff);
    await expect(banner).toBeVisible();
    await expect(banner).toContainText('Since 10:00 AM · speaks Español');
    await expect.poll(() => notesPlayed(staff)).toBeGreaterThanOrEqual(2);
    const afterFirst = await notesPlayed(staff);
    await staff.clock.fastForward(21_000);
    await expect.poll(() => notesPlayed(staff)).toBeGreaterThan(afterFirst);
    await staff.screenshot({ path: 'tests/e2e/screenshots/help-banner.png', fullPage: true });

    // Left unanswered past the configured time: flagged, here and on the supervisor's screens.
    await staff.clock.fastForward(FLAG_MS);
    await expect(banner.getByTestId('help-overdue')).toContainText('flagged to the supervisor');
    const supervisor = await context.newPage();
    await supervisor.goto(`${stack.kioskUrl}#/supervisor`);
    await signIn(supervisor, SUPERVISOR);
    await expect(helpBanner(supervisor).getByTestId('help-supervisor-flag')).toHaveText('Supervisor: a call has waited more than 2 min with nobody answering.');
    await supervisor.screenshot({ path: 'tests/e2e/screenshots/help-supervisor-flag.png', fullPage: true });

    // The clerk answers: every banner goes, the chime stops, and the touchscreen says someone is coming.
    await staff.bringToFront();
    await banner.getByRole('button', { name: 'On my way', exact: true }).click();
    await expect(banner).toHaveCount(0);
    await expect(helpBanner(supervisor)).toHaveCount(0);
    const settled = await notesPlayed(staff);
    await staff.clock.fastForward(60_000);
    expect(await notesPlayed(staff)).toBe(settled);
    await resident.bringToFront();
    await expect(resident.getByTestId('help-status')).toHaveText('Un miembro del personal vio su llamada y ya viene hacia usted.');
    await resident.screenshot({ path: 'tests/e2e/screenshots/help-someone-coming.png' });

    // The resident no longer needs help: the call is taken back.
    await resident.getByRole('button', { name: 'Ya no necesito ayuda', exact: true }).click();
    await expect(resident.getByRole('heading', { level: 1 })).toHaveText('Llamada cancelada');
    await expect(resident.getByTestId('help-status')).toHaveText('Su llamada de ayuda quedó cancelada. Puede volver a llamar cuando quiera.');
    await expect(resident.getByRole('button', { name: 'Ya no necesito ayuda', exact: true })).toHaveCount(0);

    // A new call, cancelled before anyone answers: the staff banner comes and goes with it.
    await resident.getByTestId('call-help').click();
    await expect(resident.getByTestId('help-status')).toHaveText('Llamamos a un miembro del personal, que vendrá a atenderle en breve.');
    await expect(helpBanner(staff)).toBeVisible();
    await resident.getByRole('button', { name: 'Ya no necesito ayuda', exact: true }).click();
    await expect(resident.getByRole('heading', { level: 1 })).toHaveText('Llamada cancelada');
    await expect(helpBanner(staff)).toHaveCount(0);
    await resident.getByRole('button', { name: 'Listo', exact: true }).click();

    // All four help events reached the office as ordinary records.
    await staff.bringToFront();
    await expect(staff.getByTestId('sync-state')).toHaveText('Up to date', { timeout: 20_000 });
  } finally {
    await stack.close();
  }
});
