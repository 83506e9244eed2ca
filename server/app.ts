import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import cors from '@fastify/cors';
import { z } from 'zod';
import {
  MAX_EVENTS_PER_BATCH,
  parseEvent,
  pushEventKeySchema,
  pushRequestSchema,
  type PushResponse,
} from '../shared';
import { bearerToken, hashToken, sameSecret } from './auth';
import { HttpError, sendError } from './errors';
import type { CentralStore, CheckedEvent, DeviceRecord } from './store/store';

export interface AppOptions {
  store: CentralStore;
  /** The administrator's credential for central reads and admin calls. */
  adminToken: string;
  logger?: boolean | object;
  bodyLimitBytes?: number;
}

const transactionsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { store } = options;
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimitBytes ?? 8 * 1024 * 1024,
    genReqId: () => crypto.randomUUID(),
  });

  // Devices authenticate with a bearer token, never cookies, so any origin may call (the kiosk page is file:// in Electron).
  await app.register(cors, { origin: true, methods: ['GET', 'POST'], allowedHeaders: ['Authorization', 'Content-Type', 'If-None-Match'] });

  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof HttpError) return sendError(reply, error);
    const statusCode = (error as { statusCode?: number }).statusCode;
    const fastifyCode = (error as { code?: string }).code;
    if (fastifyCode === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError) {
      return sendError(reply, new HttpError(400, 'malformed_json', 'the request body is not valid JSON'));
    }
    if (fastifyCode === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return sendError(reply, new HttpError(413, 'body_too_large', 'the request body is too large'));
    }
    if (fastifyCode === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return sendError(reply, new HttpError(415, 'unsupported_media_type', 'send application/json'));
    }
    if (fastifyCode === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
      return sendError(reply, new HttpError(400, 'empty_body', 'the request body is empty'));
    }
    if (statusCode && statusCode >= 400 && statusCode < 500) {
      return sendError(reply, new HttpError(statusCode, 'bad_request', error instanceof Error ? error.message : 'bad request'));
    }
    reply.log.error({ err: error }, 'unhandled error');
    return sendError(reply, new HttpError(500, 'internal_error', 'the server failed; the request can be retried'));
  });

  app.setNotFoundHandler((request, reply) =>
    sendError(reply, new HttpError(404, 'not_found', `no route for ${request.method} ${request.url.split('?')[0]}`)),
  );

  async function requireDevice(request: FastifyRequest): Promise<DeviceRecord> {
    const header = request.headers.authorization;
    if (!header) throw new HttpError(401, 'missing_token', 'this call needs the device token (Authorization: Bearer …)');
    const token = bearerToken(header);
    if (!token) throw new HttpError(401, 'malformed_token', 'the Authorization header is not a bearer token');
    const device = await store.findDeviceByTokenHash(hashToken(token));
    if (!device) throw new HttpError(401, 'unknown_token', 'this device token is not known; enrol the device again');
    if (device.revokedAt) throw new HttpError(401, 'device_revoked', 'this device was revoked; enrol it again');
    return device;
  }

  function requireAdmin(request: FastifyRequest): void {
    const token = bearerToken(request.headers.authorization);
    if (!token) throw new HttpError(401, 'missing_token', 'this call needs an office or admin credential');
    if (!sameSecret(token, options.adminToken)) throw new HttpError(403, 'forbidden', 'this credential may not read central data');
  }

  app.get('/healthz', async () => ({ status: 'ok' }));

  app.post('/v1/sync/push', async (request): Promise<PushResponse> => {
    const device = await requireDevice(request);
    const body = pushRequestSchema.safeParse(request.body);
    if (!body.success) throw new HttpError(400, 'invalid_batch', 'the body must be {"events": [...]} with at least one event');
    const raws = body.data.events;
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
      return parsed.ok ? { ok: true, event: parsed.event, raw } : { ok: false, id, seq, code: parsed.code, message: parsed.message, raw };
    });
    return store.pushEvents(device.id, checked);
  });

  app.get('/v1/transactions', async (request) => {
    requireAdmin(request);
    const query = transactionsQuerySchema.safeParse(request.query);
    if (!query.success) throw new HttpError(400, 'invalid_query', 'limit must be 1–1000 and offset 0 or more');
    return store.listTransactions(query.data);
  });

  return app;
}
