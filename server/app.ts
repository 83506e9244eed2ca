import Fastify, { type FastifyInstance } from 'fastify';
import cors from '@fastify/cors';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import type { AppContext, RateLimitOptions } from './context';
import { HttpError, sendError } from './errors';
import { ApiRegistry, requestPrincipal } from './http/route';
import { bearerToken, sameSecret } from './auth';
import { SMALL_BODY_LIMIT } from './routes/devices';
import { createMetrics } from './metrics';
import { registerDeviceRoutes } from './routes/devices';
import { registerFollowUpRoutes } from './routes/follow-up';
import { registerCityQuestionRoutes } from './routes/city-questions';
import { registerOpen311Routes } from './routes/open311';
import { open311RewriteUrl, registerOpen311Conformance } from './routes/open311-conformance';
import { registerReadRoutes } from './routes/reads';
import { registerSyncRoutes } from './routes/sync';
import { registerOfficeConsole, type OfficeConsoleOptions } from './office/console';
import type { CentralStore } from './store/store';
import { DEMO_TIME_ZONE } from './catalogue-seed';
import { inlineValidator, type PushValidator } from './validation-pool';
import { KioskVersionGate } from './kiosk-version';
import { KIOSK_VERSION_HEADER, KIOSK_VERSION_QUERY } from '../shared';


/** How long a browser may cache a CORS preflight answer: Chromium's own ceiling, 2 hours. */
export const CORS_PREFLIGHT_MAX_AGE_SECONDS = 7200;

/** The renderer's origin under Electron (the privileged app:// scheme main registers). */
export const DEFAULT_CORS_ORIGINS = ['app://kiosk'] as const;

/** Trust the nearest `hops` proxies (a load balancer is one hop). */
function trustHops(hops: number): (address: string, hop: number) => boolean {
  return (_address, hop) => hop < hops;
}

export interface AppOptions {
  store: CentralStore;
  /** The administrator's credential for admin calls and central reads. */
  adminToken: string;
  logger?: boolean | { level: string; stream?: NodeJS.WritableStream };
  /** The largest push body, accepted only from an authenticated device; every other route takes at most 64 KiB. */
  bodyLimitBytes?: number;
  /** Origins a browser may call from: the kiosk's app protocol and configured web origins. Default: app://kiosk. */
  corsOrigins?: readonly string[];
  /** A credential for /metrics besides the admin one (a Prometheus scraper's). */
  metricsToken?: string;
  /** Fastify's trustProxy: behind a load balancer, which X-Forwarded-For hops to believe. Default: none. */
  trustProxy?: boolean | number | string;
  /** Open311 GET and POST, per client address. */
  open311RateLimit?: RateLimitOptions;
  /** `block`: published Open311 locations are coarsened (lat/long to ~100 m, no house numbers). */
  open311Coarsen?: 'off' | 'block';
  timeZone?: string;
  now?: () => Date;
  /** Per device token; enrolment is limited per client address. */
  deviceRateLimit?: RateLimitOptions;
  enrolRateLimit?: RateLimitOptions;
  retryAfterSeconds?: number;
  /** How long drain() lets open connections finish after the pushes in flight are done, before it cuts them; default 5 s. */
  drainGraceMs?: number;
  /** Where pushed batches are parsed and checked; default: on this thread. */
  validator?: PushValidator;
  /** The office console (issue 17): sign-in policy and where its built page is. */
  office?: OfficeConsoleOptions;
  /** The oldest kiosk app version this API talks to (MIN_KIOSK_VERSION); older ones get 426 upgrade_required. */
  minKioskVersion?: string;
}

export interface CentralApi extends FastifyInstance {
  /** Stops taking new work (503 + Retry-After), waits for in-flight batches, then closes. */
  drain(): Promise<void>;
}

