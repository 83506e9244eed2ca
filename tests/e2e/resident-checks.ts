import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/**
 * The checks made on every resident screen: axe without violations, no control under 44×44 CSS px, no sideways
 * scrolling; and a photograph in English, Arabic and large text.
 */

export type Mode = 'default' | 'large' | 'contrast' | 'rtl';
export const MODES: Mode[] = ['default', 'large', 'contrast', 'rtl'];
/** Screenshot names: English (default), Arabic (rtl) and large text. */
const SHOT: Partial<Record<Mode, string>> = { default: 'en', rtl: 'ar', large: 'large' };

/** Interactive elements on screen smaller than 44×44 (a radio or checkbox counts by the label that wraps it). */
async function smallTargets(page: Page) {
  return page.evaluate(() => {
    const MIN = 44 - 0.5;
    const describe = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.getAttribute('data-testid') ? `[data-testid=${el.getAttribute('data-testid')}]` : ''} "${(el.textContent ?? '').trim().slice(0, 40)}"`;
    const targets = new Set<Element>();
    for (const el of document.querySelectorAll('button, a, input, select, textarea, [role=button], label')) {
      if (el instanceof HTMLInputElement && (el.type === 'radio' || el.type === 'checkbox')) targets.add(el.closest('label') ?? el);
      else if (el instanceof HTMLLabelElement) {
        if (el.querySelector('input[type=radio], input[type=checkbox]')) targets.add(el);
      } else targets.add(el);
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

/**
 * The screen as it is now. `axe: 'serious'` lets minor and moderate violations pass (tests/e2e/resident-a11y.spec.ts,
 * the first screens); the specs of newer screens take every violation.
 */
export async function checkScreen(page: Page, screen: string, mode: Mode, options: { axe?: 'all' | 'serious' } = {}): Promise<void> {
  // Let the screen settle (fonts, live queries) before measuring.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  // Violations in full; passes and the rest are not needed here (and cost time to serialise).
  const results = await new AxeBuilder({ page }).options({ resultTypes: ['violations'] }).analyze();
  const violations = options.axe === 'serious' ? results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical') : results.violations;
  const report = violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => `${n.target.join(' ')} — ${n.failureSummary?.replace(/\n/g, ' ')}`).join('\n    ')}`);
  expect(report, `axe on ${screen} (${mode}):\n  ${report.join('\n  ')}`).toEqual([]);
  const small = await smallTargets(page);
  expect(small, `${screen} (${mode}): targets under 44×44: ${JSON.stringify(small)}`).toEqual([]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${screen} (${mode}) scrolls sideways by ${overflow}px`).toBeLessThanOrEqual(0);
  const shot = SHOT[mode];
  if (shot) await page.screenshot({ path: `tests/e2e/screenshots/resident-${screen}-${shot}.png`, fullPage: true });
}

/** The mode's display options and language, from the start screen to home. */
export async function startIn(page: Page, mode: Mode): Promise<void> {
  await expect(page.locator('[data-screen=start]')).toBeVisible();
  if (mode === 'large') await page.getByTestId('toggle-large-text').click();
  if (mode === 'contrast') await page.getByTestId('toggle-high-contrast').click();
  await page.getByTestId('language-picker').getByRole('button', { name: mode === 'rtl' ? 'العربية' : 'English', exact: true }).click();
  await expect(page.locator('[data-screen=home]')).toBeVisible();
}
