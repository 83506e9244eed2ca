import type { FastifyReply, FastifyRequest } from 'fastify';
import { CSRF_HEADER, officeRoleAllows, type OfficeRole, type OfficeSessionResponse } from '../../shared';
import { hashToken, newSecretToken, sameSecret } from '../auth';
import { HttpError } from '../errors';
import type { CentralStore } from '../store/store';
import type { OfficeSessionRecord, OfficeUserRecord } from '../store/office';
import { readCookie, serializeCookie } from './cookies';
import { decoyHash, verifyPassword } from './passwords';

export const SESSION_COOKIE = 'chtg_office';
/** The cookie goes only with the console's API calls. */
export const SESSION_COOKIE_PATH = '/v1/office';

export interface OfficeAuthOptions {
  /** Failed sign-ins in a row that lock an account. */
  maxFailures: number;
  lockMinutes: number;
  sessionHours: number;
  /** 'auto': Secure when the request came over https (behind a proxy, as trustProxy allows). */
  secureCookies: 'auto' | boolean;
}

export const DEFAULT_OFFICE_AUTH: OfficeAuthOptions = { maxFailures: 5, lockMinutes: 15, sessionHours: 8, secureCookies: 'auto' };

export interface OfficePrincipal {
  kind: 'officeUser';
  user: OfficeUserRecord;
  session: OfficeSessionRecord;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function publicUser(user: OfficeUserRecord) {
  return { id: user.id, email: user.email, role: user.role, disabled: user.disabled, lockedUntil: user.lockedUntil, createdAt: user.createdAt };
}

export function sessionResponse(user: OfficeUserRecord, session: OfficeSessionRecord, cityTimeZone: string): OfficeSessionResponse {
  return { user: publicUser(user), csrfToken: session.csrfToken, expiresAt: session.expiresAt, cityTimeZone };
}

/** Office sign-in, sessions, CSRF and roles. */
export class OfficeAuth {
  constructor(
    private readonly store: CentralStore,
    readonly options: OfficeAuthOptions,
    private readonly now: () => Date,
    readonly timeZone: string,
  ) {}

  private secure(request: FastifyRequest): boolean {
    return this.options.secureCookies === 'auto' ? request.protocol === 'https' : this.options.secureCookies;
  }

  async audit(actor: string, action: string, target: string, detail: Record<string, unknown> = {}): Promise<void> {
    await this.store.office.appendAudit({ at: this.now().toISOString(), actor, action, target, detail });
  }

  /** The signed-in account, if its role suffices; every change must also carry the session's CSRF token. */
  async authenticate(request: FastifyRequest, needed: OfficeRole): Promise<OfficePrincipal> {
    const id = readCookie(request.headers.cookie, SESSION_COOKIE);
    if (!id) throw new HttpError(401, 'not_signed_in', 'sign in to the office console first');
    const found = await this.store.office.findSession(hashToken(id), this.now().toISOString());
    if (!found) throw new HttpError(401, 'session_expired', 'this session has ended; sign in again');
    if (found.user.disabled) throw new HttpError(401, 'account_disabled', 'this account is disabled');
    if (!SAFE_METHODS.has(request.method)) {
      const header = request.headers[CSRF_HEADER];
      if (typeof header !== 'string' || !sameSecret(header, found.session.csrfToken)) {
        throw new HttpError(403, 'csrf_token_invalid', `a change needs the session's ${CSRF_HEADER} header; reload the console and try again`);
      }
    }
    if (!officeRoleAllows(found.user.role, needed)) {
      throw new HttpError(403, 'role_forbidden', `this needs the ${needed} role; your account is ${found.user.role}`);
    }
    return { kind: 'officeUser', ...found };
  }

  async signIn(request: FastifyRequest, reply: FastifyReply, email: string, password: string): Promise<OfficeSessionResponse> {
    const now = this.now();
    const user = await this.store.office.findUserByEmail(email);
    if (!user) {
      await verifyPassword(password, await decoyHash());
      await this.audit(email, 'session.sign_in_refused', `office_user:${email}`, { reason: 'unknown_account' });
      throw new HttpError(401, 'wrong_credentials', 'the e-mail address or the password is wrong');
    }
    if (user.lockedUntil && user.lockedUntil > now.toISOString()) {
      await this.audit(email, 'session.sign_in_refused', `office_user:${user.id}`, { reason: 'locked' });
      throw new HttpError(423, 'account_locked', `too many failed sign-ins; this account is locked until ${user.lockedUntil}`);
    }
    if (!(await verifyPassword(password, user.passwordHash))) {
      const lockUntil = new Date(now.getTime() + this.options.lockMinutes * 60_000).toISOString();
      const after = await this.store.office.recordFailedSignIn(user.id, this.options.maxFailures, lockUntil);
      if (after.lockedUntil && after.lockedUntil > now.toISOString()) {
        await this.audit(email, 'office_user.locked', `office_user:${user.id}`, { until: after.lockedUntil });
        throw new HttpError(423, 'account_locked', `too many failed sign-ins; this account is locked until ${after.lockedUntil}`);
      }
      await this.audit(email, 'session.sign_in_refused', `office_user:${user.id}`, { reason: 'wrong_password' });
      throw new HttpError(401, 'wrong_credentials', 'the e-mail address or the password is wrong');
    }
    if (user.disabled) {
      await this.audit(email, 'session.sign_in_refused', `office_user:${user.id}`, { reason: 'disabled' });
      throw new HttpError(403, 'account_disabled', 'this account is disabled; ask an administrator');
    }
    await this.store.office.recordSuccessfulSignIn(user.id);
    const id = newSecretToken();
    const session: OfficeSessionRecord = {
      idHash: hashToken(id),
      userId: user.id,
      csrfToken: newSecretToken(),
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.options.sessionHours * 3_600_000).toISOString(),
    };
    await this.store.office.createSession(session);
    await this.audit(user.email, 'session.signed_in', `office_user:${user.id}`);
    reply.header(
      'Set-Cookie',
      serializeCookie(SESSION_COOKIE, id, { path: SESSION_COOKIE_PATH, maxAgeSeconds: this.options.sessionHours * 3600, secure: this.secure(request) }),
    );
    return sessionResponse({ ...user, failedAttempts: 0, lockedUntil: null }, session, this.timeZone);
  }

  async signOut(request: FastifyRequest, reply: FastifyReply, principal: OfficePrincipal): Promise<void> {
    await this.store.office.deleteSession(principal.session.idHash);
    await this.audit(principal.user.email, 'session.signed_out', `office_user:${principal.user.id}`);
    reply.header('Set-Cookie', serializeCookie(SESSION_COOKIE, 'signed-out-0000000', { path: SESSION_COOKIE_PATH, maxAgeSeconds: 0, secure: this.secure(request) }));
  }
}
