// `npm run playground:build` (and the end of `npm run build`): the playground (playground/) as
// static files in dist/playground/, which any web server can host and `nnspec playground` serves.
// The page and its training worker are bundled from source for the browser; TF.js's .wasm files,
// the bundled data sets and the page's HTML and CSS are copied beside them, so the page loads
// nothing from another origin.
import { copyFileSync, cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { emptyNodeBuiltins } from './empty-node-builtins.mjs';
import { precacheManifest, SERVICE_WORKER_FILE } from './precache-manifest.mjs';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist', 'playground');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

await build({
  entryPoints: { app: path.join(root, 'playground/src/main.ts'), worker: path.join(root, 'playground/src/training/worker.ts') },
  outdir: out,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  // Example specs are imported as text (playground/src/editor/examples.ts).
  loader: { '.nn': 'text' },
  plugins: [emptyNodeBuiltins],
  logLevel: 'warning',
});

cpSync(path.join(root, 'playground/index.html'), path.join(out, 'index.html'));
cpSync(path.join(root, 'playground/styles'), path.join(out, 'styles'), { recursive: true });
// The bundled data sets (builtin.digits, builtin.iris) with their credit, fetched by the worker.
mkdirSync(path.join(out, 'data'));
for (const file of ['digits.csv', 'iris.csv', 'README.md']) copyFileSync(path.join(root, 'data', file), path.join(out, 'data', file));
const wasmDist = path.join(path.dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
mkdirSync(path.join(out, 'wasm'));
for (const file of readdirSync(wasmDist).filter((name) => name.endsWith('.wasm'))) copyFileSync(path.join(wasmDist, file), path.join(out, 'wasm', file));
// The toolbar's Docs link opens the playground's page of the docs, served from here too.
mkdirSync(path.join(out, 'docs'));
copyFileSync(path.join(root, 'docs', 'playground.md'), path.join(out, 'docs', 'playground.md'));

// Last, once every other file is in place: the service worker, with the list of those files and
// their content hash written in, so a new build gets a new cache (docs/playground.md).
const manifest = precacheManifest(out);
await build({
  entryPoints: [path.join(root, 'playground/src/offline/service-worker.ts')],
  outfile: path.join(out, SERVICE_WORKER_FILE),
  bundle: true,
  // A classic script: module service workers are less widely supported.
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  define: { __PRECACHE_URLS__: JSON.stringify(manifest.urls), __BUILD_HASH__: JSON.stringify(manifest.hash) },
  logLevel: 'warning',
});
