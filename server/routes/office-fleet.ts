import type { FastifyInstance } from 'fastify';
import QRCode from 'qrcode';
import { z } from 'zod';
import { appVersionSchema, pinVersionRequestSchema, releaseRolloutSchema, rolloutRequestSchema } from '../../shared';
import { HttpError } from '../errors';
import type { OfficeAuth } from '../office/auth';
import type { AppContext } from '../context';
import { createEnrolmentCode, deviceIdSchema, enrolmentCodeRequestSchema, unrevokeDevice, vanNameSchema } from './devices';
import { officeUser } from './office';

export const DEFAULT_BEHIND_MINUTES = 240;

const fleetQuerySchema = z.object({
  behindMinutes: z.coerce.number().int().min(5).max(30 * 24 * 60).default(DEFAULT_BEHIND_MINUTES),
});

export function registerOfficeFleetRoutes(app: FastifyInstance, ctx: AppContext, auth: OfficeAuth): void {
  const { registry, store } = ctx;

  /** An audited one-time enrolment code (for a new van, or to re-enrol one device) with its QR code as SVG. */
  async function makeCode(actor: string, request: z.input<typeof enrolmentCodeRequestSchema>, target: string) {
    const made = await createEnrolmentCode(ctx, request);
    await auth.audit(actor, 'enrolment_code.created', target, { vanName: made.vanName, ...(made.deviceId ? { deviceId: made.deviceId } : {}), expiresAt: made.expiresAt });
    const qrSvg = await QRCode.toString(made.code, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return { ...made, qrSvg };
  }

  registry.add(
    app,
    {
      method: 'GET',
      url: '/v1/office/fleet',
      summary: 'Every van: when its latest record arrived, what the office refused, revoked or not; vans silent longer than behindMinutes are flagged',
      tags: ['office console'],
      auth: 'console:viewer',
      query: fleetQuerySchema,
    },
    async ({ query }) => {
      const now = ctx.now().getTime();
      const [devices, statuses] = await Promise.all([store.office.fleet(), store.listDeviceStatuses()]);
      const statusOf = new Map(statuses.map((s) => [s.deviceId, s]));
      const limitMs = query.behindMinutes * 60_000;
      return {
        behindMinutes: query.behindMinutes,
        devices: devices.map((d) => {
          const status = statusOf.get(d.id) ?? null;
          // Contact is a record arriving or a status report (a probe with nothing to send counts too).
          const lastContactAt = [d.latestReceivedAt, status?.receivedAt ?? null].filter((t): t is string => t !== null).sort().at(-1) ?? null;
          // The oldest unsent record's age as the van reported it, grown by the time since the report.
          const oldestPendingAt = status && status.oldestPendingAgeSeconds !== null ? new Date(Date.parse(status.receivedAt) - status.oldestPendingAgeSeconds * 1000).toISOString() : null;
          const silent = lastContactAt === null || now - Date.parse(lastContactAt) > limitMs;
          const waiting = oldestPendingAt !== null && now - Date.parse(oldestPendingAt) > limitMs;
          return {
            ...d,
            lastContactAt,
            status: status
              ? {
                  pendingTransactions: status.pendingTransactions,
                  pendingOtherRecords: status.pendingOtherRecords,
                  oldestPendingAt,
                  appVersion: status.appVersion,
                  storageUsedBytes: status.storageUsedBytes,
                  storageQuotaBytes: status.storageQuotaBytes,
                  reportedAt: status.receivedAt,
                }
              : null,
            behind: !d.revokedAt && (silent || waiting),
          };
        }),
      };
    },
  );

  registry.add(
    app,
    {
      method: 'GET',
      url: '/v1/office/rejected',
      summary: 'Records the office refused, across the fleet, with their codes',
      tags: ['office console'],
      auth: 'console:viewer',
      query: z.object({ device: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional(), limit: z.coerce.number().int().min(1).max(1000).default(200) }),
    },
    async ({ query }) => ({ rejected: await store.office.rejectedRecords({ limit: query.limit, ...(query.device ? { deviceId: query.device } : {}) }) }),
  );

  registry.add(
    app,
    {
      method: 'POST',
      url: '/v1/office/enrolment-codes',
      summary: 'A one-time enrolment code for a new van, as text and as a QR code (SVG)',
      tags: ['office console'],
      auth: 'console:admin',
      body: enrolmentCodeRequestSchema,
    },
    async ({ principal, body, reply }) => {
      reply.code(201);
      return makeCode(officeUser(principal).user.email, body, `van:${body.vanName}`);
    },
  );

  const deviceParams = z.object({ deviceId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'deviceId is malformed' }) });
  const releaseParams = z.object({ version: appVersionSchema });

  registry.add(
    app,
    {
      method: 'PUT',
      url: '/v1/office/devices/:deviceId/pinned-version',
      summary: 'Pin a van to an app release: its updater takes that version (even an older one) and no other',
      tags: ['office console'],
      auth: 'console:admin',
      params: deviceParams,
      body: pinVersionRequestSchema,
      errors: { 404: 'no device has that id' },
    },
    async ({ principal, params, body }) => {
      const { user } = officeUser(principal);
      if (!(await store.office.setPinnedVersion(params.deviceId, body.version, ctx.now().toISOString(), user.email))) {
        throw new HttpError(404, 'unknown_device', 'no device has that id');
      }
      await auth.audit(user.email, 'update.pinned', `device:${params.deviceId}`, { version: body.version });
      return { deviceId: params.deviceId, pinnedVersion: body.version };
    },
  );

  registry.add(
    app,
    {
      method: 'DELETE',
      url: '/v1/office/devices/:deviceId/pinned-version',
      summary: 'Unpin a van: its updater follows the releases and their rollouts again',
      tags: ['office console'],
      auth: 'console:admin',
      params: deviceParams,
      errors: { 404: 'that van is not pinned' },
    },
    async ({ principal, params }) => {
      const { user } = officeUser(principal);
      if (!(await store.office.clearPinnedVersion(params.deviceId))) throw new HttpError(404, 'not_pinned', 'that van is not pinned');
      await auth.audit(user.email, 'update.unpinned', `device:${params.deviceId}`);
      return { deviceId: params.deviceId, pinnedVersion: null };
    },
  );

  registry.add(
    app,
    {
      method: 'GET',
      url: '/v1/office/rollouts',
      summary: 'The staged rollout set for each release: the share of vans it is offered to',
      tags: ['office console'],
      auth: 'console:viewer',
      response: z.object({ rollouts: z.array(releaseRolloutSchema) }),
    },
    async () => ({ rollouts: await store.office.listRollouts() }),
  );

  registry.add(
    app,
    {
      method: 'PUT',
      url: '/v1/office/rollouts/:version',
      summary: 'Offer a release to this share of vans (0–100; a van is in when a stable hash of its id falls under it)',
      tags: ['office console'],
      auth: 'console:admin',
      params: releaseParams,
      body: rolloutRequestSchema,
    },
    async ({ principal, params, body }) => {
      const { user } = officeUser(principal);
      await store.office.setRollout(params.version, body.percentage, ctx.now().toISOString(), user.email);
      await auth.audit(user.email, 'update.rollout_set', `release:${params.version}`, { version: params.version, percentage: body.percentage });
      return { version: params.version, percentage: body.percentage };
    },
  );

  registry.add(
    app,
    {
      method: 'DELETE',
      url: '/v1/office/rollouts/:version',
      summary: 'Clear a release’s rollout: vans follow the share the update feed publishes',
      tags: ['office console'],
      auth: 'console:admin',
      params: releaseParams,
      errors: { 404: 'that release has no rollout set' },
    },
    async ({ principal, params }) => {
      const { user } = officeUser(principal);
      if (!(await store.office.clearRollout(params.version))) throw new HttpError(404, 'no_rollout', 'that release has no rollout set');
      await auth.audit(user.email, 'update.rollout_cleared', `release:${params.version}`, { version: params.version });
      return { version: params.version, cleared: true };
    },
  );

  registry.add(
    app,
    {
      method: 'POST',
      url: '/v1/office/devices/:deviceId/revoke',
      summary: 'Revoke a van: its token stops working at once',
      tags: ['office console'],
      auth: 'console:admin',
      params: z.object({ deviceId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) }),
      errors: { 404: 'no active device has that id' },
    },
    async ({ principal, params }) => {
      const { user } = officeUser(principal);
      const revoked = await store.revokeDevice(params.deviceId, ctx.now().toISOString());
      if (!revoked) throw new HttpError(404, 'unknown_device', 'no active device has that id');
      await auth.audit(user.email, 'device.revoked', `device:${params.deviceId}`);
      return { deviceId: params.deviceId, revoked: true };
    },
  );

  registry.add(
    app,
    {
      method: 'POST',
      url: '/v1/office/devices/:deviceId/enrolment-code',
      summary: 'A one-time code that re-enrols this device only (a new laptop or a wiped kiosk keeps its id and records), as text and QR',
      tags: ['office console'],
      auth: 'console:admin',
      params: z.object({ deviceId: deviceIdSchema }),
      body: z.object({ vanName: vanNameSchema.optional() }),
      errors: { 404: 'no such device', 409: 'the device is revoked: un-revoke it first' },
    },
    async ({ principal, params, body, reply }) => {
      reply.code(201);
      return makeCode(officeUser(principal).user.email, { deviceId: params.deviceId, ...(body.vanName ? { vanName: body.vanName } : {}) }, `device:${params.deviceId}`);
    },
  );

  registry.add(
    app,
    {
      method: 'POST',
      url: '/v1/office/devices/:deviceId/unrevoke',
      summary: 'Lift a revocation: the van’s token works again',
      tags: ['office console'],
      auth: 'console:admin',
      params: z.object({ deviceId: deviceIdSchema }),
      errors: { 404: 'no revoked device has that id' },
    },
    async ({ principal, params }) => {
      const { user } = officeUser(principal);
      const done = await unrevokeDevice(ctx, params.deviceId);
      await auth.audit(user.email, 'device.unrevoked', `device:${params.deviceId}`);
      return done;
    },
  );
}
