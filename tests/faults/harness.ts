import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach } from 'vitest';
import type { SyncDeps } from '../../renderer/src/sync/engine';
import { hashToken, newSecretToken } from '../../server/auth';
import { SqliteStore } from '../../server/store/sqlite';
import { DEFAULT_PIPELINE_DEPTH, pushResponseSchema, type DeviceCredentials, type PushResult } from '../../shared';
import { makeKiosk } from '../helpers/kiosk';
import { ADMIN_TOKEN, startTestApi, type TestApi } from '../helpers/server';
import { TcpProxy } from './tcp-proxy';
import { requestJson } from '../helpers/request-body';

const HOST = '127.0.0.1';
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface InProcessApi {
  api: TestApi;
  url: string;
  port: number;
  /** The central SQLite file, for the invariants. */
  dbFile: string;
  close(): Promise<void>;
}

/** The real Fastify app over a fresh SQLite file, listening on 127.0.0.1 only. `configure` may add hooks before it listens. */
export async function startInProcessApi(configure?: (app: FastifyInstance) => void): Promise<InProcessApi> {
  const api = await startTestApi();
  configure?.(api.app);
  const url = await api.app.listen({ port: 0, host: HOST });
  return { api, url, port: Number(new URL(url).port), dbFile: join(api.dir, 'central.sqlite'), close: () => api.close() };
}

export type Cleanup = () => void | Promise<void>;

/** What `useFaultStack` sets up for each test; read its fields inside the test (they are new every test). */
export interface FaultStack {
  /** The in-process API (only with `api`). */
  readonly server: InProcessApi;
  /** A pass-through TCP proxy in front of `server` (only with `proxy`). */
  readonly proxy: TcpProxy;
  /** A fresh temporary data folder for child servers (only with `dataDir`). */
  readonly dataDir: string;
  /** Runs after the test, last registered first, before the proxy, servers and folder go. */
  onCleanup(cleanup: Cleanup): void;
  /** `makeKiosk` whose sync engine is stopped after the test. */
  kiosk(apiUrl: string, credentials: DeviceCredentials, overrides?: Partial<SyncDeps>): ReturnType<typeof makeKiosk>;
  /** `spawnServer` over `dataDir` with the test admin token; the process is killed after the test. */
  spawnServer(): Promise<ChildServer>;
}

export interface FaultStackOptions {
  /** Start the in-process API before each test (default true); a function may add hooks to the app before it listens. */
  api?: boolean | ((app: FastifyInstance) => void);
  /** Put a `TcpProxy` in front of the API (default false). */
  proxy?: boolean;
  /** Make a temporary data folder with this name prefix for child servers (removed after the test). */
  dataDir?: string;
}

/**
 * The setup every fault test shares, as beforeEach/afterEach hooks of the calling file: the API (optionally behind a
 * proxy, or a data folder for child servers), then after each test its cleanups (newest first), the proxy, the
 * servers and the folder.
 */
export function useFaultStack(options: FaultStackOptions = {}): FaultStack {
  const { api = true, proxy: withProxy = false, dataDir: dataDirPrefix } = options;
  let server: InProcessApi | null = null;
  let proxy: TcpProxy | null = null;
  let dataDir: string | null = null;
  const cleanups: Cleanup[] = [];
  const children: ChildServer[] = [];
  const need = <T>(value: T | null, what: string): T => {
    if (value === null) throw new Error(`useFaultStack: no ${what} (not asked for, or used outside a test)`);
    return value;
  };

  beforeEach(async () => {
    if (dataDirPrefix !== undefined) dataDir = mkdtempSync(join(tmpdir(), dataDirPrefix));
    if (api !== false) server = await startInProcessApi(typeof api === 'function' ? api : undefined);
    if (withProxy) proxy = await TcpProxy.start({ targetPort: need(server, 'API for the proxy').port });
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await proxy?.close();
    for (const child of children.splice(0)) await child.kill();
    await server?.close();
    if (dataDir !== null) rmSync(dataDir, { recursive: true, force: true });
    server = proxy = dataDir = null;
  });

  return {
    get server() {
      return need(server, 'API');
    },
    get proxy() {
      return need(proxy, 'proxy');
    },
    get dataDir() {
      return need(dataDir, 'data folder');
    },
    onCleanup(cleanup) {
      cleanups.push(cleanup);
    },
    kiosk(apiUrl, credentials, overrides) {
      const kiosk = makeKiosk(apiUrl, credentials, overrides);
      cleanups.push(() => kiosk.engine.stop());
      return kiosk;
    },
    async spawnServer() {
      const child = await spawnServer({ dataDir: need(dataDir, 'data folder'), adminToken: ADMIN_TOKEN });
      children.push(child);
      return child;
    },
  };
}

/** One push as the kiosk saw it: the seqs it sent and what (if anything) came back. */
export interface PushExchange {
  seqs: number[];
  outcome: 'answered' | 'failed';
  httpStatus: number | null;
  results: PushResult[];
  error: string | null;
  /** When fetch was called and when it resolved or failed (ms since the epoch). */
  startedAt: number;
  settledAt: number | null;
}

