import { expect, test } from '@playwright/test';
import { expectNoAxeViolations, makeOfficeStack, OFFICE_PASSWORD, signInAs } from './office-harness';

/** The office console in Chromium: sign-in, each section, role limits and CSRF refusal, with axe on every screen. */

let stack: Awaited<ReturnType<typeof makeOfficeStack>>;
test.beforeEach(async ({ page }) => {
  stack = await makeOfficeStack();
  await page.clock.install({ time: new Date('2026-12-01T15:00:00.000Z') });
});
test.afterEach(async () => {
  await stack.close();
});

const shot = (name: string) => `test-results/office-${name}.png`;

test('sign-in refuses a wrong password, then signs in with the keyboard alone', async ({ page }) => {
  await page.goto(stack.consoleUrl);
  await expect(page.getByRole('heading', { name: 'Sign in to the office console', exact: true })).toBeVisible();
  await expectNoAxeViolations(page, 'sign-in');
  await page.getByRole('textbox', { name: 'E-mail', exact: true }).fill('office@city.gov');
  await page.getByLabel('Password', { exact: true }).fill('not the password');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('alert')).toHaveText('the e-mail address or the password is wrong');
  await page.screenshot({ path: shot('sign-in-refused'), fullPage: true });
  // Keyboard only: focus the e-mail, Tab to the password, Enter submits.
  await page.getByRole('textbox', { name: 'E-mail', exact: true }).focus();
  await page.keyboard.press('Tab');
  await page.keyboard.type(OFFICE_PASSWORD);
  await page.keyboard.press('Enter');
  await expect(page.getByText('Signed in as office@city.gov (office)')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Fleet', level: 1, exact: true })).toBeVisible();
  // The session cookie is HttpOnly: the page's script cannot read it.
  expect(await page.evaluate(() => document.cookie)).toBe('');
  const cookies = await page.context().cookies();
  expect(cookies.find((c) => c.name === 'chtg_office')).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/v1/office' });
});

