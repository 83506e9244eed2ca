import { officeEmailSchema, officePasswordSchema, officeRoles, type OfficeRole } from '../../shared';
import type { CentralStore } from '../store/store';
import { createOfficeUser } from '../routes/office';
import { hashPassword } from './passwords';
import { readSecretLine } from '../secret-input';

/**
 * `npm run admin -- office-user --email <e-mail> --role viewer|office|admin`: creates the account, or gives an existing
 * one that role and a new password (lifting a lockout). The password comes from the prompt or stdin.
 */
export async function officeUserCommand(
  ctx: { store: CentralStore; now: () => Date },
  values: { email?: string; role?: string },
  readSecret: (prompt: string) => Promise<string> = readSecretLine,
  interactive = Boolean(process.stdin.isTTY),
): Promise<string> {
  const email = officeEmailSchema.parse(values.email ?? '');
  if (!officeRoles.includes(values.role as OfficeRole)) throw new Error(`--role must be one of ${officeRoles.join(', ')}`);
  const role = values.role as OfficeRole;
  const password = officePasswordSchema.parse(await readSecret(`Password for ${email} (at least 12 characters, not shown): `));
  if (interactive && (await readSecret('The same password again: ')) !== password) throw new Error('the two passwords differ');
  const audit = { audit: (actor: string, action: string, target: string, detail: Record<string, unknown> = {}) => ctx.store.office.appendAudit({ at: ctx.now().toISOString(), actor, action, target, detail }).then(() => undefined) };
  const existing = await ctx.store.office.findUserByEmail(email);
  if (!existing) {
    const user = await createOfficeUser(ctx, audit, 'admin-cli', { email, role, password });
    return `Created ${user.role} account ${user.email}`;
  }
  await ctx.store.office.updateUser(existing.id, { role, passwordHash: await hashPassword(password), disabled: false });
  await ctx.store.office.deleteSessionsOf(existing.id);
  await audit.audit('admin-cli', 'office_user.updated', `office_user:${existing.id}`, { email, role, password: 'changed', disabled: false });
  return `Updated ${email}: role ${role}, new password, sessions ended`;
}
