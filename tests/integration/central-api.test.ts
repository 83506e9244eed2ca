import { describe, expect, it } from 'vitest';
import { catalogueSchema, newId, pullResponseSchema, pushResponseSchema, requestStatusResponseSchema } from '../../shared';
import { hashToken } from '../../server/auth';
import { DEMO_VAN_NAME } from '../../server/seed';
import { deviceEvent, transactionEvent } from '../helpers/events';
import { ADMIN_TOKEN, useTestApi, type TestApi } from '../helpers/server';
import { storeFactories } from '../helpers/stores';

const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

for (const factory of storeFactories) {
  describe.skipIf(factory.skipReason !== null)(`central API on ${factory.name}${factory.skipReason ? ` (skipped: ${factory.skipReason})` : ''}`, () => {
    let api: TestApi;
    useTestApi(factory, { seed: true, enrolRateLimit: { max: 1000, timeWindow: 60_000 } }, (started) => {
      api = started;
    });

    const inject = (method: 'GET' | 'POST' | 'PATCH', url: string, headers: Record<string, string> = {}, payload?: unknown) =>
      api.app.inject({
        method,
        url,
        headers: payload === undefined ? headers : { 'content-type': 'application/json', ...headers },
        ...(payload === undefined ? {} : { payload: typeof payload === 'string' ? payload : JSON.stringify(payload) }),
      });

    async function enrol(van = 'Van 3') {
      const code = (await inject('POST', '/v1/admin/enrolment-codes', admin, { vanName: van })).json().code as string;
      const response = await inject('POST', '/v1/devices/enrol', {}, { code });
      expect(response.statusCode).toBe(201);
      return response.json() as { deviceId: string; token: string; vanName: string };
    }

    const push = (token: string, events: unknown[]) => inject('POST', '/v1/sync/push', { authorization: `Bearer ${token}` }, { events });

    describe('enrolment', () => {
      it('exchanges a one-time code for a device id and token, and keeps only a hash of the token', async () => {
        const device = await enrol('Van 9');
        expect(device.vanName).toBe('Van 9');
        expect(device.token.length).toBeGreaterThanOrEqual(40);
        expect(await api.store.findDeviceByTokenHash(hashToken(device.token))).toMatchObject({ id: device.deviceId });
        expect(await api.store.findDeviceByTokenHash(device.token)).toBeNull();
        expect((await push(device.token, [transactionEvent(device.deviceId, 1)])).statusCode).toBe(200);
      });

      it('re-enrols an existing device with a new token, keeping its id and seqs', async () => {
        const device = await enrol('Van 3');
        expect((await push(device.token, [transactionEvent(device.deviceId, 1)])).statusCode).toBe(200);
        await inject('POST', `/v1/admin/devices/${device.deviceId}/revoke`, admin);
        // Re-enrolling a revoked device takes two explicit acts: lifting the revocation, and a code for that device.
        expect((await inject('POST', '/v1/admin/enrolment-codes', admin, { deviceId: device.deviceId })).json().error.code).toBe('device_revoked');
        expect((await inject('POST', `/v1/admin/devices/${device.deviceId}/unrevoke`, admin)).json()).toEqual({ deviceId: device.deviceId, revoked: false });
        const code = (await inject('POST', '/v1/admin/enrolment-codes', admin, { deviceId: device.deviceId })).json().code as string;
        const again = await inject('POST', '/v1/devices/enrol', {}, { code, deviceId: device.deviceId });
        expect(again.statusCode).toBe(201);
        const renewed = again.json() as { deviceId: string; token: string };
        expect(renewed.deviceId).toBe(device.deviceId);
        expect((await push(device.token, [transactionEvent(device.deviceId, 2)])).statusCode).toBe(401);
        const resumed = pushResponseSchema.parse((await push(renewed.token, [transactionEvent(device.deviceId, 2)])).json());
        expect(resumed.highestContiguousSeq).toBe(2);
        const unknown = await inject('POST', '/v1/admin/enrolment-codes', admin, { deviceId: 'dev-nobody' });
        expect(unknown.statusCode).toBe(404);
        expect(unknown.json().error.code).toBe('unknown_device');
      });

      it('accepts the code typed in lower case without dashes', async () => {
        const code = (await inject('POST', '/v1/admin/enrolment-codes', admin, { vanName: 'Van 4' })).json().code as string;
        const response = await inject('POST', '/v1/devices/enrol', {}, { code: code.toLowerCase().replaceAll('-', '') });
        expect(response.statusCode).toBe(201);
      });

      it('refuses a replayed code', async () => {
        const code = (await inject('POST', '/v1/admin/enrolment-codes', admin, { vanName: 'Van 4' })).json().code as string;
        expect((await inject('POST', '/v1/devices/enrol', {}, { code })).statusCode).toBe(201);
        const replay = await inject('POST', '/v1/devices/enrol', {}, { code });
        expect(replay.statusCode).toBe(409);
        expect(replay.json().error.code).toBe('code_used');
        expect(await api.store.listDevices()).toHaveLength(1);
      });

      it('refuses an expired code', async () => {
        await api.store.createEnrolmentCode({
          codeHash: hashToken('AAAA-BBBB-CCCC'),
          vanName: 'Van 5',
          createdAt: '2020-01-01T00:00:00.000Z',
          expiresAt: '2020-01-02T00:00:00.000Z',
        });
        const response = await inject('POST', '/v1/devices/enrol', {}, { code: 'AAAA-BBBB-CCCC' });
        expect(response.statusCode).toBe(410);
        expect(response.json().error.code).toBe('code_expired');
      });

      it.each([
        ['an unknown code', { code: 'ZZZZ-ZZZZ-ZZZZ' }, 404, 'unknown_code'],
        ['a malformed code', { code: 'hello' }, 400, 'malformed_code'],
        ['no code', {}, 400, 'invalid_body'],
      ])('refuses %s', async (_name, body, status, code) => {
        const response = await inject('POST', '/v1/devices/enrol', {}, body);
        expect(response.statusCode).toBe(status);
        expect(response.json().error.code).toBe(code);
        expect(await api.store.listDevices()).toHaveLength(0);
      });

      it('only an administrator makes codes', async () => {
        const device = await enrol();
        const response = await inject('POST', '/v1/admin/enrolment-codes', { authorization: `Bearer ${device.token}` }, { vanName: 'x' });
        expect(response.statusCode).toBe(403);
        expect((await inject('POST', '/v1/admin/enrolment-codes', {}, { vanName: 'x' })).statusCode).toBe(401);
      });

      it('a revoked device is refused at once and can be enrolled again', async () => {
        const device = await enrol();
        expect((await inject('POST', `/v1/admin/devices/${device.deviceId}/revoke`, admin)).statusCode).toBe(200);
        const refused = await push(device.token, [transactionEvent(device.deviceId, 1)]);
        expect(refused.statusCode).toBe(401);
        expect(refused.json().error.code).toBe('device_revoked');
        expect(await api.store.countEvents()).toBe(0);
        expect((await inject('POST', `/v1/admin/devices/${device.deviceId}/revoke`, admin)).statusCode).toBe(404);
      });
    });

    describe('catalogue and pull', () => {
      it('serves the catalogue with an ETag and answers 304 when unchanged', async () => {
        const device = await enrol(DEMO_VAN_NAME);
        const auth = { authorization: `Bearer ${device.token}` };
        const first = await inject('GET', '/v1/catalogue', auth);
        expect(first.statusCode).toBe(200);
        const catalogue = catalogueSchema.parse(first.json());
        expect(catalogue.services.find((s) => s.code === 'dog-licence')?.feeRule).toEqual({ kind: 'by_option', field: 'neutered', amounts: { yes: 1500, no: 3000 } });
        expect(catalogue.services.find((s) => s.code === 'birth-certificate')?.feeRule).toMatchObject({ kind: 'per_unit', unitCents: 1400 });
        expect(catalogue.services.find((s) => s.code === 'resident-parking-permit')?.feeRule).toEqual({ kind: 'free' });
        expect(catalogue.staff.length).toBeGreaterThan(0);
        expect(JSON.stringify(catalogue.staff)).not.toMatch(/"pin":"\d+"/);
        const etag = first.headers.etag as string;
        const second = await inject('GET', '/v1/catalogue', { ...auth, 'if-none-match': etag });
        expect(second.statusCode).toBe(304);
        // A staff change publishes a new version, so the old ETag no longer matches.
        expect((await inject('POST', '/v1/admin/staff', admin, { id: 'clerk-new', name: 'New Clerk', role: 'clerk', pin: '482913', vans: [DEMO_VAN_NAME] })).statusCode).toBe(200);
        const third = await inject('GET', '/v1/catalogue', { ...auth, 'if-none-match': etag });
        expect(third.statusCode).toBe(200);
        expect(catalogueSchema.parse(third.json()).staff.map((s) => s.id)).toContain('clerk-new');
      });

      it('the catalogue needs a device token', async () => {
        expect((await inject('GET', '/v1/catalogue')).statusCode).toBe(401);
      });

      it('pulls catalogue versions and the status of requests this device filed, with a cursor', async () => {
        const device = await enrol();
        const other = await enrol('Van 8');
        const requestId = newId();
        await push(device.token, [
          deviceEvent(device.deviceId, 1, 'ServiceRequestFiled', {
            requestId,
            localReference: 'SR-000001',
            stopId: null,
            service_code: 'pothole',
            description: 'Deep pothole by the bus stop',
            address_string: '1 City Hall Sq, Boston',
            lat: null,
            long: null,
            first_name: null,
            last_name: null,
            phone: null,
            email: null,
          }),
        ]);
        const auth = { authorization: `Bearer ${device.token}` };
        const first = pullResponseSchema.parse((await inject('GET', '/v1/sync/pull', auth)).json());
        expect(first.changes.map((c) => c.kind)).toEqual(['catalogue']);
        expect((await inject('PATCH', `/v1/admin/service-requests/${requestId}`, admin, { status: 'closed', statusNotes: 'Filled' })).statusCode).toBe(200);
        const next = pullResponseSchema.parse((await inject('GET', `/v1/sync/pull?cursor=${first.cursor}`, auth)).json());
        expect(next.changes).toHaveLength(1);
        expect(next.changes[0]).toMatchObject({ kind: 'service_request_status', data: { requestId, status: 'closed', statusNotes: 'Filled' } });
        const otherPull = pullResponseSchema.parse((await inject('GET', `/v1/sync/pull?cursor=${first.cursor}`, { authorization: `Bearer ${other.token}` })).json());
        expect(otherPull.changes).toHaveLength(0);
        expect((await inject('GET', '/v1/sync/pull?cursor=abc', auth)).statusCode).toBe(400);
      });
    });

    describe('follow-up at the kiosk', () => {
      const filed = (deviceId: string, seq: number, localReference: string, occurredAt: string) =>
        deviceEvent(
          deviceId,
          seq,
          'ServiceRequestFiled',
          {
            requestId: newId(),
            localReference,
            stopId: null,
            service_code: 'pothole',
            description: 'Deep pothole by the bus stop',
            address_string: 'Fields Corner, Dorchester',
            lat: null,
            long: null,
            first_name: 'Ada',
            last_name: 'Lovelace',
            phone: '617-555-0100',
            email: 'ada@example.org',
          },
          occurredAt,
        );

      it('gives a kiosk the Open311 status and the office notes for a reference, its own request first, without contact details', async () => {
        const van = await enrol('Van 3');
        const other = await enrol('Van 8');
        const mine = filed(van.deviceId, 1, 'SR-000001', '2026-11-25T15:00:00.000Z');
        await push(van.token, [mine]);
        await push(other.token, [filed(other.deviceId, 1, 'SR-000001', '2026-11-26T15:00:00.000Z')]);
        const id = (mine.payload as { requestId: string }).requestId;
        expect((await inject('PATCH', `/v1/admin/service-requests/${id}`, admin, { status: 'closed', statusNotes: 'Crew filled it on Tuesday' })).statusCode).toBe(200);

        const response = await inject('GET', '/v1/requests/sr-000001/status', { authorization: `Bearer ${van.token}` });
        expect(response.statusCode).toBe(200);
        const body = requestStatusResponseSchema.parse(response.json());
        expect(body.reference).toBe('SR-000001');
        expect(body.requests.map((r) => [r.filedOnThisVan, r.status, r.statusNotes, r.requestedAt])).toEqual([
          [true, 'closed', 'Crew filled it on Tuesday', '2026-11-25T15:00:00.000Z'],
          [false, 'open', null, '2026-11-26T15:00:00.000Z'],
        ]);
        expect(body.requests[0]).toMatchObject({ serviceCode: 'pothole', serviceName: 'Pothole repair' });
        expect(response.body).not.toMatch(/Ada|Lovelace|555|example\.org/);
      });

      it('answers a specific error for an unknown reference, a malformed one and a caller that is not a kiosk', async () => {
        const van = await enrol('Van 3');
        const auth = { authorization: `Bearer ${van.token}` };
        const unknown = await inject('GET', '/v1/requests/SR-000404/status', auth);
        expect([unknown.statusCode, unknown.json().error.code]).toEqual([404, 'unknown_reference']);
        const malformed = await inject('GET', '/v1/requests/DROP%20TABLE/status', auth);
        expect([malformed.statusCode, malformed.json().error.code]).toEqual([400, 'invalid_path']);
        expect((await inject('GET', '/v1/requests/SR-000001/status')).statusCode).toBe(401);
        expect((await inject('GET', '/v1/requests/SR-000001/status', admin)).statusCode).toBe(401);
      });
    });

    describe('Tell the city', () => {
      const question = {
        id: 'dorchester-parks',
        neighbourhood: 'Dorchester',
        place: null,
        topics: ['parks', 'safety', 'other'],
        text: { en: 'Which park needs attention first?', es: '¿Qué parque necesita atención primero?' },
      };

      it('the office publishes a question; it reaches the vans with the next catalogue version', async () => {
        const van = await enrol('Van 3');
        const auth = { authorization: `Bearer ${van.token}` };
        const before = catalogueSchema.parse((await inject('GET', '/v1/catalogue', auth)).json());
        expect(before.questions.map((q) => q.id)).toEqual(['fields-corner-fix-first']);
        const published = await inject('POST', '/v1/admin/city-questions', admin, question);
        expect(published.statusCode).toBe(200);
        expect(published.json()).toEqual({ id: 'dorchester-parks', catalogueVersion: before.version + 1 });
        const after = catalogueSchema.parse((await inject('GET', '/v1/catalogue', auth)).json());
        expect(after.version).toBe(before.version + 1);
        expect(after.questions.map((q) => [q.id, q.place, q.text.es])).toEqual([
          ['fields-corner-fix-first', 'Fields Corner', '¿Qué debería arreglar primero la ciudad en Fields Corner?'],
          ['dorchester-parks', null, '¿Qué parque necesita atención primero?'],
        ]);
        // Publishing the same id again replaces it.
        await inject('POST', '/v1/admin/city-questions', admin, { ...question, text: { en: 'Which park first?' } });
        const replaced = catalogueSchema.parse((await inject('GET', '/v1/catalogue', auth)).json());
        expect(replaced.questions.filter((q) => q.id === 'dorchester-parks').map((q) => q.text)).toEqual([{ en: 'Which park first?' }]);
      });

      it('refuses a question without English, with an unknown topic, or from a kiosk, and changes nothing', async () => {
        const van = await enrol('Van 3');
        const version = async () => catalogueSchema.parse((await inject('GET', '/v1/catalogue', { authorization: `Bearer ${van.token}` })).json()).version;
        const start = await version();
        const noEnglish = await inject('POST', '/v1/admin/city-questions', admin, { ...question, text: { es: '¿Qué parque?' } });
        expect([noEnglish.statusCode, noEnglish.json().error.code]).toEqual([400, 'invalid_body']);
        expect(noEnglish.json().error.message).toContain('English text');
        const badTopic = await inject('POST', '/v1/admin/city-questions', admin, { ...question, topics: ['parks', 'weather'] });
        expect([badTopic.statusCode, badTopic.json().error.code]).toEqual([400, 'invalid_body']);
        expect((await inject('POST', '/v1/admin/city-questions', { authorization: `Bearer ${van.token}` }, question)).statusCode).toBe(403);
        expect(await version()).toBe(start);
      });

      const answer = (deviceId: string, seq: number, payload: Record<string, unknown> = {}) =>
        deviceEvent(deviceId, seq, 'CityQuestionAnswered', {
          answerId: newId(),
          questionId: 'fields-corner-fix-first',
          stopId: null,
          neighbourhood: 'Dorchester',
          place: 'Fields Corner',
          language: 'zh-Hans',
          topic: 'streets',
          text: '人行道太窄了',
          contact: null,
          ...payload,
        });

      it('answers synced from a van are read by the office with stop, neighbourhood and language; contact details in the text are refused', async () => {
        const van = await enrol('Van 3');
        const pushed = pushResponseSchema.parse(
          (await push(van.token, [answer(van.deviceId, 1), answer(van.deviceId, 2, { text: 'call me on 617 555 0100' }), answer(van.deviceId, 3, { text: 'Pay with 4111 1111 1111 1111' })])).json(),
        );
        expect(pushed.results.map((r) => (r.status === 'rejected' ? `${r.status}:${r.code}` : r.status))).toEqual(['accepted', 'rejected:invalid_payload', 'rejected:invalid_payload']);
        const listed = await inject('GET', '/v1/city-answers?question=fields-corner-fix-first', admin);
        expect(listed.statusCode).toBe(200);
        expect(listed.json().items).toEqual([
          expect.objectContaining({ deviceId: van.deviceId, neighbourhood: 'Dorchester', place: 'Fields Corner', language: 'zh-Hans', topic: 'streets', text: '人行道太窄了', contact: null }),
        ]);
        expect(listed.body).not.toContain('4111');
        expect((await inject('GET', '/v1/city-answers', { authorization: `Bearer ${van.token}` })).statusCode).toBe(403);
        expect((await inject('GET', '/v1/city-answers?limit=0', admin)).json().error.code).toBe('invalid_query');
      });
    });

    describe('central reads', () => {
      async function seedDay() {
        const device = await enrol('Van 2');
        const stopId = newId();
        const t = (seq: number, amountCents: number, method: 'cash' | 'check' | 'card', at: string, serviceCode = 'parking-ticket') =>
          deviceEvent(device.deviceId, seq, 'TransactionRecorded', {
            ...transactionEvent(device.deviceId, seq).payload,
            serviceCode,
            amountCents,
            stopId,
            payment:
              method === 'cash'
                ? { method, tenderedCents: amountCents, changeCents: 0 }
                : method === 'check'
                  ? { method, checkNumber: '1001' }
                  : { method, approvalCode: 'AB12CD', brand: 'visa', last4: '4242' },
          }, at);
        const events = [
          deviceEvent(device.deviceId, 1, 'StopOpened', {
            stopId,
            neighbourhood: 'Dorchester',
            place: 'Fields Corner',
            plannedStart: '2026-11-27T19:00:00.000Z',
            plannedEnd: '2026-11-28T04:00:00.000Z',
            openingFloatCents: 10_000,
            floatConfirmedBy: 'super-sam',
          }, '2026-11-27T19:00:00.000Z'),
          t(2, 4500, 'cash', '2026-11-27T20:00:00.000Z'),
          t(3, 2800, 'card', '2026-11-27T21:00:00.000Z', 'birth-certificate'),
          // 11:30 pm in Boston is already the next day in UTC: it still belongs to the 27th.
          t(4, 1500, 'cash', '2026-11-28T04:30:00.000Z', 'dog-licence'),
          t(5, 9900, 'check', '2026-11-27T22:00:00.000Z', 'property-tax'),
        ];
        const voidedId = (events[4]!.payload as { transactionId: string }).transactionId;
        events.push(deviceEvent(device.deviceId, 6, 'TransactionVoided', { transactionId: voidedId, reason: 'Wrong bill', staffId: 'super-sam' }, '2026-11-27T22:05:00.000Z'));
        events.push(
          deviceEvent(device.deviceId, 7, 'DayClosed', {
            stopId,
            businessDate: '2026-11-27',
            cashCount: { '10000': 1, '1000': 4, '500': 1 },
            countedCashCents: 15_500,
            expectedCashCents: 16_000,
            differenceCents: -500,
            reason: 'Five dollars short',
            checkTotalCents: 0,
            cardTotalCents: 2800,
            closedBy: 'super-sam',
            secondSignOffBy: null,
          }, '2026-11-28T04:45:00.000Z'),
        );
        const response = pushResponseSchema.parse((await push(device.token, events)).json());
        expect(response.results.every((r) => r.status === 'accepted')).toBe(true);
        return { device, stopId, cardSaleId: (events[2]!.payload as { transactionId: string }).transactionId };
      }

      it('filters transactions by date, van, stop, service and status, with paging', async () => {
        const { stopId } = await seedDay();
        const get = async (query: string) => (await inject('GET', `/v1/transactions?${query}`, admin)).json() as { total: number; items: { serviceCode: string; status: string }[] };
        expect((await get('from=2026-11-27&to=2026-11-27')).total).toBe(4);
        expect((await get('from=2026-11-28')).total).toBe(0);
        expect((await get('van=Van%202')).total).toBe(4);
        expect((await get('van=Van%209')).total).toBe(0);
        expect((await get(`stop=${stopId}`)).total).toBe(4);
        expect((await get('service=dog-licence')).items.map((t) => t.serviceCode)).toEqual(['dog-licence']);
        expect((await get('status=voided')).items.map((t) => t.serviceCode)).toEqual(['property-tax']);
        const page = await get('limit=2&offset=2');
        expect(page.total).toBe(4);
        expect(page.items).toHaveLength(2);
        for (const bad of ['from=27-11-2026', 'limit=0', 'status=maybe', 'from=2026-11-28&to=2026-11-27', 'stop=not-a-uuid']) {
          const response = await inject('GET', `/v1/transactions?${bad}`, admin);
          expect(response.statusCode, bad).toBe(400);
          expect(response.json().error.code).toBe('invalid_query');
        }
      });

      it('exports the same transactions as CSV', async () => {
        await seedDay();
        const response = await inject('GET', '/v1/transactions.csv?from=2026-11-27&to=2026-11-27', admin);
        expect(response.statusCode).toBe(200);
        expect(response.headers['content-type']).toContain('text/csv');
        const lines = response.body.trim().split('\r\n');
        expect(lines[0]).toContain('transaction_id,receipt_number,business_date');
        expect(lines).toHaveLength(5);
        expect(response.body).toContain(',45.00,cash,recorded,');
        expect(response.body).toContain(',99.00,check,voided,Wrong bill,');
      });

      it('reports a city day per van and stop with cash expected against counted', async () => {
        await seedDay();
        const response = await inject('GET', '/v1/reports/daily?date=2026-11-27', admin);
        expect(response.statusCode).toBe(200);
        const report = response.json();
        expect(report.timeZone).toBe('America/New_York');
        expect(report.vans).toHaveLength(1);
        const stop = report.vans[0].stops[0];
        expect(stop).toMatchObject({ place: 'Fields Corner', transactionCount: 3, revenueCents: 8800, voids: { count: 1, amountCents: 9900 } });
        expect(stop.byPaymentMethod).toEqual(
          expect.arrayContaining([
            { key: 'cash', label: 'cash', count: 2, revenueCents: 6000 },
            { key: 'card', label: 'card', count: 1, revenueCents: 2800 },
          ]),
        );
        expect(stop.cash).toEqual({
          openingFloatCents: 10_000,
          cashTakenCents: 6000,
          cashRefundedCents: 0,
          expectedCents: 16_000,
          countedCents: 15_500,
          differenceCents: -500,
          reason: 'Five dollars short',
          closed: true,
        });
        expect((await inject('GET', '/v1/reports/daily?date=2026-11-28', admin)).json().vans).toEqual([]);
        expect((await inject('GET', '/v1/reports/daily?date=tomorrow', admin)).statusCode).toBe(400);
      });

      it('counts a refund given the next day in that day’s report and CSV, leaving the day of the sale as it was', async () => {
        const { device, cardSaleId } = await seedDay();
        const nextStop = newId();
        const events = [
          deviceEvent(device.deviceId, 8, 'StopOpened', {
            stopId: nextStop,
            neighbourhood: 'Roxbury',
            place: 'Dudley Square',
            plannedStart: '2026-11-28T15:00:00.000Z',
            plannedEnd: '2026-11-28T21:00:00.000Z',
            openingFloatCents: 10_000,
            floatConfirmedBy: 'super-sam',
          }, '2026-11-28T15:00:00.000Z'),
          deviceEvent(device.deviceId, 9, 'RefundIssued', {
            refundId: newId(),
            transactionId: cardSaleId,
            stopId: nextStop,
            amountCents: 1400,
            method: 'cash',
            reason: 'One copy could not be found',
            staffId: 'clerk-ana',
            approvedBy: 'super-sam',
          }, '2026-11-28T16:00:00.000Z'),
        ];
        expect(pushResponseSchema.parse((await push(device.token, events)).json()).results.map((r) => r.status)).toEqual(['accepted', 'accepted']);
        const before = (await inject('GET', '/v1/reports/daily?date=2026-11-27', admin)).json();
        expect(before.totals).toMatchObject({ revenueCents: 8800, refundCents: 0, netRevenueCents: 8800 });
        const next = (await inject('GET', '/v1/reports/daily?date=2026-11-28', admin)).json();
        expect(next.totals).toMatchObject({ transactionCount: 0, revenueCents: 0, refundCount: 1, refundCents: 1400, netRevenueCents: -1400 });
        expect(next.vans[0].stops[0]).toMatchObject({
          place: 'Dudley Square',
          refunds: { count: 1, amountCents: 1400, byMethod: { cash: 1400, check: 0, card: 0 } },
          cash: { openingFloatCents: 10_000, cashRefundedCents: 1400, expectedCents: 8600 },
        });
        const csv = (await inject('GET', '/v1/transactions.csv?from=2026-11-28&to=2026-11-28', admin)).body.trim().split('\r\n');
        expect(csv).toHaveLength(2);
        expect(csv[1]).toContain(`${cardSaleId},R-000003,2026-11-28,2026-11-28T16:00:00.000Z,Van 2,`);
        expect(csv[1]).toContain(',-14.00,cash,refunded,,clerk-ana,refund,super-sam,One copy could not be found');
        // Asked for one status, the CSV has no refund rows.
        expect((await inject('GET', '/v1/transactions.csv?from=2026-11-28&status=recorded', admin)).body.trim().split('\r\n')).toHaveLength(1);
      });

      it('central reads need an office or admin credential, not a device token', async () => {
        const device = await enrol();
        for (const url of ['/v1/transactions', '/v1/transactions.csv', '/v1/reports/daily?date=2026-11-27']) {
          expect((await inject('GET', url, { authorization: `Bearer ${device.token}` })).statusCode, url).toBe(403);
          expect((await inject('GET', url)).statusCode, url).toBe(401);
        }
        const key = (await inject('POST', '/v1/admin/api-keys', admin, { role: 'office', name: 'Treasury' })).json().key as string;
        expect((await inject('GET', '/v1/transactions', { authorization: `Bearer ${key}` })).statusCode).toBe(200);
        // An office key reads, but does not administer.
        expect((await inject('POST', '/v1/admin/enrolment-codes', { authorization: `Bearer ${key}` }, { vanName: 'x' })).statusCode).toBe(403);
      });
    });

    describe('Open311 GeoReport v2', () => {
      it('lists the request types and the requests filed on kiosks, without personal data', async () => {
        const device = await enrol();
        const requestId = newId();
        await push(device.token, [
          deviceEvent(device.deviceId, 1, 'ServiceRequestFiled', {
            requestId,
            localReference: 'SR-000001',
            stopId: null,
            service_code: 'streetlight',
            description: 'Light out on Dot Ave',
            address_string: '1500 Dorchester Ave, Boston',
            lat: 42.3,
            long: -71.06,
            first_name: 'Maria',
            last_name: 'Lopez',
            phone: '617-555-0100',
            email: 'maria@example.org',
          }),
        ]);
        const services = (await inject('GET', '/open311/v2/services.json')).json() as { service_code: string; metadata: boolean }[];
        expect(services.map((s) => s.service_code)).toContain('streetlight');
        expect(services[0]).toHaveProperty('metadata', false);
        const list = await inject('GET', '/open311/v2/requests.json?service_code=streetlight&status=open');
        expect(list.json()).toEqual([
          expect.objectContaining({ service_request_id: requestId, service_code: 'streetlight', status: 'open', address: '1500 Dorchester Ave, Boston', lat: 42.3, long: -71.06 }),
        ]);
        expect(list.body).not.toContain('Lopez');
        expect(list.body).not.toContain('maria@example.org');
        expect((await inject('GET', '/open311/v2/requests.json?status=closed')).json()).toEqual([]);
        const one = await inject('GET', `/open311/v2/requests/${requestId}.json`);
        expect(one.json()).toHaveLength(1);
        expect((await inject('GET', `/open311/v2/requests/${newId()}.json`)).statusCode).toBe(404);
      });

      it('files a request with an api_key and refuses one without', async () => {
        const key = (await inject('POST', '/v1/admin/api-keys', admin, { role: 'open311', name: 'Web form' })).json().key as string;
        const created = await api.app.inject({
          method: 'POST',
          url: '/open311/v2/requests.json',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams({ api_key: key, service_code: 'graffiti', description: 'Tag on the library wall', lat: '42.35', long: '-71.05' }).toString(),
        });
        expect(created.statusCode).toBe(201);
        const [{ service_request_id: id }] = created.json() as [{ service_request_id: string }];
        expect((await inject('GET', `/open311/v2/requests/${id}.json`)).json()[0]).toMatchObject({ service_code: 'graffiti', status: 'open' });
        const cases: [Record<string, string>, number][] = [
          [{ service_code: 'graffiti', address_string: 'x' }, 401],
          [{ api_key: 'not-a-real-key-0123456789', service_code: 'graffiti', address_string: 'x' }, 403],
          [{ api_key: key, service_code: 'teleport', address_string: 'x' }, 404],
          [{ api_key: key, service_code: 'graffiti' }, 400],
          [{ api_key: key, service_code: 'graffiti', address_string: 'x', lat: '123' }, 400],
          [{ api_key: key, service_code: 'graffiti', address_string: 'card 4111 1111 1111 1111' }, 400],
        ];
        for (const [body, status] of cases) {
          const response = await inject('POST', '/open311/v2/requests.json', {}, body);
          expect(response.statusCode, JSON.stringify(body)).toBe(status);
          expect(response.json()[0]).toHaveProperty('description');
        }
        expect((await inject('GET', '/open311/v2/requests.json')).json()).toHaveLength(1);
      });
    });

    describe('operations', () => {
      it('publishes an OpenAPI document built from the route schemas', async () => {
        const doc = (await inject('GET', '/openapi.json')).json();
        expect(doc.openapi).toBe('3.1.0');
        expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/sync/push', '/v1/devices/enrol', '/v1/catalogue', '/v1/sync/pull', '/v1/transactions', '/v1/reports/daily', '/open311/v2/requests.json']));
        const enrolBody = doc.paths['/v1/devices/enrol'].post.requestBody.content['application/json'].schema;
        expect(enrolBody.required).toContain('code');
        const txParams = doc.paths['/v1/transactions'].get.parameters.map((p: { name: string }) => p.name);
        expect(txParams).toEqual(expect.arrayContaining(['from', 'to', 'van', 'stop', 'service', 'status', 'limit', 'offset']));
      });

      it('answers health, readiness and Prometheus metrics', async () => {
        const device = await enrol();
        await push(device.token, [transactionEvent(device.deviceId, 1)]);
        await push(device.token, [transactionEvent(device.deviceId, 2), transactionEvent(device.deviceId, 2 + 1)]);
        expect((await inject('GET', '/healthz')).json()).toEqual({ status: 'ok' });
        expect((await inject('GET', '/readyz')).json()).toEqual({ status: 'ready', store: factory.name });
        const metrics = (await inject('GET', '/metrics', admin)).body;
        expect(metrics).toMatch(/chtg_sync_events_total\{outcome="accepted"\} 3/);
        expect(metrics).toContain('chtg_sync_batch_duration_seconds_bucket');
        expect(metrics).toMatch(/chtg_http_requests_total\{method="POST",route="\/v1\/sync\/push",status="200"\} 2/);
      });
    });
  });
}
