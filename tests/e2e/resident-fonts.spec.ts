import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, test, type Browser, type Page } from '@playwright/test';
import { LANGUAGES } from '../../renderer/src/i18n/languages';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/chromium';
import { sharedKiosk } from './resident-harness';

/**
 * The touchscreen brings its own fonts. Chromium runs here with a fontconfig that knows only Liberation (not the
 * machine's DejaVu, which has Arabic, nor Droid Sans Fallback, which has Chinese), so any Chinese or Arabic character
 * that the bundled fonts do not draw would come out as a box. On every screen, in each of the twelve languages, every character shown must be drawn by a bundled
 * font face the page itself has loaded (FontFace status "loaded", its unicode-range covering the character) and must
 * draw something other than the missing glyph.
 */

/**
 * The only system fonts this Chromium may use: Liberation (Latin, Greek, Cyrillic; no Arabic, no Chinese). A Chromium
 * with no system font at all cannot load web fonts either (every FontFace errors), so it could not show a real kiosk.
 */
const LATIN_ONLY = '/usr/share/fonts/truetype/liberation';

const FAMILIES = ['Noto Sans Variable', 'Noto Sans Arabic Variable', 'Noto Sans SC Variable', 'Noto Sans TC Variable'];

let fontless: Browser;
let fontDir: string;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  expect(existsSync(LATIN_ONLY), `${LATIN_ONLY} (Debian's fonts-liberation, which chromium depends on)`).toBe(true);
  fontDir = mkdtempSync(join(tmpdir(), 'chtg-nofonts-'));
  writeFileSync(
    join(fontDir, 'fonts.conf'),
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig><dir>${LATIN_ONLY}</dir><cachedir>${join(fontDir, 'cache')}</cachedir></fontconfig>\n`,
  );
  fontless = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, env: { ...process.env, FONTCONFIG_FILE: join(fontDir, 'fonts.conf') } });
});

// Hooks run in the order they are declared: the kiosk opens in the browser launched above and closes before it.
const kiosk = sharedKiosk({ browser: () => fontless });

test.afterAll(async () => {
  await fontless?.close();
  if (fontDir) rmSync(fontDir, { recursive: true, force: true });
});

interface Coverage {
  /** Characters no loaded bundled face covers, with the element they are in. */
  uncovered: string[];
  /** Characters whose glyph, in the element's own font, is the missing glyph (blank or a box). */
  missing: string[];
  /** How many distinct characters were checked. */
  checked: number;
  /** The families of the faces that drew them. */
  families: string[];
}

/** Every character shown on the resident screen, checked against the loaded bundled faces and drawn on a canvas. */
async function coverage(page: Page): Promise<Coverage> {
  await page.evaluate(() => document.fonts.ready);
  return page.evaluate(async (families) => {
    const root = document.querySelector('[data-testid=resident]')!;
    const skip = /[\p{White_Space}\p{Cc}\p{Cf}]/u;
    // Element style (weight + family list) -> the characters shown in it.
    const byStyle = new Map<string, { weight: string; family: string; chars: Set<string>; where: string }>();
    const add = (el: Element, text: string) => {
      const style = getComputedStyle(el);
      if (style.display === 'none' || style.visibility === 'hidden') return;
      const key = `${style.fontWeight}|${style.fontFamily}`;
      const entry = byStyle.get(key) ?? { weight: style.fontWeight, family: style.fontFamily, chars: new Set<string>(), where: el.tagName.toLowerCase() };
      for (const ch of text) if (!skip.test(ch)) entry.chars.add(ch);
      byStyle.set(key, entry);
    };
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) if (node.parentElement) add(node.parentElement, node.textContent ?? '');
    for (const input of root.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea')) {
      add(input, input.value);
      add(input, input.placeholder);
    }

    const faces = [...document.fonts].filter((face) => families.includes(face.family.replace(/^"|"$/g, '')));
    const ranges = (face: FontFace) =>
      face.unicodeRange.split(',').map((part) => {
        const [from, to] = part.trim().replace(/^U\+/i, '').split('-');
        return [parseInt(from!, 16), parseInt(to ?? from!, 16)] as const;
      });
    const faceRanges = faces.map((face) => ({ face, family: face.family.replace(/^"|"$/g, ''), ranges: ranges(face) }));

    const canvas = document.createElement('canvas');
    canvas.width = 64;
    canvas.height = 64;
    const g = canvas.getContext('2d', { willReadFrequently: true })!;
    const draw = (ch: string, font: string) => {
      g.clearRect(0, 0, 64, 64);
      g.font = font;
      g.fillText(ch, 8, 44);
      return g.getImageData(0, 0, 64, 64).data.join(',');
    };

    const uncovered: string[] = [];
    const missing: string[] = [];
    const used = new Set<string>();
    let checked = 0;
    for (const { weight, family, chars, where } of byStyle.values()) {
      const list = family.split(',').map((name) => name.trim().replace(/^["']|["']$/g, ''));
      const font = `${weight} 32px ${family}`;
      const notdef = draw('\uFFFF', font);
      for (const ch of chars) {
        checked++;
        const code = ch.codePointAt(0)!;
        // The first family in the element's list whose faces cover the character is the one that draws it.
        const covering = list
          .map((name) => faceRanges.filter((f) => f.family === name && f.ranges.some(([a, b]) => code >= a && code <= b)))
          .find((found) => found.length > 0);
        const loaded = covering?.find((f) => f.face.status === 'loaded');
        if (!loaded) {
          uncovered.push(`${ch} U+${code.toString(16).toUpperCase()} in <${where}> (${covering ? `face ${covering[0]!.face.status}` : 'no bundled face'})`);
          continue;
        }
        used.add(loaded.family);
        if (draw(ch, font) === notdef) missing.push(`${ch} U+${code.toString(16).toUpperCase()} in <${where}> (${loaded.family})`);
      }
    }
    return { uncovered, missing, checked, families: [...used].sort() };
  }, FAMILIES);
}

async function expectCovered(page: Page, what: string, families: string[]) {
  const result = await coverage(page);
  expect(result.uncovered, `${what}: characters without a loaded bundled font`).toEqual([]);
  expect(result.missing, `${what}: characters drawn as the missing glyph`).toEqual([]);
  expect(result.checked, `${what}: characters checked`).toBeGreaterThan(20);
  for (const family of families) expect(result.families, `${what}: fonts used`).toContain(family);
}

test('this Chromium has no system Chinese or Arabic font: without the bundled fonts they would not be drawn', async () => {
  const page = await kiosk.context.newPage();
  try {
    await page.setContent('<canvas></canvas>');
    const blank = await page.evaluate(() => {
      const g = document.querySelector('canvas')!.getContext('2d', { willReadFrequently: true })!;
      const draw = (ch: string) => {
        g.clearRect(0, 0, 300, 150);
        g.font = '32px sans-serif';
        g.fillText(ch, 8, 44);
        return g.getImageData(0, 0, 64, 64).data.join(',');
      };
      const notdef = draw('\uFFFF');
      return ['A', 'Ж', '中', '繁', '简', 'ع', 'ب'].map((ch) => [ch, draw(ch) === notdef]);
    });
    expect(blank).toEqual([
      ['A', false],
      ['Ж', false],
      ['中', true],
      ['繁', true],
      ['简', true],
      ['ع', true],
      ['ب', true],
    ]);
  } finally {
    await page.close();
  }
});

/** Which bundled family must have drawn part of each language's screens (Noto Sans draws the Latin in all of them). */
function familiesFor(code: string): string[] {
  if (code === 'ar') return ['Noto Sans Arabic Variable'];
  if (code === 'zh-Hans') return ['Noto Sans SC Variable'];
  if (code === 'zh-Hant') return ['Noto Sans TC Variable'];
  return ['Noto Sans Variable'];
}

test('the language picker draws every language name in its own script', async () => {
  const page = await kiosk.context.newPage();
  try {
    await page.goto(kiosk.stack.residentUrl);
    await expect(page.getByTestId('language-picker').getByRole('button')).toHaveCount(12);
    await expectCovered(page, 'start', ['Noto Sans Variable', 'Noto Sans Arabic Variable', 'Noto Sans SC Variable', 'Noto Sans TC Variable']);
    await page.screenshot({ path: 'tests/e2e/screenshots/resident-fonts-start.png' });
  } finally {
    await page.close();
  }
});

for (const language of LANGUAGES) {
  test(`every screen in ${language.code} is drawn by the bundled fonts`, async () => {
    const m = JSON.parse(readFileSync(`renderer/src/i18n/locales/${language.code}.json`, 'utf8')) as { common: { back: string; submit: string; done: string } };
    const page = await kiosk.context.newPage();
    const families = familiesFor(language.code);
    try {
      await page.goto(kiosk.stack.residentUrl);
      await page.getByTestId('language-picker').getByRole('button', { name: language.name, exact: true }).click();
      await expect(page.locator('[data-screen=home]')).toBeVisible();
      await expectCovered(page, `${language.code} home`, families);
      await page.screenshot({ path: `tests/e2e/screenshots/resident-fonts-${language.code}-home.png` });

      await page.getByTestId('home-ticket').click();
      await expect(page.getByTestId('ticket-categories')).toBeVisible();
      await expectCovered(page, `${language.code} ticket categories`, families);
      await page.getByTestId('ticket-categories').getByRole('button').first().click();
      await expect(page.getByTestId('estimated-wait')).toBeVisible();
      await expectCovered(page, `${language.code} ticket`, families);
      await page.getByRole('button', { name: m.common.done, exact: true }).click();

      await page.getByTestId('home-311').click();
      await page.getByRole('button', { name: m.common.submit, exact: true }).click();
      await expect(page.locator('[aria-invalid=true]').first()).toBeVisible();
      await expectCovered(page, `${language.code} 311 form`, families);
      await page.getByRole('button', { name: m.common.back, exact: true }).click();

      await page.getByTestId('home-certificate').click();
      await page.getByRole('button', { name: m.common.submit, exact: true }).click();
      await expect(page.locator('[aria-invalid=true]').first()).toBeVisible();
      await expectCovered(page, `${language.code} certificate form`, families);
      await page.screenshot({ path: `tests/e2e/screenshots/resident-fonts-${language.code}-certificate.png`, fullPage: true });
      await page.getByRole('button', { name: m.common.back, exact: true }).click();

      await page.getByTestId('home-survey').click();
      await page.getByRole('button', { name: m.common.submit, exact: true }).click();
      await expect(page.locator('[aria-invalid=true]').first()).toBeVisible();
      await expectCovered(page, `${language.code} survey`, families);
    } finally {
      await page.close();
    }
  });
}

test('the staff window neither references nor loads the resident fonts', async () => {
  // The built entry: the stylesheet index.html links is the staff and supervisor windows' only CSS.
  const html = readFileSync('out/renderer/index.html', 'utf8');
  const entryCss = [...html.matchAll(/<link[^>]+href="\.\/(assets\/[^"]+\.css)"/g)].map((m) => m[1]!);
  expect(entryCss.length).toBeGreaterThan(0);
  for (const file of entryCss) {
    const css = readFileSync(join('out/renderer', file), 'utf8');
    expect(css, file).not.toMatch(/woff2|@font-face|Noto Sans (Variable|Arabic|SC|TC)/);
  }
  // ...while the resident chunk's stylesheet carries all four families.
  const residentCss = readdirSync('out/renderer/assets').filter((f) => /^ResidentApp-.*\.css$/.test(f));
  expect(residentCss).toHaveLength(1);
  const css = readFileSync(join('out/renderer/assets', residentCss[0]!), 'utf8');
  // As an @font-face family, quoted or not (the minifier drops the quotes).
  for (const family of FAMILIES) expect(css).toMatch(new RegExp(`@font-face\\{font-family:\\s*['"]?${family}['"]?;`));

  const page = await kiosk.context.newPage();
  try {
    await page.goto(kiosk.stack.kioskUrl);
    await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
    const loaded = await page.evaluate(() => ({
      faces: [...document.fonts].map((face) => face.family),
      fonts: performance.getEntriesByType('resource').filter((entry) => entry.name.endsWith('.woff2')).length,
    }));
    expect(loaded).toEqual({ faces: [], fonts: 0 });
  } finally {
    await page.close();
  }
});
