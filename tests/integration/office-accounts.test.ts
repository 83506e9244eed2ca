import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { officeRoles, type OfficeRole } from '../../shared';
import { startTestApi, type TestApi, useTestApi } from '../helpers/server';
import { storeFactories } from '../helpers/stores';
import { asOffice, makeOfficeUser, OFFICE_PASSWORD, signIn, type OfficeSession } from '../helpers/office';
import { check, serviceRequestFiledEvent } from '../helpers/event-builders';

const NOW = new Date('2026-12-01T15:00:00.000Z');

for (const factory of storeFactories) {
  describe.skipIf(factory.skipReason !== null)(`office console accounts on ${factory.name}${factory.skipReason ? ` (skipped: ${factory.skipReason})` : ''}`, () => {
    let api: TestApi;
    let clock: Date;

    beforeEach(() => {
      clock = new Date(NOW);
    });
    useTestApi(factory, () => ({ seed: true, now: () => clock, enrolRateLimit: { max: 1000, timeWindow: 60_000 } }), (started) => {
      api = started;
    });

    describe('sign-in', () => {
      it('signs in with e-mail and password: an HttpOnly, SameSite=Strict session cookie (not Secure over http) and a CSRF token', async () => {
        await makeOfficeUser(api.store, 'ana@city.gov', 'viewer');
        const response = await api.app.inject({ method: 'POST', url: '/v1/office/session', payload: { email: 'Ana@City.gov ', password: OFFICE_PASSWORD } });
        expect(response.statusCode).toBe(200);
        const cookie = String(response.headers['set-cookie']);
        expect(cookie).toMatch(/^chtg_office=[A-Za-z0-9_-]{40,}; /);
        expect(cookie).toContain('HttpOnly');
        expect(cookie).toContain('SameSite=Strict');
        expect(cookie).toContain('Path=/v1/office');
        expect(cookie).toContain('Max-Age=28800');
        expect(cookie).not.toContain('Secure');
        const body = response.json();
        expect(body.user).toMatchObject({ email: 'ana@city.gov', role: 'viewer' });
        expect(body.user.passwordHash).toBeUndefined();
        expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{40,}$/);
        const me = await api.app.inject({ method: 'GET', url: '/v1/office/session', headers: { cookie: cookie.split(';')[0]! } });
        expect(me.statusCode).toBe(200);
        expect(me.json()).toMatchObject({ user: { email: 'ana@city.gov' }, csrfToken: body.csrfToken });
      });

      it('marks the cookie Secure when the console is reached over https', async () => {
        const secure = await startTestApi({ store: api.store, office: { auth: { secureCookies: true } } });
        try {
          await makeOfficeUser(api.store, 'sec@city.gov', 'viewer');
          const session = await signIn(secure.app, 'sec@city.gov');
          expect(session.setCookie).toMatch(/; Secure$/);
        } finally {
          await secure.app.close();
        }
      });

      it('keeps only a hash of the password, salted per account', async () => {
        await makeOfficeUser(api.store, 'a@city.gov', 'viewer');
        await makeOfficeUser(api.store, 'b@city.gov', 'viewer');
        const [a, b] = await Promise.all([api.store.office.findUserByEmail('a@city.gov'), api.store.office.findUserByEmail('b@city.gov')]);
        expect(a!.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
        expect(a!.passwordHash).not.toContain(OFFICE_PASSWORD);
        expect(a!.passwordHash.split('$')[4]).not.toBe(b!.passwordHash.split('$')[4]);
        expect(a!.passwordHash).not.toBe(b!.passwordHash);
      });

      it.each([
        ['a wrong password', { email: 'ana@city.gov', password: 'not the password' }, 401, 'wrong_credentials'],
        ['an unknown e-mail', { email: 'nobody@city.gov', password: OFFICE_PASSWORD }, 401, 'wrong_credentials'],
        ['no password', { email: 'ana@city.gov' }, 400, 'invalid_body'],
        ['a malformed e-mail', { email: 'ana', password: OFFICE_PASSWORD }, 400, 'invalid_body'],
      ])('refuses %s with a code and sets no cookie', async (_name, payload, status, code) => {
        await makeOfficeUser(api.store, 'ana@city.gov', 'viewer');
        const response = await api.app.inject({ method: 'POST', url: '/v1/office/session', payload });
        expect(response.statusCode).toBe(status);
        expect(response.json().error.code).toBe(code);
        expect(response.headers['set-cookie']).toBeUndefined();
      });

      it('takes sign-in only as JSON, so a cross-site form cannot sign a browser in', async () => {
        await makeOfficeUser(api.store, 'ana@city.gov', 'viewer');
        const response = await api.app.inject({
          method: 'POST',
          url: '/v1/office/session',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: `email=ana%40city.gov&password=${encodeURIComponent(OFFICE_PASSWORD)}`,
        });
        expect(response.statusCode).toBe(415);
        expect(response.headers['set-cookie']).toBeUndefined();
      });

      it('locks an account after 5 failed sign-ins in a row, even against the right password, until the lock runs out', async () => {
        const id = await makeOfficeUser(api.store, 'ana@city.gov', 'office');
        const attempt = (password: string) => api.app.inject({ method: 'POST', url: '/v1/office/session', payload: { email: 'ana@city.gov', password } });
        for (let i = 1; i <= 4; i++) expect((await attempt(`wrong ${i}`)).statusCode).toBe(401);
        const fifth = await attempt('wrong 5');
        expect(fifth.statusCode).toBe(423);
        expect(fifth.json().error).toMatchObject({ code: 'account_locked' });
        expect(fifth.json().error.message).toContain('2026-12-01T15:15:00.000Z');
        expect((await attempt(OFFICE_PASSWORD)).statusCode).toBe(423);
        clock = new Date('2026-12-01T15:14:59.999Z');
        expect((await attempt(OFFICE_PASSWORD)).statusCode).toBe(423);
        clock = new Date('2026-12-01T15:15:00.000Z');
        expect((await attempt(OFFICE_PASSWORD)).statusCode).toBe(200);
        expect(await api.store.office.findUserById(id)).toMatchObject({ failedAttempts: 0, lockedUntil: null });
        const audit = await api.store.office.listAudit({ limit: 50, action: 'office_user.locked' });
        expect(audit).toHaveLength(1);
        expect(audit[0]).toMatchObject({ actor: 'ana@city.gov', target: `office_user:${id}` });
      });

      it('starts the failure count again after a good sign-in', async () => {
        await makeOfficeUser(api.store, 'ana@city.gov', 'office');
        const attempt = (password: string) => api.app.inject({ method: 'POST', url: '/v1/office/session', payload: { email: 'ana@city.gov', password } });
        for (let i = 0; i < 4; i++) await attempt('wrong');
        expect((await attempt(OFFICE_PASSWORD)).statusCode).toBe(200);
        for (let i = 0; i < 4; i++) expect((await attempt('wrong')).statusCode).toBe(401);
      });

      it('ends a session on sign-out and when it expires', async () => {
        await makeOfficeUser(api.store, 'ana@city.gov', 'viewer');
        const session = await signIn(api.app, 'ana@city.gov');
        const out = await api.app.inject(asOffice(session, 'DELETE', '/v1/office/session'));
        expect(out.statusCode).toBe(200);
        expect(String(out.headers['set-cookie'])).toContain('Max-Age=0');
        expect((await api.app.inject(asOffice(session, 'GET', '/v1/office/session'))).json().error.code).toBe('session_expired');
        const second = await signIn(api.app, 'ana@city.gov');
        clock = new Date(NOW.getTime() + 8 * 3_600_000);
        const expired = await api.app.inject(asOffice(second, 'GET', '/v1/office/session'));
        expect(expired.statusCode).toBe(401);
        expect(expired.json().error.code).toBe('session_expired');
      });

      it('refuses a disabled account even with the right password', async () => {
        const id = await makeOfficeUser(api.store, 'ana@city.gov', 'viewer');
        await api.store.office.updateUser(id, { disabled: true });
        const response = await api.app.inject({ method: 'POST', url: '/v1/office/session', payload: { email: 'ana@city.gov', password: OFFICE_PASSWORD } });
        expect(response.statusCode).toBe(403);
        expect(response.json().error.code).toBe('account_disabled');
      });
    });

    describe('CSRF', () => {
      it('refuses a change without the CSRF token, or with another session’s, and changes nothing', async () => {
        await makeOfficeUser(api.store, 'root@city.gov', 'admin');
        const session = await signIn(api.app, 'root@city.gov');
        const other = await signIn(api.app, 'root@city.gov');
        const payload = { email: 'new@city.gov', role: 'viewer', password: 'a long enough password' };
        const without = await api.app.inject({ method: 'POST', url: '/v1/office/users', headers: { cookie: session.cookie }, payload });
        expect(without.statusCode).toBe(403);
        expect(without.json().error.code).toBe('csrf_token_invalid');
        const wrong = await api.app.inject({ method: 'POST', url: '/v1/office/users', headers: { cookie: session.cookie, 'x-csrf-token': other.csrf }, payload });
        expect(wrong.statusCode).toBe(403);
        expect(await api.store.office.findUserByEmail('new@city.gov')).toBeNull();
        const ok = await api.app.inject(asOffice(session, 'POST', '/v1/office/users', payload));
        expect(ok.statusCode).toBe(201);
      });

      it('refuses sign-out without the CSRF token (the session stays)', async () => {
        await makeOfficeUser(api.store, 'ana@city.gov', 'viewer');
        const session = await signIn(api.app, 'ana@city.gov');
        expect((await api.app.inject({ method: 'DELETE', url: '/v1/office/session', headers: { cookie: session.cookie } })).statusCode).toBe(403);
        expect((await api.app.inject(asOffice(session, 'GET', '/v1/office/session'))).statusCode).toBe(200);
      });
    });

    describe('roles', () => {
      it('enforces each route’s role for viewer, office and admin, on every console route in the registry', async () => {
        const sessions = {} as Record<OfficeRole, OfficeSession>;
        for (const role of officeRoles) {
          await makeOfficeUser(api.store, `${role}@city.gov`, role);
          sessions[role] = await signIn(api.app, `${role}@city.gov`);
        }
        // Every console route, as the registry publishes it (with the role it needs) in /openapi.json.
        const doc = (await api.app.inject({ method: 'GET', url: '/openapi.json' })).json() as { paths: Record<string, Record<string, { 'x-office-role'?: OfficeRole }>> };
        const routes = Object.entries(doc.paths)
          .flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ method: method.toUpperCase(), url: path.replace(/\{([A-Za-z]+)\}/g, ':$1'), auth: `console:${op['x-office-role'] ?? ''}`, op })))
          .filter((r) => r.op['x-office-role'] && !(r.method === 'DELETE' && r.url === '/v1/office/session'));
        expect(routes.length).toBeGreaterThanOrEqual(6);
        const rank = { viewer: 0, office: 1, admin: 2 } as const;
        for (const route of routes) {
          const needed = route.auth.slice('console:'.length) as OfficeRole;
          const url = route.url.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');
          for (const role of officeRoles) {
            const response = await api.app.inject(asOffice(sessions[role], route.method as 'GET', url, route.method === 'GET' ? undefined : {}));
            const refused = response.statusCode === 403 && response.json().error?.code === 'role_forbidden';
            expect({ route: `${route.method} ${route.url}`, role, refused }).toEqual({ route: `${route.method} ${route.url}`, role, refused: rank[role] < rank[needed] });
          }
          // And nobody signed in gets anything.
          const anonymous = await api.app.inject({ method: route.method as 'GET', url });
          expect(anonymous.statusCode).toBe(401);
        }
      });

      it('lets an office account update a 311 request and a viewer only read it (without the resident’s contact)', async () => {
        const device = await api.enrolDevice('Van 4');
        const filed = serviceRequestFiledEvent(device.deviceId, 1);
        await api.store.pushEvents(device.deviceId, [check(filed)], { timeZone: 'America/New_York', serviceNames: new Map() });
        const requestId = (filed.payload as { requestId: string }).requestId;
        await makeOfficeUser(api.store, 'viewer@city.gov', 'viewer');
        await makeOfficeUser(api.store, 'clerk@city.gov', 'office');
        const viewer = await signIn(api.app, 'viewer@city.gov');
        const office = await signIn(api.app, 'clerk@city.gov');
        const listed = (await api.app.inject(asOffice(viewer, 'GET', '/v1/office/service-requests?status=open'))).json();
        expect(listed.requests).toHaveLength(1);
        expect(listed.requests[0]).toMatchObject({ id: requestId, status: 'open', contact: null });
        expect(JSON.stringify(listed)).not.toContain('Lovelace');
        const refused = await api.app.inject(asOffice(viewer, 'PATCH', `/v1/office/service-requests/${requestId}`, { status: 'closed', statusNotes: 'Filled' }));
        expect(refused.statusCode).toBe(403);
        clock = new Date('2026-12-01T16:30:00.000Z');
        const updated = await api.app.inject(asOffice(office, 'PATCH', `/v1/office/service-requests/${requestId}`, { status: 'closed', statusNotes: 'Crew filled it' }));
        expect(updated.statusCode).toBe(200);
        expect(updated.json()).toMatchObject({ status: 'closed', statusNotes: 'Crew filled it', contact: { lastName: 'Lovelace' } });
        // The public feed shows the update.
        const open311 = (await api.app.inject({ method: 'GET', url: `/open311/v2/requests/${requestId}.json` })).json();
        expect(open311[0]).toMatchObject({ status: 'closed', status_notes: 'Crew filled it', updated_datetime: '2026-12-01T16:30:00.000Z' });
        // So does the filing van's next pull.
        const changes = await api.store.changesSince(device.deviceId, null, 10);
        expect(changes.find((c) => c.kind === 'service_request_status')?.data).toMatchObject({ requestId, status: 'closed', statusNotes: 'Crew filled it' });
        const audit = await api.store.office.listAudit({ limit: 10, action: 'service_request.status_updated' });
        expect(audit[0]).toMatchObject({ actor: 'clerk@city.gov', target: `service_request:${requestId}`, detail: { from: 'open', to: 'closed', statusNotes: 'Crew filled it' } });
      });

      it.each([
        ['an unknown status', { status: 'resolved' }, 400],
        ['a card number in the note', { status: 'closed', statusNotes: 'paid with 4111 1111 1111 1111' }, 400],
        ['a note too long', { status: 'closed', statusNotes: 'x'.repeat(1001) }, 400],
      ])('refuses a 311 update with %s and changes nothing', async (_name, payload, status) => {
        const device = await api.enrolDevice('Van 4');
        const filed = serviceRequestFiledEvent(device.deviceId, 1);
        await api.store.pushEvents(device.deviceId, [check(filed)], { timeZone: 'America/New_York', serviceNames: new Map() });
        const requestId = (filed.payload as { requestId: string }).requestId;
        await makeOfficeUser(api.store, 'clerk@city.gov', 'office');
        const office = await signIn(api.app, 'clerk@city.gov');
        const response = await api.app.inject(asOffice(office, 'PATCH', `/v1/office/service-requests/${requestId}`, payload));
        expect(response.statusCode).toBe(status);
        expect((await api.store.getServiceRequest(requestId))!.status).toBe('open');
        expect(await api.store.office.listAudit({ limit: 10, action: 'service_request.status_updated' })).toHaveLength(0);
      });
    });

    describe('accounts and audit', () => {
      it('lets an admin create, re-role and disable accounts; each change is audited with who, when and what', async () => {
        await makeOfficeUser(api.store, 'root@city.gov', 'admin');
        const admin = await signIn(api.app, 'root@city.gov');
        const created = await api.app.inject(asOffice(admin, 'POST', '/v1/office/users', { email: 'Bea@City.gov', role: 'viewer', password: 'a long enough password' }));
        expect(created.statusCode).toBe(201);
        const bea = created.json();
        expect(bea).toMatchObject({ email: 'bea@city.gov', role: 'viewer', disabled: false });
        const beaSession = await signIn(api.app, 'bea@city.gov', 'a long enough password');
        clock = new Date('2026-12-01T15:05:00.000Z');
        const promoted = await api.app.inject(asOffice(admin, 'PATCH', `/v1/office/users/${bea.id}`, { role: 'office' }));
        expect(promoted.json()).toMatchObject({ role: 'office' });
        // A changed role ends the account's sessions, so the new rights are never mixed with an old session.
        expect((await api.app.inject(asOffice(beaSession, 'GET', '/v1/office/session'))).statusCode).toBe(401);
        await api.app.inject(asOffice(admin, 'PATCH', `/v1/office/users/${bea.id}`, { disabled: true }));
        const duplicate = await api.app.inject(asOffice(admin, 'POST', '/v1/office/users', { email: 'bea@city.gov', role: 'viewer', password: 'a long enough password' }));
        expect(duplicate.statusCode).toBe(409);
        const audit = (await api.app.inject(asOffice(admin, 'GET', '/v1/office/audit?limit=20'))).json().entries as { at: string; actor: string; action: string; detail: Record<string, unknown> }[];
        const changes = audit.filter((e) => e.action.startsWith('office_user.'));
        expect(changes.map((e) => [e.actor, e.action, e.at, e.detail])).toEqual([
          ['root@city.gov', 'office_user.updated', '2026-12-01T15:05:00.000Z', { email: 'bea@city.gov', disabled: true }],
          ['root@city.gov', 'office_user.updated', '2026-12-01T15:05:00.000Z', { email: 'bea@city.gov', role: 'office' }],
          ['root@city.gov', 'office_user.created', '2026-12-01T15:00:00.000Z', { email: 'bea@city.gov', role: 'viewer' }],
        ]);
        expect(JSON.stringify(audit)).not.toContain('a long enough password');
      });

      it.each([
        ['a short password', { email: 'x@city.gov', role: 'viewer', password: 'short' }],
        ['an unknown role', { email: 'x@city.gov', role: 'root', password: 'a long enough password' }],
        ['no e-mail', { role: 'viewer', password: 'a long enough password' }],
      ])('refuses an account with %s', async (_name, payload) => {
        await makeOfficeUser(api.store, 'root@city.gov', 'admin');
        const admin = await signIn(api.app, 'root@city.gov');
        const response = await api.app.inject(asOffice(admin, 'POST', '/v1/office/users', payload));
        expect(response.statusCode).toBe(400);
        expect(response.json().error.code).toBe('invalid_body');
        expect(await api.store.office.findUserByEmail('x@city.gov')).toBeNull();
      });

      it('will not let an administrator demote or disable their own account', async () => {
        const id = await makeOfficeUser(api.store, 'root@city.gov', 'admin');
        const admin = await signIn(api.app, 'root@city.gov');
        for (const change of [{ role: 'viewer' }, { disabled: true }]) {
          const response = await api.app.inject(asOffice(admin, 'PATCH', `/v1/office/users/${id}`, change));
          expect(response.statusCode).toBe(409);
        }
        expect(await api.store.office.findUserById(id)).toMatchObject({ role: 'admin', disabled: false });
      });

      it('lists the console routes in /openapi.json with their role and the cookie scheme', async () => {
        const doc = (await api.app.inject({ method: 'GET', url: '/openapi.json' })).json();
        expect(doc.paths['/v1/office/users'].post).toMatchObject({ security: [{ officeSession: [] }], 'x-office-role': 'admin' });
        expect(doc.paths['/v1/office/service-requests/{id}'].patch['x-office-role']).toBe('office');
        expect(doc.components.securitySchemes.officeSession).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'chtg_office' });
      });
    });
  });
}

