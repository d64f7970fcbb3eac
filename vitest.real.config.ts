import { defineConfig } from 'vitest/config';

// Real-daemon differential tests: they build network namespaces and run FRR/BIRD/GoBGP,
// so they run on their own (root only), serially per file, with long timeouts.
export default defineConfig({
  test: {
    include: ['tests/real/**/*.real.test.ts'],
    environment: 'node',
    testTimeout: 180_000,
    hookTimeout: 120_000,
    fileParallelism: true,
    maxWorkers: 2,
  },
});
