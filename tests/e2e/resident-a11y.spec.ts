import { expect, test, type Page } from '@playwright/test';
import { checkScreen, MODES, type Mode } from './resident-checks';
import { fillCertificateOrder, overrideIdleTimes, sharedKiosk } from './resident-harness';

/**
 * Every resident screen, in every layout mode, checked by axe (no serious or critical violation), measured (no
 * control smaller than 44×44 CSS px, no sideways scrolling), and photographed in English, Arabic and large text.
 */

test.describe.configure({ mode: 'serial' });

const kiosk = sharedKiosk();

const check = (page: Page, screen: string, mode: Mode) => checkScreen(page, screen, mode, { axe: 'serious' });

/** The mode's display options, set on the start screen before anything else. */
async function applyOptions(page: Page, mode: Mode) {
  if (mode === 'large') await page.getByTestId('toggle-large-text').click();
  if (mode === 'contrast') await page.getByTestId('toggle-high-contrast').click();
}

async function chooseLanguage(page: Page, mode: Mode) {
  await page.getByTestId('language-picker').getByRole('button', { name: mode === 'rtl' ? 'العربية' : 'English' }).click();
  await expect(page.locator('[data-screen=home]')).toBeVisible();
}

async function onScreen(page: Page, screen: string) {
  await expect(page.locator(`[data-screen=${screen}]`)).toBeVisible();
}

for (const mode of MODES) {
  test(`every resident screen is accessible: ${mode}`, async () => {
    // Some 40 axe scans and screenshots: a loaded 2-core machine needs the room.
    test.setTimeout(120_000);
    const page = await kiosk.context.newPage();
    try {
      await page.goto(kiosk.stack.residentUrl);
      await onScreen(page, 'start');
      await applyOptions(page, mode);
      if (mode === 'rtl') {
        // The start screen as an Arabic speaker sees it after choosing their language and coming back to it.
        await chooseLanguage(page, mode);
        await page.getByTestId('change-language').click();
        await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
        await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
        await expect(page.getByTestId('resident')).toHaveAttribute('dir', 'rtl');
      }
      await check(page, 'start', mode);

      await chooseLanguage(page, mode);
      await check(page, 'home', mode);

      await page.getByTestId('home-ticket').click();
      await expect(page.getByTestId('ticket-categories')).toBeVisible();
      await check(page, 'ticket-category', mode);
      await page.getByTestId('ticket-categories').getByRole('button').first().click();
      await expect(page.getByTestId('estimated-wait')).toBeVisible();
      await check(page, 'ticket-shown', mode);
      await page.getByTestId('done').click();

      await page.getByTestId('home-311').click();
      await onScreen(page, 'request311');
      await check(page, 'request311-form', mode);
      await page.getByTestId('submit-311').click();
      await expect(page.locator('[aria-invalid=true]').first()).toBeVisible();
      await check(page, 'request311-errors', mode);
      await page.locator('input[name=serviceCode]').first().check();
      await page.locator('textarea[name=description]').fill('Large pothole by the library steps');
      await page.getByTestId('submit-311').click();
      await onScreen(page, 'request311-done');
      await check(page, 'request311-done', mode);
      await page.getByTestId('done').click();

      await page.getByTestId('home-certificate').click();
      await onScreen(page, 'certificate');
      await page.locator('input[name=certificateType]').first().check();
      await check(page, 'certificate-form', mode);
      await fillCertificateOrder(page);
      await page.getByTestId('submit-certificate').click();
      await onScreen(page, 'certificate-done');
      await check(page, 'certificate-done', mode);
      await page.getByTestId('done').click();

      await page.getByTestId('home-survey').click();
      await onScreen(page, 'survey');
      await page.locator('input[name=rating]').nth(3).check();
      await check(page, 'survey', mode);
      await page.getByTestId('submit-survey').click();
      await onScreen(page, 'survey-thanks');
      await check(page, 'survey-thanks', mode);

      await page.getByTestId('call-help').click();
      await onScreen(page, 'help-sent');
      await check(page, 'help-sent', mode);
    } finally {
      await page.close();
    }

    // The idle warning, on a page whose idle time is short and whose warning is long enough to be examined.
    const idle = await kiosk.context.newPage();
    try {
      await overrideIdleTimes(idle, { residentIdleMs: 1000, residentWarningMs: 60_000 });
      await idle.goto(kiosk.stack.residentUrl);
      await onScreen(idle, 'start');
      await applyOptions(idle, mode);
      await chooseLanguage(idle, mode);
      await expect(idle.getByTestId('idle-warning')).toBeVisible({ timeout: 5000 });
      await expect(idle.getByTestId('keep-going')).toBeFocused();
      await check(idle, 'idle-warning', mode);
    } finally {
      await idle.close();
    }
  });
}
