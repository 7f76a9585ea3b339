// Builds dist/train-browser.js: `nnspec/train` for browsers (the package's `browser` export
// condition). Same entry as dist/train.js, bundled for the browser platform with every Node
// built-in replaced by an empty module (./empty-node-builtins.mjs), so that an app's bundler
// needs no configuration. Runs after tsup (`npm run build`).
import { writeFileSync } from 'node:fs';
import { build } from 'esbuild';
import { emptyNodeBuiltins } from './empty-node-builtins.mjs';

await build({
  entryPoints: ['src/train-entry.ts'],
  outfile: 'dist/train-browser.js',
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  sourcemap: true,
  // The same dependencies stay external as in the Node build: the app's bundler resolves them.
  external: ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', 'chevrotain', 'zod'],
  plugins: [emptyNodeBuiltins],
  logLevel: 'warning',
});
// Same API as the Node build, so the same declarations.
writeFileSync('dist/train-browser.d.ts', "export * from './train.js';\n");
