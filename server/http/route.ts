import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import { z } from 'zod';
import { bearerToken, hashToken, sameSecret } from '../auth';
import { HttpError } from '../errors';
import type { ApiKeyRole, CentralStore, DeviceRecord } from '../store/store';
import type { OfficeRole } from '../../shared';
import type { OfficePrincipal } from '../office/auth';

/** `console:<role>`: an office console session (cookie + CSRF on changes) whose account has at least that role. */
export type ConsoleAuthKind = `console:${OfficeRole}`;
export type AuthKind = 'none' | 'device' | 'office' | 'admin' | ConsoleAuthKind;

export type Principal =
  | { kind: 'none' }
  | { kind: 'device'; device: DeviceRecord }
  | { kind: 'staff'; role: ApiKeyRole; name: string }
  | OfficePrincipal;

function isConsoleAuth(auth: AuthKind): auth is ConsoleAuthKind {
  return auth.startsWith('console:');
}

export interface RouteSpec<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  summary: string;
  tags: string[];
  auth: AuthKind;
  body?: B;
  /** The handler reads the body itself (it arrives as bytes); `body` then only documents it. */
  rawBody?: boolean;
  query?: Q;
  params?: P;
  /** A device route an outdated kiosk may still call (its update policy: where to update to). */
  anyKioskVersion?: boolean;
  /** The success response's schema, for the OpenAPI document. */
  response?: z.ZodType;
  responseContentType?: string;
  errors?: Record<number, string>;
  fastify?: RouteShorthandOptions;
}

export interface HandlerContext<B, Q, P> {
  request: FastifyRequest;
  reply: FastifyReply;
  body: B;
  query: Q;
  params: P;
  principal: Principal;
}

type AnySpec = RouteSpec<z.ZodType, z.ZodType, z.ZodType>;

const principals = new WeakMap<FastifyRequest, Principal>();
const refusals = new WeakMap<FastifyRequest, unknown>();

