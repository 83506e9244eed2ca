import type { Session } from 'electron';
import { apiErrorSchema, apiUrlSchema, enrolResponseSchema, type DeviceCredentials, type DeviceIdentity, type EnrolResult, type HostEnrolRequest } from '../../shared';
import type { CredentialStore } from './credential-store';
import { originOf } from './app-protocol';

export type MainFetch = (url: string, init: { method: string; headers: Record<string, string>; body: string; signal?: AbortSignal }) => Promise<{
  ok: boolean;
  status: number;
  json(): Promise<unknown>;
}>;

/**
 * The device's enrolment, held by main. The page asks for its identity (never the token), enrols through main, and
 * main adds the token to requests for the API origin only.
 */
export function createDeviceSession(options: { store: CredentialStore; configuredApiUrl: () => string; fetch: MainFetch; timeoutMs?: number }) {
  let current: DeviceCredentials | null = null;
  let loaded = false;

  return {
    async load(): Promise<DeviceCredentials | null> {
      current = await options.store.get();
      loaded = true;
      return current;
    },
    /** What the page may know: id and API address. */
    identity(): DeviceIdentity | null {
      if (!current) return null;
      return current.apiUrl ? { deviceId: current.deviceId, apiUrl: current.apiUrl } : { deviceId: current.deviceId };
    },
    /** The origin requests get the token for: the one the device enrolled with, else the configured one. */
    apiOrigin(): string | null {
      return originOf(current?.apiUrl ?? options.configuredApiUrl());
    },
    /** Synchronous, for onBeforeSendHeaders; null until the stored credentials were loaded. */
    token(): string | null {
      return loaded ? (current?.token ?? null) : null;
    },
    /**
     * The central office moved (a supervisor changed its address): the same device and token, a new API origin, so
     * the Authorization header and the CSP follow it. Nothing changes when the device is not enrolled.
     */
    async moveApi(apiUrl: string): Promise<void> {
      const origin = new URL(apiUrlSchema.parse(apiUrl)).origin;
      if (!current || current.apiUrl === origin) return;
      const next: DeviceCredentials = { ...current, apiUrl: origin };
      await options.store.set(next);
      current = next;
    },
    async enrol(request: HostEnrolRequest): Promise<EnrolResult> {
      const api = apiUrlSchema.safeParse(request.apiUrl);
      if (!api.success) return { ok: false, code: 'bad_url', message: api.error.issues[0]?.message ?? 'The central office address is not valid.' };
      const origin = new URL(api.data).origin;
      let response: Awaited<ReturnType<MainFetch>>;
      try {
        response = await options.fetch(new URL('/v1/devices/enrol', origin).href, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(request.deviceId ? { code: request.code, deviceId: request.deviceId } : { code: request.code }),
          signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
        });
      } catch {
        return { ok: false, code: 'unreachable', message: 'The central office cannot be reached. Check the address and the network, then try again.' };
      }
      const body: unknown = await response.json().catch(() => null);
      if (!response.ok) {
        const error = apiErrorSchema.safeParse(body);
        return error.success
          ? { ok: false, code: error.data.error.code.slice(0, 64), message: error.data.error.message.slice(0, 500) }
          : { ok: false, code: 'failed', message: `The central office answered ${response.status}.` };
      }
      const parsed = enrolResponseSchema.safeParse(body);
      if (!parsed.success) return { ok: false, code: 'bad_answer', message: 'The central office sent an answer this kiosk does not understand.' };
      const next: DeviceCredentials = { deviceId: parsed.data.deviceId, token: parsed.data.token, apiUrl: origin };
      await options.store.set(next);
      current = next;
      loaded = true;
      return { ok: true, device: { deviceId: next.deviceId, apiUrl: origin } };
    },
  };
}
export type DeviceSession = ReturnType<typeof createDeviceSession>;

/**
 * Adds `Authorization: Bearer <token>` to requests bound for the API origin, and only there. Any Authorization a page
 * set itself for that origin is replaced; CORS preflights (OPTIONS) carry none.
 */
export function installDeviceAuth(webRequest: Pick<Session['webRequest'], 'onBeforeSendHeaders'>, device: Pick<DeviceSession, 'apiOrigin' | 'token'>): void {
  webRequest.onBeforeSendHeaders({ urls: ['http://*/*', 'https://*/*'] }, (details, callback) => {
    const headers = { ...details.requestHeaders };
    const origin = originOf(details.url);
    const apiOrigin = device.apiOrigin();
    if (origin !== null && origin === apiOrigin) {
      for (const name of Object.keys(headers)) if (name.toLowerCase() === 'authorization') delete headers[name];
      const token = device.token();
      if (token && details.method !== 'OPTIONS') headers.Authorization = `Bearer ${token}`;
    }
    callback({ requestHeaders: headers });
  });
}
