import { defineConfig } from 'tsup';

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
  // TF.js and its wasm backend stay external: the wasm files are loaded from the installed package.
  // chevrotain is bundled: its ES modules (and lodash-es's hundreds of files) took about 0.4 s to
  // resolve and load at every CLI start, as long as the rest of `nnspec check`. It stays a
  // dependency (its licence ships with it).
  noExternal: ['chevrotain'],
  external: ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', 'zod', 'picocolors', 'vscode-languageserver', 'vscode-languageserver-textdocument'],
});