/** Who an authenticated request is, once its route's onRequest hook has checked the credential (before the body is read). */
export function requestPrincipal(request: FastifyRequest): Principal | undefined {
  return principals.get(request);
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : 'value'}: ${issue.message}`)
    .join('; ');
}

/**
 * Routes are declared once with their zod schemas: the same schemas validate requests and produce /openapi.json.
 */
export class ApiRegistry {
  readonly routes: AnySpec[] = [];

  constructor(
    private readonly store: CentralStore,
    private readonly adminToken: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Set by the app: refuses a kiosk older than the API's minimum on every device route, before its credential is read. */
  kioskGate: ((request: FastifyRequest) => void) | null = null;

  /** Set by the app: checks an office console session (server/office/auth.ts). */
  consoleAuth: ((request: FastifyRequest, role: OfficeRole) => Promise<OfficePrincipal>) | null = null;

  async authenticate(request: FastifyRequest, auth: AuthKind): Promise<Principal> {
    if (auth === 'none') return { kind: 'none' };
    if (isConsoleAuth(auth)) {
      if (!this.consoleAuth) throw new HttpError(500, 'console_unconfigured', 'the office console is not set up on this server');
      return this.consoleAuth(request, auth.slice('console:'.length) as OfficeRole);
    }
    const header = request.headers.authorization;
    if (!header) throw new HttpError(401, 'missing_token', auth === 'device' ? 'this call needs the device token (Authorization: Bearer …)' : 'this call needs an office or admin credential');
    const token = bearerToken(header);
    if (!token) throw new HttpError(401, 'malformed_token', 'the Authorization header is not a bearer token');
    const tokenHash = hashToken(token);
    if (auth === 'device') {
      const device = await this.store.findDeviceByTokenHash(tokenHash);
      if (!device) throw new HttpError(401, 'unknown_token', 'this device token is not known; enrol the device again');
      if (device.revokedAt) throw new HttpError(401, 'device_revoked', 'this device was revoked; enrol it again');
      return { kind: 'device', device };
    }
    if (sameSecret(token, this.adminToken)) return { kind: 'staff', role: 'admin', name: 'admin' };
    const key = await this.store.findApiKey(tokenHash, this.now().toISOString());
    if (key && (key.role === 'admin' || (auth === 'office' && key.role === 'office'))) return { kind: 'staff', role: key.role, name: key.name };
    if (key || (await this.store.findDeviceByTokenHash(tokenHash))) {
      throw new HttpError(403, 'forbidden', auth === 'admin' ? 'this credential may not administer the service' : 'this credential may not read central data');
    }
    throw new HttpError(401, 'unknown_token', 'this credential is not known');
  }

  add<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType, R>(
    app: FastifyInstance,
    spec: RouteSpec<B, Q, P>,
    handler: (ctx: HandlerContext<z.infer<B>, z.infer<Q>, z.infer<P>>) => Promise<R>,
  ): void {
    this.routes.push(spec as unknown as AnySpec);
    app.route({
      method: spec.method,
      url: spec.url,
      ...(spec.fastify ?? {}),
      // The credential is checked as soon as the headers are in, before any body is read: an unauthenticated caller
      // never gets a large body buffered, and the rate limit (which runs next) is keyed by who the caller is.
      // A refusal is answered just after the rate limit has counted it (keyed by the device, or by address when the
      // credential is refused), still before the body is read.
      ...(spec.auth === 'none'
        ? {}
        : {
            onRequest: async (request: FastifyRequest) => {
              try {
                if (spec.auth === 'device' && !spec.anyKioskVersion) this.kioskGate?.(request);
                principals.set(request, await this.authenticate(request, spec.auth));
              } catch (error) {
                refusals.set(request, error);
              }
            },
            preParsing: async (request: FastifyRequest, _reply: FastifyReply, payload: unknown) => {
              if (refusals.has(request)) throw refusals.get(request);
              return payload;
            },
          }),
      handler: async (request, reply) => {
        const principal = principals.get(request) ?? (await this.authenticate(request, spec.auth));
        const parse = <S extends z.ZodType | undefined>(schema: S, value: unknown, code: string, what: string) => {
          if (!schema) return undefined;
          const result = schema.safeParse(value);
          if (!result.success) {
            const issues = result.error.issues.slice(0, 50).map((issue) => ({ path: issue.path.map((p) => (typeof p === 'number' ? p : String(p))), message: issue.message }));
            throw new HttpError(400, code, `${what}: ${describeIssues(result.error)}`, {}, issues);
          }
          return result.data;
        };
        const params = parse(spec.params, request.params, 'invalid_path', 'the address is invalid');
        const query = parse(spec.query, request.query ?? {}, 'invalid_query', 'the query is invalid');
        const body = spec.rawBody ? undefined : parse(spec.body, request.body, 'invalid_body', 'the request body is invalid');
        return handler({ request, reply, principal, params, query, body } as HandlerContext<z.infer<B>, z.infer<Q>, z.infer<P>>);
      },
    });
  }

  /** OpenAPI 3.1 from the very schemas the routes validate with. */
  openapi(info: { title: string; version: string }): Record<string, unknown> {
    const paths: Record<string, Record<string, unknown>> = {};
    const toJson = (schema: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' });
    for (const spec of this.routes) {
      const path = spec.url.replace(/:([A-Za-z_]+)/g, '{$1}');
      const parameters: unknown[] = [];
      for (const [where, schema] of [['path', spec.params], ['query', spec.query]] as const) {
        if (!schema) continue;
        const json = toJson(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
        for (const [name, property] of Object.entries(json.properties ?? {})) {
          parameters.push({ name, in: where, required: where === 'path' || (json.required ?? []).includes(name), schema: property });
        }
      }
      const responses: Record<string, unknown> = {
        [spec.method === 'POST' && spec.url.includes('enrol') ? '201' : '200']: {
          description: 'success',
          ...(spec.response ? { content: { [spec.responseContentType ?? 'application/json']: { schema: toJson(spec.response, 'output') } } } : {}),
        },
      };
      for (const [status, description] of Object.entries(spec.errors ?? {})) responses[status] = { description };
      if (spec.auth !== 'none') responses['401'] = { description: 'missing or unknown credential' };
      if (spec.auth === 'device' && !spec.anyKioskVersion) responses['426'] = { description: 'upgrade_required: this kiosk is older than the API’s minimum version (the answer names it)' };
      (paths[path] ??= {})[spec.method.toLowerCase()] = {
        summary: spec.summary,
        tags: spec.tags,
        ...(spec.auth !== 'none'
          ? { security: [{ [spec.auth === 'device' ? 'deviceToken' : isConsoleAuth(spec.auth) ? 'officeSession' : 'staffToken']: [] }] }
          : {}),
        ...(isConsoleAuth(spec.auth) ? { 'x-office-role': spec.auth.slice('console:'.length) } : {}),
        ...(parameters.length ? { parameters } : {}),
        ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: toJson(spec.body, 'input') } } } } : {}),
        responses,
      };
    }
    return {
      openapi: '3.1.0',
      info,
      paths,
      components: {
        securitySchemes: {
          deviceToken: { type: 'http', scheme: 'bearer', description: 'a device token from POST /v1/devices/enrol' },
          staffToken: { type: 'http', scheme: 'bearer', description: 'the admin credential or an office API key' },
          officeSession: { type: 'apiKey', in: 'cookie', name: 'chtg_office', description: 'an office console session (POST /v1/office/session); changes also send X-CSRF-Token' },
        },
      },
    };
  }
}
