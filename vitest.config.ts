import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/{unit,integration,faults}/**/*.test.{ts,tsx}'],
    environment: 'node',
    // Two cores: files that start servers run one at a time in a single fork.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});
