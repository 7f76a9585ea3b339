import { createRequire } from 'node:module';
import type { Plugin } from 'esbuild';
import { defineConfig } from 'tsup';

/**
 * TF.js's Node packages are CommonJS. Imported from an ES module, Node 20 first scans their source
 * (and every package they re-export) for export names: about 0.35 s at every process start, the
 * CLI's and each worker thread's, on top of the 0.15 s that loading them takes. This plugin turns
 * every import of them in dist/ into a small ES module that `require`s the package (with
 * `createRequire`: the same module instance, without the scan) and re-exports the names the
 * installed package has, listed here at build time. Only the chunks that import TF.js import
 * `node:module` then: dist/index.js (the front end) stays free of Node built-ins for browsers'
 * bundlers, and dist/train-browser.js is built from the sources separately.
 */
const TFJS_PACKAGES = /^@tensorflow\/tfjs(-backend-wasm)?$/;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const requireTfjs: Plugin = {
  name: 'require-tfjs',
  setup(build) {
    build.onResolve({ filter: TFJS_PACKAGES }, (args) => ({ path: args.path, namespace: 'require-tfjs' }));
    build.onLoad({ filter: /.*/, namespace: 'require-tfjs' }, (args) => {
      const names = Object.keys(createRequire(import.meta.url)(args.path) as object).filter((name) => IDENTIFIER.test(name) && name !== 'default');
      return {
        contents: `import { createRequire } from 'node:module';\nconst m = createRequire(import.meta.url)(${JSON.stringify(args.path)});\nexport const { ${names.join(', ')} } = m;\nexport default m;\n`,
        loader: 'js',
      };
    });
  },
};

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    train: 'src/train-entry.ts',
    node: 'src/node-entry.ts',
    'cli/main': 'src/cli/main.ts',
    // Worker threads load these by file name: they must exist as files in dist/.
    'replica-worker': 'src/train/trainer/replica-worker.ts',
    'training-parts': 'src/train/trainer/training-parts.ts',
    'study-worker': 'src/train/study/study-worker-node.ts',
  },
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  dts: { entry: { index: 'src/index.ts', train: 'src/train-entry.ts', node: 'src/node-entry.ts' } },
  sourcemap: true,
  clean: true,
  splitting: true,
  // TF.js and its wasm backend stay outside the bundle (requireTfjs): the wasm files are loaded from
  // the installed package.
  // chevrotain is bundled: its ES modules (and lodash-es's hundreds of files) took about 0.4 s to
  // resolve and load at every CLI start, as long as the rest of `nnspec check`. It stays a
  // dependency (its licence ships with it).
  noExternal: ['chevrotain', TFJS_PACKAGES],
  esbuildPlugins: [requireTfjs],
  external: ['zod', 'picocolors', 'vscode-languageserver', 'vscode-languageserver-textdocument'],
});
