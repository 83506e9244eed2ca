import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CodedError, containsCardNumber, hasControlCharacters, newId } from '../../shared';
import { hashToken } from '../auth';
import { HttpError } from '../errors';
import type { AppContext } from '../context';
import type { StoredServiceRequest } from '../store/store';

/** Open311 GeoReport v2 for the requests filed on the kiosks, with the spec's field names and error shape. */

/** The spec's error: a numeric code with a description. */
class Open311Error extends CodedError<number> {
  constructor(
    readonly statusCode: number,
    code: number,
    readonly description: string,
  ) {
    super(code, description);
  }
}

const text = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !hasControlCharacters(s), { error: 'must not contain control characters' })
    .refine((s) => !containsCardNumber(s), { error: 'looks like a card number' });

export const open311PostSchema = z
  .object({
    api_key: z.string().min(16).max(256),
    service_code: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/),
    description: text(4000).optional(),
    address_string: text(300).optional(),
    lat: z.coerce.number().min(-90).max(90).optional(),
    long: z.coerce.number().min(-180).max(180).optional(),
    first_name: text(100).optional(),
    last_name: text(100).optional(),
    phone: z.string().regex(/^\+?[0-9 ().-]{7,20}$/).optional(),
    email: z.email().max(200).optional(),
  })
  .refine((b) => b.address_string || (b.lat !== undefined && b.long !== undefined), {
    error: 'a location is required: address_string, or lat and long',
  });

const requestsQuerySchema = z.object({
  service_code: z.string().regex(/^[a-z0-9,-]{1,500}$/).optional(),
  status: z.enum(['open', 'closed']).optional(),
  start_date: z.iso.datetime({ offset: true }).optional(),
  end_date: z.iso.datetime({ offset: true }).optional(),
});

/** Said on every public Open311 answer: what residents file here is published. */
export const OPEN311_PUBLIC_NOTICE = 'Descriptions and locations of service requests are public: they are published in this feed.';

/** ~100 m: three decimals of latitude are 111 m, of longitude less. */
function coarsenDegrees(value: number | null): number | null {
  return value === null ? null : Math.round(value * 1000) / 1000;
}

/**
 * The street without the house: "12B Main St" → "Main St", "100-104 Main St, Apt 3" → "Main St"; a number after the
 * street (European style) and unit designators go too.
 */
