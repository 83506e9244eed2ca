import { describe, expect, it } from 'vitest';
import { useTestApi, type TestApi } from '../helpers/server';
import { storeFactories } from '../helpers/stores';
import { asOffice, makeOfficeUser, signIn, type OfficeSession } from '../helpers/office';
import { check, dayClosedEvent, refundIssuedEvent, stopOpenedEvent, transactionEvent, transactionVoidedEvent } from '../helpers/event-builders';

const ctx = { timeZone: 'America/New_York', serviceNames: new Map<string, string>() };

for (const factory of storeFactories) {
  describe.skipIf(factory.skipReason !== null)(`office console money and days on ${factory.name}${factory.skipReason ? ` (skipped: ${factory.skipReason})` : ''}`, () => {
    let api: TestApi;
    let viewer: OfficeSession;

    useTestApi(factory, { seed: true }, async (started) => {
      api = started;
      await makeOfficeUser(api.store, 'viewer@city.gov', 'viewer');
      viewer = await signIn(api.app, 'viewer@city.gov');
    });

    async function dayWithTwoVans() {
      const a = await api.enrolDevice('Van A');
      const b = await api.enrolDevice('Van B');
      const stopA = stopOpenedEvent(a.deviceId, 1, { neighbourhood: 'Roxbury', place: 'Dudley Sq', openingFloatCents: 20_000 }, '2026-11-27T14:00:00.000Z');
      const stopB = stopOpenedEvent(b.deviceId, 1, { neighbourhood: 'Dorchester', place: 'Fields Corner', openingFloatCents: 10_000 }, '2026-11-27T14:00:00.000Z');
      const sA = stopA.payload.stopId;
      const sB = stopB.payload.stopId;
      const cash = transactionEvent(a.deviceId, 2, { stopId: sA, amountCents: 4_500 });
      const card = transactionEvent(a.deviceId, 3, { stopId: sA, amountCents: 2_000, serviceCode: 'dog-licence', serviceName: 'Dog licence', payment: { method: 'card', approvalCode: 'A1B2C3', brand: 'visa', last4: '4242' } });
      const voided = transactionEvent(a.deviceId, 4, { stopId: sA });
      await api.store.pushEvents(a.deviceId, [stopA, cash, card, voided, transactionVoidedEvent(a.deviceId, 5, voided.payload.transactionId), dayClosedEvent(a.deviceId, 6, sA, { countedCashCents: 24_000, expectedCashCents: 24_500, differenceCents: -500, reason: 'short a five', secondSignOffBy: 'supervisor-1' })].map(check), ctx);
      // Van B closed its day, but its transaction (seq 2) has not arrived: not complete at the centre.
      await api.store.pushEvents(b.deviceId, [stopB, dayClosedEvent(b.deviceId, 3, sB, { countedCashCents: 10_000, expectedCashCents: 10_000, differenceCents: 0, reason: '', secondSignOffBy: null })].map(check), ctx);
      return { a, b, sA, sB };
    }

    it('answers the day per van and stop: revenue by service and payment, voids, the close with over/short, sign-offs and completeness; neighbourhood totals', async () => {
      const { sA, sB } = await dayWithTwoVans();
      const response = await api.app.inject(asOffice(viewer, 'GET', '/v1/office/days?date=2026-11-27'));
      expect(response.statusCode).toBe(200);
      const day = response.json();
      expect(day.totals).toMatchObject({ transactionCount: 2, revenueCents: 6_500, voidCount: 1 });
      const [vanA, vanB] = day.vans;
      expect(vanA.vanName).toBe('Van A');
      expect(vanA.stops[0]).toMatchObject({
        stopId: sA,
        place: 'Dudley Sq',
        transactionCount: 2,
        revenueCents: 6_500,
        voids: { count: 1, amountCents: 4_500 },
        byPaymentMethod: [
          { key: 'cash', count: 1, revenueCents: 4_500 },
          { key: 'card', count: 1, revenueCents: 2_000 },
        ],
        cash: { openingFloatCents: 20_000, cashTakenCents: 4_500, expectedCents: 24_500, countedCents: 24_000, differenceCents: -500, reason: 'short a five', closed: true },
        close: { closedBy: 'clerk-1', secondSignOffBy: 'supervisor-1', completeAtCentre: true },
      });
      expect(vanA.stops[0].byService.map((b: { label: string }) => b.label)).toEqual(['Pay parking ticket', 'Dog licence']);
      expect(vanB.stops[0]).toMatchObject({ stopId: sB, close: { secondSignOffBy: null, completeAtCentre: false } });
      expect(day.neighbourhoods).toEqual([
        { neighbourhood: 'Dorchester', stops: 1, transactionCount: 0, revenueCents: 0, voidCount: 0 },
        { neighbourhood: 'Roxbury', stops: 1, transactionCount: 2, revenueCents: 6_500, voidCount: 1 },
      ]);
    });

    it('gives every table of the day as CSV', async () => {
      await dayWithTwoVans();
      const csv = async (table: string) => {
        const response = await api.app.inject(asOffice(viewer, 'GET', `/v1/office/days.csv?date=2026-11-27&table=${table}`));
        expect(response.headers['content-type']).toContain('text/csv');
        expect(response.headers['content-disposition']).toBe(`attachment; filename="day-2026-11-27-${table}.csv"`);
        return response.body.trim().split(/\r?\n/);
      };
      const stops = await csv('stops');
      expect(stops[0]).toBe('date,van,neighbourhood,place,transactions,revenue,voids,voided_amount,opening_float,cash_taken,cash_expected,cash_counted,over_short,reason,closed_by,second_sign_off_by,complete_at_centre');
      expect(stops[1]).toBe('2026-11-27,Van A,Roxbury,Dudley Sq,2,65.00,1,45.00,200.00,45.00,245.00,240.00,-5.00,short a five,clerk-1,supervisor-1,yes');
      expect(stops[2]).toMatch(/^2026-11-27,Van B,Dorchester,Fields Corner,0,0.00,.*,clerk-1,,no$/);
      expect(await csv('services')).toEqual([
        'date,van,place,service_code,service,count,revenue',
        '2026-11-27,Van A,Dudley Sq,parking-ticket,Pay parking ticket,1,45.00',
        '2026-11-27,Van A,Dudley Sq,dog-licence,Dog licence,1,20.00',
      ]);
      expect((await csv('payments')).slice(1)).toEqual(['2026-11-27,Van A,Dudley Sq,cash,1,45.00', '2026-11-27,Van A,Dudley Sq,card,1,20.00']);
      expect((await csv('neighbourhoods')).slice(1)).toEqual(['2026-11-27,Dorchester,1,0,0.00,0', '2026-11-27,Roxbury,1,2,65.00,1']);
    });

    it('takes the cash refunded at a stop out of its expected cash, on the page and in the CSV', async () => {
      const a = await api.enrolDevice('Van A');
      const stop = stopOpenedEvent(a.deviceId, 1, { openingFloatCents: 20_000 }, '2026-11-27T14:00:00.000Z');
      const stopId = stop.payload.stopId;
      const sale = transactionEvent(a.deviceId, 2, { stopId, amountCents: 4_500 });
      const cashRefund = refundIssuedEvent(a.deviceId, 3, sale.payload.transactionId, { stopId, amountCents: 1_400, method: 'cash' }, '2026-11-27T16:00:00.000Z');
      const cardRefund = refundIssuedEvent(a.deviceId, 4, sale.payload.transactionId, { stopId, amountCents: 600, method: 'card' }, '2026-11-27T16:05:00.000Z');
      const close = dayClosedEvent(a.deviceId, 5, stopId, { countedCashCents: 23_100, expectedCashCents: 23_100, differenceCents: 0, reason: '' });
      await api.store.pushEvents(a.deviceId, [stop, sale, cashRefund, cardRefund, close].map(check), ctx);
      const day = (await api.app.inject(asOffice(viewer, 'GET', '/v1/office/days?date=2026-11-27'))).json();
      // 200.00 float + 45.00 cash taken − 14.00 cash refunded; the card refund leaves the drawer alone.
      expect(day.vans[0].stops[0]).toMatchObject({
        refunds: { count: 2, amountCents: 2_000, byMethod: { cash: 1_400, check: 0, card: 600 } },
        netRevenueCents: 2_500,
        cash: { openingFloatCents: 20_000, cashTakenCents: 4_500, cashRefundedCents: 1_400, expectedCents: 23_100, countedCents: 23_100, differenceCents: 0 },
      });
      expect(day.totals).toMatchObject({ refundCount: 2, refundCents: 2_000, netRevenueCents: 2_500 });
      const csv = (await api.app.inject(asOffice(viewer, 'GET', '/v1/office/days.csv?date=2026-11-27&table=stops'))).body.trim().split(/\r?\n/);
      expect(csv[1]).toMatch(/^2026-11-27,Van A,Dorchester,Fields Corner,1,45.00,0,0.00,200.00,45.00,231.00,231.00,0.00,/);
    });

    it.each([
      ['/v1/office/days?date=2026-13-01', 'invalid_query'],
      ['/v1/office/days', 'invalid_query'],
      ['/v1/office/days.csv?date=2026-11-27&table=secrets', 'invalid_query'],
    ])('refuses %s', async (url, code) => {
      const response = await api.app.inject(asOffice(viewer, 'GET', url));
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe(code);
    });
  });
}
