import { expect, test, type Page } from '@playwright/test';
import { makeStack } from './harness';
import { CLERK, field, openStop, pinInput, signIn, SUPERVISOR } from './staff-helpers';

/**
 * The day from opening to close at the seams between the touchscreen, the counter and the close-out, run at the clock
 * times that used to break it (late evening, just after midnight, the two nights the clocks change) with the laptop's
 * own zone set to something other than the city's. The city is Boston (America/New_York) in every case.
 */
const CASES = [
  { name: 'at 23:30 with the laptop on UTC', at: '2026-11-27T23:30:00-05:00', timezoneId: 'UTC', start: '2026-11-27T23:00', end: '2026-11-28T03:00' },
  { name: 'at 00:10 on New York time', at: '2026-11-28T00:10:00-05:00', timezoneId: 'America/New_York', start: '2026-11-28T00:00', end: '2026-11-28T04:00' },
  // 01:00 EST plus four hours is 06:00 EDT: the hour from 02:00 to 03:00 does not exist that night.
  { name: 'on the spring-forward night with the laptop on Tokyo time', at: '2026-03-08T01:30:00-05:00', timezoneId: 'Asia/Tokyo', start: '2026-03-08T01:00', end: '2026-03-08T06:00' },
  // 01:00 EDT plus four hours is 04:00 EST: the hour from 01:00 to 02:00 happens twice that night.
  { name: 'on the autumn night the clocks go back, laptop on UTC', at: '2026-11-01T01:30:00-04:00', timezoneId: 'UTC', start: '2026-11-01T01:00', end: '2026-11-01T04:00' },
] as const;

const h1 = (page: Page) => page.getByRole('heading', { level: 1 });

async function residentStarts(page: Page, url: string) {
  await page.goto(`${url}#/resident`);
  await page.getByTestId('language-picker').getByRole('button', { name: 'English', exact: true }).click();
  await expect(h1(page)).toHaveText('Welcome to City Hall To Go');
}

async function residentTakesTicket(page: Page, category: string): Promise<string> {
  await page.getByTestId('home-ticket').click();
  await page.getByTestId('ticket-categories').getByRole('button', { name: new RegExp(category) }).click();
  const number = (await page.getByTestId('ticket-number').textContent())!;
  await page.getByRole('button', { name: 'Done', exact: true }).click();
  return number;
}

async function residentOrdersCertificate(page: Page, name: string): Promise<string> {
  await page.getByTestId('home-certificate').click();
  await page.getByRole('radio', { name: 'Birth certificate', exact: true }).check();
  await field(page, 'Full name on the record').fill(name);
  // The date in US English order, one box per part.
  const eventDate = page.getByRole('group', { name: 'Date of the event', exact: true });
  await eventDate.getByRole('textbox', { name: 'Month', exact: true }).fill('6');
  await eventDate.getByRole('textbox', { name: 'Day', exact: true }).fill('9');
  await eventDate.getByRole('textbox', { name: 'Year', exact: true }).fill('2001');
  await field(page, 'Your full name').fill(name);
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(h1(page)).toHaveText('Pay at the counter');
  const order = (await page.getByTestId('order-reference').textContent())!;
  await page.getByRole('button', { name: 'Done', exact: true }).click();
  return order;
}

