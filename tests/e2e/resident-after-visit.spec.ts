import { expect, test, type Page } from '@playwright/test';
import { ADMIN_TOKEN } from './harness';
import { checkScreen, MODES, startIn } from './resident-checks';
import { capturePrints, makeResidentStack, printed, sharedKiosk, staffOpensStop, type ResidentStack } from './resident-harness';

/** After the visit: the 311 confirmation (on screen and printed) and following a request up at the kiosk. */

const h1 = (page: Page) => page.getByRole('heading', { level: 1 });
const FILED_AT = new Date('2026-11-27T15:30:00.000Z');

async function fileReport(page: Page, stack: ResidentStack, contact: { email?: string; phone?: string }): Promise<string> {
  await page.getByRole('button', { name: /^Report a problem \(311\)/ }).click();
  await page.getByRole('radio', { name: 'Pothole repair', exact: true }).check();
  await page.getByRole('textbox', { name: 'Describe the problem', exact: true }).fill('Deep pothole in front of the library');
  if (contact.email) await page.getByRole('textbox', { name: 'Email (optional)', exact: true }).fill(contact.email);
  if (contact.phone) await page.getByRole('textbox', { name: 'Phone (optional)', exact: true }).fill(contact.phone);
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(h1(page)).toHaveText('Your report was recorded');
  void stack;
  return (await page.getByTestId('request-reference').textContent())!;
}

