import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { catalogueSchema, pullResponseSchema, pushRequestSchema, pushResponseSchema, recordsImportRequestSchema, recordsImportResultSchema, type PullResponse } from '../../shared';
import { BackupState } from '../backup-state';
import { importRecords } from '../records-import';
import { hashToken } from '../auth';
import { HttpError } from '../errors';
import type { Principal } from '../http/route';
import type { AppContext } from '../context';

function deviceOf(principal: Principal) {
  if (principal.kind !== 'device') throw new HttpError(401, 'missing_token', 'this call needs the device token');
  return principal.device;
}

export function registerSyncRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { registry, store, metrics } = ctx;
  const backups = new BackupState(store);

  // The push body reaches the handler as raw bytes: parsing and validation happen in the validator (a worker pool).
  app.register(async (scope) => {
    scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    registry.add(
      scope,
      {
        method: 'POST',
        url: '/v1/sync/push',
        summary: 'Push a batch of the device’s events in seq order; answered per event',
        tags: ['sync'],
        auth: 'device',
        body: pushRequestSchema,
        rawBody: true,
        response: pushResponseSchema,
        errors: { 400: 'malformed batch or device status', 403: 'events of another device', 413: 'batch too large', 429: 'rate limited', 503: 'shutting down' },
        fastify: { config: { rateLimit: ctx.deviceRateLimit }, bodyLimit: ctx.pushBodyLimit },
      },
      async ({ principal, request }) => {
        const device = deviceOf(principal);
        if (!Buffer.isBuffer(request.body)) throw new HttpError(415, 'unsupported_media_type', 'send application/json');
        const validated = await ctx.validator.validate(request.body, device.id);
        if (!validated.ok) throw new HttpError(validated.status, validated.code, validated.message);
        const stopTimer = metrics.batchSeconds.startTimer();
        // The backup state is read inside the tracked work: a graceful shutdown waits for it before closing the store.
        const [outcome, backup] = await ctx.track(Promise.all([store.pushEvents(device.id, validated.checked, await ctx.pushContext()), backups.forDevice(device.id)]));
        stopTimer();
        // The van's own report rides along: kept as its latest for the fleet view (after its events, never instead).
        if (validated.deviceStatus) {
          await ctx.track(store.saveDeviceStatus({ ...validated.deviceStatus, deviceId: device.id, receivedAt: ctx.now().toISOString(), via: 'push' }));
        }
        for (const result of outcome.results) metrics.events.inc({ outcome: result.status });
        return { ...outcome, ...backup };
      },
    );
  });

  registry.add(
    app,
    {
      method: 'POST',
      url: '/v1/admin/record-imports',
      summary: 'Import a van’s unsent records carried by hand (an encrypted export); stored at most once, like a push',
      tags: ['admin'],
      auth: 'admin',
      body: recordsImportRequestSchema,
      response: recordsImportResultSchema,
      errors: { 404: 'the device is not enrolled here', 422: 'wrong passphrase, altered or malformed file' },
      // An export of a long offline spell is larger than any push.
      fastify: { bodyLimit: 256 * 1024 * 1024 },
    },
    async ({ body }) => ctx.track(importRecords(store, body.file, body.passphrase, await ctx.pushContext())),
  );

  registry.add(
    app,
    {
      method: 'GET',
      url: '/v1/catalogue',
      summary: 'The current service catalogue and staff list for offline sign-in; honours If-None-Match',
      tags: ['sync'],
      auth: 'device',
      // The same check as If-None-Match, as a query parameter: a fetch that sets If-None-Match itself is made with
      // cache mode no-store, which in Chromium also skips the CORS preflight cache, so every round paid a preflight.
      query: z.object({ ifNoneMatch: z.string().max(200).optional() }),
      response: catalogueSchema,
      errors: { 304: 'not modified', 404: 'no catalogue published yet' },
    },
    async ({ principal, request, reply, query }) => {
      const device = deviceOf(principal);
      const catalogue = await store.latestCatalogue();
      if (!catalogue) throw new HttpError(404, 'no_catalogue', 'no catalogue has been published yet');
      // The staff list depends on the van, so the tag does too (a re-enrolment under a new name fetches again).
      const etag = `"catalogue-v${catalogue.version}-${hashToken(device.vanName).slice(0, 12)}"`;
      reply.header('ETag', etag).header('Cache-Control', 'no-cache');
      const ifNoneMatch = request.headers['if-none-match'] ?? query.ifNoneMatch;
      if (ifNoneMatch && ifNoneMatch.split(',').map((s) => s.trim()).includes(etag)) return reply.code(304).send();
      // Each van receives only the staff assigned to it: a copied kiosk database holds no other van's PIN hashes.
      const assigned = new Set((await store.listStaffVans()).filter((a) => a.vanName === device.vanName).map((a) => a.staffId));
      return { version: catalogue.version, publishedAt: catalogue.publishedAt, ...catalogue.body, staff: catalogue.body.staff.filter((s) => assigned.has(s.id)) };
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
        storeEpoch: (await backups.forDevice(device.id)).storeEpoch,
        heldSeq: (await store.heldSeqs()).get(device.id) ?? 0,
      });
    },
  );
}