for (const c of CASES) {
  test.describe(c.name, () => {
    test.use({ timezoneId: c.timezoneId });

    test(`a whole day: the stop opens with its own defaults, an order placed at the touchscreen is paid, the close resolves the queue and closes the touchscreen (${c.name})`, async ({ context }) => {
      const at = new Date(c.at);
      const nextStart = new Date(at.getTime() + 30 * 3_600_000);
      const stack = await makeStack({
        schedule: [{ start: nextStart.toISOString(), end: new Date(nextStart.getTime() + 4 * 3_600_000).toISOString(), place: 'Mattapan Square', neighbourhood: 'Mattapan', deviceIds: [] }],
      });
      try {
        await context.clock.install({ time: at });
        await stack.startApi();
        const staff = await context.newPage();
        await staff.goto(stack.kioskUrl);
        await signIn(staff, CLERK);
        // The form's own defaults are accepted, whatever the hour: four hours from the top of this one, in Boston time.
        await expect(staff.getByRole('textbox', { name: 'Planned start', exact: true })).toHaveValue(c.start);
        await expect(staff.getByRole('textbox', { name: 'Planned end', exact: true })).toHaveValue(c.end);
        await openStop(staff);

        const resident = await context.newPage();
        await residentStarts(resident, stack.kioskUrl);
        const first = await residentTakesTicket(resident, 'Payments');
        const order = await residentOrdersCertificate(resident, 'Rosa Lima');
        const second = await residentTakesTicket(resident, 'Permits');
        // The office is out of reach for the rest of the day.
        await stack.stopApi();

        // The counter takes the order's payment: the form comes filled in from the touchscreen.
        await staff.bringToFront();
        await staff.getByRole('button', { name: `Take payment for ${order}`, exact: true }).click();
        await expect(staff.getByRole('heading', { name: `Take payment for order ${order}`, exact: true })).toBeVisible();
        await expect(staff.getByRole('textbox', { name: 'Full name on the record', exact: true })).toHaveValue('Rosa Lima');
        await expect(staff.getByTestId('fee')).toHaveText('Fee: $14.00');
        await staff.getByRole('radio', { name: 'Cash', exact: true }).check();
        await field(staff, 'Cash tendered ($)').fill('20');
        await staff.getByRole('button', { name: 'Record payment', exact: true }).click();
        await expect(staff.getByTestId('confirmation')).toContainText('$14.00');
        await expect(staff.getByTestId('change-given')).toHaveText('$6.00');
        await expect(staff.getByTestId('pending-orders')).not.toContainText(order);
        await staff.getByRole('button', { name: 'Done', exact: true }).click();

        // The supervisor comes to close: two residents are still waiting, and the day will not close until they are seen to.
        const supervisor = await context.newPage();
        await supervisor.goto(`${stack.kioskUrl}#/supervisor`);
        await signIn(supervisor, SUPERVISOR);
        await supervisor.getByRole('tab', { name: 'Close the day', exact: true }).click();
        const checklist = supervisor.getByTestId('close-checklist');
        await expect(checklist.getByTestId('checklist-state')).toHaveText('2 things to resolve before the day can close.');
        const waiting = checklist.getByTestId('checklist-waiting');
        await expect(waiting).toContainText(first);
        await expect(waiting).toContainText(second);
        await expect(checklist.getByTestId('checklist-unsent')).toContainText('not reached the central office yet');
        await field(supervisor, '$100 bills').fill('1');
        await field(supervisor, '$10 bills').fill('1');
        await field(supervisor, '$1 bills and $1 coins').fill('4');
        await expect(supervisor.getByTestId('cash-difference')).toHaveText('$0.00');
        await supervisor.getByRole('button', { name: 'Close the day', exact: true }).click();
        await expect(supervisor.getByRole('alert')).toContainText('2 tickets are still waiting');
        await supervisor.screenshot({ path: `tests/e2e/screenshots/closeout-checklist-${c.timezoneId.replace('/', '-')}.png`, fullPage: true });
        // One of them left; the other is cancelled with a reason, both at once.
        await waiting.getByRole('button', { name: /^Cancel chosen with this reason/ }).click();
        await expect(waiting.getByRole('alert')).toHaveText('Give a reason for cancelling.');
        await waiting.getByRole('textbox', { name: /^Reason for cancelling/ }).fill('The counter closed before they were called');
        await waiting.getByRole('button', { name: 'Cancel chosen with this reason (2)', exact: true }).click();
        await expect(checklist.getByTestId('checklist-state')).toHaveText('Nothing is left open at this stop.');
        await supervisor.getByRole('button', { name: 'Close the day', exact: true }).click();
        await expect(supervisor.getByTestId('closed-summary')).toContainText('Counted $114.00 against $114.00 expected');

        // The touchscreen: closed for today, in the resident's language, with the van's next stop; no ticket, no order.
        await resident.bringToFront();
        await expect(resident.getByTestId('counter-closed')).toContainText('The counter is closed for today');
        await expect(resident.getByTestId('next-stop')).toContainText('Mattapan Square, Mattapan');
        await expect(resident.getByTestId('home-ticket')).toHaveCount(0);
        await expect(resident.getByTestId('home-certificate')).toHaveCount(0);
        await expect(resident.getByTestId('home-311')).toBeVisible();
        await resident.screenshot({ path: `tests/e2e/screenshots/resident-closed-${c.timezoneId.replace('/', '-')}.png` });
        await resident.getByTestId('change-language').click();
        await resident.getByTestId('language-picker').getByRole('button', { name: 'Español', exact: true }).click();
        await expect(resident.getByTestId('counter-closed')).toContainText('El mostrador está cerrado por hoy');

        // The counter: the queue takes no tickets; closing the stop says what it ends, and asks first.
        await staff.bringToFront();
        await expect(staff.getByTestId('queue-closed')).toBeVisible();
        await expect(staff.getByRole('button', { name: /^New ticket: / })).toHaveCount(0);
        await staff.getByRole('button', { name: 'Close this stop', exact: true }).click();
        await expect(staff.getByTestId('close-stop-effects')).toContainText('No ticket is waiting.');
        await staff.getByRole('button', { name: 'Keep it open', exact: true }).click();
        await staff.getByRole('button', { name: 'Close this stop', exact: true }).click();
        await staff.getByRole('button', { name: 'Yes, close the stop', exact: true }).click();
        await expect(staff.getByRole('heading', { name: 'Open a stop', exact: true })).toBeVisible();
      } finally {
        await stack.close();
      }
    });
  });
}

