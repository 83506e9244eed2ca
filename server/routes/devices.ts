import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { catalogueStaffSchema, deviceStatusReportSchema, enrolRequestSchema, enrolResponseSchema, staffRoles, updatePolicySchema } from '../../shared';
import { hashToken, newSecretToken } from '../auth';
import { newEnrolmentCode, normaliseEnrolmentCode } from '../enrolment';
import { HttpError } from '../errors';
import { hashPin, pinProblem } from '../pins';
import { republishLatest } from '../catalogue-publish';
import type { AppContext } from '../context';
import { apiKeyId } from '../store/rows';

/** Enrolment, Open311 and admin bodies are small; only an authenticated push may be large. */
export const SMALL_BODY_LIMIT = 64 * 1024;

export const vanNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[\p{L}\p{N} .,'()#&/-]+$/u, { error: 'van name has characters that are not allowed' });

export const deviceIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'a device id is letters, digits, - and _' });

export const enrolmentCodeRequestSchema = z
  .object({
    /** The van's name; for a re-enrolment, leave it out to keep the device's current name. */
    vanName: vanNameSchema.optional(),
    /** Re-enrol this existing device (and only it); without it, the code makes one new device. */
    deviceId: deviceIdSchema.optional(),
    ttlMinutes: z.number().int().min(5).max(7 * 24 * 60).default(24 * 60),
  })
  .refine((b) => b.vanName !== undefined || b.deviceId !== undefined, { error: 'vanName is required for a new device', path: ['vanName'] });

/** Makes a one-time enrolment code for a new device or for re-enrolling a named one; shared by the admin endpoint and the CLI. */
export async function createEnrolmentCode(ctx: Pick<AppContext, 'store' | 'now'>, input: z.input<typeof enrolmentCodeRequestSchema>) {
  const { vanName: requestedName, deviceId, ttlMinutes } = enrolmentCodeRequestSchema.parse(input);
  let vanName = requestedName;
  if (deviceId !== undefined) {
    const device = (await ctx.store.listDevices()).find((d) => d.id === deviceId);
    if (!device) throw new HttpError(404, 'unknown_device', 'there is no device with that id to re-enrol');
    if (device.revokedAt) throw new HttpError(409, 'device_revoked', 'this device is revoked; lift the revocation first (unrevoke) if it should enrol again');
    vanName ??= device.vanName;
  }
  const code = newEnrolmentCode();
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + ttlMinutes * 60_000).toISOString();
  await ctx.store.createEnrolmentCode({ codeHash: hashToken(code), vanName: vanName!, createdAt: now.toISOString(), expiresAt, forDeviceId: deviceId ?? null });
  return { code, vanName: vanName!, deviceId: deviceId ?? null, expiresAt };
}

/** Lifts a device's revocation: its token works again. An administrator's own act; enrolment never does it. */
export async function unrevokeDevice(ctx: Pick<AppContext, 'store'>, deviceId: string) {
  const parsed = deviceIdSchema.safeParse(deviceId);
  if (!parsed.success) throw new HttpError(400, 'invalid_device_id', 'a device id is letters, digits, - and _');
  const id = parsed.data;
  if (!(await ctx.store.unrevokeDevice(id))) throw new HttpError(404, 'not_revoked', 'no revoked device has that id');
  return { deviceId: id, revoked: false };
}

export const apiKeyRequestSchema = z.object({
  role: z.enum(['office', 'open311']),
  name: z.string().trim().min(1).max(100),
  /** Every new key expires; a year unless told otherwise. */
  expiresInDays: z.number().int().min(1).max(3650).default(365),
});

/** Makes an office or Open311 API key (returned once; only its hash is kept). */
export async function createApiKey(ctx: Pick<AppContext, 'store' | 'now'>, input: z.input<typeof apiKeyRequestSchema>) {
  const body = apiKeyRequestSchema.parse(input);
  const key = newSecretToken();
  const now = ctx.now();
  const keyHash = hashToken(key);
  const expiresAt = new Date(now.getTime() + body.expiresInDays * 86_400_000).toISOString();
  await ctx.store.createApiKey({ keyHash, role: body.role, name: body.name, createdAt: now.toISOString(), expiresAt });
  return { key, id: apiKeyId(keyHash), role: body.role, name: body.name, expiresAt };
}

