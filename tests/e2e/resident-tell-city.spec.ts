import { expect, test, type Page } from '@playwright/test';
import { checkScreen, MODES, startIn } from './resident-checks';
import { makeResidentStack, sharedKiosk, staffOpensStop } from './resident-harness';
import { signIn, SUPERVISOR } from './staff-helpers';

/** "Tell the city": the office's question for the stop, answered at the touchscreen, read at the office. */

const h1 = (page: Page) => page.getByRole('heading', { level: 1 });

interface Answer {
  questionId: string;
  stopId: string | null;
  neighbourhood: string;
  place: string;
  language: string;
  topic: string;
  text: string;
  contact: { name: string; email: string | null; phone: string | null } | null;
}

test('residents tell the city what to fix first in Fields Corner, in Vietnamese and English; the office reads it with stop, neighbourhood and language, and it counts as participation', async ({ context }) => {
  test.setTimeout(90_000);
  const stack = await makeResidentStack({ residentIdleMs: 600_000, residentWarningMs: 60_000 });
  try {
    const staff = await staffOpensStop(context, stack);
    const resident = await context.newPage();
    await resident.goto(stack.residentUrl);
    await resident.getByRole('button', { name: 'Tiếng Việt', exact: true }).click();
    await resident.getByRole('button', { name: /^Góp ý với thành phố/ }).click();
    await expect(h1(resident)).toHaveText('Góp ý với thành phố');
    await expect(resident.getByTestId('city-question')).toHaveText('Thành phố nên sửa điều gì trước tiên ở Fields Corner?');

    // Anonymous by default: a phone number or a card number in the answer is refused, in Vietnamese.
    await resident.getByRole('radio', { name: 'Đường phố và vỉa hè', exact: true }).check();
    const answer = resident.getByRole('textbox', { name: 'Câu trả lời của quý vị', exact: true });
    await answer.fill('Vỉa hè trên Dorchester Ave bị vỡ, gọi tôi 617 555 0100');
    await resident.getByRole('button', { name: 'Gửi', exact: true }).click();
    await expect(resident.getByText('Đừng ghi số điện thoại hoặc email ở đây. Hãy dùng các ô trả lời bên dưới nếu quý vị muốn được trả lời.')).toBeVisible();
    await expect(answer).toBeFocused();
    await answer.fill('Vỉa hè bị vỡ 4111 1111 1111 1111');
    await resident.getByRole('button', { name: 'Gửi', exact: true }).click();
    await expect(resident.getByText('Không nhập số thẻ ở đây.')).toBeVisible();
    await answer.fill('Vỉa hè trên Dorchester Ave bị vỡ');
    await resident.getByRole('button', { name: 'Gửi', exact: true }).click();
    await expect(h1(resident)).toHaveText('Cảm ơn quý vị! Câu trả lời sẽ được gửi đến văn phòng thành phố.');
    await expect(resident.getByTestId('tell-city-reply')).toHaveText('Câu trả lời đã được gửi mà không kèm tên hay thông tin liên lạc của quý vị.');
    await resident.getByRole('button', { name: 'Xong', exact: true }).click();

    // In English, asking for a reply: a name alone is not enough to be answered.
    await resident.getByTestId('change-language').click();
    await resident.getByRole('button', { name: 'English', exact: true }).click();
    await resident.getByRole('button', { name: /^Tell the city/ }).click();
    await expect(resident.getByTestId('city-question')).toHaveText('What should the city fix first in Fields Corner?');
    await resident.getByRole('radio', { name: 'Safety and lighting', exact: true }).check();
    await resident.getByRole('textbox', { name: 'Your answer', exact: true }).fill('More light on the path to the T station');
    await resident.getByRole('textbox', { name: 'Name (optional)', exact: true }).fill('Rosa');
    await resident.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(resident.getByText('To get a reply, enter an email or a phone number.')).toBeVisible();
    await resident.getByRole('textbox', { name: 'Email (optional)', exact: true }).fill('rosa@example.org');
    await resident.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(h1(resident)).toHaveText('Thank you! Your answer goes to the city’s office.');
    await expect(resident.getByTestId('tell-city-reply')).toHaveText('The city may reply to you at: rosa@example.org');

    // The answers sync like any other record and reach the office.
    await expect.poll(async () => (await stack.get<{ items: Answer[] }>('/v1/city-answers?question=fields-corner-fix-first')).items.length, { timeout: 20_000 }).toBe(2);
    const { items } = await stack.get<{ items: Answer[] }>('/v1/city-answers?neighbourhood=Dorchester');
    expect(items.map((a) => ({ ...a, stopId: typeof a.stopId }))).toEqual([
      expect.objectContaining({ questionId: 'fields-corner-fix-first', stopId: 'string', neighbourhood: 'Dorchester', place: 'Fields Corner', language: 'en', topic: 'safety', text: 'More light on the path to the T station', contact: { name: 'Rosa', email: 'rosa@example.org', phone: null } }),
      expect.objectContaining({ neighbourhood: 'Dorchester', place: 'Fields Corner', language: 'vi', topic: 'streets', text: 'Vỉa hè trên Dorchester Ave bị vỡ', contact: null }),
    ]);
    expect(JSON.stringify(items)).not.toContain('4111');

    // The supervisor sees both answers as the day's participation.
    await staff.bringToFront();
    await staff.getByRole('button', { name: 'Sign out' }).click();
    await staff.getByRole('link', { name: 'Supervisor' }).click();
    await signIn(staff, SUPERVISOR);
    await expect(staff.getByTestId('kpi-participation')).toHaveText('2 (0 + 2)');
  } finally {
    await stack.close();
  }
});

test.describe('Tell the city screens are accessible', () => {
  test.describe.configure({ mode: 'serial' });
  const kiosk = sharedKiosk();

  for (const mode of MODES) {
    test(`question, errors and thanks: ${mode}`, async () => {
      const page = await kiosk.context.newPage();
      try {
        await page.goto(kiosk.stack.residentUrl);
        await startIn(page, mode);
        await page.getByTestId('home-tell-city').click();
        await expect(page.locator('[data-screen=tell-city]')).toBeVisible();
        await expect(page.getByTestId('city-question')).toBeVisible();
        await checkScreen(page, 'tell-city', mode);
        await page.locator('textarea[name=text]').fill('write to me at someone@example.org');
        await page.getByTestId('submit-tell-city').click();
        await expect(page.locator('[aria-invalid=true]').first()).toBeVisible();
        await checkScreen(page, 'tell-city-errors', mode);
        await page.locator('input[name=topic]').first().check();
        await page.locator('textarea[name=text]').fill(`The sidewalks (${mode})`);
        await page.getByTestId('submit-tell-city').click();
        await expect(page.locator('[data-screen=tell-city-thanks]')).toBeVisible();
        await checkScreen(page, 'tell-city-thanks', mode);
      } finally {
        await page.close();
      }
    });
  }
});
