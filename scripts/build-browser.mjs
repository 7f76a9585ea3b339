// Builds dist/train-browser.js: `nnspec/train` for browsers (the package's `browser` export
// condition). Same entry as dist/train.js, bundled for the browser platform with every Node
// built-in replaced by an empty module, so that an app's bundler needs no configuration. nnspec
// reaches Node built-ins only on Node-only paths (the default .wasm folder, reading data files,
// worker threads), which a browser never takes. Runs after tsup (`npm run build`).
import { writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { build } from 'esbuild';

const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);

/** Node built-ins as empty CommonJS modules: named imports read `undefined`, as in Vite's browser builds. */
const emptyNodeBuiltins = {
  name: 'empty-node-builtins',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /.*/ }, (args) => (builtins.has(args.path) ? { path: args.path, namespace: 'empty-node-builtin' } : undefined));
    pluginBuild.onLoad({ filter: /.*/, namespace: 'empty-node-builtin' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
  },
};

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