/** The office closes the request with a note (PATCH /v1/admin/service-requests/:id), once it has reached the API. */
async function officeCloses(stack: ResidentStack, description: string, notes: string) {
  let id: string | undefined;
  await expect
    .poll(async () => {
      id = (await stack.get<{ service_request_id: string; description: string }[]>('/open311/v2/requests.json')).find((r) => r.description === description)?.service_request_id;
      return id;
    })
    .toBeDefined();
  const response = await fetch(`${stack.apiUrl}/v1/admin/service-requests/${id}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ status: 'closed', statusNotes: notes }),
  });
  expect(response.status).toBe(200);
}

test('a resident prints their 311 confirmation, later checks its status at the kiosk, and is told plainly when the van is offline', async ({ context }) => {
  test.setTimeout(90_000);
  const stack = await makeResidentStack({ residentIdleMs: 600_000, residentWarningMs: 60_000 });
  try {
    await staffOpensStop(context, stack);
    const resident = await context.newPage();
    await capturePrints(resident);
    await resident.clock.setFixedTime(FILED_AT);
    await resident.goto(stack.residentUrl);
    await resident.getByRole('button', { name: 'English', exact: true }).click();

    const reference = await fileReport(resident, stack, { email: 'ada@example.org', phone: '617-555-0100' });
    expect(reference).toMatch(/^SR-\d{6}$/);
    await expect(resident.getByTestId('summary-what')).toHaveText('Pothole repair');
    await expect(resident.getByTestId('summary-where')).toHaveText('Fields Corner, Dorchester');
    await expect(resident.getByTestId('summary-follow-up')).toHaveText('Choose “Check a 311 report” on any City Hall To Go touchscreen and type this number, or call 311.');
    await expect(resident.getByTestId('summary-contact')).toHaveText('The city may reply to you at: ada@example.org, 617-555-0100');
    await expect(resident.getByTestId('public-notice')).toHaveText(
      'The description and location of your report are published on the city’s open data feed. Your name, phone number and email are not published.',
    );

    await resident.getByRole('button', { name: 'Print', exact: true }).click();
    await expect.poll(() => printed(resident)).toHaveLength(1);
    const slip = (await printed(resident))[0]!;
    for (const text of [
      reference,
      'Pothole repair',
      'Deep pothole in front of the library',
      'Fields Corner, Dorchester',
      'How to follow it up',
      'The city may reply to you at: ada@example.org, 617-555-0100',
      'Your name, phone number and email are not published.',
      'Van E2E',
      'Nov 27, 2026',
    ]) {
      expect(slip, `printed confirmation has ${text}`).toContain(text);
    }
    expect(slip).toContain('lang="en"');

    // The office works on it and closes it with a note.
    await officeCloses(stack, 'Deep pothole in front of the library', 'Crew filled it on Tuesday');

    await resident.getByRole('button', { name: 'Done', exact: true }).click();
    await resident.getByRole('button', { name: /^Check a 311 report/ }).click();
    await expect(h1(resident)).toHaveText('Check a 311 report');
    const field = resident.getByRole('textbox', { name: 'Reference number', exact: true });
    const check = resident.getByRole('button', { name: 'Check', exact: true });

    // Typed carelessly: spaces and lower case are fine, a word is not.
    await field.fill('hello');
    await check.click();
    await expect(resident.getByText('Type the number as it is printed, for example SR-000042.')).toBeVisible();
    await expect(field).toBeFocused();

    await field.fill(` ${reference.toLowerCase()} `);
    await check.click();
    const answer = resident.getByTestId('follow-up-request');
    await expect(answer).toHaveCount(1);
    await expect(answer.getByRole('heading', { level: 2 })).toHaveText(`${reference} · Pothole repair`);
    await expect(answer.getByTestId('follow-up-status')).toHaveText('Closed: the city has finished with it');
    await expect(answer.getByTestId('follow-up-notes')).toHaveText('Crew filled it on Tuesday');
    await expect(answer.getByText('Reported on November 27, 2026')).toBeVisible();

    await field.fill('SR-999999');
    await check.click();
    await expect(resident.getByTestId('follow-up-not-found')).toHaveText('No report has this reference number. Please check the number on your confirmation.');
    await expect(answer).toHaveCount(0);

    // The van loses its connection: the screen says so instead of guessing.
    await context.setOffline(true);
    await field.fill(reference);
    await check.click();
    await expect(resident.getByTestId('follow-up-offline')).toHaveText(
      'This van is offline right now, so it cannot ask the city about your report. Please try again later or call 311.',
    );
    await expect(answer).toHaveCount(0);
    await context.setOffline(false);
    await check.click();
    await expect(answer.getByTestId('follow-up-status')).toHaveText('Closed: the city has finished with it');
  } finally {
    await context.setOffline(false);
    await stack.close();
  }
});

test('without contact details the confirmation says the city cannot reply', async ({ context }) => {
  const stack = await makeResidentStack({ residentIdleMs: 600_000, residentWarningMs: 60_000 });
  try {
    await staffOpensStop(context, stack);
    const resident = await context.newPage();
    await resident.goto(stack.residentUrl);
    await resident.getByRole('button', { name: 'English', exact: true }).click();
    await fileReport(resident, stack, {});
    await expect(resident.getByTestId('summary-contact')).toHaveText(
      'You left no contact details, so the city cannot reply to you. Use your reference number to follow up.',
    );
  } finally {
    await stack.close();
  }
});

test.describe('after-the-visit screens are accessible', () => {
  test.describe.configure({ mode: 'serial' });
  // One context for all modes: the kiosk's IndexedDB (catalogue, open stop) is the context's.
  const kiosk = sharedKiosk();

  for (const mode of MODES) {
    test(`311 confirmation and follow-up: ${mode}`, async () => {
      test.setTimeout(60_000);
      const page = await kiosk.context.newPage();
      try {
        await page.clock.setFixedTime(FILED_AT);
        await page.goto(kiosk.stack.residentUrl);
        await startIn(page, mode);
        await page.getByTestId('home-311').click();
        await page.locator('input[name=serviceCode]').first().check();
        await page.locator('textarea[name=description]').fill(`Pothole by the library steps (${mode})`);
        await page.locator('input[name=email]').fill('ada@example.org');
        await page.getByTestId('submit-311').click();
        await expect(page.locator('[data-screen=request311-done]')).toBeVisible();
        await checkScreen(page, 'request311-confirmation', mode);
        const reference = (await page.getByTestId('request-reference').textContent())!;
        await page.getByTestId('done').click();

        await page.getByTestId('home-follow-up').click();
        await expect(page.locator('[data-screen=follow-up]')).toBeVisible();
        await checkScreen(page, 'follow-up', mode);
        await page.locator('input[name=reference]').fill('nonsense');
        await page.getByTestId('follow-up-check').click();
        await expect(page.locator('[aria-invalid=true]')).toBeFocused();
        await checkScreen(page, 'follow-up-error', mode);
        await page.locator('input[name=reference]').fill(reference);
        // The request reaches the office with the next push; until then it is not found there.
        await expect(async () => {
          await page.getByTestId('follow-up-check').click();
          await expect(page.getByTestId('follow-up-request')).toHaveCount(1, { timeout: 1000 });
        }).toPass();
        await checkScreen(page, 'follow-up-answer', mode);
        await kiosk.context.setOffline(true);
        await page.getByTestId('follow-up-check').click();
        await expect(page.getByTestId('follow-up-offline')).toBeVisible();
        await checkScreen(page, 'follow-up-offline', mode);
      } finally {
        await kiosk.context.setOffline(false);
        await page.close();
      }
    });
  }
});
