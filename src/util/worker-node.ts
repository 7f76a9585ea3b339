/**
 * Starting a worker thread on one of nnspec's own modules, whether nnspec runs from the tsup
 * build (the worker is an entry of its own in dist/, see tsup.config.ts) or from its sources
 * (tsx, vitest: the `.ts` file, loaded through tsx's ESM loader registered by a tiny eval'd
 * bootstrap, since Node 20's Worker does not honour `--import` in `execArgv`). Node-only.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * A worker running `sourceName.ts` beside `callerUrl` (the caller's `import.meta.url`) from
 * sources, or `distName.js` beside or above the built chunk that calls this.
 */
export function startModuleWorker(callerUrl: string, sourceName: string, distName: string): Worker {
  // Built code: the worker is an entry of its own in dist/, beside or above the chunk running this.
  for (const candidate of [`./${distName}.js`, `../${distName}.js`]) {
    const js = new URL(candidate, callerUrl);
    if (existsSync(fileURLToPath(js))) return new Worker(js);
  }
  const ts = new URL(`./${sourceName}.ts`, callerUrl);
  const tsxApi = pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  const boot = `import(${JSON.stringify(tsxApi)}).then((api) => { api.register(); return import(${JSON.stringify(ts.href)}); });`;
  return new Worker(boot, { eval: true });
}
