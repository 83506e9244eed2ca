import { expect, test, type Page } from '@playwright/test';
import { makeStack } from './harness';
import { capturePrints, makeResidentStack, printed, staffOpensStop } from './resident-harness';

/** The resident touchscreen (#/resident) beside the staff console, in one kiosk (one origin, one IndexedDB). */

const h1 = (page: Page) => page.getByRole('heading', { level: 1 });

async function expectNoWayToStaffScreens(page: Page) {
  await expect(page.locator('a')).toHaveCount(0);
  await expect(page.getByText(/supervisor|sign in|counter screen/i)).toHaveCount(0);
}

test('a resident in Spanish takes a ticket and reports a pothole, walks away, and the screen forgets them', async ({ context }) => {
  test.setTimeout(90_000);
  const stack = await makeResidentStack({ residentIdleMs: 3000, residentWarningMs: 2000 });
  try {
    const staff = await staffOpensStop(context, stack);
    // Someone is already waiting: the clerk took a ticket for them at the counter.
    await staff.getByRole('button', { name: 'New ticket: Payments (A)', exact: true }).click();
    await expect(staff.getByTestId('waiting-tickets')).toContainText('A001');

    const resident = await context.newPage();
    await capturePrints(resident);
    await resident.goto(stack.residentUrl);
    await resident.bringToFront();
    await expect(h1(resident)).toHaveText('Choose your language');
    await expect(resident.getByTestId('language-picker').getByRole('button')).toHaveCount(12);
    await expectNoWayToStaffScreens(resident);

    await resident.getByRole('button', { name: 'Español' }).click();
    await expect(h1(resident)).toHaveText('Le damos la bienvenida a City Hall To Go');
    await expect(resident.locator('html')).toHaveAttribute('lang', 'es');
    await expect(resident.getByTestId('resident')).toHaveAttribute('lang', 'es');

    // A ticket: the number large, how many are ahead, and the wait (one person × 5 minutes, nobody served yet).
    await resident.getByRole('button', { name: /Tomar un turno para la ventanilla/ }).click();
    await expect(resident.getByText('¿Con qué necesita ayuda?')).toBeVisible();
    await resident.getByRole('button', { name: 'Pagos' }).click();
    const number = resident.getByTestId('ticket-number');
    await expect(number).toHaveText('A002');
    expect(await number.evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(96);
    await expect(resident.getByText('1 persona delante de usted')).toBeVisible();
    await expect(resident.getByText('Espera estimada: unos 5 minutos')).toBeVisible();
    await resident.getByRole('button', { name: 'Imprimir' }).click();
    await expect.poll(() => printed(resident)).toHaveLength(1);
    const ticketPrint = (await printed(resident))[0]!;
    expect(ticketPrint).toContain('A002');
    expect(ticketPrint).toContain('lang="es"');
    expect(ticketPrint).toContain('Su número');
    await expectNoWayToStaffScreens(resident);
    await resident.getByRole('button', { name: 'Listo' }).click();

    // A 311 report at the van's stop; a malformed phone number is caught in Spanish first.
    await resident.getByRole('button', { name: /Reportar un problema \(311\)/ }).click();
    await resident.getByLabel('Reparación de baches').check();
    await resident.getByLabel('Describa el problema').fill('Bache profundo frente a la biblioteca');
    await expect(resident.getByLabel('¿Dónde está?')).toHaveValue('Fields Corner, Dorchester');
    await resident.getByLabel(/^Nombre/).fill('María');
    await resident.getByLabel('Teléfono').fill('12');
    await resident.getByRole('button', { name: 'Enviar' }).click();
    await expect(resident.getByText('Escriba un número de teléfono como 617-555-0100.')).toBeVisible();
    await expect(resident.getByLabel('Teléfono')).toBeFocused();
    await resident.getByLabel('Teléfono').fill('617-555-0100');
    await resident.getByRole('button', { name: 'Enviar' }).click();
    await expect(h1(resident)).toHaveText('Su reporte quedó registrado');
    const reference = (await resident.getByTestId('request-reference').textContent())!;
    expect(reference).toMatch(/^SR-\d{6}$/);
    await expectNoWayToStaffScreens(resident);

    // The resident walks away: a warning counts down, then everything is forgotten.
    const warning = resident.getByTestId('idle-warning');
    await expect(warning).toBeVisible({ timeout: 6000 });
    await expect(warning.getByRole('heading')).toHaveText('¿Sigue ahí?');
    await expect(resident.getByTestId('idle-countdown')).toHaveText(/^[12]$/);
    await expect(resident.getByTestId('idle-message')).toContainText('esta pantalla volverá al inicio en');
    await resident.screenshot({ path: 'tests/e2e/screenshots/resident-flow-idle-warning.png' });
    await expect(warning).toBeHidden({ timeout: 5000 });
    await expect(h1(resident)).toHaveText('Choose your language');
    await expect(resident.locator('html')).toHaveAttribute('lang', 'en');
    await expect(resident.locator('html')).toHaveAttribute('dir', 'ltr');
    const screenText = await resident.locator('body').innerText();
    expect(screenText).not.toContain(reference);
    expect(screenText).not.toContain('A002');
    for (const spanish of ['Elija su idioma', 'Idioma', 'Le damos la bienvenida', 'Su reporte', 'Listo']) expect(screenText).not.toContain(spanish);
    await expect(resident.getByTestId('toggle-large-text')).toHaveAttribute('aria-pressed', 'false');
    // The forms start empty again (only the van's own address is filled in).
    await resident.getByRole('button', { name: 'English' }).click();
    await resident.getByRole('button', { name: /Report a problem \(311\)/ }).click();
    await expect(resident.getByLabel('Describe the problem')).toHaveValue('');
    await expect(resident.getByLabel('First name')).toHaveValue('');
    await expect(resident.getByRole('textbox', { name: 'Phone (optional)', exact: true })).toHaveValue('');
    await expect(resident.getByLabel('Pothole repair')).not.toBeChecked();
    await expect(resident.getByLabel('Where is it?')).toHaveValue('Fields Corner, Dorchester');

    // The counter sees the ticket in its queue, marked as taken at the touchscreen.
    await staff.bringToFront();
    await expect(staff.getByTestId('waiting-tickets')).toContainText('A002');
    await expect(staff.getByTestId('waiting-tickets').locator('li', { hasText: 'A002' })).toContainText('touchscreen');
    // And the report reached the city's 311 system (Open311 shape, without the resident's contact details).
    await expect
      .poll(async () => (await stack.get<{ service_code: string; description: string; address: string }[]>('/open311/v2/requests.json')).map((r) => `${r.service_code}|${r.description}|${r.address}`), {
        timeout: 20_000,
      })
      .toContain('pothole|Bache profundo frente a la biblioteca|Fields Corner, Dorchester');
  } finally {
    await stack.close();
  }
});

test('by keyboard alone a resident takes a ticket; a certificate order, a survey answer and a call for help reach the counter', async ({ context }) => {
  const stack = await makeResidentStack({ residentIdleMs: 120_000, residentWarningMs: 30_000 });
  try {
    const staff = await staffOpensStop(context, stack);
    const resident = await context.newPage();
    await resident.goto(stack.residentUrl);
    await resident.bringToFront();

    // Keyboard only, with a visible focus ring at every step: English, take a ticket, Records.
    const focusRing = () =>
      resident.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        const style = getComputedStyle(el);
        return { text: el.textContent?.trim() ?? '', ring: el.matches(':focus-visible') && style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 3 };
      });
    await expect(h1(resident)).toBeFocused();
    await resident.keyboard.press('Tab');
    expect(await focusRing()).toEqual({ text: 'English', ring: true });
    await resident.keyboard.press('Enter');
    await expect(h1(resident)).toHaveText('Welcome to City Hall To Go');
    await expect(h1(resident)).toBeFocused();
    await resident.keyboard.press('Tab');
    expect(await focusRing()).toEqual({ text: expect.stringContaining('Take a ticket for the counter'), ring: true });
    await resident.keyboard.press('Enter');
    await expect(resident.getByTestId('ticket-categories')).toBeVisible();
    await resident.keyboard.press('Tab');
    await resident.keyboard.press('Tab');
    expect(await focusRing()).toEqual({ text: expect.stringContaining('Birth, marriage and death records'), ring: true });
    await resident.keyboard.press('Enter');
    await expect(resident.getByTestId('ticket-number')).toHaveText('B001');
    await resident.keyboard.press('Tab');
    await resident.keyboard.press('Tab');
    expect(await focusRing()).toEqual({ text: 'Done', ring: true });
    await resident.keyboard.press('Enter');

    await resident.getByRole('button', { name: /Order a birth, marriage or death certificate/ }).click();
    await resident.getByRole('button', { name: 'Send' }).click();
    await expect(resident.getByText('Some answers need your attention')).toBeVisible();
    await expect(resident.getByText('Choose one.')).toBeVisible();
    await resident.getByLabel('Marriage certificate').check();
    await expect(resident.getByTestId('certificate-fee')).toContainText('Fee: $14.00');
    await resident.getByRole('button', { name: 'More copies' }).click();
    await expect(resident.getByLabel('Number of copies')).toHaveValue('2');
    await expect(resident.getByTestId('certificate-fee')).toContainText('Fee: $28.00');
    await expect(resident.getByTestId('certificate-fee')).toContainText('2 × $14.00');
    await resident.getByLabel('Full name on the record').fill('Rosa Lima');
    // US English writes the month first; each box says which part it is.
    const eventDate = resident.getByRole('group', { name: 'Date of the event' });
    await expect(eventDate.getByRole('textbox')).toHaveCount(3);
    await eventDate.getByRole('textbox', { name: 'Month', exact: true }).fill('6');
    await eventDate.getByRole('textbox', { name: 'Day', exact: true }).fill('9');
    await eventDate.getByRole('textbox', { name: 'Year', exact: true }).fill('2001');
    await expect(eventDate).toContainText('You entered: June 9, 2001');
    await resident.getByLabel('City or town of the event').fill('Boston');
    await resident.getByLabel('Your full name').fill('Rosa Lima');
    await resident.getByRole('button', { name: 'Send' }).click();
    await expect(h1(resident)).toHaveText('Pay at the counter');
    const order = (await resident.getByTestId('order-reference').textContent())!;
    expect(order).toMatch(/^CO-\d{6}$/);
    await expect(resident.getByTestId('order-fee')).toHaveText('Fee: $28.00');
    await resident.getByRole('button', { name: 'Done' }).click();

    await resident.getByRole('button', { name: /Tell us how we did/ }).click();
    await resident.getByLabel(/Good\s*4 stars/).check();
    await resident.getByLabel('Anything else you want to tell us?').fill('Quick and friendly.');
    await resident.getByRole('button', { name: 'Send' }).click();
    await expect(h1(resident)).toHaveText('Thank you for your answer!');
    await resident.getByRole('button', { name: 'Done' }).click();

    await resident.getByRole('button', { name: 'Call a staff member' }).click();
    await expect(h1(resident)).toHaveText('Help is on the way');
    await expect(resident.getByText('A staff member has been called and will be with you shortly.')).toBeVisible();
    await resident.getByRole('button', { name: 'Done' }).click();
    await expect(h1(resident)).toHaveText('Welcome to City Hall To Go');

    await staff.bringToFront();
    const pending = staff.getByTestId('pending-orders');
    await expect(pending).toContainText(order);
    await expect(pending.locator('li', { hasText: order })).toContainText('2 × marriage certificate for Rosa Lima ($28.00)');
    await expect(staff.getByRole('heading', { name: 'A resident asks for help at the touchscreen' })).toBeVisible();
    await expect(staff.getByTestId('help-banner')).toContainText('speaks English');
    // The survey answer is recorded on this kiosk, linked to the resident's own ticket (B001).
    const survey = await staff.evaluate(
      () =>
        new Promise<unknown>((resolve, reject) => {
          const open = indexedDB.open('city-hall-to-go');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const read = open.result.transaction('surveys').objectStore('surveys').getAll();
            read.onsuccess = () => resolve(read.result);
            read.onerror = () => reject(read.error);
          };
        }),
    );
    // Its comment is personal: sealed at rest (read back in clear by the app, tests/integration/at-rest.test.ts).
    expect(survey).toEqual([expect.objectContaining({ rating: 4, sealed: expect.any(String), ticketId: expect.stringMatching(/^[0-9a-f-]{36}$/) })]);
    expect(JSON.stringify(survey)).not.toContain('Quick and friendly.');
    await expect(staff.getByTestId('waiting-tickets')).toContainText('B001');
  } finally {
    await stack.close();
  }
});

