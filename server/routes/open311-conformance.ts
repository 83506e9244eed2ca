import type { FastifyInstance, FastifyRequest } from 'fastify';
import { XMLBuilder } from 'fast-xml-parser';
import type { AppContext } from '../context';
import { HttpError } from '../errors';
import { OPEN311_PUBLIC_NOTICE } from './open311';

/**
 * What a GeoReport v2 client expects beside the JSON routes in open311.ts: discovery, one service definition per
 * code, the `.xml` format of every route, and every error (a 404 of an unknown path, a malformed body, a rate limit
 * too) in the spec's `[{code, description}]` shape.
 *
 * `.xml` works by routing: `open311RewriteUrl` sends `/open311/v2/x.xml` to the `.json` route, and the onSend hook below
 * turns that route's answer into XML for a request whose original URL asked for `.xml`.
 */

const PREFIX = '/open311/v2/';
export const GEOREPORT_SPEC = 'http://wiki.open311.org/GeoReport_v2';

/** Fastify's rewriteUrl: an Open311 `.xml` URL is answered by its `.json` route. */
export function open311RewriteUrl(url: string): string {
  const [path, query] = url.split('?', 2) as [string, string | undefined];
  if (!path.startsWith(PREFIX) || !path.endsWith('.xml')) return url;
  return `${path.slice(0, -'.xml'.length)}.json${query === undefined ? '' : `?${query}`}`;
}

function wantsXml(request: FastifyRequest): boolean {
  return (request.originalUrl ?? request.url).split('?', 1)[0]!.endsWith('.xml');
}

const builder = new XMLBuilder({ ignoreAttributes: true, format: false, suppressEmptyNode: false });

/** The spec's XML element names for each kind of answer. */
function toXml(path: string, body: unknown): string {
  let doc: unknown;
  const list = Array.isArray(body) ? body : [body];
  if (Array.isArray(body) && body.every((e) => e && typeof e === 'object' && 'code' in e && 'description' in e && Object.keys(e).length === 2)) {
    doc = { errors: { error: list } };
  } else if (path.endsWith('/discovery.json')) {
    const d = body as { endpoints: { formats: string[] }[] };
    doc = { discovery: { ...d, endpoints: { endpoint: d.endpoints.map((e) => ({ ...e, formats: { format: e.formats } })) } } };
  } else if (path.endsWith('/services.json')) {
    doc = { services: { service: list } };
  } else if (path.startsWith(`${PREFIX}services/`)) {
    const d = body as { attributes: unknown[] };
    doc = { service_definition: { ...d, attributes: { attribute: d.attributes } } };
  } else {
    // GET requests, GET one request and POST requests all answer <service_requests><request>…
    doc = { service_requests: { request: list } };
  }
  return `<?xml version="1.0" encoding="utf-8"?>${builder.build(nullsToEmpty(doc)) as string}`;
}

function nullsToEmpty(value: unknown): unknown {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(nullsToEmpty);
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, nullsToEmpty(v)]));
  return value;
}

export function registerOpen311Conformance(app: FastifyInstance, ctx: AppContext): void {
  const { store } = ctx;

  app.addHook('onSend', async (request, reply, payload) => {
    const path = request.url.split('?', 1)[0]!;
    if (!path.startsWith(PREFIX) && !(request.originalUrl ?? '').startsWith(PREFIX)) return payload;
    if (typeof payload !== 'string') return payload;
    let body: unknown;
    try {
      body = JSON.parse(payload);
    } catch {
      return payload;
    }
    // Every Open311 error in the spec's shape, whoever raised it (router 404, body parser, rate limit, a route).
    const apiError = (body as { error?: { code?: string; message?: string } } | null)?.error;
    if (reply.statusCode >= 400 && apiError && typeof apiError.message === 'string') {
      body = [{ code: reply.statusCode, description: apiError.message }];
      payload = JSON.stringify(body);
    }
    if (!wantsXml(request)) return payload;
    reply.header('content-type', 'text/xml; charset=utf-8');
    return toXml(path, body);
  });

  const services = async () => (await store.latestCatalogue())?.body.requestTypes ?? [];

  ctx.registry.routes.push(
    { method: 'GET', url: '/open311/v2/discovery.json', summary: `Open311: service discovery (also .xml). ${OPEN311_PUBLIC_NOTICE}`, tags: ['open311'], auth: 'none' },
    { method: 'GET', url: '/open311/v2/services/:code.json', summary: 'Open311: the definition of one service (also .xml); no service has extra attributes', tags: ['open311'], auth: 'none' },
  );

  const limited = { config: { rateLimit: ctx.open311RateLimit } };
  app.get('/open311/v2/discovery.json', limited, async (request, reply) => {
    reply.header('X-Public-Notice', OPEN311_PUBLIC_NOTICE);
    const catalogue = await store.latestCatalogue();
    const changeset = catalogue?.publishedAt ?? new Date(0).toISOString();
    const base = `${request.protocol}://${request.host}`;
    return {
      changeset,
      contact: 'The city’s 311 office',
      key_service: 'API keys for filing requests are issued by the city’s office (npm run admin -- api-key --role open311)',
      // What a resident files here is published (issue 14): said here and in every answer's X-Public-Notice header.
      notice: OPEN311_PUBLIC_NOTICE,
      location_precision: ctx.open311Coarsen === 'block' ? 'block: lat/long rounded to about 100 m, house numbers removed' : 'as filed',
      endpoints: [{ specification: GEOREPORT_SPEC, url: `${base}/open311/v2`, changeset, type: 'production', formats: ['application/json', 'text/xml'] }],
    };
  });

  app.get('/open311/v2/services/:file', limited, async (request) => {
    const file = (request.params as { file: string }).file;
    const code = /^([a-z0-9][a-z0-9-]{0,63})\.json$/.exec(file)?.[1];
    const type = code ? (await services()).find((t) => t.code === code) : undefined;
    if (!type) throw new HttpError(404, 'unknown_service', `no service has the code ${code ?? file}`);
    return { service_code: type.code, attributes: [] };
  });
}
