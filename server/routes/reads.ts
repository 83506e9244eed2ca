import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { centsToDecimalString, toCsv } from '../../shared';
import { HttpError } from '../errors';
import { buildDailyReport } from '../reports';
import type { AppContext } from '../context';
import type { TransactionFilter } from '../store/store';

const date = z.iso.date({ error: 'must be a date (YYYY-MM-DD)' });

export const transactionQuerySchema = z
  .object({
    from: date.optional(),
    to: date.optional(),
    van: z.string().min(1).max(100).optional(),
    device: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional(),
    stop: z.uuid().optional(),
    service: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/).optional(),
    status: z.enum(['recorded', 'voided']).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { error: '"from" must not be after "to"' });

function toFilter(q: z.infer<typeof transactionQuerySchema>): TransactionFilter {
  return {
    dateFrom: q.from,
    dateTo: q.to,
    vanName: q.van,
    deviceId: q.device,
    stopId: q.stop,
    serviceCode: q.service,
    status: q.status,
    limit: q.limit,
    offset: q.offset,
  };
}

const CSV_HEADER = [
  'transaction_id', 'receipt_number', 'business_date', 'occurred_at', 'van', 'device_id', 'stop_id', 'service_code', 'service_name',
  'reference', 'quantity', 'amount', 'payment_method', 'status', 'void_reason', 'staff_id', 'record_type', 'approved_by', 'refund_reason',
] as const;

export const receiptVerificationSchema = z.object({
  receiptNumber: z.string(),
  status: z.enum(['recorded', 'voided']),
  serviceName: z.string(),
  amountCents: z.number().int(),
  businessDate: z.string(),
  vanName: z.string(),
});

export function registerReadRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { registry, store } = ctx;

  // A receipt's QR code: anyone holding the receipt can check it is genuine and whether it was voided. The id is a
  // random UUID printed only on that receipt; the answer names no person and no payment detail.
  registry.add(
    app,
    {
      method: 'GET',
      url: '/v1/receipts/verify/:transactionId',
      summary: 'Check a printed receipt: genuine, and recorded or voided (no personal or payment data)',
      tags: ['public'],
      auth: 'none',
      params: z.object({ transactionId: z.uuid({ error: 'not a receipt link this city printed' }) }),
      response: receiptVerificationSchema,
      errors: { 404: 'no such receipt has reached the office (yet)' },
      fastify: { config: { rateLimit: ctx.open311RateLimit } },
    },
    async ({ params }) => {
      const found = (await store.queryTransactions({ id: params.transactionId, limit: 1, offset: 0 })).items[0];
      if (!found) throw new HttpError(404, 'unknown_receipt', 'No receipt with this link has reached the city yet. A receipt printed on a van offline appears once the van has synced.');
      return receiptVerificationSchema.parse({
        receiptNumber: found.receiptNumber,
        status: found.status,
        serviceName: found.serviceName,
        amountCents: found.amountCents,
        businessDate: found.businessDate,
        vanName: found.vanName,
      });
    },
  );

  registry.add(
    app,
    {
      method: 'GET',
      url: '/v1/transactions',
      summary: 'Transactions the vans sent, filtered and paged',
      tags: ['central reads'],
      auth: 'office',
      query: transactionQuerySchema,
      errors: { 403: 'credential may not read central data' },
    },
    async ({ query }) => {
      const result = await store.queryTransactions(toFilter(query));
      return { ...result, limit: query.limit, offset: query.offset };
    },
  );

  registry.add(
    app,
    {
      method: 'GET',
      url: '/v1/transactions.csv',
      summary: 'The same transactions as CSV (all pages)',
      tags: ['central reads'],
      auth: 'office',
      query: transactionQuerySchema,
      response: z.string(),
      responseContentType: 'text/csv',
    },
    async ({ query, reply }) => {
      const rows: unknown[][] = [];
      for (let offset = 0; ; offset += 1000) {
        const page = await store.queryTransactions({ ...toFilter(query), limit: 1000, offset });
        for (const t of page.items) {
          rows.push([
            t.id, t.receiptNumber, t.businessDate, t.occurredAt, t.vanName, t.deviceId, t.stopId, t.serviceCode, t.serviceName,
            t.reference, t.quantity, centsToDecimalString(t.amountCents), t.paymentMethod, t.status, t.voidReason, t.staffId, 'sale', '', '',
          ]);
        }
        if (page.items.length < 1000) break;
      }
      // Refunds given in the range are rows of their own (negative amount, the sale's receipt number), on the day given,
      // unless the query asks for a service or a status, which refunds do not have.
      if (!query.service && !query.status) {
        for (const r of await store.refundsBetween(query.from, query.to)) {
          if ((query.van && r.vanName !== query.van) || (query.device && r.deviceId !== query.device) || (query.stop && r.stopId !== query.stop)) continue;
          rows.push([
            r.transactionId, r.receiptNumber, r.businessDate, r.occurredAt, r.vanName, r.deviceId, r.stopId, '', '',
            '', '', centsToDecimalString(-r.amountCents), r.method, 'refunded', '', r.staffId, 'refund', r.approvedBy, r.reason,
          ]);
        }
      }
      reply.header('Content-Type', 'text/csv; charset=utf-8').header('Content-Disposition', 'attachment; filename="transactions.csv"');
      return toCsv(CSV_HEADER, rows);
    },
  );

  registry.add(
    app,
    {
      method: 'GET',
      url: '/v1/reports/daily',
      summary: 'One city day per van and stop: counts, revenue by service and payment method, voids, refunds given that day, cash expected vs counted',
      tags: ['central reads'],
      auth: 'office',
      query: z.object({ date }),
    },
    async ({ query }) => {
      const [transactions, stops, dayCloses, devices, refunds] = await Promise.all([
        collectAll((offset) => store.queryTransactions({ dateFrom: query.date, dateTo: query.date, limit: 1000, offset })),
        store.stopsOn(query.date),
        store.dayClosesOn(query.date),
        store.listDevices(),
        store.refundsBetween(query.date, query.date),
      ]);
      return buildDailyReport({
        date: query.date,
        timeZone: ctx.timeZone,
        transactions,
        stops,
        dayCloses,
        refunds,
        vanNames: new Map(devices.map((d) => [d.id, d.vanName])),
      });
    },
  );
}

async function collectAll<T>(page: (offset: number) => Promise<{ items: T[] }>): Promise<T[]> {
  const all: T[] = [];
  for (let offset = 0; ; offset += 1000) {
    const { items } = await page(offset);
    all.push(...items);
    if (items.length < 1000) return all;
  }
}
