import { defineConfig } from 'vitest/config';

/**
 * `npm run test:interop`: the tests against real outside components (PyTorch, run as
 * `/usr/bin/python3`; Debian's Chromium, driven by playwright-core). They fail, never skip, when a component is missing: the global setup checks
 * for each one first and says how to install it (README, "Contributor notes").
 */
export default defineConfig({
  test: {
    include: ['tests/interop/**/*.interop.test.ts'],
    globalSetup: ['tests/interop/require-components.ts'],
    setupFiles: ['tests/support/quiet-tfjs-banner.ts', 'tests/support/relaxed-simd.ts'],
    pool: 'forks',
    // The components share the machine's two cores: one file at a time keeps their timings sane.
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
