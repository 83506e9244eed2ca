import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { ADMIN_TOKEN, expectNoAxeViolations, makeOfficeStack, OFFICE_PASSWORD, signInAs } from './office-harness';

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
/** Screens of issue 17's admin sections, kept where the lead looks at them. */
const screenshot = (name: string) => `tests/e2e/screenshots/office-${name}.png`;

/** A kiosk's view of the catalogue: a device enrolled (again) through the admin API, then its pull. */
async function kioskCatalogue(deviceId: string) {
  const code = (await (await fetch(`${stack.url}/v1/admin/enrolment-codes`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ deviceId }) })).json()) as { code: string };
  const { token } = (await (await fetch(`${stack.url}/v1/devices/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: code.code }) })).json()) as { token: string };
  return (await (await fetch(`${stack.url}/v1/catalogue`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
    version: number;
    services: { code: string; feeRule: unknown }[];
    categories: { code: string }[];
    staff: { id: string; active: boolean; role: string }[];
    questions: { id: string; text: Record<string, string> }[];
  };
}

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

test('sign-in while the office API cannot be reached says so in words, keeps the e-mail, and signs in once it answers again', async ({ page }) => {
  await page.goto(stack.consoleUrl);
  // The network drops the sign-in (as when the office's connection is down): fetch rejects, no answer comes.
  await page.route('**/v1/office/session', (route) => (route.request().method() === 'POST' ? route.abort('internetdisconnected') : route.continue()));
  await page.getByRole('textbox', { name: 'E-mail', exact: true }).fill('office@city.gov');
  await page.getByLabel('Password', { exact: true }).fill(OFFICE_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('alert')).toHaveText('The office API could not be reached; try again.');
  await expect(page.getByRole('textbox', { name: 'E-mail', exact: true })).toHaveValue('office@city.gov');
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');
  await page.unroute('**/v1/office/session');
  await page.getByLabel('Password', { exact: true }).fill(OFFICE_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByText('Signed in as office@city.gov (office)')).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
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
  // Un-revoke Van 9: its token works again; then a code that re-enrols Van 7's device only.
  await after.getByRole('button', { name: 'Un-revoke Van 9', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Van 9 is no longer revoked: its kiosk syncs again.' })).toBeVisible();
  await expect(page.getByRole('table', { name: '3 vans', exact: true }).getByRole('row', { name: /^Van 9/ })).not.toContainText('Revoked');
  await page.getByRole('button', { name: 'Re-enrol Van 7', exact: true }).focus();
  await page.keyboard.press('Enter');
  const reenrol = page.getByRole('region', { name: 'Re-enrol Van 7', exact: true });
  const reCode = await reenrol.locator('code.code').textContent();
  expect(reCode).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  await expect(reenrol.getByRole('img', { name: `QR code of the enrolment code ${reCode}`, exact: true })).toBeVisible();
  await expectNoAxeViolations(page, 'fleet re-enrol');
  await page.screenshot({ path: screenshot('fleet-reenrol'), fullPage: true });
  const again = await fetch(`${stack.url}/v1/devices/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: reCode }) });
  expect(await again.json()).toMatchObject({ deviceId: 'dev-e2e-van-7', vanName: 'Van 7' });

  // App updates (issue 19): pin Van 7 to a release, refuse a version that is not one, stage a release, then undo both.
  const updates = page.getByRole('region', { name: 'App updates', exact: true });
  await expect(updates.getByRole('table', { name: /^No staged rollout set/ })).toBeVisible();
  await updates.getByRole('combobox', { name: 'Van to pin', exact: true }).selectOption({ label: 'Van 7' });
  await updates.getByRole('textbox', { name: 'Version to pin it to', exact: true }).fill('latest');
  await updates.getByRole('button', { name: 'Pin the van', exact: true }).click();
  await expect(updates.getByRole('alert')).toContainText('a version is like 1.4.2');
  await expect(page.getByRole('table', { name: '3 vans', exact: true }).getByRole('row', { name: /^Van 7/ })).toContainText('Follows releases');
  await updates.getByRole('textbox', { name: 'Version to pin it to', exact: true }).fill('0.3.2');
  await updates.getByRole('button', { name: 'Pin the van', exact: true }).press('Enter');
  await expect(updates.getByRole('status')).toHaveText('Van 7 is pinned to 0.3.2.');
  await expect(page.getByRole('table', { name: '3 vans', exact: true }).getByRole('row', { name: /^Van 7/ })).toContainText('0.3.2');
  await updates.getByRole('textbox', { name: 'Release version', exact: true }).fill('1.3.0');
  await updates.getByRole('spinbutton', { name: 'Share of vans (%)', exact: true }).fill('25');
  await updates.getByRole('button', { name: 'Set the rollout', exact: true }).click();
  await expect(updates.getByRole('status')).toHaveText('1.3.0 is offered to 25% of vans.');
  await expect(updates.getByRole('table', { name: '1 staged rollout', exact: true }).getByRole('row', { name: /^1\.3\.0/ })).toContainText('25%');
  await expect(updates.getByRole('table', { name: '1 staged rollout', exact: true })).toContainText('by admin@city.gov');
  await expectNoAxeViolations(page, 'fleet app updates');
  await updates.scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshot('fleet-app-updates'), fullPage: true });
  // What the API now holds is what the console showed.
  const held = (await (await fetch(`${stack.url}/v1/office/rollouts`, { headers: { cookie: (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ') } })).json()) as { rollouts: { version: string; percentage: number }[] };
  expect(held.rollouts.map(({ version, percentage }) => ({ version, percentage }))).toEqual([{ version: '1.3.0', percentage: 25 }]);
  await page.getByRole('button', { name: 'Unpin Van 7', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Van 7 is unpinned: it follows the releases again.' })).toBeVisible();
  await expect(page.getByRole('table', { name: '3 vans', exact: true }).getByRole('row', { name: /^Van 7/ })).toContainText('Follows releases');
  await updates.getByRole('button', { name: 'Clear the rollout of 1.3.0', exact: true }).click();
  await expect(updates.getByRole('status')).toHaveText("1.3.0 follows its update feed's share again.");
  await expect(updates.getByRole('table', { name: /^No staged rollout set/ })).toBeVisible();
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
  for (const section of ['Catalogue', 'Staff', 'Questions for residents']) await expect(page.getByRole('link', { name: section, exact: true })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Revoke Van 7', exact: true })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Re-enrol Van 7', exact: true })).toHaveCount(0);
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

test('role limits: an office account has no catalogue, staff or question sections, and the API refuses its change to them', async ({ page }) => {
  await signInAs(page, stack.consoleUrl, 'office');
  for (const section of ['Catalogue', 'Staff', 'Questions for residents']) await expect(page.getByRole('link', { name: section, exact: true })).toHaveCount(0);
  await page.goto(`${stack.consoleUrl}#/catalogue`);
  await expect(page.getByRole('heading', { name: 'Not available', exact: true })).toBeVisible();
  const answers = await page.evaluate(async () => {
    const session = (await (await fetch('/v1/office/session')).json()) as { csrfToken: string };
    const post = async (url: string, body: unknown) => {
      const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken }, body: JSON.stringify(body) });
      return `${r.status} ${((await r.json()) as { error: { code: string } }).error.code}`;
    };
    return [
      await post('/v1/office/staff', { id: 'clerk-x', name: 'X', role: 'clerk', pin: '583920' }),
      await post('/v1/office/city-questions', { id: 'q', neighbourhood: 'Roxbury', text: { en: 'Q?' }, topics: ['parks', 'other'] }),
      await post('/v1/office/devices/dev-e2e-van-7/enrolment-code', {}),
    ];
  });
  expect(answers).toEqual(['403 role_forbidden', '403 role_forbidden', '403 role_forbidden']);
});

test('CSRF: a change sent with the session cookie but without the token is refused and changes nothing', async ({ page }) => {
  await signInAs(page, stack.consoleUrl, 'admin');
  const answer = await page.evaluate(async (id) => {
    const r = await fetch(`/v1/office/service-requests/${id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 'closed', statusNotes: 'forged' }) });
    return { status: r.status, code: ((await r.json()) as { error: { code: string } }).error.code };
  }, stack.requestId);
  expect(answer).toEqual({ status: 403, code: 'csrf_token_invalid' });
  const staffAnswer = await page.evaluate(async () => {
    const r = await fetch('/v1/office/staff/clerk-ana', { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ active: false }) });
    return { status: r.status, code: ((await r.json()) as { error: { code: string } }).error.code };
  });
  expect(staffAnswer).toEqual({ status: 403, code: 'csrf_token_invalid' });
  expect((await kioskCatalogue('dev-e2e-van-7')).version).toBe(1);
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

test("residents' voice: survey comments and answers as a feed, filtered by topic, kind, language and stop; the viewer may not act", async ({ page }) => {
  await signInAs(page, stack.consoleUrl, 'viewer');
  await page.getByRole('link', { name: "Residents' voice", exact: true }).click();
  await expect(page.getByRole('heading', { name: "Residents' voice", level: 1, exact: true })).toBeFocused();
  const summary = page.getByRole('table', { name: '“Tell the city” answers by topic per neighbourhood', exact: true });
  await expect(summary.getByRole('row', { name: /^Roxbury/ }).getByRole('cell').nth(2)).toHaveText('1');
  const feed = page.getByRole('list', { name: '3 comments and answers, newest first', exact: true });
  await expect(feed.getByRole('listitem').first()).toContainText('More benches');
  await expect(feed.getByText('Más luz en la plaza', { exact: true })).toHaveAttribute('lang', 'es');
  await expect(feed.getByText('La espera fue corta', { exact: true })).toHaveAttribute('lang', 'es');
  // A viewer reads; marking and translating are for office accounts.
  await expect(page.getByRole('button', { name: /^Review or translate/ })).toHaveCount(0);
  await expectNoAxeViolations(page, "residents' voice (viewer)");
  await page.screenshot({ path: shot('voice'), fullPage: true });
  await page.getByRole('combobox', { name: 'Topic', exact: true }).selectOption('safety');
  await expect(page.getByRole('list', { name: '1 comment or answer, newest first', exact: true })).toContainText('Más luz en la plaza');
  await page.getByRole('combobox', { name: 'Topic', exact: true }).selectOption('');
  await page.getByRole('combobox', { name: 'Kind', exact: true }).selectOption('survey');
  await expect(page.getByRole('list', { name: '1 comment or answer, newest first', exact: true })).toContainText('La espera fue corta');
  await page.getByRole('combobox', { name: 'Kind', exact: true }).selectOption('');
  await page.getByRole('textbox', { name: 'Language code', exact: true }).fill('es');
  await expect(page.getByRole('list', { name: '2 comments and answers, newest first', exact: true })).toBeVisible();
  await page.getByRole('textbox', { name: 'Language code', exact: true }).fill('');
  // One stop's feed, and back.
  await page.getByRole('button', { name: 'Only Dudley Sq', exact: true }).click();
  await expect(page.getByRole('list', { name: '1 comment or answer, newest first', exact: true })).toContainText('La espera fue corta');
  await page.getByRole('button', { name: 'Show every stop (now only Dudley Sq)', exact: true }).click();
  await expect(page.getByRole('list', { name: '3 comments and answers, newest first', exact: true })).toBeVisible();

});

test("residents' voice: an office account marks a comment actioned with a note and saves a translation", async ({ page }) => {
  await signInAs(page, stack.consoleUrl, 'office');
  await page.getByRole('link', { name: "Residents' voice", exact: true }).click();
  await page.getByRole('button', { name: 'Review or translate: La espera fue corta', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Review or translate', exact: true });
  await expect(dialog).toBeVisible();
  // Actioned needs a note: the API says so and nothing is saved.
  await dialog.getByRole('radio', { name: 'Actioned', exact: true }).check();
  await dialog.getByRole('button', { name: 'Save review', exact: true }).click();
  await expect(dialog.getByRole('alert')).toContainText('say what was done in the note');
  await dialog.getByRole('textbox', { name: 'Note (what was done; needed for actioned)', exact: true }).fill('Thanked the Dudley Sq crew');
  await expectNoAxeViolations(page, "residents' voice review dialog");
  await page.screenshot({ path: shot('voice-review'), fullPage: true });
  await dialog.getByRole('button', { name: 'Save review', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Marked actioned.' })).toBeVisible();
  const item = page.getByRole('listitem').filter({ hasText: 'La espera fue corta' });
  await expect(item).toContainText('Actioned');
  await expect(item).toContainText('Note by office@city.gov');
  await expect(item).toContainText('Thanked the Dudley Sq crew');
  // The translation, with the keyboard: the dialog opens on Enter and the form submits on Enter in the language field.
  await page.getByRole('button', { name: 'Review or translate: La espera fue corta', exact: true }).press('Enter');
  await dialog.getByRole('textbox', { name: 'Translation', exact: true }).fill('The wait was short');
  await dialog.getByRole('textbox', { name: 'Translation language code', exact: true }).press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Translation saved.' })).toBeVisible();
  await expect(item.getByText('The wait was short')).toHaveAttribute('lang', 'en');
  await expect(item.getByText('La espera fue corta', { exact: true })).toBeVisible();
  await page.getByRole('combobox', { name: 'Review', exact: true }).selectOption('actioned');
  await expect(page.getByRole('list', { name: '1 comment or answer, newest first', exact: true })).toContainText('The wait was short');
  await expectNoAxeViolations(page, "residents' voice (office)");
  await page.screenshot({ path: shot('voice-actioned'), fullPage: true });
});

test('KPIs over time: a week by day and van, chart and table, compared with the week before', async ({ page }) => {
  await signInAs(page, stack.consoleUrl, 'viewer');
  await page.getByRole('link', { name: 'KPIs over time', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'KPIs over time', level: 1, exact: true })).toBeFocused();
  // The default period: the 28 city days up to today (the page's clock is pinned to 1 December).
  await expect(page.getByLabel('From', { exact: true })).toHaveValue('2026-11-04');
  await expect(page.getByLabel('To', { exact: true })).toHaveValue('2026-12-01');
  await page.getByLabel('From', { exact: true }).fill('2026-11-23');
  await page.getByLabel('To', { exact: true }).fill('2026-11-29');
  await page.getByRole('combobox', { name: 'Group by', exact: true }).selectOption('day');
  const totals = page.getByRole('table', { name: 'Totals, 2026-11-23 to 2026-11-29', exact: true });
  const total = (measure: string) => totals.getByRole('row', { name: new RegExp(`^${measure}`) }).getByRole('cell');
  await expect(total('Residents served')).toHaveText(['2']);
  await expect(total('Median wait')).toHaveText(['5 min 00 s']);
  await expect(total('90th percentile wait')).toHaveText(['10 min 00 s']);
  await expect(total('Satisfaction')).toHaveText(['4.00']);
  await expect(total('Survey response rate')).toHaveText(['50.0 %']);
  await expect(total('311 requests filed')).toHaveText(['1']);
  await expect(total('“Tell the city” answers')).toHaveText(['2']);
  const chart = page.getByRole('figure', { name: /^Chart: Residents served \(residents\) by day for each van, 2026-11-23 to 2026-11-29/ });
  await expect(chart.locator('.recharts-bar-rectangle').first()).toBeVisible();
  await expect(page.getByRole('table', { name: 'Languages used at the touchscreen, 2026-11-23 to 2026-11-29', exact: true }).getByRole('row', { name: /^Spanish/ })).toContainText('1');
  await expectNoAxeViolations(page, 'KPIs chart');
  await page.screenshot({ path: shot('kpis-chart'), fullPage: true });

  await page.getByRole('combobox', { name: 'Chart shows', exact: true }).selectOption('waitMedianSeconds');
  await expect(page.getByRole('figure', { name: /^Chart: Median wait \(minutes\)/ })).toBeVisible();
  await page.getByRole('radio', { name: 'Table', exact: true }).check();
  await expect(page.getByRole('figure')).toHaveCount(0);
  const rows = page.getByRole('table', { name: 'By day and van, 2026-11-23 to 2026-11-29', exact: true });
  const van9 = rows.getByRole('row', { name: '2026-11-27 Van 9', exact: false });
  await expect(van9.getByRole('cell').nth(0)).toHaveText('2');
  await expect(van9.getByRole('cell').nth(2)).toHaveText('5 min 00 s');
  await expect(rows.getByRole('row', { name: /^2026-11-29 Van 7/ })).toBeVisible();
  await page.getByRole('combobox', { name: 'For each', exact: true }).selectOption('neighbourhood');
  await expect(page.getByRole('table', { name: 'By day and neighbourhood, 2026-11-23 to 2026-11-29', exact: true }).getByRole('row', { name: /^2026-11-27 Roxbury/ })).toBeVisible();

  await page.getByRole('checkbox', { name: 'Compare with another period', exact: true }).check();
  await page.getByLabel('Compared from', { exact: true }).fill('2026-11-16');
  await page.getByLabel('Compared to', { exact: true }).fill('2026-11-22');
  const compared = page.getByRole('table', { name: 'Totals, 2026-11-23 to 2026-11-29 compared with 2026-11-16 to 2026-11-22', exact: true });
  await expect(compared.getByRole('row', { name: /^Median wait/ }).getByRole('cell')).toHaveText(['5 min 00 s', '20 min 00 s', '−15 min 00 s']);
  await expect(compared.getByRole('row', { name: /^Residents served/ }).getByRole('cell')).toHaveText(['2', '1', '+1']);
  await expect(page.getByRole('heading', { name: 'Compared period: 2026-11-16 to 2026-11-22', exact: true })).toBeVisible();
  await page.getByRole('radio', { name: 'Chart', exact: true }).check();
  await expect(page.getByRole('figure')).toHaveCount(2);
  await expectNoAxeViolations(page, 'KPIs compared');
  await page.screenshot({ path: shot('kpis-compare'), fullPage: true });
  // A period that ends before it starts is refused on the page, before any call.
  await page.getByLabel('To', { exact: true }).fill('2026-11-01');
  await expect(page.getByRole('alert')).toHaveText('The period’s first day is after its last day.');
});

test('the chart library loads with the KPI page only: the Fleet screen does not request it, opening KPIs does', async ({ page }) => {
  // The built chunk holding the charting library, found by a class name recharts writes into the DOM.
  const assets = fileURLToPath(new URL('../../out/office/assets', import.meta.url));
  const chartChunks = readdirSync(assets).filter((f) => f.endsWith('.js') && readFileSync(resolve(assets, f), 'utf8').includes('recharts-bar-rectangle'));
  expect(chartChunks).toHaveLength(1);
  const requested: string[] = [];
  page.on('request', (request) => requested.push(new URL(request.url()).pathname));
  const chartRequested = () => requested.some((path) => path === `/office/assets/${chartChunks[0]}`);

  await signInAs(page, stack.consoleUrl, 'viewer');
  await expect(page.getByRole('heading', { name: 'Fleet', level: 1, exact: true })).toBeVisible();
  await expect(page.getByRole('table').first()).toBeVisible();
  expect(requested.some((path) => /^\/office\/assets\/.+\.js$/.test(path)), 'the console loaded its own code').toBe(true);
  expect(chartRequested(), 'the Fleet screen requested the chart library').toBe(false);

  await page.getByRole('link', { name: 'KPIs over time', exact: true }).click();
  await expect(page.getByLabel('From', { exact: true })).toBeVisible();
  expect(chartRequested(), 'the KPI page did not request the chart library').toBe(true);
});

test('catalogue: an admin edits a fee, sees a problem beside its field, tries the preview, publishes with the keyboard, compares versions; the kiosk pulls the new fee', async ({ page }) => {
  test.slow(); // one long flow through a large form (axe twice over it) rather than several specs each paying the setup
  await signInAs(page, stack.consoleUrl, 'admin');
  await page.getByRole('link', { name: 'Catalogue', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Draft from version 1', exact: true })).toBeVisible();
  await page.getByRole('combobox', { name: 'Service to edit', exact: true }).selectOption({ label: 'Dog licence' });
  const fee = page.getByRole('textbox', { name: 'Fee for “No ($30)”', exact: true });
  await expect(fee).toHaveValue('30.00');
  // An amount that is not one is said beside the field at once.
  await fee.fill('thirty');
  await expect(fee).toHaveAttribute('aria-invalid', 'true');
  await expect(fee).toHaveAccessibleDescription('Enter an amount like 45.00.');
  await fee.fill('35.00');
  await expect(fee).not.toHaveAttribute('aria-invalid', 'true');
  // A fee chosen by a field that is no longer a choice: the schema's problem appears beside the fee's field.
  await page.getByRole('combobox', { name: 'Type of field 2', exact: true }).selectOption('text');
  const picker = page.getByRole('combobox', { name: 'Choice field that picks the fee', exact: true });
  await expect(picker).toHaveAccessibleDescription('"neutered" must be a choice field to choose the fee by');
  await page.getByRole('button', { name: 'Publish a new version', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Not published: fix the problem marked in the form.' })).toBeVisible();
  await page.screenshot({ path: screenshot('catalogue-error'), fullPage: true });
  await page.getByRole('combobox', { name: 'Type of field 2', exact: true }).selectOption('select');
  await expect(page.getByText('No problems found.', { exact: true })).toBeVisible();

  // The preview is the kiosk's own form for the draft: choosing "No" shows the new fee.
  const preview = page.getByRole('region', { name: 'Preview: the form at the counter', exact: true });
  await preview.getByRole('combobox', { name: 'Spayed or neutered?', exact: true }).selectOption('no');
  await expect(preview.getByText('Fee: $35.00', { exact: true })).toBeVisible();
  await preview.getByRole('textbox', { name: "Dog's name", exact: true }).fill('4111 1111 1111 1111');
  await expect(preview.getByText('This looks like a card number. Never type card numbers here.', { exact: true })).toBeVisible();
  await expectNoAxeViolations(page, 'catalogue editor');
  await page.screenshot({ path: screenshot('catalogue-preview'), fullPage: true });

  await page.getByRole('button', { name: 'Publish a new version', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Version 2 is published (1 change). Kiosks receive it on their next sync.' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Draft from version 2', exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Compare version 2 with 1', exact: true }).click();
  const diff = page.getByRole('table', { name: '1 change', exact: true });
  const row = diff.getByRole('row', { name: /^Service › dog-licence › feeRule › amounts › no/ });
  await expect(row.getByRole('cell')).toHaveText(['changed', '$30.00', '$35.00']);
  await expectNoAxeViolations(page, 'catalogue history');
  await page.screenshot({ path: screenshot('catalogue-diff'), fullPage: true });

  const kiosk = await kioskCatalogue('dev-e2e-van-9');
  expect(kiosk.version).toBe(2);
  expect(kiosk.services.find((s) => s.code === 'dog-licence')!.feeRule).toEqual({ kind: 'by_option', field: 'neutered', amounts: { yes: 1500, no: 3500 } });
  // Van 9's $20 dog licence recorded on 27 November keeps its amount.
  await page.getByRole('link', { name: 'Money and days', exact: true }).click();
  await page.getByLabel('Day', { exact: true }).fill('2026-11-27');
  await expect(page.getByRole('table', { name: /^Revenue by service/ }).getByRole('row', { name: /Dog licence/ })).toContainText('$20.00');
});

test('catalogue: an admin removes a service with the keyboard after a confirm step, a category that still has services is refused beside its button, an emptied one goes; the kiosk pull no longer has them', async ({ page }) => {
  test.slow(); // axe over the whole catalogue editor with the dialog open
  await signInAs(page, stack.consoleUrl, 'admin');
  await page.getByRole('link', { name: 'Catalogue', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Draft from version 1', exact: true })).toBeVisible();
  const picker = page.getByRole('combobox', { name: 'Service to edit', exact: true });
  await picker.selectOption({ label: 'Birth certificate (certified copy)' });
  const remove = page.getByRole('button', { name: 'Remove Birth certificate (certified copy)', exact: true });
  await remove.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Remove the service “Birth certificate (certified copy)”?', exact: true });
  await expect(dialog).toBeVisible();
  await expect(dialog).toHaveAccessibleDescription(/Version 1 and the transactions recorded under it stay as they were/);
  // The focus starts on the choice that changes nothing.
  await expect(dialog.getByRole('button', { name: 'Keep it', exact: true })).toBeFocused();
  await expectNoAxeViolations(page, 'catalogue remove dialog');
  await page.screenshot({ path: screenshot('catalogue-remove') });
  // Escape keeps it and gives the focus back to the button.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(remove).toBeFocused();
  await expect(picker.getByRole('option', { name: 'Birth certificate (certified copy)', exact: true })).toHaveCount(1);
  await page.keyboard.press('Enter');
  await expect(dialog.getByRole('button', { name: 'Keep it', exact: true })).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(dialog.getByRole('button', { name: 'Remove it', exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: '“Birth certificate (certified copy)” is removed from the draft. Publish a new version to take it off the kiosks' })).toBeVisible();
  await expect(picker).toBeFocused();
  await expect(picker.getByRole('option', { name: 'Birth certificate (certified copy)', exact: true })).toHaveCount(0);

  // A category that still has services: refused beside its button, no dialog, the draft unchanged.
  await page.getByText('Categories (4)', { exact: true }).click();
  const payments = page.getByRole('button', { name: 'Remove Payments', exact: true });
  await payments.click();
  const refusal = '“Payments” still has 3 services (Pay parking ticket, Pay property tax bill, Pay motor vehicle excise bill): move them to another category or remove them first.';
  await expect(page.getByRole('alert')).toHaveText(refusal);
  await expect(payments).toHaveAccessibleDescription(refusal);
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByText('Categories (4)', { exact: true })).toBeVisible();
  await expectNoAxeViolations(page, 'catalogue category refused');
  await page.screenshot({ path: shot('catalogue-category-refused'), fullPage: true });

  // Its only service removed first, "Voting and 311" may go.
  await picker.selectOption({ label: 'Voter registration' });
  await page.getByRole('button', { name: 'Remove Voter registration', exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Remove it', exact: true }).click();
  await page.getByRole('button', { name: 'Remove Voting and 311', exact: true }).click();
  await expect(page.getByRole('dialog', { name: 'Remove the category “Voting and 311”?', exact: true })).toBeVisible();
  await page.getByRole('dialog').getByRole('button', { name: 'Remove it', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: '“Voting and 311” is removed from the draft.' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Add a category', exact: true })).toBeFocused();
  await expect(page.getByText('Categories (3)', { exact: true })).toBeVisible();

  await page.getByRole('button', { name: 'Publish a new version', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Version 2 is published (3 changes). Kiosks receive it on their next sync.' })).toBeVisible();
  const kiosk = await kioskCatalogue('dev-e2e-van-9');
  expect(kiosk.version).toBe(2);
  expect(kiosk.services.map((s) => s.code)).not.toContain('birth-certificate');
  expect(kiosk.services.map((s) => s.code)).not.toContain('voter-registration');
  expect(kiosk.services.map((s) => s.code)).toContain('death-certificate');
  expect(kiosk.categories.map((c) => c.code)).toEqual(['payments', 'records', 'permits']);
});

test('staff and questions: an admin adds a clerk (a weak PIN refused beside the field), resets the PIN, assigns vans, disables; publishes a question in two languages', async ({ page }) => {
  test.slow(); // three sections in one flow, sharing one stack
  await signInAs(page, stack.consoleUrl, 'admin');
  await page.getByRole('link', { name: 'Staff', exact: true }).click();
  await page.getByRole('textbox', { name: 'Full name', exact: true }).fill('Rosa Parks');
  await page.getByRole('textbox', { name: 'Staff id (lower-case letters, digits, - and _)', exact: true }).fill('clerk-rosa');
  const pin = page.getByLabel('First PIN', { exact: true });
  await pin.fill('123456');
  await page.getByRole('checkbox', { name: 'Van 7', exact: true }).check();
  await page.getByRole('button', { name: 'Add the staff member', exact: true }).click();
  await expect(pin).toHaveAttribute('aria-invalid', 'true');
  await expect(pin).toHaveAccessibleDescription(/PIN: 6 to 8 digits.*(run|sequence|pattern)/i);
  await page.screenshot({ path: screenshot('staff-weak-pin'), fullPage: true });
  await pin.fill('583920');
  await page.getByRole('button', { name: 'Add the staff member', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Rosa Parks is added. Kiosks receive it on their next sync.' })).toBeVisible();
  const rosa = page.getByRole('row', { name: /^Rosa Parks/ });
  await expect(rosa.getByRole('cell').nth(1)).toHaveText('Van 7');

  await rosa.getByRole('button', { name: 'Reset PIN of Rosa Parks', exact: true }).click();
  const pinDialog = page.getByRole('dialog', { name: 'New PIN for Rosa Parks', exact: true });
  await pinDialog.getByLabel('New PIN', { exact: true }).fill('739164');
  await expectNoAxeViolations(page, 'staff PIN dialog');
  await pinDialog.getByLabel('New PIN', { exact: true }).press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Rosa Parks has a new PIN.' })).toBeVisible();

  await rosa.getByRole('button', { name: 'Vans of Rosa Parks', exact: true }).click();
  const vans = page.getByRole('dialog', { name: 'Vans of Rosa Parks', exact: true });
  await vans.getByRole('checkbox', { name: 'Van 9', exact: true }).check();
  await vans.getByRole('button', { name: 'Save the vans', exact: true }).click();
  await expect(rosa.getByRole('cell').nth(1)).toHaveText('Van 7, Van 9');
  await rosa.getByRole('combobox', { name: 'Role of Rosa Parks', exact: true }).selectOption('supervisor');
  await expect(page.getByRole('status').filter({ hasText: 'Rosa Parks is now a supervisor.' })).toBeVisible();
  await rosa.getByRole('button', { name: 'Disable Rosa Parks', exact: true }).click();
  await expect(rosa.getByRole('cell').nth(2)).toHaveText('Disabled');
  await expectNoAxeViolations(page, 'staff');
  await page.screenshot({ path: screenshot('staff'), fullPage: true });
  // Van 9's kiosk receives the change on its next pull: Rosa, a supervisor, disabled.
  expect((await kioskCatalogue('dev-e2e-van-9')).staff.find((s) => s.id === 'clerk-rosa')).toMatchObject({ role: 'supervisor', active: false });

  await page.getByRole('link', { name: 'Questions for residents', exact: true }).click();
  await page.getByRole('textbox', { name: /^Question id/ }).fill('nubian-benches');
  await page.getByRole('textbox', { name: 'Neighbourhood', exact: true }).fill('Roxbury');
  await page.getByRole('textbox', { name: /^Stop/ }).fill('Nubian Square');
  await page.getByRole('textbox', { name: 'Spanish (es)', exact: true }).fill('¿Dónde quiere bancos nuevos?');
  await page.getByRole('button', { name: 'Publish the question', exact: true }).click();
  const english = page.getByRole('textbox', { name: 'English (en)', exact: true });
  await expect(english).toHaveAccessibleDescription('the question needs its English text (text.en)');
  await english.fill('Where would you like new benches?');
  await page.getByRole('checkbox', { name: 'Trash', exact: true }).uncheck();
  await page.getByRole('button', { name: 'Publish the question', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: '“Where would you like new benches?” is published in catalogue version' })).toBeVisible();
  await expect(page.getByRole('row', { name: /^Where would you like new benches\?/ })).toContainText('Nubian Square, Roxbury');
  await expectNoAxeViolations(page, 'questions');
  await page.screenshot({ path: screenshot('questions'), fullPage: true });
  const question = (await kioskCatalogue('dev-e2e-van-7')).questions.find((q) => q.id === 'nubian-benches');
  expect(question?.text).toEqual({ en: 'Where would you like new benches?', es: '¿Dónde quiere bancos nuevos?' });
});
