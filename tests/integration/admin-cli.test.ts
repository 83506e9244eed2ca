import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import { SqliteStore } from '../../server/store/sqlite';
import { hashToken } from '../../server/auth';

let dataDir: string;

/** Runs the admin CLI as a person would, with `stdin` typed (piped) into it. */
async function admin(args: string[], stdin = ''): Promise<{ code: number; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/admin-cli.ts', ...args], {
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, out }));
    child.stdin.end(stdin);
  });
}

async function withStore<T>(work: (store: SqliteStore) => Promise<T>): Promise<T> {
  const store = new SqliteStore({ file: join(dataDir, 'central.sqlite'), checkpointIntervalMs: 0 });
  await store.migrate();
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'chtg-admin-'));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('npm run admin', () => {
  it('makes a one-time enrolment code that a kiosk can redeem exactly once', async () => {
    const made = await admin(['enrol-code', '--van', 'Van 12']);
    expect(made.code).toBe(0);
    const code = /Enrolment code for Van 12 \(a new kiosk\): ([A-Z0-9-]{14})/.exec(made.out)?.[1];
    expect(code).toBeTruthy();
    const store = new SqliteStore({ file: join(dataDir, 'central.sqlite'), checkpointIntervalMs: 0 });
    await store.migrate();
    const app = await buildApp({ store, adminToken: 'x'.repeat(20) });
    try {
      const first = await app.inject({ method: 'POST', url: '/v1/devices/enrol', payload: { code } });
      expect(first.statusCode).toBe(201);
      expect(first.json()).toMatchObject({ vanName: 'Van 12' });
      expect((await app.inject({ method: 'POST', url: '/v1/devices/enrol', payload: { code } })).statusCode).toBe(409);
    } finally {
      await app.close();
      await store.close();
    }
  }, 30_000);

  it('re-enrolment codes name one device; unrevoke is its own command', async () => {
    await withStore((store) => store.createDevice({ id: 'dev-cli', vanName: 'Van 13', tokenHash: hashToken('tok-cli-0123456789') }));
    expect((await admin(['revoke', '--device', 'dev-cli'])).code).toBe(0);
    const refused = await admin(['enrol-code', '--device', 'dev-cli']);
    expect(refused.code).not.toBe(0);
    expect(refused.out).toContain('revoked');
    const lifted = await admin(['unrevoke', '--device', 'dev-cli']);
    expect(lifted).toMatchObject({ code: 0 });
    expect(lifted.out).toContain('Lifted the revocation of dev-cli');
    expect((await withStore((store) => store.findDeviceByTokenHash(hashToken('tok-cli-0123456789'))))?.revokedAt).toBeNull();
    const made = await admin(['enrol-code', '--device', 'dev-cli']);
    expect(made.out).toMatch(/Enrolment code for Van 13 \(re-enrols device dev-cli only\): [A-Z0-9-]{14}/);
    expect((await admin(['unrevoke', '--device', 'dev-cli'])).code).not.toBe(0);
  }, 60_000);

  it('reads the PIN from stdin, never from argv, and refuses trivial PINs', async () => {
    const onArgv = await admin(['staff', '--id', 'ana-cli', '--name', 'Ana', '--role', 'clerk', '--pin', '482913']);
    expect(onArgv.code).not.toBe(0);
    expect(onArgv.out).toContain('--pin is refused');
    for (const trivial of ['1234', '111111', '123456', '654321', '121212', '150390']) {
      const result = await admin(['staff', '--id', 'ana-cli', '--name', 'Ana', '--role', 'clerk'], `${trivial}\n`);
      expect(result.code, trivial).not.toBe(0);
      expect(result.out, trivial).toMatch(/PIN/);
    }
    expect(await withStore((store) => store.listStaff())).toEqual([]);
    const saved = await admin(['staff', '--id', 'ana-cli', '--name', 'Ana', '--role', 'clerk', '--vans', 'Van 12,Van 13'], '482913\n');
    expect(saved.code).toBe(0);
    expect(saved.out).toContain('vans: Van 12, Van 13');
    expect(saved.out).not.toContain('482913');
    const staff = await withStore((store) => store.listStaff());
    expect(staff.map((s) => s.id)).toEqual(['ana-cli']);
    expect(JSON.stringify(staff)).not.toContain('482913');
    const assigned = await admin(['assign', '--staff', 'ana-cli', '--vans', 'Van 13']);
    expect(assigned.out).toContain('ana-cli works on: Van 13');
    expect(await withStore((store) => store.listStaffVans())).toEqual([{ staffId: 'ana-cli', vanName: 'Van 13' }]);
  }, 90_000);

  it('lists, revokes and expires API keys', async () => {
    const made = await admin(['api-key', '--role', 'office', '--name', 'Finance', '--expires-days', '30']);
    expect(made.code).toBe(0);
    const [, id, key] = /office key ([0-9a-f]{16}) for Finance, expires \S+ \(shown once\): (\S+)/.exec(made.out) ?? [];
    expect(id).toBeTruthy();
    const listed = await admin(['api-keys']);
    expect(listed.out).toContain(id);
    expect(listed.out).not.toContain(key);
    expect((await withStore((store) => store.findApiKey(hashToken(key!), new Date().toISOString())))?.name).toBe('Finance');
    expect((await admin(['revoke-key', '--id', id!])).code).toBe(0);
    expect((await admin(['api-keys'])).out).toContain('REVOKED');
    expect(await withStore((store) => store.findApiKey(hashToken(key!), new Date().toISOString()))).toBeNull();
    expect((await admin(['revoke-key', '--id', id!])).code).not.toBe(0);
  }, 60_000);

  it.each([
    [['enrol-code'], '--van is required'],
    [['staff', '--id', 'x', '--name', 'X', '--role', 'clerk', '--pin', '12'], '--pin is refused'],
    [['api-key', '--role', 'root', '--name', 'x'], '--role must be office or open311'],
    [['teleport'], 'usage'],
  ])('refuses %j with a message and a non-zero exit', async (args, message) => {
    const result = await admin(args);
    expect(result.code).not.toBe(0);
    expect(result.out).toContain(message);
  }, 30_000);
});