export function stripHouseNumber(address: string): string {
  return address
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part && !/^(?:apt|apartment|unit|suite|ste|fl|floor|#)\b/i.test(part) && !/^#/.test(part))
    .map((part) =>
      part
        .replace(/^\d+[A-Za-z]?(?:\s*[-–/]\s*\d+[A-Za-z]?)?\s+/, '')
        .replace(/\s+\d+[A-Za-z]?(?:\s*[-–/]\s*\d+[A-Za-z]?)?$/, '')
        .trim(),
    )
    .filter(Boolean)
    .join(', ');
}

/** The public shape of a request: no names, phone numbers or emails; with `block`, no exact location either. */
function toOpen311(r: StoredServiceRequest, coarsen: 'off' | 'block' = 'off') {
  const block = coarsen === 'block';
  return {
    service_request_id: r.id,
    status: r.status,
    status_notes: r.statusNotes,
    service_name: r.serviceName,
    service_code: r.serviceCode,
    description: r.description,
    agency_responsible: 'City of Boston',
    service_notice: null,
    requested_datetime: r.requestedAt,
    updated_datetime: r.updatedAt,
    expected_datetime: null,
    address: block ? stripHouseNumber(r.addressString) : r.addressString,
    address_id: null,
    zipcode: null,
    lat: block ? coarsenDegrees(r.lat) : r.lat,
    long: block ? coarsenDegrees(r.long) : r.long,
    media_url: null,
  };
}

function sendOpen311Error(reply: FastifyReply, error: Open311Error) {
  return reply.code(error.statusCode).send([{ code: error.code, description: error.description }]);
}

export function registerOpen311Routes(app: FastifyInstance, ctx: AppContext): void {
  const { store, registry } = ctx;

  const wrap =
    <T>(run: (request: FastifyRequest, reply: FastifyReply) => Promise<T>) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      try {
        return await run(request, reply);
      } catch (error) {
        if (error instanceof Open311Error) return sendOpen311Error(reply, error);
        throw error;
      }
    };

  const services = async () => {
    const catalogue = await store.latestCatalogue();
    return (catalogue?.body.requestTypes ?? []).map((t) => ({
      service_code: t.code,
      service_name: t.name,
      description: t.description,
      metadata: false,
      type: 'realtime',
      keywords: '',
      group: t.group,
    }));
  };

  registry.routes.push(
    { method: 'GET', url: '/open311/v2/services.json', summary: 'Open311: the 311 request types', tags: ['open311'], auth: 'none' },
    { method: 'GET', url: '/open311/v2/requests.json', summary: `Open311: requests filed (filters: service_code, status, start_date, end_date). ${OPEN311_PUBLIC_NOTICE}`, tags: ['open311'], auth: 'none', query: requestsQuerySchema },
    { method: 'GET', url: '/open311/v2/requests/:id.json', summary: 'Open311: one request', tags: ['open311'], auth: 'none', params: z.object({ id: z.string() }) },
    { method: 'POST', url: '/open311/v2/requests.json', summary: 'Open311: file a request (api_key required)', tags: ['open311'], auth: 'none', body: open311PostSchema },
  );

  const limited = { config: { rateLimit: ctx.open311RateLimit } };
  const publicFeed = (reply: FastifyReply) => reply.header('X-Public-Notice', OPEN311_PUBLIC_NOTICE);

  app.get('/open311/v2/services.json', limited, wrap(async (_request, reply) => {
    publicFeed(reply);
    return services();
  }));


  app.get(
    '/open311/v2/requests.json',
    limited,
    wrap(async (request, reply) => {
      publicFeed(reply);
      const query = requestsQuerySchema.safeParse(request.query);
      if (!query.success) throw new Open311Error(400, 400, query.error.issues[0]?.message ?? 'invalid query');
      const q = query.data;
      // The spec's default window is the last 90 days.
      const end = q.end_date ? new Date(q.end_date) : ctx.now();
      const start = q.start_date ? new Date(q.start_date) : new Date(end.getTime() - 90 * 86_400_000);
      const rows = await store.queryServiceRequests({
        serviceCodes: q.service_code?.split(',').filter(Boolean),
        status: q.status,
        startDate: start.toISOString(),
        endDate: end.toISOString(),
        limit: 1000,
      });
      return rows.map((r) => toOpen311(r, ctx.open311Coarsen));
    }),
  );

  app.get(
    '/open311/v2/requests/:file',
    limited,
    wrap(async (request, reply) => {
      publicFeed(reply);
      const file = (request.params as { file: string }).file;
      const id = /^([0-9a-f-]{36})\.json$/.exec(file)?.[1];
      if (!id) throw new Open311Error(404, 404, 'no such request');
      const row = await store.getServiceRequest(id);
      if (!row) throw new Open311Error(404, 404, 'no such request');
      return [toOpen311(row, ctx.open311Coarsen)];
    }),
  );

  app.post(
    '/open311/v2/requests.json',
    limited,
    wrap(async (request, reply) => {
      publicFeed(reply);
      const parsed = open311PostSchema.safeParse(request.body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const missingKey = issue?.path[0] === 'api_key';
        throw new Open311Error(missingKey ? 401 : 400, missingKey ? 401 : 400, `${issue?.path.join('.') || 'request'}: ${issue?.message ?? 'invalid'}`);
      }
      const body = parsed.data;
      const key = await store.findApiKey(hashToken(body.api_key), ctx.now().toISOString());
      if (!key || (key.role !== 'open311' && key.role !== 'admin')) throw new Open311Error(403, 403, 'api_key is not valid for filing requests');
      const catalogue = await store.latestCatalogue();
      const type = catalogue?.body.requestTypes.find((t) => t.code === body.service_code);
      if (!type) throw new Open311Error(404, 404, `service_code ${body.service_code} is not offered`);
      const now = ctx.now().toISOString();
      const id = newId();
      await store.createServiceRequest({
        id,
        deviceId: null,
        source: 'open311',
        localReference: null,
        serviceCode: type.code,
        serviceName: type.name,
        description: body.description ?? '',
        addressString: body.address_string ?? '',
        lat: body.lat ?? null,
        long: body.long ?? null,
        firstName: body.first_name ?? null,
        lastName: body.last_name ?? null,
        phone: body.phone ?? null,
        email: body.email ?? null,
        status: 'open',
        statusNotes: null,
        requestedAt: now,
        updatedAt: now,
      });
      reply.code(201);
      return [{ service_request_id: id, service_notice: null, account_id: null }];
    }),
  );

  registry.add(
    app,
    {
      method: 'PATCH',
      url: '/v1/admin/service-requests/:id',
      summary: 'Update a 311 request’s status; the van that filed it learns it on its next pull',
      tags: ['admin'],
      auth: 'office',
      params: z.object({ id: z.uuid() }),
      body: z.object({ status: z.enum(['open', 'closed']), statusNotes: text(1000).nullable().default(null) }),
      errors: { 404: 'no such request' },
    },
    async ({ params, body }) => {
      const updated = await store.updateServiceRequestStatus(params.id, body.status, body.statusNotes, ctx.now().toISOString());
      if (!updated) throw new HttpError(404, 'unknown_request', 'no 311 request has that id');
      return { id: params.id, status: body.status };
    },
  );
}
