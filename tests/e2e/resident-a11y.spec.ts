import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { makeResidentStack, overrideIdleTimes, staffOpensStop, type ResidentStack } from './resident-harness';

/**
 * Every resident screen, in every layout mode, checked by axe (no serious or critical violation), measured (no
 * control smaller than 44×44 CSS px, no sideways scrolling), and photographed in English, Arabic and large text.
 */

type Mode = 'default' | 'large' | 'contrast' | 'rtl';
const MODES: Mode[] = ['default', 'large', 'contrast', 'rtl'];
/** Screenshot names: English (default), Arabic (rtl) and large text. */
const SHOT: Partial<Record<Mode, string>> = { default: 'en', rtl: 'ar', large: 'large' };

let stack: ResidentStack;
let context: BrowserContext;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }: { browser: Browser }) => {
  test.setTimeout(60_000);
  stack = await makeResidentStack({ residentIdleMs: 600_000, residentWarningMs: 60_000 });
  context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const staff = await staffOpensStop(context, stack);
  await staff.close();
});

test.afterAll(async () => {
  await context?.close();
  await stack?.close();
});

interface Offender {
  what: string;
  width: number;
  height: number;
}

/** Interactive elements on screen smaller than 44×44 (a radio or checkbox counts by the label that wraps it). */
async function smallTargets(page: Page): Promise<Offender[]> {
  return page.evaluate(() => {
    const MIN = 44 - 0.5;
    const describe = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.getAttribute('data-testid') ? `[data-testid=${el.getAttribute('data-testid')}]` : ''} "${(el.textContent ?? '').trim().slice(0, 40)}"`;
    const targets = new Set<Element>();
    for (const el of document.querySelectorAll('button, a, input, select, textarea, [role=button], label')) {
      if (el instanceof HTMLInputElement && (el.type === 'radio' || el.type === 'checkbox')) {
        targets.add(el.closest('label') ?? el);
      } else if (el instanceof HTMLLabelElement) {
        if (el.querySelector('input[type=radio], input[type=checkbox]')) targets.add(el);
      } else {
        targets.add(el);
      }
    }
    const offenders: { what: string; width: number; height: number }[] = [];
    for (const el of targets) {
      const style = getComputedStyle(el);
      const rect = el.getBoundingClientRect();
      if (style.visibility === 'hidden' || style.display === 'none' || rect.width === 0 || rect.height === 0) continue;
      if (rect.width < MIN || rect.height < MIN) offenders.push({ what: describe(el), width: Math.round(rect.width), height: Math.round(rect.height) });
    }
    return offenders;
  });
}

async function check(page: Page, screen: string, mode: Mode) {
  // Let the screen settle (fonts, live queries) before measuring.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  // Violations in full; passes and the rest are not needed here (and cost time to serialise).
  const results = await new AxeBuilder({ page }).options({ resultTypes: ['violations'] }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = serious.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => `${n.target.join(' ')} — ${n.failureSummary?.replace(/\n/g, ' ')}`).join('\n    ')}`);
  expect(report, `axe on ${screen} (${mode}):\n  ${report.join('\n  ')}`).toEqual([]);
  const small = await smallTargets(page);
  expect(small, `${screen} (${mode}): targets under 44×44: ${JSON.stringify(small)}`).toEqual([]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${screen} (${mode}) scrolls sideways by ${overflow}px`).toBeLessThanOrEqual(0);
  const shot = SHOT[mode];
  if (shot) await page.screenshot({ path: `tests/e2e/screenshots/resident-${screen}-${shot}.png`, fullPage: true });
}

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
    const page = await context.newPage();
    try {
      await page.goto(stack.residentUrl);
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
      await page.locator('input[name=nameOnRecord]').fill('Rosa Lima');
      await page.locator('input[name=eventDate-day]').fill('9');
      await page.locator('input[name=eventDate-month]').fill('6');
      await page.locator('input[name=eventDate-year]').fill('2001');
      await page.locator('input[name=requesterName]').fill('Rosa Lima');
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
    const idle = await context.newPage();
    try {
      await overrideIdleTimes(idle, { residentIdleMs: 1000, residentWarningMs: 60_000 });
      await idle.goto(stack.residentUrl);
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
