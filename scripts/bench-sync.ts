/**
 * `npm run bench:sync`: backlogs of 10,000 and 100,000 events pushed from Dexie in Chromium (on-disk profile) to the
 * SQLite API on loopback. Prints events/s end to end, IndexedDB writes made by sync bookkeeping, the worst input delay
 * on the page while it syncs, and the ratio to the same number of events pushed by a plain Node client in the same run.
 *
 *   SIZES=10000,100000 BATCH_SIZE=250 npm run bench:sync
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_BATCH_SIZE } from '../shared';
import { hashToken, newSecretToken } from '../server/auth';
import { readServerEnv } from '../server/config';
import { startServer } from '../server/server';
import { transactionEvent } from '../tests/helpers/events';
import { openBenchPage } from './bench-browser';

const SIZES = (process.env.SIZES ?? '10000,100000').split(',').map(Number);
const BATCH_SIZE = Number(process.env.BATCH_SIZE ?? DEFAULT_BATCH_SIZE);

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'chtg-bench-sync-'));
  const server = await startServer(readServerEnv({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', ADMIN_TOKEN: 'bench-admin-token-0123456789', RATE_LIMIT_PER_MINUTE: '1000000' }));
  const browser = await openBenchPage();
  console.log(`bench:sync — batch size ${BATCH_SIZE}, SQLite API at ${server.url}, Chromium with an on-disk profile`);
  try {
    for (const size of SIZES) {
      const device = { deviceId: `bench-kiosk-${size}`, token: newSecretToken() };
      await server.store.createDevice({ id: device.deviceId, vanName: 'Bench', tokenHash: hashToken(device.token) });
      const dbName = `bench-sync-${size}`;
      const fill = await browser.page.evaluate(([name, id, n]) => window.bench.fill(name, id, n), [dbName, device.deviceId, size] as const);
      const kiosk = await browser.page.evaluate(
        ([name, url, creds, batch]) => window.bench.sync(name, url, creds, batch),
        [dbName, server.url, device, BATCH_SIZE] as const,
      );
      if (kiosk.left !== 0) throw new Error(`${kiosk.left} events were left pending`);
      if (process.env.BENCH_VERBOSE) {
        const metrics = await (await fetch(`${server.url}/metrics`)).text();
        console.log(metrics.split('\n').filter((l) => l.startsWith('chtg_http_requests_total')).join('\n'));
      }
      const kioskRate = size / (kiosk.ms / 1000);

      // The same number of events, same batch size, from a plain Node client to the same endpoint.
      const nodeDevice = { deviceId: `bench-node-${size}`, token: newSecretToken() };
      await server.store.createDevice({ id: nodeDevice.deviceId, vanName: 'Bench', tokenHash: hashToken(nodeDevice.token) });
      const bodies: string[] = [];
      for (let from = 1; from <= size; from += BATCH_SIZE) {
        const batch = Array.from({ length: Math.min(BATCH_SIZE, size - from + 1) }, (_, i) => transactionEvent(nodeDevice.deviceId, from + i));
        bodies.push(JSON.stringify({ events: batch }));
      }
      const started = performance.now();
      for (const body of bodies) {
        const response = await fetch(`${server.url}/v1/sync/push`, {
          method: 'POST',
          headers: { authorization: `Bearer ${nodeDevice.token}`, 'content-type': 'application/json' },
          body,
        });
        if (response.status !== 200) throw new Error(`node client push failed: ${response.status}`);
        await response.json();
      }
      const nodeRate = size / ((performance.now() - started) / 1000);
      const bookkeepingWrites = Object.values(kiosk.bookkeepingByTable).reduce((a, b) => a + b, 0);
      console.log(
        `${String(size).padStart(6)} events | fill ${(fill.ms / 1000).toFixed(1)} s | kiosk ${kioskRate.toFixed(0)} events/s (${(kiosk.ms / 1000).toFixed(1)} s)` +
          ` | node client ${nodeRate.toFixed(0)} events/s | ratio ${(kioskRate / nodeRate).toFixed(2)}× (target ≥ 0.70×)`,
      );
      console.log(
        `         bookkeeping writes ${bookkeepingWrites} for ${kiosk.batches} batches (${(bookkeepingWrites / kiosk.batches).toFixed(2)} per batch: ${JSON.stringify(kiosk.bookkeepingByTable)})` +
          ` | time on the wire ${(kiosk.fetchMs / 1000).toFixed(1)} s of ${(kiosk.ms / 1000).toFixed(1)} s | page long tasks ${kiosk.longTasks}, worst ${kiosk.worstLongTaskMs.toFixed(0)} ms, worst input delay ${kiosk.worstInputDelayMs.toFixed(0)} ms`,
      );
    }
  } finally {
    await browser.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
