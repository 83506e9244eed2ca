import { describe, expect, it } from 'vitest';
import { deviceEvent, transactionEvent } from '../helpers/events';
import { useTestApi, type TestApi } from '../helpers/server';
import { storeFactories } from '../helpers/stores';

for (const factory of storeFactories) {
  describe.skipIf(factory.skipReason !== null)(`a receipt's QR link on ${factory.name}${factory.skipReason ? ` (skipped: ${factory.skipReason})` : ''}`, () => {
    let api: TestApi;
    useTestApi(factory, {}, (started) => {
      api = started;
    });

    const push = (token: string, events: unknown[]) =>
      api.app.inject({ method: 'POST', url: '/v1/sync/push', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: JSON.stringify({ events }) });
    const verify = (id: string) => api.app.inject({ method: 'GET', url: `/v1/receipts/verify/${id}` });

    it('tells anyone holding the receipt that it is genuine, and later that it was voided, naming no person and no payment detail', async () => {
      const device = await api.enrolDevice('Van 3');
      const sale = transactionEvent(device.deviceId, 1, { residentName: 'Maria Lopez', payment: { method: 'card', approvalCode: 'AB12CD', brand: 'visa', last4: '4242' }, amountCents: 2800 });
      await push(device.token, [sale]);
      const first = await verify(sale.payload.transactionId);
      expect(first.statusCode).toBe(200);
      expect(first.json()).toEqual({ receiptNumber: 'R-000001', status: 'recorded', serviceName: 'Pay parking ticket', amountCents: 2800, businessDate: '2026-11-27', vanName: 'Van 3' });
      expect(first.body).not.toMatch(/Maria|4242|AB12CD/);
      await push(device.token, [deviceEvent(device.deviceId, 2, 'TransactionVoided', { transactionId: sale.payload.transactionId, reason: 'Wrong ticket', staffId: 'clerk-ana' })]);
      expect((await verify(sale.payload.transactionId)).json()).toMatchObject({ status: 'voided' });
      expect((await verify(sale.payload.transactionId)).body).not.toContain('Wrong ticket');
    });

    it('answers a link it never issued with 404, and a malformed one with 400', async () => {
      expect((await verify('0190f0f0-0000-7000-8000-000000000000')).statusCode).toBe(404);
      expect((await verify('0190f0f0-0000-7000-8000-000000000000')).json()).toMatchObject({ error: { code: 'unknown_receipt' } });
      const bad = await verify('not-a-receipt');
      expect(bad.statusCode).toBe(400);
    });
  });
}
