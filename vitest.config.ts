import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['__tests__/**/*.test.ts'],
    // End-to-end tests spawn the bundles and wait on real (short) retry delays.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
