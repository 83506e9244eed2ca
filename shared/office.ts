import { z } from 'zod';
import { appVersionSchema } from './version';

/** The office console's accounts and their API shapes, shared by the central API and the console page. */

/** viewer reads; office also acts on 311 and feedback; admin also changes the catalogue, staff, devices and accounts. */
export const officeRoles = ['viewer', 'office', 'admin'] as const;
export type OfficeRole = (typeof officeRoles)[number];

const ROLE_RANK: Record<OfficeRole, number> = { viewer: 0, office: 1, admin: 2 };

/** Whether an account with `role` may do what `needed` allows. */
export function officeRoleAllows(role: OfficeRole, needed: OfficeRole): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[needed];
}

export const OFFICE_PASSWORD_MIN = 12;
export const OFFICE_PASSWORD_MAX = 256;

export const officeEmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ error: 'an e-mail address like name@city.gov' }));

export const officePasswordSchema = z
  .string()
  .min(OFFICE_PASSWORD_MIN, { error: `a password has at least ${OFFICE_PASSWORD_MIN} characters` })
  .max(OFFICE_PASSWORD_MAX, { error: `a password has at most ${OFFICE_PASSWORD_MAX} characters` });

export const officeSignInRequestSchema = z.object({
  email: officeEmailSchema,
  password: z.string().min(1).max(OFFICE_PASSWORD_MAX),
});

export const officeUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  role: z.enum(officeRoles),
  disabled: z.boolean(),
  lockedUntil: z.string().nullable(),
  createdAt: z.string(),
});
export type OfficeUser = z.infer<typeof officeUserSchema>;

/** What the console learns when it signs in or asks who is signed in; the CSRF token goes back on every change. */
export const officeSessionResponseSchema = z.object({
  user: officeUserSchema,
  csrfToken: z.string(),
  expiresAt: z.string(),
  /** The city's IANA zone: the console shows every time in it, whatever the office computer's zone is. */
  cityTimeZone: z.string(),
});
export type OfficeSessionResponse = z.infer<typeof officeSessionResponseSchema>;

export const officeUserCreateSchema = z.object({
  email: officeEmailSchema,
  role: z.enum(officeRoles),
  password: officePasswordSchema,
});

export const officeUserUpdateSchema = z
  .object({
    role: z.enum(officeRoles).optional(),
    disabled: z.boolean().optional(),
    password: officePasswordSchema.optional(),
  })
  .refine((u) => u.role !== undefined || u.disabled !== undefined || u.password !== undefined, { error: 'say what to change: role, disabled or password' });

export const auditEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  target: z.string(),
  detail: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

/** The office pins a van to a release, or sets the share of the fleet a release is offered to (issue 19). */
export const pinVersionRequestSchema = z.strictObject({ version: appVersionSchema });
export const rolloutRequestSchema = z.strictObject({
  percentage: z.number({ error: 'percentage is a whole number from 0 to 100' }).int({ error: 'percentage is a whole number from 0 to 100' }).min(0, { error: 'percentage is a whole number from 0 to 100' }).max(100, { error: 'percentage is a whole number from 0 to 100' }),
});
export const releaseRolloutSchema = z.object({ version: appVersionSchema, percentage: z.number().int(), setAt: z.string(), setBy: z.string() });
export type ReleaseRollout = z.infer<typeof releaseRolloutSchema>;

/** The header every change sends with the session's CSRF token. */
export const CSRF_HEADER = 'x-csrf-token';