describe('npm run admin -- office-user', () => {
  async function adminWithStdin(input: string, ...args: string[]): Promise<{ code: number; out: string }> {
    const { spawn } = await import('node:child_process');
    return new Promise((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'server/admin-cli.ts', ...args], { env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' } });
      let out = '';
      child.stdout.on('data', (c) => (out += String(c)));
      child.stderr.on('data', (c) => (out += String(c)));
      child.on('close', (code) => resolve({ code: code ?? 1, out }));
      child.stdin.end(input);
    });
  }

  it('creates the first admin with the password read from stdin, and that account can sign in to the console', async () => {
    const made = await adminWithStdin('first admin password\n', 'office-user', '--email', 'Chief@City.gov', '--role', 'admin');
    expect(made).toMatchObject({ code: 0 });
    expect(made.out).toContain('Created admin account chief@city.gov');
    expect(made.out).not.toContain('first admin password');
    const store = new SqliteStore({ file: join(dataDir, 'central.sqlite'), checkpointIntervalMs: 0 });
    await store.migrate();
    const app = await buildApp({ store, adminToken: 'x'.repeat(20) });
    try {
      const signIn = await app.inject({ method: 'POST', url: '/v1/office/session', payload: { email: 'chief@city.gov', password: 'first admin password' } });
      expect(signIn.statusCode).toBe(200);
      expect(signIn.json().user).toMatchObject({ role: 'admin' });
      const audit = await store.office.listAudit({ limit: 10, action: 'office_user.created' });
      expect(audit[0]).toMatchObject({ actor: 'admin-cli', detail: { email: 'chief@city.gov', role: 'admin' } });
    } finally {
      await app.close();
      await store.close();
    }
    const again = await adminWithStdin('a second new password\n', 'office-user', '--email', 'chief@city.gov', '--role', 'office');
    expect(again.out).toContain('Updated chief@city.gov: role office');
  }, 60_000);

  it.each([
    [['office-user', '--email', 'x@city.gov', '--role', 'admin', '--password', 'on the command line'], 'long enough password\n', 'Unknown option'],
    [['office-user', '--email', 'x@city.gov', '--role', 'admin'], 'short\n', 'at least 12 characters'],
    [['office-user', '--email', 'x@city.gov', '--role', 'root'], 'long enough password\n', '--role must be one of viewer, office, admin'],
    [['office-user', '--email', 'not-an-email', '--role', 'admin'], 'long enough password\n', 'e-mail'],
  ])('refuses %j (a password never on argv) and makes no account', async (args, input, message) => {
    const result = await adminWithStdin(input, ...args);
    expect(result.code).not.toBe(0);
    expect(result.out).toContain(message);
    const store = new SqliteStore({ file: join(dataDir, 'central.sqlite'), checkpointIntervalMs: 0 });
    await store.migrate();
    try {
      expect(await store.office.findUserByEmail('x@city.gov')).toBeNull();
    } finally {
      await store.close();
    }
  }, 30_000);
});
