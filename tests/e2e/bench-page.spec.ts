import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { hashToken, newSecretToken } from '../../server/auth';
import { readServerEnv } from '../../server/config';
import { startServer } from '../../server/server';
import { openBenchPage } from '../../scripts/bench-browser';

/**
 * The benchmark page's functions, each run once with a few events: bench:record, bench:sync and bench:device drive
 * them, and a bench that throws half-way (the probe once wrote events in clear and the at-rest layer refused them)
 * prints nothing of what it was for. Only that they run and count right is checked here, never how fast.
 */
test('the bench page fills an outbox, drains it to the API, records and probes without an error', async () => {
  test.setTimeout(120_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'chtg-bench-page-test-'));
  const browser = await openBenchPage();
  const server = await startServer(readServerEnv({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', ADMIN_TOKEN: 'bench-page-admin-token-0123456789', CORS_ORIGINS: browser.origin }));
  try {
    const device = { deviceId: 'bench-page-van', token: newSecretToken() };
    await server.store.createDevice({ id: device.deviceId, vanName: 'Bench', tokenHash: hashToken(device.token) });

    await browser.page.evaluate(([name, id]) => window.bench.fill(name, id, 1_200), ['bench-page-outbox', device.deviceId] as const);
    const drained = await browser.page.evaluate(([name, url, creds]) => window.bench.sync(name, url, creds, 500, 4), ['bench-page-outbox', server.url, device] as const);
    expect({ total: drained.total, left: drained.left, batches: drained.batches, timings: drained.timings.length }).toEqual({ total: 1_200, left: 0, batches: 3, timings: 3 });
    expect(await server.store.countEvents()).toBe(1_200);

    const recorded = await browser.page.evaluate((name) => window.bench.record(name, 5), 'bench-page-record');
    expect([recorded.recordTimes.length, recorded.rawTimes.length]).toEqual([5, 5]);

    const probe = await browser.page.evaluate((name) => window.bench.probe(name, 3), 'bench-page-probe');
    expect(Object.keys(probe).sort()).toEqual(['dexieSinglePut', 'dexieTenTableScope', 'dexieTwoTablesParallel', 'readLast']);
  } finally {
    await server.close();
    await browser.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
