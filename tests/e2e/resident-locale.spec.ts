import { expect, test, type Page } from '@playwright/test';
import { overrideIdleTimes, sharedKiosk } from './resident-harness';
import { CLERK, signIn } from './staff-helpers';

/**
 * Dates, counts and names as the resident's language writes them, in Chromium (its own ICU): the certificate's date
 * boxes in the language's order and words, "today or earlier" in words, the idle countdown through plural rules
 * (Arabic dual), and the 311 contact names family-first in Chinese.
 */

/** The kiosk's clock for these tests: 1 December 2026, mid-afternoon in Boston. */
const NOW = new Date('2026-12-01T19:00:00Z');

test.describe.configure({ mode: 'serial' });

const kiosk = sharedKiosk();

async function openCertificate(page: Page, languageName: string) {
  await page.clock.setFixedTime(NOW);
  await page.goto(kiosk.stack.residentUrl);
  await page.getByTestId('language-picker').getByRole('button', { name: languageName, exact: true }).click();
  await page.getByTestId('home-certificate').click();
  await expect(page.locator('[data-screen=certificate]')).toBeVisible();
}

const CASES = [
  { language: 'English', legend: 'Date of the event', parts: ['Month', 'Day', 'Year'], order: ['month', 'day', 'year'], hint: 'Today or earlier, for example 6/9/2001.', entered: 'You entered: June 9, 2001', future: 'The date must be today or earlier.', notReal: 'That date does not exist. Check the day, month and year.' },
  { language: 'Français', legend: 'Date de l’événement', parts: ['Jour', 'Mois', 'Année'], order: ['day', 'month', 'year'], hint: 'Aujourd’hui ou avant, par exemple 09/06/2001.', entered: 'Vous avez saisi : 9 juin 2001', future: 'La date doit être aujourd’hui ou avant.', notReal: 'Cette date n’existe pas. Vérifiez le jour, le mois et l’année.' },
  { language: '简体中文', legend: null, parts: ['年', '月', '日'], order: ['year', 'month', 'day'], hint: null, entered: '您输入的是：2001年6月9日', future: '日期必须是今天或更早。', notReal: '该日期不存在。请检查日、月、年。' },
  { language: 'العربية', legend: null, parts: ['اليوم', 'الشهر', 'السنة'], order: ['day', 'month', 'year'], hint: null, entered: null, future: 'يجب أن يكون التاريخ اليوم أو قبله.', notReal: 'هذا التاريخ غير موجود. تحقق من اليوم والشهر والسنة.' },
  { language: 'Kreyòl ayisyen', legend: 'Dat evènman an', parts: ['Jou', 'Mwa', 'Ane'], order: ['day', 'month', 'year'], hint: null, entered: 'Ou antre: 9/6/2001', future: 'Dat la dwe jodi a oswa anvan.', notReal: null },
] as const;

for (const c of CASES) {
  test(`the certificate's date in ${c.language}: boxes in its order and words, "today or earlier" in words`, async () => {
    const page = await kiosk.context.newPage();
    try {
      await openCertificate(page, c.language);
      const group = page.getByTestId('eventDate-field');
      if (c.legend) await expect(group).toHaveAccessibleName(c.legend);
      // No native date picker: three text boxes, labelled in the language, in its order.
      await expect(group.locator('input[type=date]')).toHaveCount(0);
      await expect(group.locator('.r-date-part > label')).toHaveText([...c.parts]);
      if (c.hint) await expect(group.locator('.r-hint').first()).toHaveText(c.hint);
      // Each box by its own label (the labels were checked above), whatever its place.
      const names = { day: c.parts[c.order.indexOf('day')]!, month: c.parts[c.order.indexOf('month')]!, year: c.parts[c.order.indexOf('year')]! };
      const byPart = async (values: Record<'day' | 'month' | 'year', string>) => {
        for (const part of ['day', 'month', 'year'] as const) await group.getByRole('textbox', { name: names[part], exact: true }).fill(values[part]);
      };
      const submit = page.getByTestId('submit-certificate');

      // Tomorrow on the kiosk's clock: refused, in words.
      await byPart({ day: '2', month: '12', year: '2026' });
      await submit.click();
      await expect(group.locator('.r-error')).toHaveText(`⚠ ${c.future}`);
      if (c.notReal) {
        await byPart({ day: '31', month: '2', year: '2001' });
        await expect(group.locator('.r-error')).toHaveText(`⚠ ${c.notReal}`);
      }
      // Today is allowed; then the date the resident means, read back in words.
      await byPart({ day: '1', month: '12', year: '2026' });
      await expect(group.locator('.r-error')).toHaveCount(0);
      await byPart({ day: '9', month: '6', year: '2001' });
      await expect(group.locator('.r-error')).toHaveCount(0);
      if (c.entered) await expect(group.getByTestId('eventDate-entered')).toHaveText(c.entered);
      else await expect(group.getByTestId('eventDate-entered')).toContainText('2001');
    } finally {
      await page.close();
    }
  });
}

