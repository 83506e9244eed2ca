import { CSRF_HEADER, officeSessionResponseSchema, type OfficeSessionResponse } from '../../shared';
import { officeT } from './i18n';

/** The console's one way to the API: same origin, the session cookie, and the CSRF token on every change. */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** For a refused body: each problem with its path in the body. */
    readonly issues?: { path: (string | number)[]; message: string }[],
  ) {
    super(message);
  }
}

/**
 * What to tell the person when a call failed: the API's own message; when the API could not be reached (fetch
 * rejects with a TypeError: no network, the API down), a sentence that says so; else the error's message.
 */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof TypeError) return officeT('common.unreachable');
  return error instanceof Error ? error.message : String(error);
}

let csrfToken: string | null = null;

export function rememberSession(session: OfficeSessionResponse | null): void {
  csrfToken = session?.csrfToken ?? null;
}

/** Called when the API says the session is gone (expired, signed out elsewhere). */
let onSignedOut: () => void = () => undefined;
export function whenSignedOut(handler: () => void): void {
  onSignedOut = handler;
}

export async function api<T = unknown>(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers[CSRF_HEADER] = csrfToken;
  const response = await fetch(path, { method, headers, credentials: 'same-origin', ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await response.text();
  const json: unknown = text && (response.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text;
  if (!response.ok) {
    const error = (json as { error?: { code?: string; message?: string; issues?: { path: (string | number)[]; message: string }[] } } | null)?.error;
    if (response.status === 401 && path !== '/v1/office/session') onSignedOut();
    throw new ApiError(response.status, error?.code ?? 'http_error', error?.message ?? officeT('common.apiAnswered', { status: response.status }), error?.issues);
  }
  return json as T;
}

export async function currentSession(): Promise<OfficeSessionResponse | null> {
  try {
    const session = officeSessionResponseSchema.parse(await api('GET', '/v1/office/session'));
    rememberSession(session);
    return session;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export async function signIn(email: string, password: string): Promise<OfficeSessionResponse> {
  const session = officeSessionResponseSchema.parse(await api('POST', '/v1/office/session', { email, password }));
  rememberSession(session);
  return session;
}

export async function signOut(): Promise<void> {
  await api('DELETE', '/v1/office/session');
  rememberSession(null);
}
