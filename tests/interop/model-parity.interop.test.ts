/**
 * model.py against TF.js: every catalogue layer (and each activation, parameter variants, every
 * merge) in a tiny model built with seeded weights, perturbed so biases and batch-norm statistics
 * are not trivial, written as TF.js files; the generated module loads them and runs in eval mode on
 * the same inputs: max |torch - tfjs| <= 1e-5 * max(1, max |tfjs|). Also the parameter counts, the
 * weights written back in TF.js's layout, the regularization term, and a train-mode step whose
 * backward reaches every parameter. One Python process runs all.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModel, initBackend } from '../../src/backend/index.js';
import { LAYERS as CATALOGUE } from '../../src/catalogue/index.js';
import { checkSource } from '../../src/check/index.js';
import type { IrModel } from '../../src/ir/schema.js';
import { lower } from '../../src/lower/index.js';
import { exportModelFiles } from '../../src/node/model-files.js';
import { generateModelPy } from '../../src/pytorch/model-py.js';
import { runPython } from './python.js';

const REPO = path.resolve(import.meta.dirname, '../..');

interface Case {
  /** The model's body after its `input` line; for a `spec`, its path (the cases of specs/). */
  body: string;
  shape: number[];
  /** The body is a spec file of specs/, whose (first) model is the case's. */
  spec?: boolean;
  /** Inputs are whole numbers in [0, integers) (an embedding's token indices). */
  integers?: number;
  targetScaling?: { mean: number; std: number };
  /** The expected regularization term from the TF.js weights (l1, l2 of every regularized weight, by weight name suffix). */
  regularized?: Record<string, { l1: number; l2: number }>;
  /**
   * Compare one call in training mode instead of inference (deterministic layers only): the
   * output, and every weight after it (batch norm's moving statistics move).
   */
  training?: boolean;
}

const ACTIVATIONS = ['linear', 'relu', 'relu6', 'elu', 'selu', 'sigmoid', 'hard_sigmoid', 'tanh', 'softmax', 'softplus', 'softsign', 'swish', 'mish', 'gelu'];

