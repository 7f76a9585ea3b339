import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The playground imports example specs as text (esbuild's `text` loader in its build): the same here.
  plugins: [{ name: 'nn-as-text', transform: (code: string, id: string) => (id.endsWith('.nn') ? `export default ${JSON.stringify(code)};` : undefined) }],
  test: {
    include: ['tests/**/*.test.ts'],
    // The tests against PyTorch and other outside components: `npm run test:interop`.
    exclude: ['tests/interop/**', 'node_modules/**'],
    // Only TF.js's "install tfjs-node" banner is silenced; see the file.
    setupFiles: ['tests/support/quiet-tfjs-banner.ts', 'tests/support/relaxed-simd.ts'],
    // TF.js keeps one global engine per process; forks isolate test files that switch backends.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
