import { parseArgs } from 'node:util';
import { hashToken, newSecretToken } from './auth';
import { readServerEnv } from './config';
import { createEnrolmentCode, saveStaff } from './routes/devices';
import { openStore } from './server';
import { resolve } from 'node:path';
import { officeUserCommand } from './office/cli';

const USAGE = `usage: npm run admin -- <command> [options]
  enrol-code --van <name> [--ttl-minutes <n>]      one-time enrolment code for a van's kiosk
  staff --id <id> --name <name> --role clerk|supervisor --pin <digits>
  revoke --device <deviceId>
  api-key --role office|open311 --name <name>
  office-user --email <e-mail> --role viewer|office|admin   office console account; password from the prompt or stdin
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
    },
    strict: true,
  });
  const env = readServerEnv(process.env);
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
      default:
        console.error(USAGE);
        return 2;
    }
  } finally {
    await store.close();
  }
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