const CASES: Case[] = [
  { body: 'dense(6)', shape: [5] },
  { body: 'dense(4, use_bias: false)', shape: [5] },
  ...ACTIVATIONS.map((activation) => ({ body: `dense(5, activation: ${activation})`, shape: [4] })),
  ...ACTIVATIONS.map((activation) => ({ body: `activation(${activation})`, shape: [3, 4] })),
  { body: 'flatten()', shape: [3, 4, 2] },
  { body: 'reshape([4, 6])\n  conv1d(2, 3)', shape: [24] },
  { body: 'dropout(0.5)', shape: [6] },
  { body: 'gaussian_dropout(0.2)', shape: [6] },
  { body: 'alpha_dropout(0.1)', shape: [6] },
  { body: 'gaussian_noise(0.1)', shape: [6] },
  { body: 'spatial_dropout1d(0.2)', shape: [5, 4] },
  { body: 'spatial_dropout2d(0.2)', shape: [4, 4, 3] },
  { body: 'batch_norm()', shape: [6] },
  { body: 'batch_norm(momentum: 0.9, epsilon: 0.01)', shape: [3, 4, 2] },
  { body: 'batch_norm(center: false, scale: false)', shape: [4, 3] },
  { body: 'batch_norm(center: false)', shape: [6] },
  { body: 'batch_norm()', shape: [6], training: true },
  { body: 'batch_norm(momentum: 0.9, epsilon: 0.01)', shape: [3, 4, 2], training: true },
  { body: 'batch_norm(center: false, scale: false, momentum: 0.5)', shape: [4, 3], training: true },
  { body: 'layer_norm()', shape: [6] },
  { body: 'layer_norm(center: false, scale: false)', shape: [3, 6] },
  { body: 'layer_norm(scale: false, epsilon: 0.1)', shape: [3, 6] },
  { body: 'conv1d(4, 3)', shape: [9, 3] },
  { body: 'conv1d(4, 3, strides: 2, padding: same)', shape: [9, 3] },
  { body: 'conv1d(4, 4, strides: 3, padding: same, activation: relu)', shape: [10, 2] },
  { body: 'conv1d(4, 3, dilation_rate: 2, padding: same, use_bias: false)', shape: [10, 2] },
  { body: 'conv2d(4, 3)', shape: [7, 6, 2] },
  { body: 'conv2d(3, [3, 2], strides: [2, 2], padding: same, activation: relu)', shape: [7, 6, 2] },
  { body: 'conv2d(3, 4, strides: 2, padding: same)', shape: [8, 7, 2] },
  { body: 'conv2d(3, 3, dilation_rate: [2, 2], padding: same)', shape: [8, 8, 2] },
  { body: 'conv2d(2, 2, dilation_rate: 2)', shape: [6, 6, 3] },
  { body: 'max_pool1d(2)', shape: [9, 3] },
  { body: 'max_pool1d(3, strides: 2, padding: same)', shape: [8, 3] },
  { body: 'avg_pool1d(2)', shape: [9, 3] },
  { body: 'avg_pool1d(3, strides: 2, padding: same)', shape: [8, 3] },
  { body: 'max_pool2d(2)', shape: [6, 5, 2] },
  { body: 'max_pool2d([3, 3], strides: [2, 2], padding: same)', shape: [7, 6, 2] },
  { body: 'avg_pool2d(2)', shape: [6, 5, 2] },
  { body: 'avg_pool2d([3, 3], strides: [2, 2], padding: same)', shape: [7, 6, 2] },
  { body: 'avg_pool2d(2, padding: same)', shape: [5, 5, 2] },
  { body: 'global_avg_pool1d()', shape: [5, 3] },
  { body: 'global_average_pool1d()', shape: [5, 3] },
  { body: 'global_max_pool1d()', shape: [5, 3] },
  { body: 'global_avg_pool2d()', shape: [4, 3, 2] },
  { body: 'global_average_pool2d()', shape: [4, 3, 2] },
  { body: 'global_max_pool2d()', shape: [4, 3, 2] },
  { body: 'embedding(11, 4)', shape: [6], integers: 11 },
  { body: 'simple_rnn(4)', shape: [5, 3] },
  { body: 'simple_rnn(4, return_sequences: true, use_bias: false, activation: relu)', shape: [5, 3] },
  { body: 'lstm(4)', shape: [5, 3] },
  { body: 'lstm(4, return_sequences: true, recurrent_activation: hard_sigmoid, dropout: 0.2, recurrent_dropout: 0.3)', shape: [5, 3] },
  { body: 'lstm(3, activation: relu, use_bias: false)', shape: [4, 2] },
  { body: 'gru(4)', shape: [5, 3] },
  { body: 'gru(4, return_sequences: true, recurrent_activation: hard_sigmoid, dropout: 0.2)', shape: [5, 3] },
  { body: 'gru(3, activation: swish, use_bias: false)', shape: [4, 2] },
  ...['add', 'multiply', 'average', 'maximum', 'minimum', 'subtract'].map((merge) => ({
    body: `a = dense(4)\n  dense(4, activation: tanh)\n  ${merge}(a)`,
    shape: [5],
  })),
  ...['add', 'multiply', 'average', 'maximum', 'minimum'].map((merge) => ({
    body: `a = dense(4)\n  b = dense(4, activation: tanh)\n  dense(4, activation: sigmoid)\n  ${merge}(a, b)`,
    shape: [5],
  })),
  ...[1, 2, -1].map((axis) => ({
    body: `a = layer_norm()\n  activation(tanh)\n  concatenate(a, axis: ${axis})\n  flatten()`,
    shape: [3, 4],
  })),
  { body: 'dense(3)', shape: [4], targetScaling: { mean: 12.5, std: 3.25 } },
  // Every model of specs/ (the digits resnet is a graph of residual blocks), with its seed's weights perturbed.
  ...readdirSync(path.join(REPO, 'specs'))
    .filter((file) => file.endsWith('.nn'))
    .sort()
    .map((file) => ({ body: `specs/${file}`, spec: true, shape: [] })),
  {
    body: 'embedding(7, 2, embeddings_regularizer: l1(0.1))\n  flatten()\n  dense(3, kernel_regularizer: l1l2(l1: 0.01, l2: 0.02), bias_regularizer: l2(0.5))',
    shape: [4],
    integers: 7,
    regularized: { 'dense_1/kernel': { l1: 0.01, l2: 0.02 }, 'dense_1/bias': { l1: 0, l2: 0.5 }, 'embedding_1/embeddings': { l1: 0.1, l2: 0 } },
  },
];

function modelOf(testCase: Case): IrModel {
  const source = testCase.spec
    ? readFileSync(path.join(REPO, testCase.body), 'utf8')
    : `model m {\n  input(shape: [${testCase.shape.join(', ')}])\n  ${testCase.body}\n}\n`;
  const checked = checkSource(source);
  expect(
    checked.diagnostics.filter((d) => d.severity === 'error'),
    testCase.body,
  ).toEqual([]);
  return lower(checked.value).value[0]!.model;
}

/** Seeded numbers in [-2, 2), or whole numbers in [0, integers). */
function inputs(count: number, seed: number, integers?: number): Float32Array {
  let state = seed >>> 0 || 1;
  return Float32Array.from({ length: count }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const unit = state / 2 ** 32;
    return integers !== undefined ? Math.floor(unit * integers) : (unit * 2 - 1) * 2;
  });
}

interface PythonResult {
  output: number[];
  outputShape: number[];
  trainable: number;
  nonTrainable: number;
  roundTrip: number;
  roundTripSize: [number, number];
  regularization: number;
  /** A train-mode forward and backward gave every parameter a finite gradient. */
  trains: boolean;
  /** Every weight in TF.js's layout and manifest order, right after the compared call. */
  after: number[];
}

