// An esbuild plugin for browser bundles: every Node built-in becomes an empty CommonJS module, so
// named imports read `undefined`, as in Vite's browser builds. nnspec reaches Node built-ins only
// on Node-only paths (the default .wasm folder, reading data files, worker threads), which a
// browser never takes. Used by build-browser.mjs and build-playground.mjs.
import { builtinModules } from 'node:module';

const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);

/** The plugin. */
export const emptyNodeBuiltins = {
  name: 'empty-node-builtins',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /.*/ }, (args) => (builtins.has(args.path) ? { path: args.path, namespace: 'empty-node-builtin' } : undefined));
    pluginBuild.onLoad({ filter: /.*/, namespace: 'empty-node-builtin' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
  },
};