test('an order in French with a day-first date reaches the counter as 2001-06-09', async () => {
  const page = await kiosk.context.newPage();
  try {
    await openCertificate(page, 'Français');
    await page.getByLabel('Acte de naissance').check();
    await page.getByLabel('Nom complet figurant sur l’acte').fill('Rosa Lima');
    const group = page.getByTestId('eventDate-field');
    await group.getByRole('textbox', { name: 'Jour', exact: true }).fill('9');
    await group.getByRole('textbox', { name: 'Mois', exact: true }).fill('6');
    await group.getByRole('textbox', { name: 'Année', exact: true }).fill('2001');
    await page.getByLabel('Votre nom complet').fill('Rosa Lima');
    await page.getByTestId('submit-certificate').click();
    await expect(page.locator('[data-screen=certificate-done]')).toBeVisible();
    const order = (await page.getByTestId('order-reference').textContent())!.trim();
    // The counter takes the order's payment with the form filled in from the touchscreen: the date as 2001-06-09.
    // (The order is sealed at rest, so the counter's own screen is where the date can be read.)
    const staff = await kiosk.context.newPage();
    try {
      await staff.goto(kiosk.stack.kioskUrl);
      if (!(await staff.getByRole('button', { name: 'Sign out', exact: true }).isVisible())) await signIn(staff, CLERK);
      await staff.getByRole('button', { name: `Take payment for ${order}`, exact: true }).click();
      await expect(staff.getByRole('heading', { name: `Take payment for order ${order}`, exact: true })).toBeVisible();
      await expect(staff.getByLabel(/^Date of /)).toHaveValue('2001-06-09');
    } finally {
      await staff.close();
    }
  } finally {
    await page.close();
  }
});

test('311 contact names: family name first in Chinese, given name first in English, each label saying which', async () => {
  const page = await kiosk.context.newPage();
  try {
    await page.goto(kiosk.stack.residentUrl);
    await page.getByTestId('language-picker').getByRole('button', { name: '简体中文', exact: true }).click();
    await page.getByTestId('home-311').click();
    await expect(page.locator('.r-group .r-field > label').first()).toContainText('姓（姓氏）');
    await expect(page.locator('.r-group .r-field > label').nth(1)).toContainText('名（名字）');
    await expect(page.locator('.r-group input').first()).toHaveAttribute('name', 'lastName');

    await page.getByTestId('change-language').click();
    await page.getByTestId('language-picker').getByRole('button', { name: 'English', exact: true }).click();
    await page.getByTestId('home-311').click();
    await expect(page.locator('.r-group .r-field > label').first()).toContainText('Given name (first name)');
    await expect(page.locator('.r-group .r-field > label').nth(1)).toContainText('Family name (last name)');
    await expect(page.locator('.r-group input').first()).toHaveAttribute('name', 'firstName');
  } finally {
    await page.close();
  }
});

test('the idle countdown counts in plural rules: Arabic says "two seconds" in the dual, English "1 second"', async () => {
  const page = await kiosk.context.newPage();
  try {
    await overrideIdleTimes(page, { residentIdleMs: 1000, residentWarningMs: 3000 });
    await page.clock.install({ time: NOW });
    await page.goto(kiosk.stack.residentUrl);
    await page.getByTestId('language-picker').getByRole('button', { name: 'العربية', exact: true }).click();
    await page.clock.runFor(1500);
    const message = page.getByTestId('idle-message');
    await expect(message).toHaveText('حفاظًا على خصوصيتك، ستبدأ هذه الشاشة من جديد بعد 3 ثوانٍ.'.replace('3', new Intl.NumberFormat('ar').format(3)));
    await page.clock.runFor(1000);
    await expect(message).toHaveText('حفاظًا على خصوصيتك، ستبدأ هذه الشاشة من جديد بعد ثانيتين.');
    await page.clock.runFor(1000);
    await expect(message).toHaveText('حفاظًا على خصوصيتك، ستبدأ هذه الشاشة من جديد بعد ثانية واحدة.');
    await page.getByTestId('keep-going').click();

    await page.getByTestId('change-language').click();
    await page.getByTestId('language-picker').getByRole('button', { name: 'English', exact: true }).click();
    await page.clock.runFor(1500 + 2000);
    await expect(message).toHaveText('For your privacy this screen will start over in 1 second.');
  } finally {
    await page.close();
  }
});