const BATCH = 3;
let folder: string;
const expected: { model: IrModel; output: Float32Array; shape: number[]; regularization: number; after: Float32Array }[] = [];
let results: PythonResult[];

beforeAll(async () => {
  await initBackend('wasm');
  folder = await mkdtemp(path.join(tmpdir(), 'nnspec-model-parity-'));
  // As in an exported project: the runtime beside the model modules (and the driver, so it imports them).
  await cp(path.join(REPO, 'python/nnspec_torch'), path.join(folder, 'nnspec_torch'), { recursive: true });
  await cp(path.join(REPO, 'tests/interop/model_parity.py'), path.join(folder, 'model_parity.py'));
  const manifest: unknown[] = [];
  for (const [index, testCase] of CASES.entries()) {
    const model = modelOf(testCase);
    const built = buildModel(model, { seed: 17 + index, targetScaling: testCase.targetScaling });
    // Perturb every weight but the target scaling, so biases and the moving statistics are not
    // their initial zeros and ones (a variance stays positive).
    let regularization = 0;
    for (const [w, weight] of built.weights.entries()) {
      if (weight.originalName.startsWith('target_scale/')) continue;
      const noise = tf.randomUniform(weight.shape as number[], -0.5, 0.5, 'float32', 1000 * index + w);
      const value = weight.originalName.endsWith('moving_variance') ? tf.add(tf.abs(noise), 0.3) : tf.add(weight.read(), noise);
      weight.write(value);
      const factors = testCase.regularized?.[weight.originalName];
      if (factors) {
        const data = await weight.read().data();
        for (const v of data) regularization += factors.l1 * Math.abs(v) + factors.l2 * v * v;
      }
    }
    const modelFolder = path.join(folder, `case_${index}`);
    await exportModelFiles(built, modelFolder);
    const generated = generateModelPy(model, { specPath: testCase.spec ? testCase.body : 'm.nn', targetScaling: testCase.targetScaling });
    expect(generated.diagnostics, testCase.body).toEqual([]);
    await writeFile(path.join(folder, `model_${index}.py`), generated.value!);
    const shape = model.inputShape as number[];
    const x = inputs(BATCH * shape.reduce((a, b) => a * b, 1), 99 + index, testCase.integers);
    const input = tf.tensor(x, [BATCH, ...shape]);
    const y = (testCase.training ? built.apply(input, { training: true }) : built.predict(input)) as tf.Tensor;
    const after = new Float32Array(await Promise.all(built.weights.map(async (weight) => Array.from(await weight.read().data()))).then((all) => all.flat()));
    expected.push({ model, output: (await y.data()) as Float32Array, shape: y.shape, regularization, after });
    manifest.push({ module: `model_${index}`, folder: modelFolder, input: Array.from(x), inputShape: [BATCH, ...shape], training: testCase.training === true });
  }
  await writeFile(path.join(folder, 'cases.json'), JSON.stringify(manifest));
  await runPython(['model_parity.py', 'cases.json', 'results.json'], { cwd: folder });
  results = JSON.parse(await readFile(path.join(folder, 'results.json'), 'utf8')) as PythonResult[];
});

afterAll(async () => {
  if (folder) await rm(folder, { recursive: true, force: true });
});

describe('model.py computes what TF.js computes, from the same weights', () => {
  it('the cases cover every catalogue layer and alias', () => {
    const tested = new Set(CASES.flatMap((c) => [...c.body.matchAll(/([a-z_0-9]+)\(/g)].map((m) => m[1]!)));
    for (const layer of CATALOGUE.values()) {
      if (layer.name === 'input') continue;
      for (const name of [layer.name, ...(layer.aliases ?? [])]) expect(tested, name).toContain(name);
    }
  });

  it.each(CASES.map((c, index) => [index, c.body.replace(/\n\s*/g, '; ')] as const))('case %i: %s', (index) => {
    const result = results[index]!;
    const { model, output, shape, regularization, after } = expected[index]!;
    expect(result.outputShape).toEqual(shape);
    const scale = Math.max(1, ...Array.from(output, Math.abs));
    const worst = Math.max(...result.output.map((value, i) => Math.abs(value - output[i]!)));
    expect(worst, `max |torch - tfjs| (scale ${scale})`).toBeLessThanOrEqual(1e-5 * scale);
    expect(result.trainable).toBe(model.trainableParams);
    expect(result.nonTrainable).toBe(model.nonTrainableParams);
    expect(result.roundTripSize[0]).toBe(result.roundTripSize[1]);
    expect(result.roundTrip).toBe(0);
    expect(result.regularization).toBeCloseTo(regularization, 4);
    expect(result.trains).toBe(true);
    expect(result.after.length).toBe(after.length);
    const moved = Math.max(0, ...result.after.map((value, i) => Math.abs(value - after[i]!)));
    expect(moved, 'weights after the call').toBeLessThanOrEqual(1e-5 * Math.max(1, ...Array.from(after, Math.abs)));
  });
});
