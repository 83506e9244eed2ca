import { parseArgs } from 'node:util';
import { backupSqliteStore, isSqliteStore, restoreSqliteStore } from './backup';
import { resolve } from 'node:path';
import { readServerEnv } from './config';
import { HttpError } from './errors';
import { assignStaff, createApiKey, createEnrolmentCode, saveStaff, unrevokeDevice, revokeApiKey } from './routes/devices';
import { ensurePrivateDir, openStore } from './server';
import { officeUserCommand } from './office/cli';
import { readSecretLine } from './secret-input';

const USAGE = `usage: npm run admin -- <command> [options]
  enrol-code --van <name> [--ttl-minutes <n>]             one-time code for a NEW van's kiosk
  enrol-code --device <deviceId> [--van <new name>]       one-time code to re-enrol that one device (only it)
  staff --id <id> --name <name> --role clerk|supervisor [--vans "Van 1,Van 2"]
                                                          the PIN is read from the prompt (or one line on stdin), never argv
  assign --staff <id> --vans "Van 1,Van 2"                the vans whose kiosks receive this person's PIN hash
  revoke --device <deviceId>        unrevoke --device <deviceId>
  api-key --role office|open311 --name <name> [--expires-days <n>]   (a year by default)
  api-keys                          list keys (id, role, name, expiry, revocation)
  revoke-key --id <key id>
  office-user --email <e-mail> --role viewer|office|admin   office console account; password from the prompt or stdin
  backup --to <file>                              online copy of the SQLite store, verified (integrity, event count)
  restore --from <file> [--yes]                   says what it would replace; with --yes replaces it (API stopped)
  backup-watermark                                PostgreSQL: after a verified pg_dump, mark what it covers
The store is chosen like the server's: DATA_DIR (SQLite) or DATABASE_URL (PostgreSQL).`;

/** Reads a secret without echoing it (a terminal), or the first line of stdin (a pipe), trimmed. */
const readSecret = async (prompt: string): Promise<string> => (await readSecretLine(prompt)).trim();

async function readPin(): Promise<string> {
  const pin = await readSecret('PIN (6 to 8 digits, not shown): ');
  if (process.stdin.isTTY && (await readSecret('The same PIN again: ')) !== pin) throw new Error('the two PINs differ');
  return pin;
}

