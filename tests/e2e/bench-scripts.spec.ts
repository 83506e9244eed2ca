import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';

const run = promisify(execFile);

/**
 * Every `npm run bench:*` script, run through once on a small load. A bench is read only now and then, and two were
 * found broken that way: bench:connectivity's API refused the kiosk page's origin (CORS) since origins became a setting,
 * and bench:record's probe threw after its figures. Only that each runs to its result lines is checked, never a figure.
 * PostgreSQL joins bench:server and bench:office when TEST_DATABASE_URL is set, as it does for their full runs.
 */
const BENCHES: { script: string; args: string[]; env?: Record<string, string>; results: number | null }[] = [
  { script: 'bench-server.ts', args: ['--devices', '2', '--batches', '2', '--batch', '20', '--runs', '1'], results: process.env.TEST_DATABASE_URL ? 2 : 1 },
  { script: 'bench-sync.ts', args: ['--events', '1000', '--runs', '1'], results: 1 },
  { script: 'bench-record.ts', args: ['--events', '10', '--runs', '1'], results: 1 },
  { script: 'bench-device.ts', args: ['--events', '2000', '--runs', '1', '--query-runs', '2', '--visits-per-day', '20'], results: 1 },
  { script: 'bench-connectivity.ts', args: ['--runs', '1'], results: 4 },
  // bench:office prints a table per store and no RESULT line; its exit code says whether it ran through.
  { script: 'bench-office.ts', args: [], env: { VANS: '2', DAYS: '3', PER_DAY: '10', CALLS: '2' }, results: null },
];

for (const bench of BENCHES) {
  test(`${bench.script} runs through on a small load and prints its result lines`, async () => {
    test.setTimeout(240_000);
    const { stdout } = await run(resolve('node_modules/.bin/tsx'), [`scripts/${bench.script}`, ...bench.args], {
      env: { ...process.env, ...bench.env },
      timeout: 220_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    if (bench.results === null) expect(stdout).toContain('session (every page)');
    else expect(stdout.split('\n').filter((line) => line.startsWith('RESULT'))).toHaveLength(bench.results);
  });
}
