import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startKioskWebServer } from '../../scripts/kiosk-web-server';
import { kioskConfigSchema } from '../../shared';

describe('the kiosk web server (npm run start:web, and the e2e stacks)', () => {
  it('closes at once even when Chromium holds a socket open that never sends a request (a speculative preconnect)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chtg-web-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>kiosk</title>');
    try {
      const web = await startKioskWebServer({ rendererDir: dir, config: kioskConfigSchema.parse({ apiUrl: 'http://127.0.0.1:9', cityName: 'City of Boston', vanName: 'Van W' }), credentials: null });
      expect(await (await fetch(web.url)).text()).toContain('<title>kiosk</title>');
      const { port } = web.app.server.address() as AddressInfo;
      const socket = connect(port, '127.0.0.1');
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      const closedSocket = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      // Node drops a socket that sends nothing only after headersTimeout (60 s): a close that waits for it fails here.
      const outcome = await Promise.race([web.app.close().then(() => 'closed' as const), new Promise<'still waiting'>((resolve) => setTimeout(() => resolve('still waiting'), 10_000))]);
      expect(outcome).toBe('closed');
      await closedSocket;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
