import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeDayKpis, parseEvent, reconcileCash, type AnyDeviceEvent } from '../../shared';
import { KioskDb, type LocalTransaction } from '../../renderer/src/db/db';
import { loadDay } from '../../renderer/src/db/queries';
import { localTransactionFrom } from '../../renderer/src/db/transactions';
import { ADMIN_TOKEN, useTestApi, type TestApi } from '../helpers/server';
import { storeFactories } from '../helpers/stores';
import { asOffice, makeOfficeUser, signIn, type OfficeSession } from '../helpers/office';
import { dayClosedEvent, refundIssuedEvent, stopOpenedEvent, transactionEvent, transactionVoidedEvent } from '../helpers/event-builders';

/**
 * Issue #16: the central daily report and the office day must show, for a stop, exactly the figures the kiosk's
 * close-out screen computes from its own records. One day of events goes to both sides and every figure is compared.
 */

/** The kiosk's read models for these events, as its actions write them (stops, transactions with voids, refunds). */
async function kioskRecords(db: KioskDb, events: AnyDeviceEvent[]): Promise<void> {
  for (const event of events) {
    switch (event.type) {
      case 'StopOpened':
        await db.stops.add({ id: event.payload.stopId, neighbourhood: event.payload.neighbourhood, place: event.payload.place, plannedStart: event.payload.plannedStart, plannedEnd: event.payload.plannedEnd, openingFloatCents: event.payload.openingFloatCents, openedBy: event.actorId, floatConfirmedBy: event.payload.floatConfirmedBy, openedAt: event.occurredAt, closedAt: null, dayClosedAt: null });
        break;
      case 'TransactionRecorded':
        {
          // The kiosk seals a record's personal fields at rest (db/at-rest.ts); no figure reads them, so they stay out here.
          const { reference: _reference, residentName: _residentName, fields: _fields, ...figures } = localTransactionFrom(event);
          await db.transactions.add(figures as LocalTransaction);
        }
        break;
      case 'TransactionVoided':
        await db.transactions.update(event.payload.transactionId, { status: 'voided', voidedAt: event.occurredAt, voidReason: event.payload.reason });
        break;
      case 'RefundIssued': {
        const tx = await db.transactions.get(event.payload.transactionId);
        await db.refunds.add({ id: event.payload.refundId, transactionId: event.payload.transactionId, receiptNumber: tx?.receiptNumber ?? '', stopId: event.payload.stopId, amountCents: event.payload.amountCents, method: event.payload.method, reason: event.payload.reason, staffId: event.payload.staffId, approvedBy: event.payload.approvedBy, issuedAt: event.occurredAt });
        break;
      }
      default:
        break;
    }
  }
}

const parsed = (raw: unknown): AnyDeviceEvent => {
  const result = parseEvent(raw);
  if (!result.ok) throw new Error(`test event is invalid: ${result.code}: ${result.message}`);
  return result.event;
};

let dbCounter = 0;

