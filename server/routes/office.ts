import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  auditEntrySchema,
  officeSessionResponseSchema,
  officeSignInRequestSchema,
  officeUserCreateSchema,
  officeUserSchema,
  officeUserUpdateSchema,
} from '../../shared';
import { HttpError } from '../errors';
import { publicUser, sessionResponse, type OfficeAuth, type OfficePrincipal } from '../office/auth';
import { hashPassword } from '../office/passwords';
import type { Principal } from '../http/route';
import type { AppContext } from '../context';

/** The console's account in a handler (the registry has already checked the session, the role and the CSRF token). */
export function officeUser(principal: Principal): OfficePrincipal {
  if (principal.kind !== 'officeUser') throw new HttpError(401, 'not_signed_in', 'sign in to the office console first');
  return principal;
}

const userIdParams = z.object({ id: z.uuid() });

export function registerOfficeAccountRoutes(app: FastifyInstance, ctx: AppContext, auth: OfficeAuth): void {
  const { registry, store } = ctx;

  registry.add(
    app,
    {
      method: 'POST',
      url: '/v1/office/session',
      summary: 'Sign in to the office console: sets the HttpOnly, SameSite=Strict session cookie and answers the CSRF token',
      tags: ['office console'],
      auth: 'none',
      body: officeSignInRequestSchema,
      response: officeSessionResponseSchema,
      errors: { 401: 'wrong e-mail or password', 403: 'account disabled', 415: 'not JSON', 423: 'account locked after repeated failures', 429: 'too many attempts' },
      fastify: { config: { rateLimit: ctx.enrolRateLimit } },
    },
    async ({ request, reply, body }) => {
      // A cross-site form can post url-encoded bodies without a preflight; a JSON body cannot, so sign-in takes JSON only.
      if (!String(request.headers['content-type'] ?? '').startsWith('application/json')) {
        throw new HttpError(415, 'unsupported_media_type', 'sign in with an application/json body');
      }
      return auth.signIn(request, reply, body.email, body.password);
    },
  );

  registry.add(
    app,
    {
      method: 'GET',
      url: '/v1/office/session',
      summary: 'Who is signed in, with the CSRF token for changes',
      tags: ['office console'],
      auth: 'console:viewer',
      response: officeSessionResponseSchema,
    },
    async ({ principal, reply }) => {
      const { user, session } = officeUser(principal);
      reply.header('Cache-Control', 'no-store');
      return sessionResponse(user, session, auth.timeZone);
    },
  );

  registry.add(
    app,
    { method: 'DELETE', url: '/v1/office/session', summary: 'Sign out (ends this session)', tags: ['office console'], auth: 'console:viewer' },
    async ({ principal, request, reply }) => {
      await auth.signOut(request, reply, officeUser(principal));
      return { signedOut: true };
    },
  );

  registry.add(
    app,
    {
      method: 'GET',
      url: '/v1/office/users',
      summary: 'Office accounts (no password hashes)',
      tags: ['office console'],
      auth: 'console:admin',
      response: z.object({ users: z.array(officeUserSchema) }),
    },
    async () => ({ users: (await store.office.listUsers()).map(publicUser) }),
  );

  registry.add(
    app,
    {
      method: 'POST',
      url: '/v1/office/users',
      summary: 'Create an office account',
      tags: ['office console'],
      auth: 'console:admin',
      body: officeUserCreateSchema,
      response: officeUserSchema,
      errors: { 409: 'an account with that e-mail exists' },
    },
    async ({ principal, body, reply }) => {
      const actor = officeUser(principal).user;
      const user = await createOfficeUser(ctx, auth, actor.email, body);
      reply.code(201);
      return user;
    },
  );

  registry.add(
    app,
    {
      method: 'PATCH',
      url: '/v1/office/users/:id',
      summary: "Change an office account's role, disable or enable it, or set a new password (its sessions end)",
      tags: ['office console'],
      auth: 'console:admin',
      params: userIdParams,
      body: officeUserUpdateSchema,
      response: officeUserSchema,
      errors: { 404: 'no such account', 409: 'an administrator may not demote or disable their own account' },
    },
    async ({ principal, params, body }) => {
      const actor = officeUser(principal).user;
      if (params.id === actor.id && ((body.role !== undefined && body.role !== 'admin') || body.disabled === true)) {
        throw new HttpError(409, 'cannot_demote_self', 'you may not demote or disable your own account; ask another administrator');
      }
      const changed = await store.office.updateUser(params.id, {
        ...(body.role !== undefined ? { role: body.role } : {}),
        ...(body.disabled !== undefined ? { disabled: body.disabled } : {}),
        ...(body.password !== undefined ? { passwordHash: await hashPassword(body.password) } : {}),
      });
      if (!changed) throw new HttpError(404, 'unknown_account', 'there is no office account with that id');
      // A changed role, password or a disabled account takes effect at once: its sessions end.
      if (params.id !== actor.id) await store.office.deleteSessionsOf(params.id);
      const user = (await store.office.findUserById(params.id))!;
      await auth.audit(actor.email, 'office_user.updated', `office_user:${user.id}`, {
        email: user.email,
        ...(body.role !== undefined ? { role: body.role } : {}),
        ...(body.disabled !== undefined ? { disabled: body.disabled } : {}),
        ...(body.password !== undefined ? { password: 'changed' } : {}),
      });
      return publicUser(user);
    },
  );

  registry.add(
    app,
    {
      method: 'GET',
      url: '/v1/office/audit',
      summary: 'The audit log: who changed what, when (newest first)',
      tags: ['office console'],
      auth: 'console:admin',
      query: z.object({
        limit: z.coerce.number().int().min(1).max(500).default(100),
        before: z.coerce.number().int().min(1).optional(),
        actor: z.string().trim().min(1).max(254).optional(),
        action: z.string().regex(/^[a-z_.]{1,64}$/).optional(),
      }),
      response: z.object({ entries: z.array(auditEntrySchema) }),
    },
    async ({ query }) => ({
      entries: await store.office.listAudit({
        limit: query.limit,
        ...(query.before !== undefined ? { beforeId: query.before } : {}),
        ...(query.actor ? { actor: query.actor.toLowerCase() } : {}),
        ...(query.action ? { action: query.action } : {}),
      }),
    }),
  );
}

/** Creates an office account (the API and `npm run admin -- office-user`), audited as `actor`. */
export async function createOfficeUser(
  ctx: Pick<AppContext, 'store' | 'now'>,
  auth: Pick<OfficeAuth, 'audit'>,
  actor: string,
  input: z.input<typeof officeUserCreateSchema>,
) {
  const body = officeUserCreateSchema.parse(input);
  const id = crypto.randomUUID();
  const created = await ctx.store.office.createUser({ id, email: body.email, role: body.role, passwordHash: await hashPassword(body.password), createdAt: ctx.now().toISOString() });
  if (!created) throw new HttpError(409, 'account_exists', 'an office account with that e-mail address exists');
  await auth.audit(actor, 'office_user.created', `office_user:${id}`, { email: body.email, role: body.role });
  return publicUser((await ctx.store.office.findUserById(id))!);
}
