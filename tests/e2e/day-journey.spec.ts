import { expect, test, type Page } from '@playwright/test';
import { ADMIN_TOKEN, makeStack } from './harness';
import { CLERK, openStop, signIn, SUPERVISOR } from './staff-helpers';

/**
 * The van's day as lived, across the three windows of one kiosk, with the central office out of reach for nearly all
 * of it: residents take tickets, order a certificate and call for help at the touchscreen; the counter answers the
 * call, takes the order's payment and a card payment, and voids the card payment with a supervisor's PIN; the
 * supervisor closes the day through the checklist with a resident still waiting; the touchscreen says it is closed.
 * The next morning one copy of the certificate is refunded. Then the office comes back and its figures equal the
 * kiosk's to the cent, refund included.
 */
const h1 = (page: Page) => page.getByRole('heading', { level: 1 });

async function supervisorApproves(page: Page, heading: string, submit: string) {
  const pad = page.getByRole('form', { name: heading });
  await pad.getByRole('combobox', { name: 'Name', exact: true }).selectOption({ label: `${SUPERVISOR.name} (supervisor)` });
  await pad.getByLabel('PIN', { exact: true }).fill(SUPERVISOR.pin);
  await pad.getByRole('button', { name: submit, exact: true }).click();
}

test('a whole day across touchscreen, counter and close-out, offline, then a refund the next day; the office ends equal to the kiosk to the cent', async ({ context }) => {
  const stack = await makeStack();
  try {
    await context.clock.install({ time: new Date('2026-11-27T10:00:00-05:00') });
    await stack.startApi();
    const counter = await context.newPage();
    await counter.goto(stack.kioskUrl);
    await signIn(counter, CLERK);
    await openStop(counter);
    // The van's network goes: everything from here until the end is recorded on the van alone.
    await stack.stopApi();

    // The touchscreen: two tickets, a certificate order, a call for help.
    const resident = await context.newPage();
    await resident.goto(`${stack.kioskUrl}#/resident`);
    await resident.getByTestId('language-picker').getByRole('button', { name: 'English', exact: true }).click();
    const takeTicket = async (category: RegExp) => {
      await resident.getByTestId('home-ticket').click();
      await resident.getByTestId('ticket-categories').getByRole('button', { name: category }).click();
      const number = (await resident.getByTestId('ticket-number').textContent())!;
      await resident.getByRole('button', { name: 'Done', exact: true }).click();
      return number;
    };
    const first = await takeTicket(/Payments/);
    await resident.getByTestId('home-certificate').click();
    await resident.getByRole('radio', { name: 'Birth certificate', exact: true }).check();
    await resident.getByRole('button', { name: 'More copies', exact: true }).click();
    await resident.getByRole('textbox', { name: 'Full name on the record', exact: true }).fill('Rosa Lima');
    const date = resident.getByRole('group', { name: /Date of the event/ });
    await date.getByRole('textbox', { name: 'Day', exact: true }).fill('9');
    await date.getByRole('textbox', { name: 'Month', exact: true }).fill('6');
    await date.getByRole('textbox', { name: 'Year', exact: true }).fill('2001');
    await resident.getByRole('textbox', { name: 'Your full name', exact: true }).fill('Rosa Lima');
    await resident.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(h1(resident)).toHaveText('Pay at the counter');
    const order = (await resident.getByTestId('order-reference').textContent())!;
    await resident.getByRole('button', { name: 'Done', exact: true }).click();
    const waiting = await takeTicket(/Permits/);
    await resident.getByTestId('call-help').click();
    await expect(resident.getByTestId('help-status')).toContainText('A staff member has been called');

    // The counter answers the call; the touchscreen says someone is coming.
    await counter.bringToFront();
    const banner = counter.getByRole('alert').filter({ has: counter.getByRole('heading', { name: 'A resident asks for help at the touchscreen', exact: true }) });
    await banner.getByRole('button', { name: 'On my way', exact: true }).click();
    await expect(banner).toHaveCount(0);
    await resident.bringToFront();
    await expect(resident.getByTestId('help-status')).toHaveText('A staff member saw your call and is coming to you now.');
    await resident.getByRole('button', { name: 'Done', exact: true }).click();

    // The order placed at the touchscreen is paid at the counter: two copies, $28.00 in cash.
    await counter.bringToFront();
    await counter.getByRole('button', { name: `Take payment for ${order}`, exact: true }).click();
    await expect(counter.getByRole('heading', { name: `Take payment for order ${order}` })).toBeVisible();
    await counter.getByRole('radio', { name: 'Cash', exact: true }).check();
    await counter.getByRole('textbox', { name: 'Cash tendered ($)', exact: true }).fill('30');
    await counter.getByRole('button', { name: 'Record payment', exact: true }).click();
    await expect(counter.getByTestId('change-given')).toHaveText('$2.00');
    const certificate = (await counter.getByTestId('confirmation').locator('strong').first().textContent())!;
    await counter.getByRole('button', { name: 'Done', exact: true }).click();

    // The first ticket is called and served with a card payment, which is then voided with the supervisor's PIN.
    await counter.getByRole('button', { name: 'Call next Alt+N', exact: true }).click();
    await counter.getByRole('button', { name: `Record a transaction for ${first}`, exact: true }).click();
    await counter.getByRole('group', { name: 'Service', exact: true }).getByRole('button', { name: 'Pay parking ticket', exact: true }).click();
    await counter.getByRole('textbox', { name: 'Ticket number', exact: true }).fill('BOS7654321');
    await counter.getByRole('textbox', { name: 'Amount due (in dollars)', exact: true }).fill('75');
    await counter.getByRole('radio', { name: 'Card (terminal)', exact: true }).check();
    await counter.getByRole('textbox', { name: 'Approval code (from the terminal)', exact: true }).fill('AB12CD');
    await counter.getByRole('textbox', { name: 'Last 4 digits', exact: true }).fill('4242');
    await counter.getByRole('button', { name: 'Record payment', exact: true }).click();
    const card = (await counter.getByTestId('confirmation').locator('strong').first().textContent())!;
    await counter.getByRole('button', { name: 'Done', exact: true }).click();
    await expect(counter.getByTestId('called-tickets')).not.toContainText(first);
    await counter.getByRole('button', { name: `Void ${card}`, exact: true }).click();
    await counter.getByRole('textbox', { name: `Reason for voiding ${card}`, exact: true }).fill('Wrong ticket keyed');
    await counter.getByRole('button', { name: 'Ask a supervisor to approve', exact: true }).click();
    await supervisorApproves(counter, `Supervisor: approve voiding ${card} ($75.00)`, 'Approve the void');
    await expect(counter.getByTestId('history-message')).toHaveText(`Voided ${card}. Reverse $75.00 on the card terminal (Visa ending 4242, approval AB12CD).`);

    // The supervisor, in a window of their own, closes the day through the checklist: one resident still waits.
    const supervisor = await context.newPage();
    await supervisor.goto(`${stack.kioskUrl}#/supervisor`);
    await signIn(supervisor, SUPERVISOR);
    await supervisor.getByRole('tab', { name: 'Close the day', exact: true }).click();
    const checklist = supervisor.getByTestId('close-checklist');
    const still = checklist.getByTestId('checklist-waiting');
    await expect(still).toContainText(waiting);
    await still.getByRole('textbox', { name: /^Reason for cancelling/ }).fill('Left before the counter closed');
    await still.getByRole('button', { name: 'Cancel chosen with this reason (1)', exact: true }).click();
    await expect(checklist.getByTestId('checklist-state')).toHaveText('Nothing is left open at this stop.');
    await expect(checklist.getByTestId('checklist-unsent')).toContainText('not reached the central office yet');
    // Float $100 + $28 cash kept.
    await expect(supervisor.getByTestId('expected-cash')).toHaveText('$128.00');
    await supervisor.getByRole('textbox', { name: '$100 bills', exact: true }).fill('1');
    await supervisor.getByRole('textbox', { name: '$20 bills', exact: true }).fill('1');
    await supervisor.getByRole('textbox', { name: '$5 bills', exact: true }).fill('1');
    await supervisor.getByRole('textbox', { name: '$1 bills and $1 coins', exact: true }).fill('3');
    await expect(supervisor.getByTestId('cash-difference')).toHaveText('$0.00');
    await supervisor.getByRole('button', { name: 'Close the day', exact: true }).click();
    await expect(supervisor.getByTestId('closed-summary')).toContainText('Counted $128.00 against $128.00 expected');
    await supervisor.screenshot({ path: 'tests/e2e/screenshots/journey-closed-day.png', fullPage: true });

    // The touchscreen: closed for today; the counter closes its stop.
    await resident.bringToFront();
    await expect(resident.getByTestId('counter-closed')).toContainText('The counter is closed for today');
    await expect(resident.getByTestId('home-ticket')).toHaveCount(0);
    await counter.bringToFront();
    await counter.getByRole('button', { name: 'Close this stop', exact: true }).click();
    await counter.getByRole('button', { name: 'Yes, close the stop', exact: true }).click();
    await counter.getByRole('button', { name: 'Sign out', exact: true }).click();
    await supervisor.getByRole('button', { name: 'Sign out', exact: true }).click();

    // The next morning, still offline: one copy cannot be issued, and $14.00 goes back in cash.
    await context.clock.fastForward('22:00:00');
    await counter.bringToFront();
    await signIn(counter, CLERK);
    await openStop(counter, 'Mattapan Square', 'Mattapan');
    await counter.getByRole('textbox', { name: 'Receipt number to refund', exact: true }).fill(certificate);
    await counter.getByRole('button', { name: 'Find receipt', exact: true }).click();
    await counter.getByRole('textbox', { name: 'Amount to refund ($)', exact: true }).fill('14.00');
    await counter.getByRole('textbox', { name: 'Reason for the refund', exact: true }).fill('One copy could not be issued');
    await counter.getByRole('radio', { name: 'Cash', exact: true }).check();
    await counter.getByRole('button', { name: 'Ask a supervisor to approve the refund', exact: true }).click();
    await supervisorApproves(counter, `Supervisor: approve refunding ${certificate}`, 'Approve the refund');
    await expect(counter.getByTestId('refund-message')).toHaveText(`Refunded $14.00 on ${certificate}. Give $14.00 in cash from the drawer to the resident.`);

    // What the kiosk says of the two days, read from its own close-out and dashboard.
    await supervisor.bringToFront();
    await signIn(supervisor, SUPERVISOR);
    await supervisor.getByRole('tab', { name: 'Close the day', exact: true }).click();
    await expect(supervisor.getByTestId('cash-refunds')).toHaveText('− $14.00');
    await expect(supervisor.getByTestId('expected-cash')).toHaveText('$86.00');

    // The office comes back: everything arrives once, and its figures are the kiosk's.
    const api = await stack.startApi();
    await counter.bringToFront();
    await counter.getByRole('button', { name: 'Sync now', exact: true }).click();
    await expect(counter.getByTestId('sync-state')).toHaveText('Up to date', { timeout: 20_000 });
    const daily = async (day: string) =>
      (await (await fetch(`${api.url}/v1/reports/daily?date=${day}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json()) as {
        totals: { transactionCount: number; revenueCents: number; refundCents: number; netRevenueCents: number };
        vans: { stops: { place: string; voids: { count: number; amountCents: number }; cash: { expectedCents: number; countedCents: number | null } }[] }[];
      };
    const friday = await daily('2026-11-27');
    expect(friday.totals).toMatchObject({ revenueCents: 2800, refundCents: 0, netRevenueCents: 2800 });
    const fields = friday.vans[0]!.stops.find((s) => s.place === 'Fields Corner')!;
    expect(fields.voids).toMatchObject({ count: 1, amountCents: 7500 });
    expect(fields.cash).toMatchObject({ expectedCents: 12_800, countedCents: 12_800 });
    const saturday = await daily('2026-11-28');
    expect(saturday.totals).toMatchObject({ revenueCents: 0, refundCents: 1400, netRevenueCents: -1400 });
    // Nothing twice: each receipt once at the office, with its status.
    const list = (await (await fetch(`${api.url}/v1/transactions?limit=100`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json()) as {
      total: number;
      items: { receiptNumber: string; amountCents: number; status: string }[];
    };
    expect(list.total).toBe(2);
    expect(list.items.map((t) => [t.receiptNumber, t.amountCents, t.status]).sort()).toEqual(
      [
        [certificate, 2800, 'recorded'],
        [card, 7500, 'voided'],
      ].sort(),
    );
  } finally {
    await stack.close();
  }
});