test('fleet: every van with its latest record, refused records, not-reported status, the behind flag; an admin enrols and revokes a van', async ({ page }) => {
  await signInAs(page, stack.consoleUrl, 'admin');
  const table = page.getByRole('table', { name: '2 vans', exact: true });
  const van7 = table.getByRole('row', { name: /^Van 7/ });
  await expect(van7.getByRole('cell').nth(3)).toHaveText('Not reported yet');
  await expect(van7).toContainText('Active');
  // Van 9 sent its last records days ago (by the API's clock it is behind); Van 12 below has sent nothing at all.
  const van9 = table.getByRole('row', { name: /^Van 9/ });
  await expect(van9).toContainText('Not reported yet');
  const refused = page.getByRole('table', { name: '1 refused record across the fleet', exact: true });
  await expect(refused.getByRole('row', { name: /^Van 7/ })).toContainText('unknown_event_type');
  await expectNoAxeViolations(page, 'fleet');
  await page.screenshot({ path: shot('fleet'), fullPage: true });

  await page.getByRole('textbox', { name: 'Van name', exact: true }).fill('Van 12');
  await page.getByRole('button', { name: 'Make an enrolment code', exact: true }).click();
  const code = page.locator('code.code');
  await expect(code).toHaveText(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  const text = await code.textContent();
  await expect(page.getByRole('img', { name: `QR code of the enrolment code ${text}`, exact: true })).toBeVisible();
  await page.screenshot({ path: shot('fleet-enrol'), fullPage: true });
  // The code works once on a kiosk.
  const enrol = await fetch(`${stack.url}/v1/devices/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: text }) });
  expect(enrol.status).toBe(201);

  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: 'Revoke Van 9', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Van 9 is revoked.' })).toBeVisible();
  // The list reloads: Van 9 revoked, and the kiosk enrolled with the code is there too.
  const after = page.getByRole('table', { name: '3 vans', exact: true });
  await expect(after.getByRole('row', { name: /^Van 9/ })).toContainText('Revoked');
  await expect(after.getByRole('row', { name: /^Van 12/ })).toContainText('Nothing yet');
});

test('311: an office account closes a kiosk request with a note (keyboard), and the public Open311 feed shows it', async ({ page }) => {
  await signInAs(page, stack.consoleUrl, 'office');
  await page.getByRole('link', { name: '311 requests', exact: true }).click();
  await expect(page.getByRole('heading', { name: '311 requests', level: 1, exact: true })).toBeFocused();
  const row = page.getByRole('row', { name: /^SR-0001/ });
  await expect(row).toContainText('Streetlight out on Elm St');
  await expect(row).toContainText('Ada Lovelace');
  await expectNoAxeViolations(page, '311 list');
  await page.getByRole('button', { name: 'Update SR-0001', exact: true }).focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Update SR-0001', exact: true });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('radio', { name: 'Closed', exact: true }).check();
  await dialog.getByRole('textbox', { name: 'Status notes (public on Open311 and at the kiosk)', exact: true }).fill('Crew replaced the lamp');
  await expectNoAxeViolations(page, '311 update dialog');
  await page.screenshot({ path: shot('311-update'), fullPage: true });
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'SR-0001 saved: closed.' })).toBeVisible();
  await page.getByRole('combobox', { name: 'Status', exact: true }).selectOption('closed');
  await expect(page.getByRole('row', { name: /^SR-0001/ })).toContainText('Crew replaced the lamp');
  const feed = (await (await fetch(`${stack.url}/open311/v2/requests/${stack.requestId}.json`)).json()) as { status: string; status_notes: string }[];
  expect(feed[0]).toMatchObject({ status: 'closed', status_notes: 'Crew replaced the lamp' });
});

test('role limits: a viewer reads but sees no actions, cannot open admin sections, and the API refuses their change', async ({ page }) => {
  await signInAs(page, stack.consoleUrl, 'viewer');
  await expect(page.getByRole('link', { name: 'Office accounts', exact: true })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Audit log', exact: true })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Revoke Van 7', exact: true })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Make an enrolment code', exact: true })).toHaveCount(0);
  await page.getByRole('link', { name: '311 requests', exact: true }).click();
  const row = page.getByRole('row', { name: /^SR-0001/ });
  await expect(row).toContainText('Streetlight out on Elm St');
  await expect(row).not.toContainText('Lovelace');
  await expect(page.getByRole('button', { name: 'Update SR-0001', exact: true })).toHaveCount(0);
  await page.goto(`${stack.consoleUrl}#/accounts`);
  await expect(page.getByRole('heading', { name: 'Not available', exact: true })).toBeVisible();
  await page.screenshot({ path: shot('viewer-refused'), fullPage: true });
  // Even with the session's own CSRF token, the viewer's change is refused by the API.
  const answer = await page.evaluate(async (id) => {
    const session = (await (await fetch('/v1/office/session')).json()) as { csrfToken: string };
    const r = await fetch(`/v1/office/service-requests/${id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
      body: JSON.stringify({ status: 'closed', statusNotes: 'viewer tried' }),
    });
    return { status: r.status, body: (await r.json()) as { error: { code: string } } };
  }, stack.requestId);
  expect(answer).toEqual({ status: 403, body: { error: { code: 'role_forbidden', message: 'this needs the office role; your account is viewer' } } });
});

test('CSRF: a change sent with the session cookie but without the token is refused and changes nothing', async ({ page }) => {
  await signInAs(page, stack.consoleUrl, 'admin');
  const answer = await page.evaluate(async (id) => {
    const r = await fetch(`/v1/office/service-requests/${id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 'closed', statusNotes: 'forged' }) });
    return { status: r.status, code: ((await r.json()) as { error: { code: string } }).error.code };
  }, stack.requestId);
  expect(answer).toEqual({ status: 403, code: 'csrf_token_invalid' });
  const feed = (await (await fetch(`${stack.url}/open311/v2/requests/${stack.requestId}.json`)).json()) as { status: string }[];
  expect(feed[0]!.status).toBe('open');
});

