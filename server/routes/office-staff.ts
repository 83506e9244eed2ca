import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { staffRoles } from '../../shared';
import { HttpError } from '../errors';
import type { OfficeAuth } from '../office/auth';
import { hashPin } from '../pins';
import type { AppContext } from '../context';
import { republish, saveStaff, staffRequestSchema, vanNameSchema } from './devices';
import { officeUser } from './office';

/**
 * Staff from the office console: add, change role or name, assign to vans, reset a PIN (the PIN policy of
 * server/pins.ts), disable. Every change republishes the catalogue, which is how kiosks learn it: the van's next pull
 * (its ETag names the version) brings only the staff assigned to it, with their PIN hashes.
 */

const staffIdParams = z.object({ staffId: z.string().regex(/^[a-z0-9][a-z0-9_-]{1,63}$/, { error: 'staff id: lower-case letters, digits, - and _' }) });

const staffUpdateSchema = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    role: z.enum(staffRoles).optional(),
    /** false: disabled, no kiosk signs them in any more (the kiosks' next pull says so). */
    active: z.boolean().optional(),
    vans: z.array(vanNameSchema).max(100).optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { error: 'say what to change: name, role, active or vans' });

const pinResetSchema = staffRequestSchema.pick({ pin: true });

const staffMemberSchema = z.object({ id: z.string(), name: z.string(), role: z.enum(staffRoles), active: z.boolean(), vans: z.array(z.string()) });

export function registerOfficeStaffRoutes(app: FastifyInstance, ctx: AppContext, auth: OfficeAuth): void {
  const { registry, store } = ctx;

  async function member(staffId: string) {
    const found = (await store.listStaff()).find((s) => s.id === staffId);
    if (!found) throw new HttpError(404, 'unknown_staff', 'no staff member has that id');
    return found;
  }
  async function publicMember(staffId: string) {
    const { pin: _pin, ...rest } = await member(staffId);
    const vans = (await store.listStaffVans()).filter((a) => a.staffId === staffId).map((a) => a.vanName);
    return { ...rest, vans };
  }

  registry.add(
    app,
    {
      method: 'GET',
      url: '/v1/office/staff',
      summary: 'Staff members with their vans (no PIN hashes), and the vans they can be assigned to',
      tags: ['office console'],
      auth: 'console:admin',
      response: z.object({ staff: z.array(staffMemberSchema), vans: z.array(z.string()) }),
    },
    async () => {
      const [staff, assignments, devices] = await Promise.all([store.listStaff(), store.listStaffVans(), store.listDevices()]);
      const vans = new Set([...devices.filter((d) => !d.revokedAt).map((d) => d.vanName), ...assignments.map((a) => a.vanName)]);
      return {
        staff: staff.map(({ pin: _pin, ...rest }) => ({ ...rest, vans: assignments.filter((a) => a.staffId === rest.id).map((a) => a.vanName) })),
        vans: [...vans].sort((a, b) => a.localeCompare(b, 'en')),
      };
    },
  );

  registry.add(
    app,
    {
      method: 'POST',
      url: '/v1/office/staff',
      summary: 'Add a staff member with a first PIN (the PIN policy applies) and their vans',
      tags: ['office console'],
      auth: 'console:admin',
      body: staffRequestSchema,
      response: staffMemberSchema.extend({ catalogueVersion: z.number().int().nullable() }),
      errors: { 400: 'invalid, or the PIN breaks the policy', 409: 'a staff member has that id' },
    },
    async ({ principal, body, reply }) => {
      const { user } = officeUser(principal);
      if ((await store.listStaff()).some((s) => s.id === body.id)) throw new HttpError(409, 'staff_exists', `a staff member has the id ${body.id}; choose another`);
      const saved = await saveStaff(ctx, { ...body, vans: body.vans ?? [] });
      await auth.audit(user.email, 'staff.added', `staff:${saved.id}`, { name: saved.name, role: saved.role, vans: saved.vans, catalogueVersion: saved.catalogueVersion });
      reply.code(201);
      return saved;
    },
  );

  registry.add(
    app,
    {
      method: 'PATCH',
      url: '/v1/office/staff/:staffId',
      summary: 'Change a staff member’s name or role, assign them to vans, disable or enable them',
      tags: ['office console'],
      auth: 'console:admin',
      params: staffIdParams,
      body: staffUpdateSchema,
      response: staffMemberSchema.extend({ catalogueVersion: z.number().int().nullable() }),
      errors: { 404: 'no such staff member' },
    },
    async ({ principal, params, body }) => {
      const { user } = officeUser(principal);
      const current = await member(params.staffId);
      await store.upsertStaff({
        ...current,
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.role !== undefined ? { role: body.role } : {}),
        ...(body.active !== undefined ? { active: body.active } : {}),
      });
      if (body.vans) await store.setStaffVans(params.staffId, body.vans);
      const catalogueVersion = await republish(ctx);
      await auth.audit(user.email, 'staff.updated', `staff:${params.staffId}`, { ...body, catalogueVersion });
      return { ...(await publicMember(params.staffId)), catalogueVersion };
    },
  );

  registry.add(
    app,
    {
      method: 'POST',
      url: '/v1/office/staff/:staffId/pin',
      summary: 'Reset a staff member’s PIN (the PIN policy applies; kiosks learn the new hash on their next pull)',
      tags: ['office console'],
      auth: 'console:admin',
      params: staffIdParams,
      body: pinResetSchema,
      response: z.object({ id: z.string(), catalogueVersion: z.number().int().nullable() }),
      errors: { 400: 'the PIN breaks the policy', 404: 'no such staff member' },
    },
    async ({ principal, params, body }) => {
      const { user } = officeUser(principal);
      const current = await member(params.staffId);
      await store.upsertStaff({ ...current, pin: await hashPin(body.pin) });
      const catalogueVersion = await republish(ctx);
      await auth.audit(user.email, 'staff.pin_reset', `staff:${params.staffId}`, { catalogueVersion });
      return { id: params.staffId, catalogueVersion };
    },
  );
}
