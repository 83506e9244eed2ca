import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { LANGUAGES } from '../../renderer/src/i18n/languages';
import { fillCertificateOrder, overrideIdleTimes, sharedKiosk } from './resident-harness';

/**
 * The touchscreen on the screens vans carry: portrait 1080×1920 (floor kiosk), landscape 1920×1080 and 1280×800, each
 * with and without "Larger text". On every screen: a photograph of what the resident sees; the primary action on
 * screen and uncovered without scrolling; every other control on screen or, when below, announced by the visible
 * "More below" cue; in portrait every control in the lower two thirds (within reach); in landscape a compact header.
 * One browser, one server, one page walked through the screens.
 */

const SIZES = [
  { name: 'portrait-1080x1920', width: 1080, height: 1920 },
  { name: 'landscape-1920x1080', width: 1920, height: 1080 },
  { name: 'landscape-1280x800', width: 1280, height: 800 },
] as const;
type Size = (typeof SIZES)[number];

test.describe.configure({ mode: 'serial' });

const kiosk = sharedKiosk({ viewport: { width: 1280, height: 800 } });

interface Layout {
  /** Controls neither on screen nor reachable by the visible cue. */
  unreachable: string[];
  /** Controls in the top third of a portrait screen. */
  outOfReach: string[];
  /** The primary action, when it is not on screen and uncovered. */
  primaryHidden: string | null;
  cue: boolean;
  headerHeight: number;
}

