import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import { SqliteStore } from '../../server/store/sqlite';

const run = promisify(execFile);
let dataDir: string;

async function admin(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'server/admin-cli.ts', ...args], {
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' },
    });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'chtg-admin-'));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('npm run admin', () => {
  it('makes a one-time enrolment code that a kiosk can redeem exactly once', async () => {
    const made = await admin('enrol-code', '--van', 'Van 12');
    expect(made.code).toBe(0);
    const code = /Enrolment code for Van 12: ([A-Z0-9-]{14})/.exec(made.out)?.[1];
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

  it.each([
    [['enrol-code'], '--van is required'],
    [['staff', '--id', 'x', '--name', 'X', '--role', 'clerk', '--pin', '12'], 'PIN'],
    [['api-key', '--role', 'root', '--name', 'x'], '--role must be office or open311'],
    [['teleport'], 'usage'],
  ])('refuses %j with a message and a non-zero exit', async (args, message) => {
    const result = await admin(...args);
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
