import type { FastifyInstance } from 'fastify';
import QRCode from 'qrcode';
import { z } from 'zod';
import { HttpError } from '../errors';
import type { OfficeAuth } from '../office/auth';
import type { AppContext } from '../app';
import { createEnrolmentCode, enrolmentCodeRequestSchema } from './devices';
import { officeUser } from './office';

export const DEFAULT_BEHIND_MINUTES = 240;

const fleetQuerySchema = z.object({
  behindMinutes: z.coerce.number().int().min(5).max(30 * 24 * 60).default(DEFAULT_BEHIND_MINUTES),
});

export function registerOfficeFleetRoutes(app: FastifyInstance, ctx: AppContext, auth: OfficeAuth): void {
  const { registry, store } = ctx;

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
      const devices = await store.office.fleet();
      return {
        behindMinutes: query.behindMinutes,
        devices: devices.map((d) => ({
          ...d,
          // The kiosk's own report (pending count, oldest pending, app version, storage) is not kept by this API yet.
          status: null,
          behind: !d.revokedAt && (d.latestReceivedAt === null || now - Date.parse(d.latestReceivedAt) > query.behindMinutes * 60_000),
        })),
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
      const { user } = officeUser(principal);
      const made = await createEnrolmentCode(ctx, body);
      await auth.audit(user.email, 'enrolment_code.created', `van:${made.vanName}`, { vanName: made.vanName, expiresAt: made.expiresAt });
      const qrSvg = await QRCode.toString(made.code, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
      reply.code(201);
      return { ...made, qrSvg };
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
}