test('an unpaid order is cancelled with a reason, or carried over on purpose and paid at the next stop', async ({ context }) => {
  const stack = await makeStack();
  try {
    await context.clock.install({ time: new Date('2026-11-27T15:00:00-05:00') });
    await stack.startApi();
    const staff = await context.newPage();
    await staff.goto(stack.kioskUrl);
    await signIn(staff, CLERK);
    await openStop(staff);
    const resident = await context.newPage();
    await residentStarts(resident, stack.kioskUrl);
    const stays = await residentOrdersCertificate(resident, 'Ana Silva');
    const goes = await residentOrdersCertificate(resident, 'Lee Wong');

    await staff.bringToFront();
    await staff.getByRole('button', { name: `Cancel order ${goes}`, exact: true }).click();
    await staff.getByRole('textbox', { name: `Reason for cancelling ${goes}`, exact: true }).fill('Resident changed their mind');
    await staff.getByRole('button', { name: 'Cancel this order', exact: true }).click();
    await expect(staff.getByTestId('pending-orders')).not.toContainText(goes);
    await expect(staff.getByTestId('pending-orders')).toContainText(stays);

    const supervisor = await context.newPage();
    await supervisor.goto(`${stack.kioskUrl}#/supervisor`);
    await signIn(supervisor, SUPERVISOR);
    await supervisor.getByRole('tab', { name: 'Close the day', exact: true }).click();
    const orders = supervisor.getByTestId('checklist-orders');
    await expect(orders).toContainText(stays);
    await orders.getByRole('button', { name: `Carry ${stays} over to the next stop`, exact: true }).click();
    await expect(supervisor.getByTestId('checklist-state')).toHaveText('Nothing is left open at this stop.');
    await field(supervisor, '$100 bills').fill('1');
    await supervisor.getByRole('button', { name: 'Close the day', exact: true }).click();
    await expect(supervisor.getByTestId('closed-summary')).toBeVisible();

    // The next stop, the next morning: the carried-over order is waiting at its counter, and it is paid there.
    await context.clock.fastForward('17:00:00');
    await staff.bringToFront();
    // Overnight the counter window locked itself (staffIdleLockMs): the clerk's PIN resumes it.
    await pinInput(staff).fill(CLERK.pin);
    await staff.getByRole('button', { name: 'Unlock', exact: true }).click();
    await expect(staff.getByTestId('pending-orders')).toHaveCount(1);
    await staff.getByRole('button', { name: 'Close this stop', exact: true }).click();
    await staff.getByRole('button', { name: 'Yes, close the stop', exact: true }).click();
    await openStop(staff, 'Codman Square', 'Dorchester');
    const pending = staff.getByTestId('pending-orders');
    await expect(pending).toContainText(stays);
    await expect(pending).toContainText('carried over from an earlier stop');
    await staff.getByRole('button', { name: `Take payment for ${stays}`, exact: true }).click();
    await staff.getByRole('radio', { name: 'Card (terminal)', exact: true }).check();
    await field(staff, 'Approval code (from the terminal)').fill('XY12Z9');
    await field(staff, 'Last 4 digits').fill('4242');
    await staff.getByRole('button', { name: 'Record payment', exact: true }).click();
    await expect(staff.getByTestId('confirmation')).toContainText('$14.00');
    await expect(pending).not.toContainText(stays);
    await staff.screenshot({ path: 'tests/e2e/screenshots/staff-carried-order-paid.png', fullPage: true });
  } finally {
    await stack.close();
  }
});