describe('office console fleet', () => {
  let api: TestApi;
  let clock: Date;
  beforeEach(async () => {
    clock = new Date(NOW);
    api = await startTestApi({ seed: true, now: () => clock });
  });
  afterEach(async () => {
    await api.close();
  });

  it('flags a van behind when its latest record is older than the chosen time (exclusive), never a revoked one; kiosk status shows as not reported', async () => {
    const device = await api.enrolDevice('Van 4');
    const silent = await api.enrolDevice('Van 5');
    await api.store.pushEvents(device.deviceId, [check(serviceRequestFiledEvent(device.deviceId, 1))], { timeZone: 'America/New_York', serviceNames: new Map() });
    await api.store.revokeDevice(silent.deviceId, NOW.toISOString());
    // The store stamps received_at with its own clock; the API's clock is set from there.
    const receivedAt = Date.parse((await api.store.office.fleet()).find((d) => d.id === device.deviceId)!.latestReceivedAt!);
    clock = new Date(receivedAt);
    await makeOfficeUser(api.store, 'viewer@city.gov', 'viewer');
    const viewer = await signIn(api.app, 'viewer@city.gov');
    const fleetAt = async (at: number, minutes: number) => {
      clock = new Date(at);
      const body = (await api.app.inject(asOffice(viewer, 'GET', `/v1/office/fleet?behindMinutes=${minutes}`))).json();
      return Object.fromEntries((body.devices as { vanName: string; behind: boolean; status: unknown }[]).map((d) => [d.vanName, [d.behind, d.status]]));
    };
    expect(await fleetAt(receivedAt + 60 * 60_000, 60)).toEqual({ 'Van 4': [false, null], 'Van 5': [false, null] });
    expect(await fleetAt(receivedAt + 60 * 60_000 + 1, 60)).toEqual({ 'Van 4': [true, null], 'Van 5': [false, null] });
    expect((await api.app.inject(asOffice(viewer, 'GET', '/v1/office/fleet?behindMinutes=1'))).statusCode).toBe(400);
  });

  it('shows what a van reported about itself and flags it behind when its oldest unsent record is older than the chosen time', async () => {
    const device = await api.enrolDevice('Van 6');
    await makeOfficeUser(api.store, 'viewer@city.gov', 'viewer');
    const viewer = await signIn(api.app, 'viewer@city.gov');
    // Reported at 15:00 with the oldest unsent record 50 minutes old (made at 14:10).
    await api.store.saveDeviceStatus({
      deviceId: device.deviceId, receivedAt: NOW.toISOString(), via: 'probe', pendingTransactions: 7, pendingOtherRecords: 3,
      oldestPendingAgeSeconds: 3000, appVersion: '0.2.1', storageUsedBytes: 5 * 1_048_576, storageQuotaBytes: 100 * 1_048_576,
    });
    const van = async (minutes: number) => ((await api.app.inject(asOffice(viewer, 'GET', `/v1/office/fleet?behindMinutes=${minutes}`))).json().devices as Record<string, unknown>[]).find((d) => d.vanName === 'Van 6')!;
    const now = await van(60);
    expect(now).toMatchObject({
      lastContactAt: NOW.toISOString(),
      latestReceivedAt: null,
      behind: false,
      status: { pendingTransactions: 7, pendingOtherRecords: 3, oldestPendingAt: '2026-12-01T14:10:00.000Z', appVersion: '0.2.1', storageUsedBytes: 5 * 1_048_576, reportedAt: NOW.toISOString() },
    });
    clock = new Date('2026-12-01T15:10:00.001Z');
    expect((await van(60)).behind).toBe(true);
    expect((await van(120)).behind).toBe(false);
  });

  it('makes a one-time enrolment code as text and QR for an admin, audited, and revokes a van', async () => {
    await makeOfficeUser(api.store, 'root@city.gov', 'admin');
    const admin = await signIn(api.app, 'root@city.gov');
    const made = await api.app.inject(asOffice(admin, 'POST', '/v1/office/enrolment-codes', { vanName: 'Van 12' }));
    expect(made.statusCode).toBe(201);
    const { code, qrSvg } = made.json();
    expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    expect(qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    const enrolled = await api.app.inject({ method: 'POST', url: '/v1/devices/enrol', payload: { code } });
    expect(enrolled.statusCode).toBe(201);
    const deviceId = enrolled.json().deviceId as string;
    expect((await api.app.inject(asOffice(admin, 'POST', `/v1/office/devices/${deviceId}/revoke`))).statusCode).toBe(200);
    expect((await api.app.inject(asOffice(admin, 'POST', `/v1/office/devices/${deviceId}/revoke`))).statusCode).toBe(404);
    const audit = await api.store.office.listAudit({ limit: 10 });
    expect(audit.filter((e) => e.action !== 'session.signed_in').map((e) => [e.actor, e.action, e.target])).toEqual([
      ['root@city.gov', 'device.revoked', `device:${deviceId}`],
      ['root@city.gov', 'enrolment_code.created', 'van:Van 12'],
    ]);
    expect(JSON.stringify(audit)).not.toContain(code);
    const bad = await api.app.inject(asOffice(admin, 'POST', '/v1/office/enrolment-codes', { vanName: '<script>' }));
    expect(bad.statusCode).toBe(400);
  });
});