test('"Keep going" on the idle warning keeps the resident where they were', async ({ context }) => {
  const stack = await makeResidentStack({ residentIdleMs: 3000, residentWarningMs: 4000 });
  try {
    // The page's clock runs on, and the test moves it past the reset instead of sleeping.
    await context.clock.install();
    const resident = await context.newPage();
    await resident.goto(stack.residentUrl);
    await resident.getByRole('button', { name: 'Español' }).click();
    await resident.getByTestId('toggle-large-text').click();
    await resident.getByRole('button', { name: /Reportar un problema \(311\)/ }).click();
    await resident.getByLabel('Describa el problema').fill('Farola apagada en la esquina');

    const warning = resident.getByTestId('idle-warning');
    await expect(warning).toBeVisible({ timeout: 6000 });
    await expect(resident.getByRole('button', { name: 'Continuar' })).toBeFocused();
    await resident.getByRole('button', { name: 'Continuar' }).click();
    await expect(warning).toBeHidden();
    // Past the moment the reset would have happened: still here, still in Spanish, still large text, still typed.
    await resident.clock.fastForward(2500);
    await expect(h1(resident)).toHaveText('Reportar un problema (311)');
    await expect(resident.getByLabel('Describa el problema')).toHaveValue('Farola apagada en la esquina');
    await expect(resident.getByTestId('resident')).toHaveClass(/large-text/);

    // Escape on the warning means "keep going" too.
    await expect(warning).toBeVisible({ timeout: 6000 });
    await resident.keyboard.press('Escape');
    await expect(warning).toBeHidden();
    await expect(resident.getByLabel('Describa el problema')).toHaveValue('Farola apagada en la esquina');
  } finally {
    await stack.close();
  }
});