for (const factory of storeFactories) {
  describe.skipIf(factory.skipReason !== null)(`central report equals the kiosk's close-out on ${factory.name}${factory.skipReason ? ` (skipped: ${factory.skipReason})` : ''}`, () => {
    let api: TestApi;
    let viewer: OfficeSession;
    let db: KioskDb;

    useTestApi(factory, { seed: true }, async (started) => {
      api = started;
      await makeOfficeUser(api.store, 'viewer@city.gov', 'viewer');
      viewer = await signIn(api.app, 'viewer@city.gov');
    });
    beforeEach(() => {
      db = new KioskDb(`report-equals-kiosk-${process.pid}-${++dbCounter}`);
    });
    afterEach(() => db.close());

    it('gives every figure of the day (per service, per method, voids, refunds, net, expected cash, over/short) as the kiosk does', async () => {
      const device = await api.enrolDevice('Van 5');
      const d = device.deviceId;
      // Yesterday's sales, refunded today.
      const yesterday = stopOpenedEvent(d, 1, { place: 'Dudley Sq', neighbourhood: 'Roxbury', plannedStart: '2026-11-26T14:00:00.000Z', plannedEnd: '2026-11-26T21:00:00.000Z' }, '2026-11-26T14:00:00.000Z');
      const oldCash = transactionEvent(d, 2, { stopId: yesterday.payload.stopId, amountCents: 3_000, payment: { method: 'cash', tenderedCents: 5_000, changeCents: 2_000 } });
      const oldCard = transactionEvent(d, 3, { stopId: yesterday.payload.stopId, amountCents: 5_000, payment: { method: 'card', approvalCode: 'ZX12CV', brand: 'amex', last4: '1005' } });
      oldCash.occurredAt = '2026-11-26T15:00:00.000Z';
      oldCard.occurredAt = '2026-11-26T15:05:00.000Z';
      // Today.
      const stop = stopOpenedEvent(d, 4, { openingFloatCents: 15_000 }, '2026-11-27T14:00:00.000Z');
      const s = stop.payload.stopId;
      const sales = [
        transactionEvent(d, 5, { stopId: s, amountCents: 4_500, payment: { method: 'cash', tenderedCents: 5_000, changeCents: 500 } }),
        transactionEvent(d, 6, { stopId: s, amountCents: 2_000, serviceCode: 'dog-licence', serviceName: 'Dog licence', payment: { method: 'card', approvalCode: 'A1B2C3', brand: 'visa', last4: '4242' } }),
        transactionEvent(d, 7, { stopId: s, amountCents: 1_400, serviceCode: 'birth-certificate', serviceName: 'Birth certificate', payment: { method: 'check', checkNumber: '1042' } }),
        transactionEvent(d, 8, { stopId: s, amountCents: 2_000, serviceCode: 'dog-licence', serviceName: 'Dog licence', payment: { method: 'cash', tenderedCents: 2_000, changeCents: 0 } }),
        transactionEvent(d, 9, { stopId: s, amountCents: 0, serviceCode: 'resident-parking-permit', serviceName: 'Resident parking permit', payment: { method: 'none' } }),
        transactionEvent(d, 10, { stopId: s, amountCents: 6_000, payment: { method: 'cash', tenderedCents: 10_000, changeCents: 4_000 } }),
      ];
      const events = [
        yesterday,
        oldCash,
        oldCard,
        stop,
        ...sales,
        transactionVoidedEvent(d, 11, sales[5]!.payload.transactionId),
        refundIssuedEvent(d, 12, oldCash.payload.transactionId, { stopId: s, amountCents: 1_200, method: 'cash' }, '2026-11-27T17:00:00.000Z'),
        refundIssuedEvent(d, 13, oldCard.payload.transactionId, { stopId: s, amountCents: 2_500, method: 'card' }, '2026-11-27T17:05:00.000Z'),
      ];
      // Kiosk side: its records, then the close-out screen's computation (CloseOut.tsx) with the drawer count.
      const counted = 20_000;
      await kioskRecords(db, events.map(parsed));
      const local = await loadDay(db, await db.stops.get(s));
      const cash = reconcileCash({ openingFloatCents: 15_000, transactions: local.transactions, countedCashCents: counted, refunds: local.refunds });
      const kpis = computeDayKpis({ transactions: local.transactions, tickets: local.tickets, surveys: local.surveys, cityAnswers: local.cityAnswers, timeZone: 'America/New_York', refunds: local.refunds });
      const dayClose = dayClosedEvent(d, 14, s, { countedCashCents: counted, expectedCashCents: cash.expectedCents, differenceCents: cash.differenceCents, reason: 'short', checkTotalCents: cash.checks.totalCents, cardTotalCents: cash.cards.totalCents });

      // Central side: the same events through the push API.
      const pushed = await api.app.inject({ method: 'POST', url: '/v1/sync/push', headers: { authorization: `Bearer ${device.token}`, 'content-type': 'application/json' }, payload: JSON.stringify({ events: [...events, dayClose] }) });
      expect(pushed.json().results.map((r: { status: string }) => r.status)).toEqual(Array(events.length + 1).fill('accepted'));
      const report = (await api.app.inject({ method: 'GET', url: '/v1/reports/daily?date=2026-11-27', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json();
      const office = (await api.app.inject(asOffice(viewer, 'GET', '/v1/office/days?date=2026-11-27'))).json();

      const kioskFigures = {
        transactionCount: kpis.transactionCount,
        revenueCents: kpis.revenueCents,
        // The central API labels a method by its key; the rows are otherwise the kiosk's.
        byService: kpis.byService,
        byPaymentMethod: kpis.byPaymentMethod.map((row) => ({ ...row, label: row.key })),
        voids: kpis.voids,
        refunds: { ...kpis.refunds, byMethod: { cash: cash.refunds.cashCents, check: cash.refunds.checkCents, card: cash.refunds.cardCents } },
        netRevenueCents: kpis.netRevenueCents,
        cash: { openingFloatCents: cash.openingFloatCents, cashTakenCents: cash.cashSalesCents, cashRefundedCents: cash.refunds.cashCents, expectedCents: cash.expectedCents, countedCents: counted, differenceCents: cash.differenceCents, reason: 'short', closed: true },
      };
      for (const answer of [report, office]) {
        const central = answer.vans[0].stops.find((x: { stopId: string }) => x.stopId === s);
        expect(central).toMatchObject(kioskFigures);
        // Every figure compared, none left out: the central stop has exactly these keys besides where it was.
        expect(Object.keys(central).filter((k) => !['stopId', 'place', 'neighbourhood', 'close'].includes(k)).sort()).toEqual(Object.keys(kioskFigures).sort());
        expect(central.byService).toEqual(kioskFigures.byService);
        expect(central.byPaymentMethod).toEqual(kioskFigures.byPaymentMethod);
      }
      // The day as figured here: 150.00 float + 45.00 + 20.00 cash (the voided 60.00 is out) − 12.00 cash refunded = 203.00.
      expect(cash.expectedCents).toBe(20_300);
      expect(kpis.byPaymentMethod.map((r) => r.key)).toEqual(['cash', 'card', 'check', 'none']);
      expect(office.vans[0].stops.find((x: { stopId: string }) => x.stopId === s).close).toMatchObject({ expectedAtVanCents: 20_300, differenceAtVanCents: -300 });
    });
  });
}
