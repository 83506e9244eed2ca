import { expect, type Page } from '@playwright/test';

/** The demo staff seeded by server/catalogue-seed.ts. */
export const CLERK = { name: 'Ana Clerk', pin: '246810', role: 'clerk' };
export const SUPERVISOR = { name: 'Sam Supervisor', pin: '135790', role: 'supervisor' };

/** Waits until the kiosk has pulled the catalogue (the staff list comes with it). */
export async function waitForCatalogue(page: Page): Promise<void> {
  await expect(page.getByLabel('Name')).toBeVisible({ timeout: 20_000 });
}

export async function signIn(page: Page, person: { name: string; pin: string; role: string }): Promise<void> {
  await waitForCatalogue(page);
  await page.getByLabel('Name').selectOption({ label: `${person.name} (${person.role})` });
  await page.getByLabel('PIN').fill(person.pin);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}

/** Opens a stop with a $100 float confirmed by the supervisor's PIN. */
export async function openStop(page: Page, place = 'Fields Corner', neighbourhood = 'Dorchester'): Promise<void> {
  await page.getByLabel('Neighbourhood').fill(neighbourhood);
  await page.getByLabel('Address or place name').fill(place);
  await page.getByLabel('Opening float ($)').fill('100.00');
  await page.getByRole('button', { name: 'Count float with a second person' }).click();
  await page.getByLabel('Name').selectOption({ label: `${SUPERVISOR.name} (supervisor)` });
  await page.getByLabel('PIN').fill(SUPERVISOR.pin);
  await page.getByRole('button', { name: 'Confirm float and open stop' }).click();
  await expect(page.getByText(`Stop: ${place}`)).toBeVisible();
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
  const newButton = page.getByRole('button', { name: /^New transaction/ });
  if (await newButton.isVisible()) await newButton.click();
  else await page.getByRole('button', { name: 'Next transaction' }).click();
  await page.getByRole('group', { name: 'Service category' }).getByRole('button', { name: input.category }).click();
  await page.getByRole('group', { name: 'Service', exact: true }).getByRole('button', { name: input.service }).click();
  for (const [label, value] of Object.entries(input.fill)) await page.getByLabel(label).fill(value);
  for (const [label, value] of Object.entries(input.select ?? {})) await page.getByLabel(label).selectOption(value);
  for (const label of input.check ?? []) await page.getByLabel(label).check();
  if (input.payment) {
    await page.getByRole('radio', { name: input.payment.method }).check();
    if (input.payment.tendered) await page.getByLabel('Cash tendered ($)').fill(input.payment.tendered);
    if (input.payment.checkNumber) await page.getByLabel('Check number').fill(input.payment.checkNumber);
    if (input.payment.approval) await page.getByLabel('Approval code (from the terminal)').fill(input.payment.approval);
    if (input.payment.last4) await page.getByLabel('Last 4 digits').fill(input.payment.last4);
  }
  await page.getByRole('button', { name: /^Record/ }).click();
  const confirmation = page.getByTestId('confirmation');
  await expect(confirmation).toBeVisible();
  return (await confirmation.locator('strong').first().textContent()) ?? '';
}
