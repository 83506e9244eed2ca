import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, type AppOptions, type CentralApi } from '../../server/app';
import { DEMO_VAN_NAME, seedDemoCatalogue } from '../../server/seed';
import { hashToken, newSecretToken } from '../../server/auth';
import { SqliteStore } from '../../server/store/sqlite';
import type { CentralStore } from '../../server/store/store';
import { afterEach, beforeEach } from 'vitest';
import type { StoreFactory } from './stores';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface TestApi {
  app: CentralApi;
  store: CentralStore;
  dir: string;
  enrolDevice(vanName?: string): Promise<{ deviceId: string; token: string }>;
  close(): Promise<void>;
}

export type StartOptions = Partial<AppOptions> & { seed?: boolean };

/** A fresh API over a fresh SQLite file in its own folder (or over `store`, which the caller closes). */
export async function startTestApi(options: StartOptions & { store?: CentralStore } = {}): Promise<TestApi> {
  const dir = mkdtempSync(join(tmpdir(), 'chtg-api-'));
  const store = options.store ?? new SqliteStore({ file: join(dir, 'central.sqlite'), checkpointIntervalMs: 0 });
  await store.migrate();
  if (options.seed) await seedDemoCatalogue(store);
  const app = await buildApp({ adminToken: ADMIN_TOKEN, ...options, store });
  let counter = 0;
  return {
    app,
    store,
    dir,
    async enrolDevice(vanName = DEMO_VAN_NAME) {
      const deviceId = `dev-test-${++counter}-${Date.now()}`;
      const token = newSecretToken();
      await store.createDevice({ id: deviceId, vanName, tokenHash: hashToken(token) });
      return { deviceId, token };
    },
    async close() {
      await app.close();
      if (!options.store) await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A fresh API over a fresh store from `factory` for each test of the calling block (beforeEach), closed with its store
 * after it. `options` (or a function giving them, read when each test starts) go to `startTestApi`; `onStart` gets
 * the running API — keep it there — and may set the test's scene up.
 */
export function useTestApi(
  factory: StoreFactory,
  options: StartOptions | (() => StartOptions),
  onStart: (api: TestApi) => void | Promise<void>,
): void {
  let api: TestApi | null = null;
  let dispose: (() => Promise<void>) | null = null;
  beforeEach(async () => {
    const created = await factory.create();
    dispose = created.dispose;
    api = await startTestApi({ ...(typeof options === 'function' ? options() : options), store: created.store });
    await onStart(api);
  });
  afterEach(async () => {
    await api?.close();
    await dispose?.();
    api = dispose = null;
  });
}

/**
 * A fresh API (startTestApi) listening on 127.0.0.1 for each test of the calling file, closed after it; `onStart`
 * gets it and its URL when each test starts.
 */
export function listeningTestApi(onStart: (api: TestApi, url: string) => void, options: StartOptions = {}): void {
  let api: TestApi | null = null;
  beforeEach(async () => {
    api = await startTestApi(options);
    onStart(api, await api.app.listen({ port: 0, host: '127.0.0.1' }));
  });
  afterEach(async () => {
    await api?.close();
    api = null;
  });
}
