import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { catalogueStaffSchema, deviceStatusReportSchema, enrolRequestSchema, enrolResponseSchema, staffRoles } from '../../shared';
import { hashToken, newSecretToken } from '../auth';
import { newEnrolmentCode, normaliseEnrolmentCode } from '../enrolment';
import { HttpError } from '../errors';
import { hashPin, PIN_PATTERN } from '../pins';
import type { AppContext } from '../app';

export const enrolmentCodeRequestSchema = z.object({
  vanName: z.string().trim().min(1).max(100).regex(/^[\p{L}\p{N} .,'()#&/-]+$/u, { error: 'van name has characters that are not allowed' }),
  ttlMinutes: z.number().int().min(5).max(7 * 24 * 60).default(24 * 60),
});

/** Makes a one-time enrolment code; shared by the admin endpoint and `npm run admin -- enrol-code`. */
export async function createEnrolmentCode(ctx: Pick<AppContext, 'store' | 'now'>, input: z.input<typeof enrolmentCodeRequestSchema>) {
  const { vanName, ttlMinutes } = enrolmentCodeRequestSchema.parse(input);
  const code = newEnrolmentCode();
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + ttlMinutes * 60_000).toISOString();
  await ctx.store.createEnrolmentCode({ codeHash: hashToken(code), vanName, createdAt: now.toISOString(), expiresAt });
  return { code, vanName, expiresAt };
}

export const staffRequestSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{1,63}$/, { error: 'staff id: lower-case letters, digits, - and _' }),
  name: z.string().trim().min(1).max(200),
  role: z.enum(staffRoles),
  pin: z.string().regex(PIN_PATTERN, { error: 'a PIN is 4 to 8 digits' }),
  active: z.boolean().default(true),
});

/** Adds or updates a staff member and republishes the catalogue so devices learn the new PIN hash. */
export async function saveStaff(ctx: Pick<AppContext, 'store' | 'now'>, input: z.input<typeof staffRequestSchema>) {
  const s = staffRequestSchema.parse(input);
  const staff = catalogueStaffSchema.parse({ id: s.id, name: s.name, role: s.role, active: s.active, pin: await hashPin(s.pin) });
  await ctx.store.upsertStaff(staff);
  const current = await ctx.store.latestCatalogue();
  let version: number | null = null;
  if (current) {
    const { staff: _old, ...rest } = current.body;
    version = await ctx.store.publishCatalogue(rest, ctx.now().toISOString());
  }
  return { id: staff.id, name: staff.name, role: staff.role, active: staff.active, catalogueVersion: version };
}

