import { expect, type Page } from '@playwright/test';

/** The demo staff seeded by server/catalogue-seed.ts. */
export const CLERK = { name: 'Ana Clerk', pin: '246810', role: 'clerk' };
export const SUPERVISOR = { name: 'Sam Supervisor', pin: '135790', role: 'supervisor' };

/** The staff picker of a PIN check: a combobox named exactly "Name" (never "Address or place name"). */
export const nameSelect = (page: Page) => page.getByRole('combobox', { name: 'Name', exact: true });
/** The PIN field (a password input, which Playwright's role engine counts as a textbox). */
export const pinInput = (page: Page) => page.getByRole('textbox', { name: 'PIN', exact: true });
/** A form field by its exact accessible name: a text, date, money or search box, or a number spinner. */
export const field = (page: Page, name: string) =>
  page
    .getByRole('textbox', { name, exact: true })
    .or(page.getByRole('spinbutton', { name, exact: true }))
    .or(page.getByRole('searchbox', { name, exact: true }));

/** Waits until the kiosk has pulled the catalogue (the staff list comes with it). */
export async function waitForCatalogue(page: Page): Promise<void> {
  await expect(nameSelect(page)).toBeVisible({ timeout: 20_000 });
}

export async function signIn(page: Page, person: { name: string; pin: string; role: string }): Promise<void> {
  await waitForCatalogue(page);
  await nameSelect(page).selectOption({ label: `${person.name} (${person.role})` });
  await pinInput(page).fill(person.pin);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Sign out', exact: true })).toBeVisible();
}

/** Opens a stop with a $100 float confirmed by the supervisor's PIN. */
export async function openStop(page: Page, place = 'Fields Corner', neighbourhood = 'Dorchester'): Promise<void> {
  await page.getByRole('textbox', { name: 'Neighbourhood', exact: true }).fill(neighbourhood);
  await page.getByRole('textbox', { name: 'Address or place name', exact: true }).fill(place);
  await page.getByRole('textbox', { name: 'Opening float ($)', exact: true }).fill('100.00');
  const count = page.getByRole('button', { name: 'Count float with a second person', exact: true });
  const confirm = page.getByRole('button', { name: 'Confirm float and open stop', exact: true });
  // The form gives way to the second person's PIN check: wait for it, so a refused form fails here, by its message.
  // Seen once at load average 25: the click left the form in place with no error shown (lost between Playwright's
  // hit check and the press). Like a clerk, click again while the form is still there; a refused form shows its
  // message and still fails here.
  await expect(async () => {
    if (await count.isVisible()) await count.click();
    await expect(confirm).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 20_000 });
  await nameSelect(page).selectOption({ label: `${SUPERVISOR.name} (supervisor)` });
  await pinInput(page).fill(SUPERVISOR.pin);
  await page.getByRole('button', { name: 'Confirm float and open stop', exact: true }).click();
  await expect(page.getByLabel('Open stop', { exact: true })).toContainText(`Stop: ${place}, ${neighbourhood}`);
}

/** Captures every receipt or report handed to the browser host's print: it prints from an iframe's srcdoc. */
export async function capturePrints(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const printed: string[] = [];
    (window as unknown as { __printed: string[] }).__printed = printed;
    new MutationObserver((records) => {
      for (const r of records) for (const node of r.addedNodes) if (node instanceof HTMLIFrameElement && node.srcdoc) printed.push(node.srcdoc);
    }).observe(document, { childList: true, subtree: true });
  });
}

export async function printedDocuments(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __printed: string[] }).__printed);
}

/** Records one service from the catalogue through the console's New transaction form. */
export async function recordService(
  page: Page,
  input: { category: string; service: string; fill: Record<string, string>; select?: Record<string, string>; check?: string[]; payment?: { method: 'Cash' | 'Check' | 'Card (terminal)'; tendered?: string; checkNumber?: string; approval?: string; last4?: string } },
): Promise<string> {
  // "New transaction Alt+T" on the idle console, "Next transaction" after a receipt; a person clicks whichever shows.
  const newButton = page.getByRole('button', { name: 'New transaction Alt+T', exact: true });
  const nextButton = page.getByRole('button', { name: 'Next transaction', exact: true });
  await expect(newButton.or(nextButton)).toBeVisible();
  if (await newButton.isVisible()) await newButton.click();
  else await nextButton.click();
  await page.getByRole('group', { name: 'Service category', exact: true }).getByRole('button', { name: input.category, exact: true }).click();
  await page.getByRole('group', { name: 'Service', exact: true }).getByRole('button', { name: input.service, exact: true }).click();
  for (const [label, value] of Object.entries(input.fill)) await field(page, label).fill(value);
  for (const [label, value] of Object.entries(input.select ?? {})) await page.getByRole('combobox', { name: label, exact: true }).selectOption(value);
  for (const label of input.check ?? []) await page.getByRole('checkbox', { name: label, exact: true }).check();
  if (input.payment) {
    await page.getByRole('radio', { name: input.payment.method, exact: true }).check();
    if (input.payment.tendered) await field(page, 'Cash tendered ($)').fill(input.payment.tendered);
    if (input.payment.checkNumber) await field(page, 'Check number').fill(input.payment.checkNumber);
    if (input.payment.approval) await field(page, 'Approval code (from the terminal)').fill(input.payment.approval);
    if (input.payment.last4) await field(page, 'Last 4 digits').fill(input.payment.last4);
  }
  await page.getByRole('button', { name: /^Record (payment|\(no fee\))$/ }).click();
  const confirmation = page.getByTestId('confirmation');
  await expect(confirmation).toBeVisible();
  return (await confirmation.locator('strong').first().textContent()) ?? '';
}
