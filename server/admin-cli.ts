import { parseArgs } from 'node:util';
import { hashToken, newSecretToken } from './auth';
import { readServerEnv } from './config';
import { createEnrolmentCode, saveStaff } from './routes/devices';
import { openStore } from './server';
import { backupSqliteStore, isSqliteStore, restoreSqliteStore } from './backup';
import { resolve } from 'node:path';
import { officeUserCommand } from './office/cli';

const USAGE = `usage: npm run admin -- <command> [options]
  enrol-code --van <name> [--ttl-minutes <n>]      one-time enrolment code for a van's kiosk
  staff --id <id> --name <name> --role clerk|supervisor --pin <digits>
  revoke --device <deviceId>
  api-key --role office|open311 --name <name>
  office-user --email <e-mail> --role viewer|office|admin   office console account; password from the prompt or stdin
  backup --to <file>                              online copy of the SQLite store, verified (integrity, event count)
  restore --from <file> [--yes]                   says what it would replace; with --yes replaces it (API stopped)
  backup-watermark                                PostgreSQL: after a verified pg_dump, mark what it covers
The store is chosen like the server's: DATA_DIR (SQLite) or DATABASE_URL (PostgreSQL).`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      van: { type: 'string' },
      'ttl-minutes': { type: 'string' },
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
  const env = readServerEnv(process.env);
  // A restore works on the data folder's file, with no store open on it.
  if (command === 'restore') return restoreCommand(values, resolve(env.DATA_DIR), Boolean(env.DATABASE_URL));
  const store = await openStore(env, resolve(env.DATA_DIR));
  await store.migrate();
  const ctx = { store, now: () => new Date() };
  try {
    switch (command) {
      case 'enrol-code': {
        if (!values.van) throw new Error('--van is required');
        const ttl = values['ttl-minutes'] ? Number(values['ttl-minutes']) : undefined;
        const result = await createEnrolmentCode(ctx, { vanName: values.van, ...(ttl !== undefined ? { ttlMinutes: ttl } : {}) });
        console.log(`Enrolment code for ${result.vanName}: ${result.code}`);
        console.log(`Valid once, until ${result.expiresAt}. Type it on the kiosk's first-run screen.`);
        return 0;
      }
      case 'staff': {
        const saved = await saveStaff(ctx, { id: values.id ?? '', name: values.name ?? '', role: values.role as 'clerk', pin: values.pin ?? '' });
        console.log(`Saved ${saved.role} ${saved.name} (${saved.id})${saved.catalogueVersion ? `; catalogue v${saved.catalogueVersion} published` : ''}`);
        return 0;
      }
      case 'revoke': {
        if (!values.device) throw new Error('--device is required');
        const ok = await store.revokeDevice(values.device, new Date().toISOString());
        console.log(ok ? `Revoked ${values.device}` : `No active device ${values.device}`);
        return ok ? 0 : 1;
      }
      case 'api-key': {
        if (values.role !== 'office' && values.role !== 'open311') throw new Error('--role must be office or open311');
        if (!values.name) throw new Error('--name is required');
        const key = newSecretToken();
        await store.createApiKey({ keyHash: hashToken(key), role: values.role, name: values.name, createdAt: new Date().toISOString() });
        console.log(`${values.role} key for ${values.name} (shown once): ${key}`);
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
    console.error(issues ? issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n') : error instanceof Error ? error.message : String(error));
    console.error(USAGE);
    process.exit(2);
  },
);