/** Measures the screen as it first shows (scrolled to the top). */
async function measure(page: Page, primary: string): Promise<Layout> {
  await page.evaluate(() => window.scrollTo({ top: 0, behavior: 'instant' }));
  // Two frames: the cue and the dock measure themselves on the next frame.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  return page.evaluate((primarySelector) => {
    const vw = window.innerWidth;
    const vh = window.innerHeight;
    const root = document.querySelector('[data-testid=resident]')!;
    const describe = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.getAttribute('name') ? `[name=${el.getAttribute('name')}]` : ''}${el.getAttribute('data-testid') ? `[${el.getAttribute('data-testid')}]` : ''} "${(el.textContent ?? '').trim().slice(0, 30)}"`;
    const stuck = (el: Element) => {
      for (let node: Element | null = el; node && node !== root; node = node.parentElement) {
        const position = getComputedStyle(node).position;
        if (position === 'fixed' || position === 'sticky') return node;
      }
      return null;
    };
    // What is stuck to the bottom (the docked header, a form's action bar) covers the page beneath it.
    let coverTop = vh;
    for (const el of root.querySelectorAll('.r-header, .r-form > .r-actions, .r-screen > .r-actions:has(.r-primary)')) {
      const rect = el.getBoundingClientRect();
      const position = getComputedStyle(el).position;
      if ((position === 'fixed' || position === 'sticky') && rect.top < vh && rect.bottom > vh - 2) coverTop = Math.min(coverTop, rect.top);
    }
    const cue = document.querySelector('[data-testid=scroll-cue]');
    const cueVisible = !!cue && cue.getBoundingClientRect().bottom <= vh && cue.getBoundingClientRect().top >= 0;
    const scrollable = document.documentElement.scrollHeight - vh;

    const targets = new Set<Element>();
    for (const el of root.querySelectorAll('button, a[href], input, select, textarea')) {
      if (el === cue) continue;
      if (el instanceof HTMLInputElement && (el.type === 'radio' || el.type === 'checkbox')) targets.add(el.closest('label') ?? el);
      else targets.add(el);
    }
    const unreachable: string[] = [];
    const outOfReach: string[] = [];
    const portrait = vh > vw;
    for (const el of targets) {
      const rect = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (rect.width === 0 || rect.height === 0 || style.visibility === 'hidden') continue;
      const inside = rect.left >= -0.5 && rect.right <= vw + 0.5 && rect.top >= -0.5;
      const onScreen = inside && (stuck(el) ? rect.bottom <= vh + 0.5 : rect.bottom <= coverTop + 0.5);
      // Below the fold: reachable by scrolling far enough, and the resident is told so.
      const below = inside && !onScreen && cueVisible && rect.bottom - coverTop <= scrollable + 1;
      if (!onScreen && !below) unreachable.push(`${describe(el)} at ${Math.round(rect.left)},${Math.round(rect.top)}–${Math.round(rect.bottom)} (cover ${Math.round(coverTop)}, cue ${cueVisible})`);
      if (portrait && rect.top < vh / 3) outOfReach.push(`${describe(el)} top ${Math.round(rect.top)} < ${Math.round(vh / 3)}`);
    }

    let primaryHidden: string | null = null;
    const primaries = [...root.querySelectorAll(primarySelector)];
    if (primaries.length === 0) primaryHidden = `no ${primarySelector}`;
    for (const el of primaries) {
      const rect = el.getBoundingClientRect();
      const x = rect.left + rect.width / 2;
      const y = rect.top + rect.height / 2;
      const hit = x >= 0 && x <= vw && y >= 0 && y <= vh ? document.elementFromPoint(x, y) : null;
      const inside = rect.top >= -0.5 && rect.bottom <= vh + 0.5 && rect.left >= -0.5 && rect.right <= vw + 0.5;
      if (!inside || !hit || !(el === hit || el.contains(hit))) primaryHidden = `${describe(el)} at ${Math.round(rect.top)}–${Math.round(rect.bottom)} of ${vh}, covered by ${hit ? describe(hit) : 'nothing'}`;
    }
    return { unreachable, outOfReach, primaryHidden, cue: cueVisible, headerHeight: root.querySelector('.r-header')!.getBoundingClientRect().height };
  }, primary);
}

async function check(page: Page, size: Size, large: boolean, screen: string, primary: string) {
  const layout = await measure(page, primary);
  const what = `${screen} at ${size.name}${large ? ' with larger text' : ''}`;
  await page.screenshot({ path: `tests/e2e/screenshots/resident-layout-${size.name}-${large ? 'large' : 'default'}-${screen}.png` });
  expect(layout.primaryHidden, `${what}: primary action visible without scrolling`).toBeNull();
  expect(layout.unreachable, `${what}: controls neither on screen nor announced by the scroll cue`).toEqual([]);
  if (size.height > size.width) expect(layout.outOfReach, `${what}: controls in the top third`).toEqual([]);
  else expect(layout.headerHeight, `${what}: header height`).toBeLessThanOrEqual(Math.round(size.height * 0.2));
  return layout;
}

const PRIMARY = '.r-primary';

for (const size of SIZES) {
  for (const large of [false, true]) {
    test(`every screen at ${size.name}${large ? ', larger text' : ''}: primary action on screen, controls reachable`, async () => {
      test.setTimeout(90_000);
      const page = await kiosk.context.newPage();
      try {
        await page.setViewportSize({ width: size.width, height: size.height });
        await page.goto(kiosk.stack.residentUrl);
        await expect(page.locator('[data-screen=start]')).toBeVisible();
        if (large) await page.getByTestId('toggle-large-text').click();
        await check(page, size, large, 'start', '.r-language');

        await page.getByTestId('language-picker').getByRole('button', { name: 'English', exact: true }).click();
        await expect(page.locator('[data-screen=home]')).toBeVisible();
        // Every choice, not two of them.
        await check(page, size, large, 'home', '.r-tile');

        await page.getByTestId('home-ticket').click();
        await expect(page.getByTestId('ticket-categories')).toBeVisible();
        await check(page, size, large, 'ticket-category', '.r-tile');
        await page.getByTestId('ticket-categories').getByRole('button').first().click();
        await expect(page.getByTestId('estimated-wait')).toBeVisible();
        await check(page, size, large, 'ticket-shown', PRIMARY);
        await page.getByTestId('done').click();

        await page.getByTestId('home-311').click();
        await expect(page.locator('[data-screen=request311]')).toBeVisible();
        await check(page, size, large, 'request311-form', PRIMARY);
        await page.getByTestId('submit-311').click();
        await expect(page.locator('[aria-invalid=true]').first()).toBeFocused();
        await check(page, size, large, 'request311-errors', PRIMARY);
        await page.locator('input[name=serviceCode]').first().check();
        await page.locator('textarea[name=description]').fill('Large pothole by the library steps');
        await page.getByTestId('submit-311').click();
        await expect(page.locator('[data-screen=request311-done]')).toBeVisible();
        await check(page, size, large, 'request311-done', PRIMARY);
        const reference = (await page.getByTestId('request-reference').textContent())!;
        await page.getByTestId('done').click();

        await page.getByTestId('home-follow-up').click();
        await expect(page.locator('[data-screen=follow-up]')).toBeVisible();
        await check(page, size, large, 'follow-up', PRIMARY);
        await page.locator('input[name=reference]').fill(reference);
        await page.getByTestId('follow-up-check').click();
        await expect(page.getByTestId('follow-up-answer').locator(':scope > *').first()).toBeVisible();
        await expect(page.getByTestId('follow-up-check')).toBeEnabled();
        await check(page, size, large, 'follow-up-answer', PRIMARY);
        await page.getByRole('button', { name: 'Back', exact: true }).click();

        await page.getByTestId('home-certificate').click();
        await expect(page.locator('[data-screen=certificate]')).toBeVisible();
        await page.locator('input[name=certificateType]').first().check();
        await check(page, size, large, 'certificate-form', PRIMARY);
        await page.getByTestId('submit-certificate').click();
        await expect(page.locator('[aria-invalid=true]').first()).toBeFocused();
        await check(page, size, large, 'certificate-errors', PRIMARY);
        await fillCertificateOrder(page);
        await page.getByTestId('submit-certificate').click();
        await expect(page.locator('[data-screen=certificate-done]')).toBeVisible();
        await check(page, size, large, 'certificate-done', PRIMARY);
        await page.getByTestId('done').click();

        await page.getByTestId('home-survey').click();
        await expect(page.locator('[data-screen=survey]')).toBeVisible();
        await check(page, size, large, 'survey', PRIMARY);
        await page.locator('input[name=rating]').nth(3).check();
        await page.getByTestId('submit-survey').click();
        await expect(page.locator('[data-screen=survey-thanks]')).toBeVisible();
        await check(page, size, large, 'survey-thanks', PRIMARY);

        await page.getByTestId('call-help').click();
        await expect(page.locator('[data-screen=help-sent]')).toBeVisible();
        await check(page, size, large, 'help-sent', PRIMARY);
      } finally {
        await page.close();
      }
    });
  }
}

test('the idle warning at every size: its button on screen', async () => {
  const page = await kiosk.context.newPage();
  try {
    await overrideIdleTimes(page, { residentIdleMs: 1000, residentWarningMs: 600_000 });
    await page.goto(kiosk.stack.residentUrl);
    await page.getByTestId('toggle-large-text').click();
    await page.getByTestId('language-picker').getByRole('button', { name: 'English', exact: true }).click();
    await expect(page.getByTestId('idle-warning')).toBeVisible({ timeout: 5000 });
    for (const size of SIZES) {
      await page.setViewportSize({ width: size.width, height: size.height });
      const box = await page.getByTestId('keep-going').boundingBox();
      expect(box!.y + box!.height, `${size.name}: keep going on screen`).toBeLessThanOrEqual(size.height);
      await page.screenshot({ path: `tests/e2e/screenshots/resident-layout-${size.name}-large-idle-warning.png` });
    }
  } finally {
    await page.close();
  }
});

test('"More below" shows while the page goes on, scrolls it when touched, and goes away at the end', async () => {
  const page = await kiosk.context.newPage();
  try {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(kiosk.stack.residentUrl);
    await page.getByTestId('language-picker').getByRole('button', { name: 'English', exact: true }).click();
    // Home fits on the screen: no cue.
    await expect(page.locator('[data-screen=home]')).toBeVisible();
    await expect(page.getByTestId('scroll-cue')).toHaveCount(0);
    await page.getByTestId('toggle-large-text').click();
    await page.getByTestId('home-311').click();
    const cue = page.getByRole('button', { name: 'More below', exact: true });
    await expect(cue).toBeVisible();
    // Above the sticky action bar, not over it.
    const bar = await page.locator('.r-form > .r-actions').boundingBox();
    const cueBox = await cue.boundingBox();
    expect(cueBox!.y + cueBox!.height).toBeLessThanOrEqual(bar!.y);
    let scrolled = 0;
    for (let i = 0; i < 10 && (await cue.count()) > 0; i++) {
      const before = await page.evaluate(() => window.scrollY);
      await cue.click();
      await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(before);
      scrolled++;
      // The cue measures the page on the frame after a scroll: let it, before asking whether it is still there.
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 0)))));
    }
    expect(scrolled).toBeGreaterThan(0);
    await expect(cue).toHaveCount(0);
    // At the end of the form: its last field and the Send button both on screen.
    await expect(page.getByRole('textbox', { name: 'Email (optional)', exact: true })).toBeInViewport();
    await expect(page.getByTestId('submit-311')).toBeInViewport();
    // Scrolling back up brings the cue back.
    await page.evaluate(() => window.scrollTo({ top: 0, behavior: 'instant' }));
    await expect(cue).toBeVisible();
    await page.screenshot({ path: 'tests/e2e/screenshots/resident-layout-scroll-cue.png' });
  } finally {
    await page.close();
  }
});

test('in every language with larger text at 1280×800: a compact header, every home choice, and each form’s Send button on screen', async () => {
  test.setTimeout(120_000);
  const page = await kiosk.context.newPage();
  try {
    await page.setViewportSize({ width: 1280, height: 800 });
    for (const language of LANGUAGES) {
      const m = JSON.parse(readFileSync(`renderer/src/i18n/locales/${language.code}.json`, 'utf8')) as { common: { back: string } };
      const size = SIZES[2];
      // A fresh touchscreen for each language (the same URL again would only be a same-document navigation).
      await page.goto('about:blank');
      await page.goto(kiosk.stack.residentUrl);
      await page.getByTestId('toggle-large-text').click();
      await page.getByTestId('language-picker').getByRole('button', { name: language.name, exact: true }).click();
      await expect(page.locator('[data-screen=home]')).toBeVisible();
      await check(page, size, true, `home-${language.code}`, '.r-tile');
      for (const [tile, screen] of [
        ['home-311', 'request311'],
        ['home-certificate', 'certificate'],
        ['home-survey', 'survey'],
      ] as const) {
        await page.getByTestId(tile).click();
        await expect(page.locator(`[data-screen=${screen}]`)).toBeVisible();
        await check(page, size, true, `${screen}-${language.code}`, PRIMARY);
        await page.getByRole('button', { name: m.common.back, exact: true }).click();
      }
    }
  } finally {
    await page.close();
  }
});