/** A fetch for the engine that logs every push and its per-event answers; `before` runs before each push goes out. */
export function recordingFetch(options: { before?: (pushIndex: number) => Promise<void> | void; after?: (pushIndex: number, exchange: PushExchange) => Promise<void> | void } = {}) {
  const pushes: PushExchange[] = [];
  let count = 0;
  const wrapped: typeof fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (!url.endsWith('/v1/sync/push')) return fetch(input, init);
    const startedAt = Date.now();
    const index = ++count;
    const body = await requestJson(init);
    const events = (body as { events?: { seq?: unknown }[] } | null)?.events ?? [];
    const seqs = events.map((e) => (typeof e.seq === 'number' ? e.seq : -1));
    await options.before?.(index);
    const exchange: PushExchange = { seqs, outcome: 'failed', httpStatus: null, results: [], error: null, startedAt, settledAt: null };
    pushes.push(exchange);
    try {
      const response = await fetch(input, init);
      exchange.settledAt = Date.now();
      exchange.outcome = 'answered';
      exchange.httpStatus = response.status;
      if (response.ok) {
        const text = await response.clone().text();
        const parsed = pushResponseSchema.safeParse(JSON.parse(text));
        if (parsed.success) exchange.results = parsed.data.results;
      }
      await options.after?.(index, exchange);
      return response;
    } catch (error) {
      exchange.settledAt ??= Date.now();
      exchange.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      throw error;
    }
  };
  return { fetch: wrapped, pushes };
}

/**
 * The pipeline depths every fault scenario runs at: 1 (one batch on the wire at a time, so the exact sequence of
 * requests can be asserted), 2 (the default before issue 18, still a valid setting) and the kiosk's default, 4 since
 * issue 18 (the next batches travel while the oldest is answered).
 */
export const PIPELINE_DEPTHS = [...new Set([1, 2, DEFAULT_PIPELINE_DEPTH])];

/** Each push as [first seq, last seq, outcome], in the order they were sent. */
export function pushRanges(exchanges: readonly PushExchange[]): [number | undefined, number | undefined, PushExchange['outcome']][] {
  return exchanges.map((p) => [p.seqs[0], p.seqs.at(-1), p.outcome]);
}

/**
 * Checks what the kiosk was told, event by event, over a whole run: no seq was ever answered `accepted` twice, and every
 * seq from 1 to total got an answer that counts as synced (`accepted` or `duplicate`; `rejected` where allowed).
 */
export function expectEachAnsweredOnce(exchanges: readonly PushExchange[], total: number, allowRejected = false): void {
  const accepted = new Map<number, number>();
  const synced = new Set<number>();
  for (const e of exchanges) {
    for (const r of e.results) {
      if (r.status === 'accepted') accepted.set(r.seq, (accepted.get(r.seq) ?? 0) + 1);
      if (r.status !== 'rejected' || allowRejected) synced.add(r.seq);
    }
  }
  const twice = [...accepted].filter(([, n]) => n > 1).map(([seq]) => seq);
  if (twice.length > 0) throw new Error(`seqs answered accepted more than once: ${twice.slice(0, 10).join(', ')}`);
  const missing = Array.from({ length: total }, (_, i) => i + 1).filter((seq) => !synced.has(seq));
  if (missing.length > 0) throw new Error(`seqs never answered as synced: ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? '…' : ''}`);
}

export function statusCounts(exchanges: readonly PushExchange[]): Record<PushResult['status'], number> {
  const counts = { accepted: 0, duplicate: 0, rejected: 0 };
  for (const e of exchanges) for (const r of e.results) counts[r.status]++;
  return counts;
}


/** Test-only administration straight on the central SQLite file (the API has no such routes yet). */
export function revokeDevice(serverDbFile: string, deviceId: string): void {
  const db = new Database(serverDbFile, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const info = db.prepare('UPDATE devices SET revoked_at = ? WHERE id = ?').run(new Date().toISOString(), deviceId);
    if (info.changes !== 1) throw new Error(`no device ${deviceId}`);
  } finally {
    db.close();
  }
}

/** "Re-enrolment": a new secret token for the same device id; the old token stops working. Returns the new token. */
export function reissueDeviceToken(serverDbFile: string, deviceId: string): string {
  const token = newSecretToken();
  const db = new Database(serverDbFile, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const info = db.prepare('UPDATE devices SET token_hash = ?, revoked_at = NULL WHERE id = ?').run(hashToken(token), deviceId);
    if (info.changes !== 1) throw new Error(`no device ${deviceId}`);
  } finally {
    db.close();
  }
  return token;
}

/** Enrols a device straight into a central SQLite file before any server runs over it. */
export async function enrolIntoFile(serverDbFile: string, deviceId: string): Promise<{ deviceId: string; token: string }> {
  const store = new SqliteStore({ file: serverDbFile, checkpointIntervalMs: 0 });
  try {
    await store.migrate();
    const token = newSecretToken();
    await store.createDevice({ id: deviceId, vanName: 'Van F', tokenHash: hashToken(token) });
    return { deviceId, token };
  } finally {
    await store.close();
  }
}

export interface ChildServer {
  pid: number;
  port: number;
  url: string;
  /** SIGKILL to the whole process group we started (tsx runs the server in a child process of its own). */
  kill(): Promise<void>;
}

/** Starts the real central API as a child process (`tsx server/main.ts`) on a free port of 127.0.0.1. */
export async function spawnServer(options: { dataDir: string; adminToken: string; timeoutMs?: number }): Promise<ChildServer> {
  const child: ChildProcess = spawn(join(repoRoot, 'node_modules/.bin/tsx'), ['server/main.ts'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: '0', HOST, DATA_DIR: options.dataDir, ADMIN_TOKEN: options.adminToken, LOG_LEVEL: 'silent' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('the server process did not start');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const kill = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
  };
  let output = '';
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the server did not start in time:\n${output}`)), options.timeoutMs ?? 20_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the server exited (${code}) before listening:\n${output}`));
      });
    });
    return { pid, url, port: Number(new URL(url).port), kill };
  } catch (error) {
    await kill();
    throw error;
  }
}

/** Bounded sleep, for letting a fault play out. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