export async function revokeApiKey(ctx: Pick<AppContext, 'store' | 'now'>, id: string) {
  if (!/^[0-9a-f]{16}$/.test(id)) throw new HttpError(400, 'invalid_key_id', 'an API key id is 16 hex digits, as `api-keys` lists them');
  const keyId = id;
  if (!(await ctx.store.revokeApiKey(keyId, ctx.now().toISOString()))) throw new HttpError(404, 'unknown_key', 'no active API key has that id');
  return { id: keyId, revoked: true };
}

export const staffRequestSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{1,63}$/, { error: 'staff id: lower-case letters, digits, - and _' }),
  name: z.string().trim().min(1).max(200),
  role: z.enum(staffRoles),
  pin: z.string().superRefine((pin, c) => {
    const problem = pinProblem(pin);
    if (problem) c.addIssue({ code: 'custom', message: problem });
  }),
  active: z.boolean().default(true),
  /** The vans whose kiosks may sign this person in (and so receive their PIN hash); left out: unchanged. */
  vans: z.array(vanNameSchema).max(100).optional(),
});

/** Republishes the catalogue (when there is one) so devices learn a staff change; the new version, or null. */
export async function republish(ctx: Pick<AppContext, 'store' | 'now'>): Promise<number | null> {
  return republishLatest(ctx.store, ctx.now().toISOString());
}

async function vansOf(store: AppContext['store'], staffId: string): Promise<string[]> {
  return (await store.listStaffVans()).filter((a) => a.staffId === staffId).map((a) => a.vanName);
}

/** Adds or updates a staff member and republishes the catalogue so devices learn the new PIN hash. */
export async function saveStaff(ctx: Pick<AppContext, 'store' | 'now'>, input: z.input<typeof staffRequestSchema>) {
  const s = staffRequestSchema.parse(input);
  const staff = catalogueStaffSchema.parse({ id: s.id, name: s.name, role: s.role, active: s.active, pin: await hashPin(s.pin) });
  await ctx.store.upsertStaff(staff);
  if (s.vans) await ctx.store.setStaffVans(staff.id, s.vans);
  const version = await republish(ctx);
  return { id: staff.id, name: staff.name, role: staff.role, active: staff.active, vans: await vansOf(ctx.store, staff.id), catalogueVersion: version };
}

export const staffVansRequestSchema = z.object({ vans: z.array(vanNameSchema).max(100) });

