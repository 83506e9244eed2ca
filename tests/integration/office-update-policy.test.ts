import { describe, expect, it } from 'vitest';
import { KIOSK_VERSION_HEADER, updatePolicySchema } from '../../shared';
import { useTestApi, type TestApi } from '../helpers/server';
import { storeFactories } from '../helpers/stores';
import { asOffice, makeOfficeUser, signIn, type OfficeSession } from '../helpers/office';

/**
 * (issue 19) A pinned version per van and a staged rollout per release, set from the office: admin only, audited, CSRF
 * checked, bad input refused with a specific error and nothing changed; the van reads its policy, even when too old.
 */
for (const factory of storeFactories) {
  describe.skipIf(factory.skipReason !== null)(`update policy set from the office on ${factory.name}${factory.skipReason ? ` (skipped: ${factory.skipReason})` : ''}`, () => {
    let api: TestApi;
    let admin: OfficeSession;
    let van: { deviceId: string; token: string };
    let other: { deviceId: string; token: string };
    useTestApi(factory, { seed: true, minKioskVersion: '0.3.0' }, async (started) => {
      api = started;
      van = await api.enrolDevice('Van A');
      other = await api.enrolDevice('Van B');
      await makeOfficeUser(api.store, 'admin@city.gov', 'admin');
      await makeOfficeUser(api.store, 'viewer@city.gov', 'viewer');
      await makeOfficeUser(api.store, 'office@city.gov', 'office');
      admin = await signIn(api.app, 'admin@city.gov');
    });

    const inject = (session: OfficeSession, method: 'GET' | 'PUT' | 'DELETE', url: string, payload?: unknown) => api.app.inject(asOffice(session, method, url, payload));
    const policyOf = async (device: { token: string }, kioskVersion = '0.4.0') => {
      const response = await api.app.inject({ method: 'GET', url: '/v1/devices/update-policy', headers: { authorization: `Bearer ${device.token}`, [KIOSK_VERSION_HEADER]: kioskVersion } });
      expect(response.statusCode).toBe(200);
      return updatePolicySchema.parse(response.json());
    };
    const auditActions = async () =>
      (await inject(admin, 'GET', '/v1/office/audit')).json().entries
        .filter((e: { action: string }) => e.action.startsWith('update.'))
        .map((e: { action: string; target: string; detail: unknown }) => ({ action: e.action, target: e.target, detail: e.detail }));

    it('an admin pins and unpins a van and sets and clears a release’s rollout; each is audited; the van reads its pin and the rollouts', async () => {
      expect(await policyOf(van)).toEqual({ pinnedVersion: null, rollouts: [] });

      const pinned = await inject(admin, 'PUT', `/v1/office/devices/${van.deviceId}/pinned-version`, { version: '0.3.2' });
      expect([pinned.statusCode, pinned.json()]).toEqual([200, { deviceId: van.deviceId, pinnedVersion: '0.3.2' }]);
      // Pinning again replaces the version.
      expect((await inject(admin, 'PUT', `/v1/office/devices/${van.deviceId}/pinned-version`, { version: '0.3.1' })).statusCode).toBe(200);
      const set = await inject(admin, 'PUT', '/v1/office/rollouts/0.5.0', { percentage: 25 });
      expect([set.statusCode, set.json()]).toEqual([200, { version: '0.5.0', percentage: 25 }]);
      expect((await inject(admin, 'PUT', '/v1/office/rollouts/0.5.0', { percentage: 0 })).statusCode).toBe(200);
      expect((await inject(admin, 'PUT', '/v1/office/rollouts/0.6.0-beta.1', { percentage: 100 })).statusCode).toBe(200);

      expect(await policyOf(van)).toEqual({ pinnedVersion: '0.3.1', rollouts: expect.arrayContaining([{ version: '0.5.0', percentage: 0 }, { version: '0.6.0-beta.1', percentage: 100 }]) });
      expect((await policyOf(van)).rollouts).toHaveLength(2);
      // The other van is not pinned; it sees the same rollouts.
      expect((await policyOf(other)).pinnedVersion).toBeNull();
      expect((await policyOf(other)).rollouts).toHaveLength(2);
      // A kiosk older than the API's minimum still learns where to update to.
      expect((await policyOf(van, '0.2.0')).pinnedVersion).toBe('0.3.1');

      const fleet = (await inject(admin, 'GET', '/v1/office/fleet')).json().devices as { id: string; pinnedVersion: string | null }[];
      expect(fleet.find((d) => d.id === van.deviceId)?.pinnedVersion).toBe('0.3.1');
      expect(fleet.find((d) => d.id === other.deviceId)?.pinnedVersion).toBeNull();
      const viewer = await signIn(api.app, 'viewer@city.gov');
      const listed = (await inject(viewer, 'GET', '/v1/office/rollouts')).json().rollouts;
      expect(listed).toEqual(expect.arrayContaining([expect.objectContaining({ version: '0.5.0', percentage: 0, setBy: 'admin@city.gov' })]));

      const unpinned = await inject(admin, 'DELETE', `/v1/office/devices/${van.deviceId}/pinned-version`);
      expect([unpinned.statusCode, unpinned.json()]).toEqual([200, { deviceId: van.deviceId, pinnedVersion: null }]);
      const cleared = await inject(admin, 'DELETE', '/v1/office/rollouts/0.5.0');
      expect([cleared.statusCode, cleared.json()]).toEqual([200, { version: '0.5.0', cleared: true }]);
      expect(await policyOf(van)).toEqual({ pinnedVersion: null, rollouts: [{ version: '0.6.0-beta.1', percentage: 100 }] });

      // Clearing what is not set says so.
      const again = await inject(admin, 'DELETE', `/v1/office/devices/${van.deviceId}/pinned-version`);
      expect([again.statusCode, again.json().error.code]).toEqual([404, 'not_pinned']);
      const none = await inject(admin, 'DELETE', '/v1/office/rollouts/0.5.0');
      expect([none.statusCode, none.json().error.code]).toEqual([404, 'no_rollout']);

      expect((await auditActions()).reverse()).toEqual([
        { action: 'update.pinned', target: `device:${van.deviceId}`, detail: { version: '0.3.2' } },
        { action: 'update.pinned', target: `device:${van.deviceId}`, detail: { version: '0.3.1' } },
        { action: 'update.rollout_set', target: 'release:0.5.0', detail: { version: '0.5.0', percentage: 25 } },
        { action: 'update.rollout_set', target: 'release:0.5.0', detail: { version: '0.5.0', percentage: 0 } },
        { action: 'update.rollout_set', target: 'release:0.6.0-beta.1', detail: { version: '0.6.0-beta.1', percentage: 100 } },
        { action: 'update.unpinned', target: `device:${van.deviceId}`, detail: {} },
        { action: 'update.rollout_cleared', target: 'release:0.5.0', detail: { version: '0.5.0' } },
      ]);
    });

    it('a viewer and an office account may not pin or set a rollout; without the CSRF token not even an admin; nothing changes', async () => {
      await inject(admin, 'PUT', `/v1/office/devices/${van.deviceId}/pinned-version`, { version: '0.3.2' });
      await inject(admin, 'PUT', '/v1/office/rollouts/0.5.0', { percentage: 25 });
      const before = await policyOf(van);
      const auditBefore = await auditActions();
      const changes: ['PUT' | 'DELETE', string, unknown][] = [
        ['PUT', `/v1/office/devices/${van.deviceId}/pinned-version`, { version: '0.4.0' }],
        ['DELETE', `/v1/office/devices/${van.deviceId}/pinned-version`, undefined],
        ['PUT', '/v1/office/rollouts/0.5.0', { percentage: 90 }],
        ['DELETE', '/v1/office/rollouts/0.5.0', undefined],
      ];
      const sessions = [await signIn(api.app, 'viewer@city.gov'), await signIn(api.app, 'office@city.gov')];
      for (const [method, url, payload] of changes) {
        for (const session of sessions) {
          const refused = await inject(session, method, url, payload);
          expect([refused.statusCode, refused.json().error.code], `${method} ${url}`).toEqual([403, 'role_forbidden']);
        }
        const forged = await api.app.inject({ method, url, headers: { cookie: admin.cookie }, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
        expect([forged.statusCode, forged.json().error.code], `${method} ${url}`).toEqual([403, 'csrf_token_invalid']);
      }
      // A van's token is not an office session.
      const byVan = await api.app.inject({ method: 'PUT', url: '/v1/office/rollouts/0.5.0', headers: { authorization: `Bearer ${van.token}` }, payload: { percentage: 100 } });
      expect(byVan.statusCode).toBe(401);
      expect(await policyOf(van)).toEqual(before);
      expect(await auditActions()).toEqual(auditBefore);
    });

    it('refuses a bad version, a share outside 0..100 and an unknown van with specific errors, and changes nothing', async () => {
      await inject(admin, 'PUT', `/v1/office/devices/${van.deviceId}/pinned-version`, { version: '0.3.2' });
      await inject(admin, 'PUT', '/v1/office/rollouts/0.5.0', { percentage: 25 });
      const before = await policyOf(van);
      const auditBefore = await auditActions();
      const cases: [string, 'PUT' | 'DELETE', string, unknown, number, string, RegExp][] = [
        ['a pin that is not a version', 'PUT', `/v1/office/devices/${van.deviceId}/pinned-version`, { version: 'latest' }, 400, 'invalid_body', /a version is like 1\.4\.2/],
        ['a pin with a partial version', 'PUT', `/v1/office/devices/${van.deviceId}/pinned-version`, { version: '1.4' }, 400, 'invalid_body', /a version is like 1\.4\.2/],
        ['a pin with no version', 'PUT', `/v1/office/devices/${van.deviceId}/pinned-version`, {}, 400, 'invalid_body', /version/],
        ['a pin with an extra field', 'PUT', `/v1/office/devices/${van.deviceId}/pinned-version`, { version: '0.4.0', percentage: 5 }, 400, 'invalid_body', /percentage/],
        ['a pin for an unknown van', 'PUT', '/v1/office/devices/no-such-van/pinned-version', { version: '0.4.0' }, 404, 'unknown_device', /no device has that id/],
        ['a pin for a malformed van id', 'PUT', '/v1/office/devices/bad%20id/pinned-version', { version: '0.4.0' }, 400, 'invalid_path', /deviceId is malformed/],
        ['unpinning an unknown van', 'DELETE', '/v1/office/devices/no-such-van/pinned-version', undefined, 404, 'not_pinned', /not pinned/],
        ['a rollout for a bad version', 'PUT', '/v1/office/rollouts/v5', { percentage: 50 }, 400, 'invalid_path', /a version is like 1\.4\.2/],
        ['a share over 100', 'PUT', '/v1/office/rollouts/0.5.0', { percentage: 101 }, 400, 'invalid_body', /percentage is a whole number from 0 to 100/],
        ['a share under 0', 'PUT', '/v1/office/rollouts/0.5.0', { percentage: -1 }, 400, 'invalid_body', /percentage is a whole number from 0 to 100/],
        ['a fractional share', 'PUT', '/v1/office/rollouts/0.5.0', { percentage: 12.5 }, 400, 'invalid_body', /percentage is a whole number from 0 to 100/],
        ['a share as text', 'PUT', '/v1/office/rollouts/0.5.0', { percentage: '50' }, 400, 'invalid_body', /percentage is a whole number from 0 to 100/],
        ['clearing a bad version', 'DELETE', '/v1/office/rollouts/latest', undefined, 400, 'invalid_path', /a version is like 1\.4\.2/],
      ];
      for (const [name, method, url, payload, status, code, message] of cases) {
        const refused = await inject(admin, method, url, payload);
        expect([refused.statusCode, refused.json().error.code], name).toEqual([status, code]);
        expect(refused.json().error.message, name).toMatch(message);
      }
      expect(await policyOf(van)).toEqual(before);
      expect(await auditActions()).toEqual(auditBefore);
      expect((await inject(admin, 'GET', '/v1/office/fleet')).json().devices.map((d: { pinnedVersion: string | null }) => d.pinnedVersion).sort()).toEqual(['0.3.2', null]);
    });

    it('the van’s policy needs its device token', async () => {
      const anonymous = await api.app.inject({ method: 'GET', url: '/v1/devices/update-policy' });
      expect(anonymous.statusCode).toBe(401);
      const wrong = await api.app.inject({ method: 'GET', url: '/v1/devices/update-policy', headers: { authorization: 'Bearer not-a-token' } });
      expect(wrong.statusCode).toBe(401);
    });
  });
}