export function registerDeviceRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { registry, store } = ctx;

  registry.add(
    app,
    {
      method: 'POST',
      url: '/v1/devices/enrol',
      summary: 'Exchange a one-time enrolment code for a device id and secret token (with deviceId: re-enrol that device, keeping its events)',
      tags: ['devices'],
      auth: 'none',
      body: enrolRequestSchema,
      response: enrolResponseSchema,
      errors: { 400: 'malformed code', 404: 'unknown code', 409: 'code already used', 410: 'code expired', 429: 'too many attempts' },
      fastify: { config: { rateLimit: ctx.enrolRateLimit } },
    },
    async ({ body, reply }) => {
      const code = normaliseEnrolmentCode(body.code);
      if (!code) throw new HttpError(400, 'malformed_code', 'an enrolment code is 12 letters and digits, like K7QM-3WXP-T9HD');
      const deviceId = body.deviceId ?? `dev-${crypto.randomUUID()}`;
      const token = newSecretToken();
      const outcome = await store.redeemEnrolmentCode(hashToken(code), ctx.now().toISOString(), {
        id: deviceId,
        tokenHash: hashToken(token),
        existing: body.deviceId !== undefined,
      });
      if (!outcome.ok) {
        if (outcome.reason === 'unknown_device') throw new HttpError(404, 'unknown_device', 'there is no device with that id to enrol again');
        if (outcome.reason === 'used') throw new HttpError(409, 'code_used', 'this enrolment code was already used; ask for a new one');
        if (outcome.reason === 'expired') throw new HttpError(410, 'code_expired', 'this enrolment code has expired; ask for a new one');
        throw new HttpError(404, 'unknown_code', 'this enrolment code is not known; check it and try again');
      }
      reply.code(201);
      return { deviceId, token, vanName: outcome.vanName };
    },
  );

  registry.add(
    app,
    {
      method: 'POST',
      url: '/v1/admin/enrolment-codes',
      summary: 'Create a one-time, expiring enrolment code for a van',
      tags: ['admin'],
      auth: 'admin',
      body: enrolmentCodeRequestSchema,
      response: z.object({ code: z.string(), vanName: z.string(), expiresAt: z.string() }),
    },
    async ({ body }) => createEnrolmentCode(ctx, body),
  );

  registry.add(
    app,
    {
      method: 'GET',
      url: '/v1/admin/devices',
      summary: 'Enrolled devices',
      tags: ['admin'],
      auth: 'admin',
    },
    async () => ({ devices: await store.listDevices() }),
  );

  registry.add(
    app,
    {
      method: 'POST',
      url: '/v1/devices/status',
      summary: 'A van reports its own status (after a probe, or when it has not pushed for a while): kept as its latest',
      tags: ['devices'],
      auth: 'device',
      body: deviceStatusReportSchema,
      response: z.object({ receivedAt: z.string() }),
      errors: { 400: 'invalid status report', 429: 'rate limited' },
      fastify: { config: { rateLimit: ctx.deviceRateLimit } },
    },
    async ({ principal, body }) => {
      if (principal.kind !== 'device') throw new HttpError(401, 'missing_token', 'this call needs the device token');
      const receivedAt = ctx.now().toISOString();
      await store.saveDeviceStatus({ ...body, deviceId: principal.device.id, receivedAt, via: 'probe' });
      return { receivedAt };
    },
  );

  registry.add(
    app,
    {
      method: 'GET',
      url: '/v1/admin/devices/status',
      summary: 'Every enrolled van with the latest status it reported (pending transactions, oldest pending age, app version, storage), for a fleet view',
      tags: ['admin'],
      auth: 'admin',
    },
    async () => {
      const statuses = new Map((await store.listDeviceStatuses()).map((s) => [s.deviceId, s]));
      return {
        devices: (await store.listDevices()).map((device) => {
          const status = statuses.get(device.id);
          if (!status) return { ...device, status: null };
          const { deviceId: _id, ...rest } = status;
          return { ...device, status: rest };
        }),
      };
    },
  );

  registry.add(
    app,
    {
      method: 'POST',
      url: '/v1/admin/devices/:deviceId/revoke',
      summary: 'Revoke a device: its token stops working at once',
      tags: ['admin'],
      auth: 'admin',
      params: z.object({ deviceId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) }),
      errors: { 404: 'no such device' },
    },
    async ({ params }) => {
      const revoked = await store.revokeDevice(params.deviceId, ctx.now().toISOString());
      if (!revoked) throw new HttpError(404, 'unknown_device', 'no active device has that id');
      return { deviceId: params.deviceId, revoked: true };
    },
  );

  registry.add(
    app,
    {
      method: 'POST',
      url: '/v1/admin/staff',
      summary: 'Add or update a staff member (the PIN is stored only as a slow salted hash)',
      tags: ['admin'],
      auth: 'admin',
      body: staffRequestSchema,
    },
    async ({ body }) => saveStaff(ctx, body),
  );

  registry.add(
    app,
    { method: 'GET', url: '/v1/admin/staff', summary: 'Staff members (no PIN hashes)', tags: ['admin'], auth: 'admin' },
    async () => ({ staff: (await store.listStaff()).map(({ pin: _pin, ...rest }) => rest) }),
  );

  registry.add(
    app,
    {
      method: 'POST',
      url: '/v1/admin/api-keys',
      summary: 'Create an office or Open311 API key (shown once)',
      tags: ['admin'],
      auth: 'admin',
      body: z.object({ role: z.enum(['office', 'open311']), name: z.string().trim().min(1).max(100) }),
    },
    async ({ body }) => {
      const key = newSecretToken();
      await store.createApiKey({ keyHash: hashToken(key), role: body.role, name: body.name, createdAt: ctx.now().toISOString() });
      return { key, role: body.role, name: body.name };
    },
  );
}
