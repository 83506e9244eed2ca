import { expect, test, type Page, type Route } from '@playwright/test';
import { makeStack } from './harness';
import { CLERK, openStop, recordService, signIn, SUPERVISOR } from './staff-helpers';

/** Beside the other specs' screenshots (test-results/ is emptied by every Playwright run). */
const SHOTS = 'tests/e2e/screenshots/sync-status';
const PUSH = '**/v1/sync/push';
/** A fulfilled cross-origin answer needs the CORS headers the real API would send. */
const CORS = { 'access-control-allow-origin': '*', 'access-control-expose-headers': 'ETag, Retry-After', 'content-type': 'application/json' };

async function pay(page: Page, ticket: string) {
  await recordService(page, { category: 'Payments', service: 'Pay parking ticket', fill: { 'Ticket number': ticket, 'Amount due (in dollars)': '25.00' }, payment: { method: 'Cash', tendered: '25' } });
}

const state = (page: Page) => page.getByTestId('sync-state');
const chip = (page: Page) => page.getByTestId('sync-chip');
const firstRowSent = (page: Page) => page.getByTestId('history').locator('tbody tr').first().getByTestId('sent-state');

test('every sync state in plain words, counted in transactions, with the bar only while sending', async ({ page }) => {
  test.setTimeout(120_000);
  const stack = await makeStack();
  try {
    // 5:30 PM in Boston, on a machine in whatever zone: the city's clock is what the watermark shows.
    await page.clock.install({ time: new Date('2026-11-27T22:30:00Z') });
    await stack.startApi();
    await page.goto(stack.kioskUrl);
    await signIn(page, CLERK);
    await openStop(page);
    await pay(page, 'BOS2000001');
    await expect(state(page)).toHaveText('Up to date');
    await expect(chip(page)).toHaveText('Up to date');
    await expect(firstRowSent(page)).toHaveText('Sent to the office');
    await expect(page.getByTestId('sync-progress')).toHaveCount(0);
    await page.screenshot({ path: `${SHOTS}/1-up-to-date.png`, fullPage: true });

    // Sending, then a stall: the push is held on the wire. First "Sending 1 of 1 transaction" with its bar …
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(PUSH, async (route: Route) => {
      await held;
      await route.continue();
    });
    await pay(page, 'BOS2000002');
    await expect(state(page)).toHaveText('Sending 1 of 1 transaction');
    await expect(page.getByRole('progressbar', { name: 'Sending progress', exact: true })).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/2-sending.png`, fullPage: true });
    // … then, with no answer, "Waiting for the office (N s)" and no bar stuck at 0/1.
    await expect(state(page)).toContainText(/^Waiting for the office \(\d+ s\) No answer yet to the last send; 1 transaction safe on this van\./);
    await expect(chip(page)).toHaveText('Waiting');
    await expect(page.getByTestId('sync-progress')).toHaveCount(0);
    await expect(firstRowSent(page)).toHaveText('Not yet sent');
    await page.screenshot({ path: `${SHOTS}/3-waiting-stalled.png`, fullPage: true });
    release();
    await expect(state(page)).toHaveText('Up to date');
    await page.unroute(PUSH);

    // The office answers "busy, retry in 30 s": waiting, with the seconds to the next try.
    await page.route(PUSH, (route) =>
      route.fulfill({ status: 503, headers: { ...CORS, 'retry-after': '30' }, body: JSON.stringify({ error: { code: 'unavailable', message: 'the server is busy' } }) }),
    );
    await pay(page, 'BOS2000003');
    await expect(state(page)).toContainText(/^Waiting for the office \((30|29|28) s\) The office could not take them yet: the server is busy\. Next try in/);
    await page.screenshot({ path: `${SHOTS}/4-waiting-busy.png`, fullPage: true });
    await page.unroute(PUSH);
    await page.getByRole('button', { name: 'Sync now', exact: true }).click();
    await expect(state(page)).toHaveText('Up to date');

    // The network goes: Offline at once, in transactions, with the sign-in apart.
    await page.context().setOffline(true);
    await expect(chip(page)).toHaveText('Offline');
    await pay(page, 'BOS2000004');
    await pay(page, 'BOS2000005');
    await expect(state(page)).toHaveText('Offline — 2 transactions saved on this van, will send when the network returns');
    await expect(firstRowSent(page)).toHaveText('Not yet sent');
    await expect(page.getByTestId('sync-progress')).toHaveCount(0);
    await page.screenshot({ path: `${SHOTS}/5-offline.png`, fullPage: true });
    await page.context().setOffline(false);
    await expect(state(page)).toHaveText('Up to date');
    await expect(firstRowSent(page)).toHaveText('Sent to the office');

    // The office refuses a record: the supervisor is needed.
    await page.route(PUSH, async (route) => {
      const { events } = route.request().postDataJSON() as { events: { id: string; seq: number }[] };
      await route.fulfill({
        status: 200,
        headers: CORS,
        body: JSON.stringify({
          results: events.map((e) => ({ id: e.id, seq: e.seq, status: 'rejected', code: 'invalid_payload', message: 'amount does not match the catalogue fee' })),
          highestContiguousSeq: events.at(-1)!.seq,
        }),
      });
    });
    await pay(page, 'BOS2000006');
    await expect(state(page)).toHaveText('The office refused 1 record — supervisor needed');
    await expect(chip(page)).toHaveText('Refused');
    await page.screenshot({ path: `${SHOTS}/6-refused.png`, fullPage: true });
    await page.unroute(PUSH);

    // The supervisor's sync panel: counts in transactions and the watermark in the city's 12-hour clock.
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByRole('link', { name: 'Supervisor', exact: true }).click();
    await signIn(page, SUPERVISOR);
    await page.getByRole('tab', { name: 'Sync', exact: true }).click();
    await expect(page.getByTestId('sync-pending')).toHaveText('0');
    await expect(page.getByTestId('sync-watermark')).toHaveText(/^Everything recorded up to 5:3\d PM has reached the office\.$/);
    await page.screenshot({ path: `${SHOTS}/7-supervisor-watermark.png`, fullPage: true });
    // The last sync attempts say how each ended in words (the busy office, the rounds that went through), not by code.
    const outcomes = page.getByRole('region', { name: 'Last sync attempts', exact: true }).locator('tbody td:nth-child(2)');
    await expect(outcomes.filter({ hasText: /^Done$/ }).first()).toBeVisible();
    await expect(outcomes.filter({ hasText: /^Not taken, will retry$/ }).first()).toBeVisible();
    expect((await outcomes.allTextContents()).filter((words) => /^[a-z_]+$/.test(words))).toEqual([]);

    // The office now needs a newer kiosk: said plainly to the supervisor and the clerk, nothing marked sent, nothing lost.
    await stack.stopApi();
    await stack.startApi({ MIN_KIOSK_VERSION: '9.0.0' });
    const upgradeWords = /^This kiosk needs an update The office now needs version 9\.0\.0 or newer; this kiosk runs 0\.1\.0\. Reload this page to load the new version; if this message stays, call IT\./;
    await expect(page.getByTestId('sync-panel-state')).toHaveText(upgradeWords);
    await expect(chip(page)).toHaveText('Update needed');
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByRole('link', { name: 'Counter', exact: true }).click();
    await signIn(page, CLERK);
    await pay(page, 'BOS2000007');
    await expect(state(page)).toContainText('1 transaction and 2 other records kept safe on this van: they are sent after the update.');
    await expect(firstRowSent(page)).toHaveText('Not yet sent');
    await page.screenshot({ path: `${SHOTS}/7b-upgrade-required.png`, fullPage: true });
    // IT lowers the minimum (or installs the new version); the clerk reloads as the bar says, and it all goes.
    await stack.stopApi();
    await stack.startApi();
    await page.getByRole('button', { name: 'Reload the kiosk', exact: true }).click();
    // The clerk's session survives the reload.
    await expect(state(page)).toHaveText('The office refused 1 record — supervisor needed');
    await expect(firstRowSent(page)).toHaveText('Sent to the office');

    // The office no longer accepts the device: Enrol again.
    await page.route(PUSH, (route) => route.fulfill({ status: 401, headers: CORS, body: JSON.stringify({ error: { code: 'unknown_token', message: 'revoked' } }) }));
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await expect(state(page)).toHaveText(/^Enrol again/);
    await expect(chip(page)).toHaveText('Not enrolled');
    await expect(page.getByRole('button', { name: 'Enrol again', exact: true })).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/8-enrol-again.png`, fullPage: true });
  } finally {
    await stack.close();
  }
});