const list = (value: string | undefined) => (value === undefined ? undefined : value.split(',').map((v) => v.trim()).filter(Boolean));

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      van: { type: 'string' },
      vans: { type: 'string' },
      staff: { type: 'string' },
      'ttl-minutes': { type: 'string' },
      'expires-days': { type: 'string' },
      id: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      pin: { type: 'string' },
      device: { type: 'string' },
      email: { type: 'string' },
      to: { type: 'string' },
      from: { type: 'string' },
      yes: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.pin !== undefined) {
    throw new Error('--pin is refused: a PIN on the command line stays in the shell history and the process list; type it at the prompt or pipe it on stdin');
  }
  const env = readServerEnv(process.env);
  // A restore works on the data folder's file, with no store open on it.
  if (command === 'restore') return restoreCommand(values, resolve(env.DATA_DIR), Boolean(env.DATABASE_URL));
  const dataDir = resolve(env.DATA_DIR);
  if (!env.DATABASE_URL) ensurePrivateDir(dataDir);
  const store = await openStore(env, dataDir);
  await store.migrate();
  const ctx = { store, now: () => new Date() };
  try {
    switch (command) {
      case 'enrol-code': {
        if (!values.van && !values.device) throw new Error('--van is required (or --device to re-enrol one)');
        const ttl = values['ttl-minutes'] ? Number(values['ttl-minutes']) : undefined;
        const result = await createEnrolmentCode(ctx, {
          ...(values.van ? { vanName: values.van } : {}),
          ...(values.device ? { deviceId: values.device } : {}),
          ...(ttl !== undefined ? { ttlMinutes: ttl } : {}),
        });
        console.log(`Enrolment code for ${result.vanName}${result.deviceId ? ` (re-enrols device ${result.deviceId} only)` : ' (a new kiosk)'}: ${result.code}`);
        console.log(`Valid once, until ${result.expiresAt}. Type it on the kiosk's first-run screen.`);
        return 0;
      }
      case 'staff': {
        if (!values.id || !values.name || !values.role) throw new Error('--id, --name and --role are required');
        const pin = await readPin();
        const vans = list(values.vans);
        const saved = await saveStaff(ctx, { id: values.id, name: values.name, role: values.role as 'clerk', pin, ...(vans ? { vans } : {}) });
        console.log(
          `Saved ${saved.role} ${saved.name} (${saved.id}), vans: ${saved.vans.join(', ') || 'none yet'}${saved.catalogueVersion ? `; catalogue v${saved.catalogueVersion} published` : ''}`,
        );
        return 0;
      }
      case 'assign': {
        if (!values.staff || values.vans === undefined) throw new Error('--staff and --vans are required');
        const saved = await assignStaff(ctx, values.staff, { vans: list(values.vans) ?? [] });
        console.log(`${saved.id} works on: ${saved.vans.join(', ') || 'no van'}`);
        return 0;
      }
      case 'revoke': {
        if (!values.device) throw new Error('--device is required');
        const ok = await store.revokeDevice(values.device, new Date().toISOString());
        console.log(ok ? `Revoked ${values.device}` : `No active device ${values.device}`);
        return ok ? 0 : 1;
      }
      case 'unrevoke': {
        if (!values.device) throw new Error('--device is required');
        await unrevokeDevice(ctx, values.device);
        console.log(`Lifted the revocation of ${values.device}: its token works again`);
        return 0;
      }
      case 'api-key': {
        if (values.role !== 'office' && values.role !== 'open311') throw new Error('--role must be office or open311');
        if (!values.name) throw new Error('--name is required');
        const days = values['expires-days'] ? Number(values['expires-days']) : undefined;
        const made = await createApiKey(ctx, { role: values.role, name: values.name, ...(days !== undefined ? { expiresInDays: days } : {}) });
        console.log(`${made.role} key ${made.id} for ${made.name}, expires ${made.expiresAt} (shown once): ${made.key}`);
        return 0;
      }
      case 'api-keys': {
        for (const k of await store.listApiKeys()) {
          console.log(`${k.id}  ${k.role.padEnd(7)}  ${k.name}  created ${k.createdAt}  expires ${k.expiresAt ?? 'never'}${k.revokedAt ? `  REVOKED ${k.revokedAt}` : ''}`);
        }
        return 0;
      }
      case 'revoke-key': {
        if (!values.id) throw new Error('--id is required');
        await revokeApiKey(ctx, values.id);
        console.log(`Revoked key ${values.id}`);
        return 0;
      }
      case 'office-user':
        console.log(await officeUserCommand(ctx, values));
        return 0;
      case 'backup': {
        if (!values.to) throw new Error('--to is required');
        if (!isSqliteStore(store)) throw new Error('backup copies the embedded SQLite store; for PostgreSQL use pg_dump, then `backup-watermark` (see the README)');
        const report = await backupSqliteStore(store, values.to);
        console.log(`Backup written and verified: ${report.file}`);
        console.log(`integrity_check: ${report.integrity}; ${report.events} events; ${report.heldSeqs.size} devices covered.`);
        return 0;
      }
      case 'backup-watermark': {
        const held = await store.heldSeqs();
        await store.recordBackupWatermarks(held, new Date().toISOString());
        console.log(`Backup watermark set for ${held.size} devices: kiosks may now purge what this backup covers.`);
        return 0;
      }
      default:
        console.error(USAGE);
        return 2;
    }
  } finally {
    await store.close();
  }
}

async function restoreCommand(values: { from?: string | undefined; yes?: boolean | undefined }, dataDir: string, postgres: boolean): Promise<number> {
  if (postgres) throw new Error('restore is for the embedded SQLite store; restore PostgreSQL with pg_restore (see the README)');
  if (!values.from) throw new Error('--from is required');
  const describe = (s: { events: number; devices: number; lastReceivedAt: string | null }) => `${s.events} events from ${s.devices} devices, last received ${s.lastReceivedAt ?? 'never'}`;
  const { plan, restored, keptAs } = await restoreSqliteStore({ from: values.from, dataDir, confirm: values.yes === true });
  console.log(`Backup ${plan.from}: ${describe(plan.backup)}.`);
  console.log(plan.replaces ? `It would replace ${plan.into}: ${describe(plan.replaces)}.` : `${plan.into} does not exist yet.`);
  if (!restored) {
    console.log('Nothing was changed. Run again with --yes to restore. Kiosks then send again whatever the backup lacks.');
    return 1;
  }
  console.log(`Restored into ${plan.into}${keptAs ? `; the replaced store is kept as ${keptAs}` : ''}. Kiosks will resend what the backup lacks.`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const issues = (error as { issues?: { path: unknown[]; message: string }[] }).issues;
    const message = issues ? issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n') : error instanceof Error ? error.message : String(error);
    console.error(message);
    if (!(error instanceof HttpError)) console.error(USAGE);
    process.exit(error instanceof HttpError ? 1 : 2);
  },
);