/** Assigns a staff member to vans (replacing the previous ones) and republishes the catalogue. */
export async function assignStaff(ctx: Pick<AppContext, 'store' | 'now'>, staffId: string, input: z.input<typeof staffVansRequestSchema>) {
  const { vans } = staffVansRequestSchema.parse(input);
  if (!(await ctx.store.listStaff()).some((s) => s.id === staffId)) throw new HttpError(404, 'unknown_staff', 'no staff member has that id');
  await ctx.store.setStaffVans(staffId, vans);
  return { id: staffId, vans: await vansOf(ctx.store, staffId), catalogueVersion: await republish(ctx) };
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
      errors: { 400: 'malformed code', 403: 'code for another device, or the device is revoked', 404: 'unknown code', 409: 'code already used', 410: 'code expired', 429: 'too many attempts' },
      fastify: { config: { rateLimit: ctx.enrolRateLimit }, bodyLimit: SMALL_BODY_LIMIT },
    },
    async ({ body, reply }) => {
      const code = normaliseEnrolmentCode(body.code);
      if (!code) throw new HttpError(400, 'malformed_code', 'an enrolment code is 12 letters and digits, like K7QM-3WXP-T9HD');
      const token = newSecretToken();
      const outcome = await store.redeemEnrolmentCode(hashToken(code), ctx.now().toISOString(), {
        id: body.deviceId ?? `dev-${crypto.randomUUID()}`,
        tokenHash: hashToken(token),
        existing: body.deviceId !== undefined,
      });
      if (!outcome.ok) {
        if (outcome.reason === 'unknown_device') throw new HttpError(404, 'unknown_device', 'there is no device with that id to enrol again');
        if (outcome.reason === 'wrong_device') throw new HttpError(403, 'code_for_other_device', 'this enrolment code was made for another device; ask for a code for this one');
        if (outcome.reason === 'new_device_code') {
          throw new HttpError(403, 'code_for_new_device', 'this enrolment code is for a new kiosk, not for enrolling this one again; ask for a re-enrolment code');
        }
        if (outcome.reason === 'device_revoked') throw new HttpError(403, 'device_revoked', 'this device is revoked; an administrator must lift that first');
        if (outcome.reason === 'used') throw new HttpError(409, 'code_used', 'this enrolment code was already used; ask for a new one');
        if (outcome.reason === 'expired') throw new HttpError(410, 'code_expired', 'this enrolment code has expired; ask for a new one');
        throw new HttpError(404, 'unknown_code', 'this enrolment code is not known; check it and try again');
      }
      reply.code(201);
      return { deviceId: outcome.deviceId, token, vanName: outcome.vanName };
    },
  );

  registry.add(
    app,
    {
      method: 'POST',
      url: '/v1/admin/enrolment-codes',
      summary: 'Create a one-time, expiring enrolment code for a new van, or (deviceId) to re-enrol that one device',
      tags: ['admin'],
      auth: 'admin',
      body: enrolmentCodeRequestSchema,
      response: z.object({ code: z.string(), vanName: z.string(), deviceId: z.string().nullable(), expiresAt: z.string() }),
      errors: { 404: 'no such device', 409: 'the device is revoked' },
    },
    async ({ body }) => createEnrolmentCode(ctx, body),
  );

  registry.add(
    app,
    {
      method: 'POST',
      url: '/v1/admin/devices/:deviceId/unrevoke',
      summary: 'Lift a revocation: the device’s token works again (enrolment never does this)',
      tags: ['admin'],
      auth: 'admin',
      params: z.object({ deviceId: deviceIdSchema }),
      errors: { 404: 'no revoked device with that id' },
    },
    async ({ params }) => unrevokeDevice(ctx, params.deviceId),
  );

  registry.add(
    app,
    {
      method: 'PUT',
      url: '/v1/admin/staff/:staffId/vans',
      summary: 'Assign a staff member to vans: only those vans’ kiosks receive their PIN hash',
      tags: ['admin'],
      auth: 'admin',
      params: z.object({ staffId: z.string().regex(/^[a-z0-9][a-z0-9_-]{1,63}$/) }),
      body: staffVansRequestSchema,
      errors: { 404: 'no such staff member' },
    },
    async ({ params, body }) => assignStaff(ctx, params.staffId, body),
  );

  registry.add(
    app,
    { method: 'GET', url: '/v1/admin/api-keys', summary: 'API keys (id, role, name, created, expiry, revocation; never the key)', tags: ['admin'], auth: 'admin' },
    async () => ({ keys: await store.listApiKeys() }),
  );

  registry.add(
    app,
    {
      method: 'POST',
      url: '/v1/admin/api-keys/:id/revoke',
      summary: 'Revoke an API key: it stops working at once',
      tags: ['admin'],
      auth: 'admin',
      params: z.object({ id: z.string() }),
      errors: { 404: 'no active key with that id' },
    },
    async ({ params }) => revokeApiKey(ctx, params.id),
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
      method: 'GET',
      url: '/v1/devices/update-policy',
      summary: 'This van’s app-update policy set by the office: its pinned version and each release’s staged rollout. Answered to any kiosk version: an outdated one must learn where to update to',
      tags: ['devices'],
      auth: 'device',
      anyKioskVersion: true,
      response: updatePolicySchema,
      fastify: { config: { rateLimit: ctx.deviceRateLimit } },
    },
    async ({ principal }) => {
      if (principal.kind !== 'device') throw new HttpError(401, 'missing_token', 'this call needs the device token');
      return store.office.updatePolicy(principal.device.id);
    },
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
      params: z.object({ deviceId: deviceIdSchema }),
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
    { method: 'GET', url: '/v1/admin/staff', summary: 'Staff members and their vans (no PIN hashes)', tags: ['admin'], auth: 'admin' },
    async () => {
      const assignments = await store.listStaffVans();
      return {
        staff: (await store.listStaff()).map(({ pin: _pin, ...rest }) => ({ ...rest, vans: assignments.filter((a) => a.staffId === rest.id).map((a) => a.vanName) })),
      };
    },
  );

  registry.add(
    app,
    {
      method: 'POST',
      url: '/v1/admin/api-keys',
      summary: 'Create an office or Open311 API key (shown once; expires, a year by default)',
      tags: ['admin'],
      auth: 'admin',
      body: apiKeyRequestSchema,
    },
    async ({ body }) => createApiKey(ctx, body),
  );
}
