import { defineConfig } from 'vitest/config';

/**
 * Three projects, run one group after another (`vitest run` runs all of them):
 * - unit: pure tests (no server, no database, temp folders only), files in parallel across the cores;
 * - integration: start servers and use PostgreSQL — one file at a time in a single fork;
 * - faults: the sync fault scenarios, timing-sensitive — one file at a time, alone.
 * `vitest run --project unit` runs one of them.
 */
export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['tests/unit/**/*.test.{ts,tsx}'], sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: { name: 'integration', include: ['tests/integration/**/*.test.{ts,tsx}'], fileParallelism: false, sequence: { groupOrder: 1 } },
      },
      {
        extends: true,
        test: { name: 'faults', include: ['tests/faults/**/*.test.{ts,tsx}'], fileParallelism: false, sequence: { groupOrder: 2 } },
      },
    ],
  },
});