test('before the catalogue ever arrives, and before a stop is open, the touchscreen asks the resident to see staff', async ({ page }) => {
  const stack = await makeStack();
  try {
    await page.goto(`${stack.kioskUrl}#/resident`);
    await page.getByRole('button', { name: 'Français' }).click();
    await page.getByRole('button', { name: /Prendre un ticket/ }).click();
    await expect(page.getByTestId('no-catalogue')).toBeVisible();
    await expect(page.getByTestId('no-catalogue')).toContainText('Veuillez vous adresser à un membre du personnel');
    await stack.startApi();
    // The catalogue arrives; no stop is open yet.
    await expect(page.getByTestId('no-stop')).toHaveText('Le guichet n’est pas encore ouvert. Veuillez vous adresser à un membre du personnel.', { timeout: 20_000 });
    await expect(page.getByTestId('ticket-categories')).toHaveCount(0);
  } finally {
    await stack.close();
  }
});

type Spoken = { text: string; lang: string }[];

test('"Read aloud" speaks each screen\'s prompt in the chosen language, and says so where the screen cannot speak', async ({ context }) => {
  const stack = await makeStack();
  try {
    const page = await context.newPage();
    // Stand in for the platform's voices: record what would be spoken.
    await page.addInitScript(() => {
      const spoken: { text: string; lang: string }[] = [];
      (window as Window & { __spoken?: typeof spoken }).__spoken = spoken;
      const synth = window.speechSynthesis;
      synth.speak = (utterance: SpeechSynthesisUtterance) => void spoken.push({ text: utterance.text, lang: utterance.lang });
      synth.cancel = () => {};
      synth.getVoices = () => [];
    });
    const spoken = () => page.evaluate(() => (window as Window & { __spoken?: Spoken }).__spoken ?? []);
    await page.goto(`${stack.kioskUrl}#/resident`);
    await page.getByRole('button', { name: 'Español' }).click();
    const toggle = page.getByRole('button', { name: 'Leer en voz alta' });
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
    await expect.poll(spoken).toContainEqual({ text: expect.stringContaining('¿Qué desea hacer?'), lang: 'es-US' });
    await page.getByRole('button', { name: /Reportar un problema \(311\)/ }).click();
    await expect.poll(spoken).toContainEqual({ text: expect.stringContaining('Reportar un problema (311)'), lang: 'es-US' });

    const mute = await context.newPage();
    await mute.addInitScript(() => Object.defineProperty(window, 'speechSynthesis', { value: undefined, configurable: true }));
    await mute.goto(`${stack.kioskUrl}#/resident`);
    await mute.getByRole('button', { name: 'English' }).click();
    await mute.getByRole('button', { name: 'Read aloud' }).click();
    await expect(mute.getByText('Reading aloud is not available on this screen')).toBeVisible();
    await expect(mute.getByRole('button', { name: 'Read aloud' })).toHaveAttribute('aria-pressed', 'false');
  } finally {
    await stack.close();
  }
});
