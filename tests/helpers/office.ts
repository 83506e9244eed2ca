import type { CentralApi } from '../../server/app';
import type { CentralStore } from '../../server/store/store';
import { hashPassword } from '../../server/office/passwords';
import type { OfficeRole } from '../../shared';

export const OFFICE_PASSWORD = 'correct horse battery staple';

/** An office account made straight in the store (the CLI and the API make them the same way). */
export async function makeOfficeUser(store: CentralStore, email: string, role: OfficeRole, password = OFFICE_PASSWORD): Promise<string> {
  const id = crypto.randomUUID();
  await store.office.createUser({ id, email, role, passwordHash: await hashPassword(password), createdAt: '2026-12-01T09:00:00.000Z' });
  return id;
}

export interface OfficeSession {
  cookie: string;
  csrf: string;
  setCookie: string;
}

export async function signIn(app: CentralApi, email: string, password = OFFICE_PASSWORD): Promise<OfficeSession> {
  const response = await app.inject({ method: 'POST', url: '/v1/office/session', payload: { email, password } });
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
  const setCookie = String(response.headers['set-cookie']);
  return { setCookie, cookie: setCookie.split(';')[0]!, csrf: (response.json() as { csrfToken: string }).csrfToken };
}

/** A request as the console makes it: the session cookie, and the CSRF token on a change. */
export function asOffice(session: OfficeSession, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown) {
  return {
    method,
    url,
    headers: { cookie: session.cookie, ...(method === 'GET' ? {} : { 'x-csrf-token': session.csrf }) },
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  };
}

