import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/repo-root.js';

/**
 * Runs an ES module in a fresh Node process from the repository root, where `nnspec/...`
 * resolves to the built package (dist/), exactly as a user's script would.
 */
function runScript(source: string): string {
  return execFileSync(process.execPath, ['--input-type=module', '-e', source], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

// A tiny saved model in TF.js's Layers format, built in the child from plain numbers.
const loadAndPredict = `
const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2], kernelInitializer: 'ones', biasInitializer: 'zeros' })] });
const artifacts = await new Promise((resolve) => model.save({ save: async (a) => { resolve(a); return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }; } }));
const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
console.log(JSON.stringify({ backend: tf.getBackend(), y: Array.from(loaded.predict(tf.tensor2d([[2, 3]])).dataSync()) }));
`;

describe('importing nnspec leaves TF.js usable at once', () => {
  for (const entry of ['nnspec/node', 'nnspec/train']) {
    it(`plain tf.loadLayersModel works right after importing ${entry}, without tf.ready()`, () => {
      const out = runScript(`import * as tf from '@tensorflow/tfjs';\nimport '${entry}';\n${loadAndPredict}`);
      expect(JSON.parse(out)).toEqual({ backend: 'cpu', y: [5] });
    });
  }

  it('initBackend is what switches to wasm, and awaits it', () => {
    const out = runScript(
      `import * as tf from '@tensorflow/tfjs';\nimport { initBackend } from 'nnspec/train';\nawait initBackend('wasm');\n${loadAndPredict}`,
    );
    expect(JSON.parse(out)).toEqual({ backend: 'wasm', y: [5] });
  });
});
