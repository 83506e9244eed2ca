import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { readServerEnv } from '../../server/config';
import { seedDemoCatalogue } from '../../server/seed';
import { startServer, type RunningServer } from '../../server/server';
import { SqliteStore } from '../../server/store/sqlite';
import { hashToken, newSecretToken } from '../../server/auth';
import { newId, type OfficeRole } from '../../shared';
import { makeOfficeUser, OFFICE_PASSWORD } from '../helpers/office';
import { check, cityQuestionAnsweredEvent, dayClosedEvent, deviceEvent, serviceRequestFiledEvent, stopOpenedEvent, transactionEvent } from '../helpers/event-builders';
import { freePort } from './harness';

export { OFFICE_PASSWORD };
export const ADMIN_TOKEN = 'e2e-admin-token-0123456789';

/** A central API with the built console at /office/, office accounts of each role, a van that sent records and one that sent none. */
export async function makeOfficeStack() {
  const dataDir = mkdtempSync(join(tmpdir(), 'chtg-office-e2e-'));
  const store = new SqliteStore({ file: join(dataDir, 'central.sqlite'), checkpointIntervalMs: 0 });
  await store.migrate();
  await seedDemoCatalogue(store, new Date('2026-12-01T12:00:00.000Z'));
  const roles: OfficeRole[] = ['viewer', 'office', 'admin'];
  for (const role of roles) await makeOfficeUser(store, `${role}@city.gov`, role);
  const deviceId = 'dev-e2e-van-7';
  await store.createDevice({ id: deviceId, vanName: 'Van 7', tokenHash: hashToken(newSecretToken()) });
  await store.createDevice({ id: 'dev-e2e-van-9', vanName: 'Van 9', tokenHash: hashToken(newSecretToken()) });
  const filed = serviceRequestFiledEvent(deviceId, 1, { localReference: 'SR-0001', description: 'Streetlight out on Elm St', address_string: '12 Elm St' });
  const bad = { ...transactionEvent(deviceId, 2), type: 'NotAnEvent' };
  const answers = [
    cityQuestionAnsweredEvent(deviceId, 3, { language: 'es', topic: 'safety', text: 'Más luz en la plaza' }, '2026-11-28T16:00:00.000Z'),
    cityQuestionAnsweredEvent(deviceId, 4, { neighbourhood: 'Roxbury', place: 'Nubian Square', topic: 'parks', language: 'en', text: 'More benches' }, '2026-11-29T17:00:00.000Z'),
  ];
  await store.pushEvents(deviceId, [check(filed), check(bad), ...answers.map(check)], { timeZone: 'America/New_York', serviceNames: new Map([['pothole', 'Pothole']]) });
  // Van 9's day on 27 November: a stop, two sales, a close that is short $5 with a second sign-off.
  const van9 = 'dev-e2e-van-9';
  const stop = stopOpenedEvent(van9, 1, { neighbourhood: 'Roxbury', place: 'Dudley Sq', openingFloatCents: 20_000 }, '2026-11-27T14:00:00.000Z');
  await store.pushEvents(
    van9,
    [
      stop,
      transactionEvent(van9, 2, { stopId: stop.payload.stopId }),
      transactionEvent(van9, 3, { stopId: stop.payload.stopId, amountCents: 2_000, serviceCode: 'dog-licence', serviceName: 'Dog licence', payment: { method: 'card', approvalCode: 'A1B2C3', brand: 'visa', last4: '4242' } }),
      dayClosedEvent(van9, 4, stop.payload.stopId, { countedCashCents: 24_000, expectedCashCents: 24_500, differenceCents: -500, reason: 'short a five' }),
      // Its queue that day: waits of 5 and 10 minutes, services of 10 and 5, one survey with a comment in Spanish;
      // and a week before, one resident who waited 20 minutes.
      ...queueEvents(van9, 5, stop.payload.stopId, [
        { issued: '2026-11-27T14:30:00.000Z', called: '2026-11-27T14:35:00.000Z', served: '2026-11-27T14:45:00.000Z', language: 'es', survey: { rating: 4, comment: 'La espera fue corta' } },
        { issued: '2026-11-27T14:40:00.000Z', called: '2026-11-27T14:50:00.000Z', served: '2026-11-27T14:55:00.000Z', language: 'en' },
      ]),
      ...(() => {
        const earlier = stopOpenedEvent(van9, 12, { neighbourhood: 'Roxbury', place: 'Dudley Sq', openingFloatCents: 20_000 }, '2026-11-20T14:00:00.000Z');
        return [earlier, ...queueEvents(van9, 13, earlier.payload.stopId, [{ issued: '2026-11-20T15:00:00.000Z', called: '2026-11-20T15:20:00.000Z', served: '2026-11-20T15:30:00.000Z', language: 'vi' }])];
      })(),
    ].map(check),
    { timeZone: 'America/New_York', serviceNames: new Map() },
  );
  await store.close();
  const port = await freePort();
  const api: RunningServer = await startServer(readServerEnv({ PORT: String(port), DATA_DIR: dataDir, ADMIN_TOKEN, LOG_LEVEL: 'silent' }));
  return {
    url: `http://127.0.0.1:${port}`,
    consoleUrl: `http://127.0.0.1:${port}/office/`,
    requestId: (filed.payload as { requestId: string }).requestId,
    api,
    async close() {
      await api.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Residents through a stop's queue from seq `first` on: each ticket issued, called and served, with an optional survey. */
function queueEvents(deviceId: string, first: number, stopId: string, tickets: { issued: string; called: string; served: string; language: string; survey?: { rating: number; comment: string } }[]) {
  let seq = first - 1;
  return tickets.flatMap((t, i) => {
    const ticketId = newId();
    const events: unknown[] = [
      deviceEvent(deviceId, ++seq, 'TicketIssued', { ticketId, stopId, number: `A${String(i + 1).padStart(3, '0')}`, categoryCode: 'permits', source: 'resident', language: t.language }, { occurredAt: t.issued }),
      deviceEvent(deviceId, ++seq, 'TicketCalled', { ticketId, staffId: 'clerk-1' }, { occurredAt: t.called }),
      deviceEvent(deviceId, ++seq, 'TicketServed', { ticketId, staffId: 'clerk-1' }, { occurredAt: t.served }),
    ];
    if (t.survey) events.push(deviceEvent(deviceId, ++seq, 'SurveyAnswered', { surveyId: newId(), stopId, ticketId, ...t.survey }, { occurredAt: t.served }));
    return events;
  });
}

export async function signInAs(page: Page, consoleUrl: string, role: OfficeRole) {
  await page.goto(consoleUrl);
  await page.getByRole('textbox', { name: 'E-mail', exact: true }).fill(`${role}@city.gov`);
  await page.getByLabel('Password', { exact: true }).fill(OFFICE_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByText(`Signed in as ${role}@city.gov (${role})`)).toBeVisible();
}

/** axe: no violation of any impact. */
export async function expectNoAxeViolations(page: Page, where: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const report = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(report, `axe on ${where}`).toEqual([]);
}
