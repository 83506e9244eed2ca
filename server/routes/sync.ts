import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  MAX_EVENTS_PER_BATCH,
  catalogueSchema,
  parseEvent,
  pullResponseSchema,
  pushEventKeySchema,
  pushRequestSchema,
  pushResponseSchema,
  type PullResponse,
} from '../../shared';
import { HttpError } from '../errors';
import type { Principal } from '../http/route';
import type { AppContext } from '../app';
import type { CheckedEvent } from '../store/store';

function deviceOf(principal: Principal) {
  if (principal.kind !== 'device') throw new HttpError(401, 'missing_token', 'this call needs the device token');
  return principal.device;
}

export function registerSyncRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { registry, store, metrics } = ctx;

  registry.add(
    app,
    {
      method: 'POST',
      url: '/v1/sync/push',
      summary: 'Push a batch of the device’s events in seq order; answered per event',
      tags: ['sync'],
      auth: 'device',
      body: pushRequestSchema,
      response: pushResponseSchema,
      errors: { 400: 'malformed batch', 403: 'events of another device', 413: 'batch too large', 429: 'rate limited', 503: 'shutting down' },
      fastify: { config: { rateLimit: ctx.deviceRateLimit } },
    },
    async ({ principal, body }) => {
      const device = deviceOf(principal);
      const raws = body.events;
      if (raws.length > MAX_EVENTS_PER_BATCH) {
        throw new HttpError(413, 'batch_too_large', `a batch may hold at most ${MAX_EVENTS_PER_BATCH} events`);
      }
      let previousSeq = 0;
      const ids = new Set<string>();
      const checked: CheckedEvent[] = raws.map((raw, index) => {
        const key = pushEventKeySchema.safeParse(raw);
        if (!key.success) throw new HttpError(400, 'invalid_batch', `event ${index} has no usable id and seq`);
        const { id, seq } = key.data;
        if (seq <= previousSeq || ids.has(id)) {
          throw new HttpError(400, 'batch_not_in_seq_order', 'events in a batch must be in increasing seq order, each once');
        }
        previousSeq = seq;
        ids.add(id);
        const claimedDevice = (raw as { deviceId?: unknown }).deviceId;
        if (typeof claimedDevice === 'string' && claimedDevice !== device.id) {
          throw new HttpError(403, 'foreign_device', 'a device may push only its own events');
        }
        const parsed = parseEvent(raw);
        if (!parsed.ok) return { ok: false, id, seq, code: parsed.code, message: parsed.message, raw };
        // Stored in UTC whatever offset the device clock wrote.
        return { ok: true, event: { ...parsed.event, occurredAt: new Date(parsed.event.occurredAt).toISOString() }, raw };
      });
      const stopTimer = metrics.batchSeconds.startTimer();
      const outcome = await ctx.track(store.pushEvents(device.id, checked, await ctx.pushContext()));
      stopTimer();
      for (const result of outcome.results) metrics.events.inc({ outcome: result.status });
      return outcome;
    },
  );

  registry.add(
    app,
    {
      method: 'GET',
      url: '/v1/catalogue',
      summary: 'The current service catalogue and staff list for offline sign-in; honours If-None-Match',
      tags: ['sync'],
      auth: 'device',
      response: catalogueSchema,
      errors: { 304: 'not modified', 404: 'no catalogue published yet' },
    },
    async ({ request, reply }) => {
      const catalogue = await store.latestCatalogue();
      if (!catalogue) throw new HttpError(404, 'no_catalogue', 'no catalogue has been published yet');
      const etag = `"catalogue-v${catalogue.version}"`;
      reply.header('ETag', etag).header('Cache-Control', 'no-cache');
      const ifNoneMatch = request.headers['if-none-match'];
      if (ifNoneMatch && ifNoneMatch.split(',').map((s) => s.trim()).includes(etag)) return reply.code(304).send();
      return { version: catalogue.version, publishedAt: catalogue.publishedAt, ...catalogue.body };
    },
  );

  registry.add(
    app,
    {
      method: 'GET',
      url: '/v1/sync/pull',
      summary: 'Changes for this device after a server-made cursor: catalogue versions, statuses of requests it filed',
      tags: ['sync'],
      auth: 'device',
      query: z.object({
        cursor: z.string().regex(/^\d{1,18}$/, { error: 'cursor must be one this server gave out' }).optional(),
        limit: z.coerce.number().int().min(1).max(1000).default(500),
      }),
      response: pullResponseSchema,
    },
    async ({ principal, query }): Promise<PullResponse> => {
      const device = deviceOf(principal);
      const changes = await store.changesSince(device.id, query.cursor ?? null, query.limit + 1);
      const page = changes.slice(0, query.limit);
      return pullResponseSchema.parse({
        changes: page,
        cursor: page.at(-1)?.cursor ?? query.cursor ?? null,
        hasMore: changes.length > query.limit,
      });
    },
  );
}
