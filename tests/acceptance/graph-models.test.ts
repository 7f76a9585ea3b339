/**
 * Issue 12's acceptance, end to end on the WASM backend: the issue's two graph models check,
 * compile and train; their saved model.json loads in a process that has plain TF.js and nothing
 * of nnspec, with the summary's parameter count; a block used twice trains two sets of weights;
 * a merge of disagreeing shapes is an error at the merge; and the residual digits spec reaches
 * the accuracy docs/language.md quotes.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.js';
import { checkSource } from '../../src/check/index.js';
import { renderSummary, summarizeModel } from '../../src/check/summary.js';
import { exportModelFiles } from '../../src/node/model-files.js';
import { runTraining } from '../../src/train/runner/index.js';
import { documentOf } from '../runner/helpers.js';
import { repoRoot } from '../support/repo-root.js';
import { BRANCHES as BRANCHES_MODEL, RESIDUAL_MLP as RESIDUAL_MLP_MODEL } from '../check/graph-fixtures.js';

const DATA = `
data digits {
  source: builtin.digits
  normalize: minmax
  limit: 300
  split: { train: 0.6, validation: 0.2, test: 0.2, stratify: true }
}
`;

const TRAIN = (model: string): string => `
train ${model} on digits {
  loss: categorical_crossentropy
  metrics: [accuracy]
  optimizer: adam(learning_rate: 1e-3)
  epochs: 2
  batch_size: 32
  seed: 3
}
`;

/** The two examples (tests/check/graph-fixtures.ts), on the digits: 64 pixels, or reshaped to 8x8x1 images. */
const RESIDUAL_MLP = `${DATA}\n${RESIDUAL_MLP_MODEL}\n${TRAIN('residual_mlp')}`;
const BRANCHES = `${DATA}\n${BRANCHES_MODEL}\n${TRAIN('branches')}`;

/** Loads model.json in a fresh Node process that imports only @tensorflow/tfjs, and prints its parameter count and one prediction. */
function loadInPlainTfjs(dir: string, inputShape: number[]): { params: number; prediction: number[] } {
  const script = `
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import path from 'node:path';
const dir = process.argv[1];
const json = JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8'));
const weights = readFileSync(path.join(dir, json.weightsManifest[0].paths[0]));
const model = await tf.loadLayersModel(tf.io.fromMemory({
  modelTopology: json.modelTopology,
  weightSpecs: json.weightsManifest[0].weights,
  weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
}));
const shape = ${JSON.stringify(inputShape)};
const size = shape.reduce((a, b) => a * b, 1);
const x = tf.tensor(Array.from({ length: size }, (_, i) => (i % 7) / 7), [1, ...shape]);
const prediction = Array.from(model.predict(x).dataSync());
process.stdout.write(JSON.stringify({ params: model.countParams(), prediction }));
`;
  // stderr is kept (not shown): plain TF.js greets Node with advice to install tfjs-node.
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script, dir], {
    cwd: repoRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return JSON.parse(out) as { params: number; prediction: number[] };
}

const folders: string[] = [];

beforeAll(async () => {
  await initBackend('wasm');
});

afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

describe('graph models end to end (issue 12)', () => {
  it.each([
    ['residual_mlp', RESIDUAL_MLP, [64], 26_122],
    ['branches', BRANCHES, [8, 8, 1], 3_146],
  ])('%s checks, trains on wasm, and its model.json loads in plain TF.js with the summary count', async (name, spec, inputShape, params) => {
    const checked = checkSource(spec);
    expect(checked.diagnostics).toEqual([]);
    const model = checked.value.models[0]!;
    expect(model.trainableParams + model.nonTrainableParams).toBe(params);
    expect(renderSummary(summarizeModel(model))).toContain(`Total params: ${params.toLocaleString('en-US')}`);

    const result = await runTraining(documentOf(spec), { baseDir: repoRoot, backend: 'wasm' });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const run = result.value!;
    expect(run.report.history).toHaveLength(2);
    expect(Number.isFinite(run.report.history[1]!.trainLoss)).toBe(true);

    const dir = mkdtempSync(path.join(os.tmpdir(), `nnspec-${name}-`));
    folders.push(dir);
    await exportModelFiles(run.model, dir);
    const saved = JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8')) as {
      modelTopology: { class_name: string; config: { layers: { name: string; inbound_nodes: unknown[] }[] } };
    };
    expect(saved.modelTopology.class_name).toBe('Model');
    const loaded = loadInPlainTfjs(dir, inputShape);
    expect(loaded.params).toBe(params);
    expect(loaded.prediction).toHaveLength(10);
    expect(loaded.prediction.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    run.model.dispose();
  });

  it('a block used twice trains two independent sets of weights', async () => {
    const spec = `${DATA}
block pair(units) {
  dense(units, activation: relu)
}
model twice {
  input(shape: [64])
  pair(16)
  pair(16)
  dense(10, activation: softmax)
}
${TRAIN('twice')}`;
    const result = await runTraining(documentOf(spec), { baseDir: repoRoot, backend: 'wasm' });
    const model = result.value!.model;
    const kernel = (layer: string): number[] => Array.from(model.getLayer(layer).getWeights()[0]!.dataSync());
    expect(model.layers.map((layer) => layer.name)).toEqual(['input_1', 'pair_1.dense_1', 'pair_2.dense_1', 'dense_1']);
    const first = kernel('pair_1.dense_1');
    const second = kernel('pair_2.dense_1');
    expect(first).toHaveLength(64 * 16);
    expect(second).toHaveLength(16 * 16);
    // Same shape, same place in a block: the two uses' kernels still differ (own seeds, own updates).
    const again = kernel('pair_2.dense_1');
    expect(again).toEqual(second);
    expect(first.slice(0, 256)).not.toEqual(second);
    model.dispose();
  });

  it('a skip path of another width is an error at the `add` line that shows both shapes', () => {
    const spec = `model m {
  input(shape: [8])
  h = dense(64, activation: relu)
  dense(128)
  add(h)
}`;
    // (The model is used by no `train`: that warning aside, the merge is the one problem.)
    const diagnostics = checkSource(spec).diagnostics.filter((d) => d.severity === 'error');
    expect(diagnostics).toHaveLength(1);
    const [error] = diagnostics;
    expect(error!.code).toBe('NN3016');
    expect(error!.range.start.line).toBe(5);
    const words = [error!.message, ...(error!.labels ?? []).map((label) => label.message), error!.help ?? ''].join('\n');
    expect(words).toContain('[64]');
    expect(words).toContain('[128]');
  });

  // On both builds of the conv kernels (wasm/conv.c): `auto` takes the relaxed one (fused
  // multiply-adds) where the engine has relaxed SIMD, `plain` the one of engines without it. They
  // round differently, and the example must not depend on which (see the spec's patience). Up to
  // 60 epochs each: about 45 s alone on a 2-core machine, more beside the other test files.
  it.each(['auto', 'plain'] as const)(
    'specs/digits-resnet.nn reaches test accuracy >= 0.93 on wasm (step: %s)',
    async (step) => {
      const file = path.join(repoRoot, 'specs', 'digits-resnet.nn');
      const result = await runTraining(documentOf(readFileSync(file, 'utf8')), { baseDir: path.dirname(file), backend: 'wasm', step });
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const report = result.value!.report;
      expect(report.summary.test!.metrics.accuracy).toBeGreaterThanOrEqual(0.93);
      expect(report.summary.restoredBestWeights).toBe(true);
      result.value!.model.dispose();
    },
    180_000,
  );
});