export async function buildApp(options: AppOptions): Promise<CentralApi> {
  const { store } = options;
  const app = Fastify({
    logger:
      options.logger === undefined || options.logger === false
        ? false
        : {
            level: options.logger === true ? 'info' : options.logger.level,
            ...(options.logger !== true && options.logger.stream ? { stream: options.logger.stream } : {}),
            // Structured logs carry method, route and status, never bodies, query strings or credentials.
            serializers: {
              req: (req: { method: string; url: string; id: string }) => ({ method: req.method, url: req.url.split('?')[0], id: req.id }),
            },
            redact: ['req.headers.authorization'],
          },
    // Only the push route (authenticated first) takes a large body.
    bodyLimit: SMALL_BODY_LIMIT,
    trustProxy: typeof options.trustProxy === 'number' ? trustHops(options.trustProxy) : (options.trustProxy ?? false),
    genReqId: () => crypto.randomUUID(),
    // Open311's .xml URLs are answered by their .json routes (then written as XML).
    rewriteUrl: (request) => open311RewriteUrl(request.url ?? '/'),
    requestIdHeader: false,
    return503OnClosing: false,
  }) as unknown as CentralApi;

  const metrics = createMetrics(store.pushStats);
  const now = options.now ?? (() => new Date());
  const registry = new ApiRegistry(store, options.adminToken, now);
  const kioskGate = new KioskVersionGate(options.minKioskVersion ?? null);
  registry.kioskGate = (request) => kioskGate.check(request.headers[KIOSK_VERSION_HEADER.toLowerCase()], true);
  const timeZone = options.timeZone ?? DEMO_TIME_ZONE;
  const retryAfter = String(options.retryAfterSeconds ?? 5);
  let draining = false;
  let inFlight = 0;
  let idle: (() => void) | null = null;

  // 311 service names for the read model, re-read at most every 10 s rather than on every push.
  let serviceNames: { readAt: number; names: Map<string, string> } | null = null;
  const ctx: AppContext = {
    store,
    registry,
    metrics,
    timeZone,
    now,
    deviceRateLimit: {
      ...(options.deviceRateLimit ?? { max: 600, timeWindow: 60_000 }),
      // The device the token authenticated (the route checks it before the limit runs), never the raw header text.
      keyGenerator: (request) => {
        const principal = requestPrincipal(request);
        return principal?.kind === 'device' ? `device:${principal.device.id}` : `ip:${request.ip}`;
      },
    },
    enrolRateLimit: options.enrolRateLimit ?? { max: 20, timeWindow: 60_000 },
    open311RateLimit: options.open311RateLimit ?? { max: 120, timeWindow: 60_000 },
    open311Coarsen: options.open311Coarsen ?? 'off',
    pushBodyLimit: options.bodyLimitBytes ?? 8 * 1024 * 1024,
    validator: options.validator ?? inlineValidator,
    async pushContext() {
      if (!serviceNames || Date.now() - serviceNames.readAt > 10_000) {
        const catalogue = await store.latestCatalogue();
        serviceNames = { readAt: Date.now(), names: new Map(catalogue?.body.requestTypes.map((t) => [t.code, t.name]) ?? []) };
      }
      return { timeZone, serviceNames: serviceNames.names };
    },
    async track(work) {
      inFlight++;
      try {
        return await work;
      } finally {
        inFlight--;
        if (inFlight === 0) idle?.();
      }
    },
  };

  // Only the kiosk's own origins may call from a browser: its app protocol and the web origins configured (start:web's).
  await app.register(cors, { origin: [...(options.corsOrigins ?? DEFAULT_CORS_ORIGINS)], methods: ['GET', 'POST', 'PATCH'], allowedHeaders: ['Authorization', 'Content-Type', 'If-None-Match', KIOSK_VERSION_HEADER], exposedHeaders: ['ETag', 'Retry-After'],
    // Browsers may reuse a preflight answer this long (Chromium caps it at 2 h), instead of one before every push.
    maxAge: CORS_PREFLIGHT_MAX_AGE_SECONDS,
  });
  await app.register(formbody, { bodyLimit: 64 * 1024 });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new HttpError(429, 'rate_limited', `too many requests; retry in ${Math.ceil(context.ttl / 1000)} s`, { 'Retry-After': String(Math.ceil(context.ttl / 1000)) }),
  });

  app.addHook('onRequest', async (request, reply) => {
    if (draining && request.url !== '/healthz') {
      reply.header('Retry-After', retryAfter);
      throw new HttpError(503, 'shutting_down', 'this server is shutting down; retry shortly', { 'Retry-After': retryAfter });
    }
  });
  app.addHook('onResponse', async (request, reply) => {
    metrics.requests.inc({ method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) });
  });

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof HttpError) return sendError(reply, error);
    const statusCode = (error as { statusCode?: number }).statusCode;
    const code = (error as { code?: string }).code;
    if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError) {
      return sendError(reply, new HttpError(400, 'malformed_json', 'the request body is not valid JSON'));
    }
    if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendError(reply, new HttpError(413, 'body_too_large', 'the request body is too large'));
    if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return sendError(reply, new HttpError(415, 'unsupported_media_type', 'send application/json'));
    if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return sendError(reply, new HttpError(400, 'empty_body', 'the request body is empty'));
    if (statusCode === 429) return sendError(reply, new HttpError(429, 'rate_limited', 'too many requests'));
    if (statusCode && statusCode >= 400 && statusCode < 500) {
      return sendError(reply, new HttpError(statusCode, 'bad_request', error instanceof Error ? error.message : 'bad request'));
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendError(reply, new HttpError(500, 'internal_error', 'the server failed; the request can be retried'));
  });

  app.setNotFoundHandler((request, reply) =>
    sendError(reply, new HttpError(404, 'not_found', `no route for ${request.method} ${request.url.split('?')[0]}`)),
  );

  // The kiosk's probe names its version (?kioskVersion=): a kiosk too old for this API hears it even when it has nothing to send.
  app.get('/healthz', async (request) => {
    const query = request.query as Record<string, string | string[] | undefined>;
    kioskGate.check(query[KIOSK_VERSION_QUERY], false);
    return { status: 'ok' };
  });
  app.get('/readyz', async (_request, reply) => {
    if (draining) return reply.code(503).header('Retry-After', retryAfter).send({ status: 'draining' });
    try {
      await store.ping();
      return { status: 'ready', store: store.kind };
    } catch {
      return reply.code(503).send({ status: 'store_unreachable', store: store.kind });
    }
  });
  // Metrics say how busy each route and store is: for the operator's scraper (METRICS_TOKEN) or an administrator only.
  app.get('/metrics', async (request, reply) => {
    const token = bearerToken(request.headers.authorization);
    if (!(token && options.metricsToken && sameSecret(token, options.metricsToken))) await registry.authenticate(request, 'admin');
    reply.header('Content-Type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });

  registerSyncRoutes(app, ctx);
  registerDeviceRoutes(app, ctx);
  registerReadRoutes(app, ctx);
  registerOpen311Routes(app, ctx);
  registerOpen311Conformance(app, ctx);
  registerFollowUpRoutes(app, ctx);
  await registerOfficeConsole(app, ctx, options.office ?? {});
  registerCityQuestionRoutes(app, ctx);

  app.get('/openapi.json', async () => registry.openapi({ title: 'City Hall To Go central API', version: '1.0.0' }));

  app.drain = async () => {
    draining = true;
    if (inFlight > 0) await new Promise<void>((resolve) => (idle = resolve));
    // close() waits for every open connection. A browser's speculative socket that never sends a request is not
    // "idle" to Node and would hold the close for headersTimeout (60 s): after a grace period, cut what is left.
    const cut = setTimeout(() => app.server.closeAllConnections(), options.drainGraceMs ?? 5_000);
    try {
      await app.close();
    } finally {
      clearTimeout(cut);
    }
  };
  return app;
}