test('accounts and audit: an admin creates an account, changes its role, and the audit log shows who did what', async ({ page }) => {
  await signInAs(page, stack.consoleUrl, 'admin');
  await page.getByRole('link', { name: 'Office accounts', exact: true }).click();
  await page.getByRole('textbox', { name: 'E-mail', exact: true }).fill('new.clerk@city.gov');
  await page.getByRole('combobox', { name: 'Role', exact: true }).selectOption('viewer');
  await page.getByLabel('First password (at least 12 characters)', { exact: true }).fill('a brand new password');
  await page.getByRole('button', { name: 'Create account', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'new.clerk@city.gov can now sign in.' })).toBeVisible();
  await page.getByRole('combobox', { name: 'Role of new.clerk@city.gov', exact: true }).selectOption('office');
  await expect(page.getByRole('status').filter({ hasText: 'new.clerk@city.gov is now office.' })).toBeVisible();
  await expectNoAxeViolations(page, 'accounts');
  await page.screenshot({ path: shot('accounts'), fullPage: true });
  await page.getByRole('link', { name: 'Audit log', exact: true }).click();
  const created = page.getByRole('row', { name: /office_user\.created/ }).first();
  await expect(created).toContainText('admin@city.gov');
  await expect(created).toContainText('new.clerk@city.gov');
  await expect(page.getByRole('row', { name: /office_user\.updated/ }).first()).toContainText('"role":"office"');
  await page.getByRole('combobox', { name: 'What', exact: true }).selectOption('session.signed_in');
  await expect(page.getByRole('table')).not.toContainText('office_user.created');
  await expectNoAxeViolations(page, 'audit');
  await page.screenshot({ path: shot('audit'), fullPage: true });
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page.getByRole('status')).toHaveText('You are signed out.');
});

test('money and days: a day per van and stop with the close, CSV of each table, a printable day sheet', async ({ page }) => {
  await page.addInitScript(() => {
    (window as unknown as { printed: number }).printed = 0;
    window.print = () => void ((window as unknown as { printed: number }).printed += 1);
  });
  await signInAs(page, stack.consoleUrl, 'viewer');
  await page.getByRole('link', { name: 'Money and days', exact: true }).click();
  // The day starts as the city's today (the page clock is pinned at 15:00 UTC on 1 December: 10:00 in Boston).
  await expect(page.getByLabel('Day', { exact: true })).toHaveValue('2026-12-01');
  await page.getByLabel('Day', { exact: true }).fill('2026-11-27');
  const stops = page.getByRole('table', { name: /^Stops and day closes/ });
  const row = stops.getByRole('row', { name: /^Van 9 · Dudley Sq/ });
  await expect(row).toContainText('$65.00');
  await expect(row).toContainText('short $5.00');
  await expect(row).toContainText('short a five');
  await expect(row).toContainText('supervisor-1');
  await expect(row.getByRole('cell').last()).toHaveText('Yes');
  await expect(page.getByRole('table', { name: /^Revenue by service/ }).getByRole('row', { name: /Dog licence/ })).toContainText('$20.00');
  await expect(page.getByRole('table', { name: /^Neighbourhoods/ }).getByRole('row', { name: /^Roxbury/ })).toContainText('$65.00');
  await expectNoAxeViolations(page, 'money and days');
  await page.screenshot({ path: shot('days'), fullPage: true });
  const downloading = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download stops and closes as CSV', exact: true }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('day-2026-11-27-stops.csv');
  const { readFile } = await import('node:fs/promises');
  const csv = await readFile((await download.path())!, 'utf8');
  expect(csv).toContain('2026-11-27,Van 9,Roxbury,Dudley Sq,2,65.00');
  await page.getByRole('button', { name: 'Print day sheet', exact: true }).click();
  expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByText('Day sheet for 2026-11-27 (city time, America/New_York)')).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Sections' })).toBeHidden();
  await page.screenshot({ path: shot('day-sheet-print'), fullPage: true });
});

test('Tell the city: the answers as a feed with the original text and counts by topic per neighbourhood, filtered by topic', async ({ page }) => {
  await signInAs(page, stack.consoleUrl, 'viewer');
  await page.getByRole('link', { name: 'Tell the city', exact: true }).click();
  const summary = page.getByRole('table', { name: 'Answers by topic per neighbourhood', exact: true });
  await expect(summary.getByRole('row', { name: /^Roxbury/ }).getByRole('cell').nth(2)).toHaveText('1');
  const feed = page.getByRole('table', { name: '2 answers, newest first', exact: true });
  await expect(feed.getByRole('row').nth(1)).toContainText('More benches');
  await expect(feed.getByText('Más luz en la plaza', { exact: true })).toHaveAttribute('lang', 'es');
  await expectNoAxeViolations(page, 'tell the city');
  await page.screenshot({ path: shot('voice'), fullPage: true });
  await page.getByRole('combobox', { name: 'Topic', exact: true }).selectOption('safety');
  await expect(page.getByRole('table', { name: '1 answer, newest first', exact: true })).toContainText('Más luz en la plaza');
});
