import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkSource } from '../../src/check/index.js';
import { lower } from '../../src/lower/index.js';
import type { IrModel } from '../../src/ir/schema.js';
import { buildModel, initBackend } from '../../src/backend/index.js';
import { regularizationLoss } from '../../src/train/trainer/train-loop.js';

/** The catalogue's own examples (docs/catalogue.md): call, input shape, output shape, parameter count. */
const EXAMPLES: ReadonlyArray<readonly [string, number[], number[], number]> = [
  ['dense(32)', [64], [32], 2080],
  ['activation(relu)', [64], [64], 0],
  ['flatten()', [8, 8, 3], [192], 0],
  ['reshape([8, 8, 1])', [64], [8, 8, 1], 0],
  ['dropout(0.5)', [64], [64], 0],
  ['gaussian_dropout(0.2)', [64], [64], 0],
  ['alpha_dropout(0.1)', [64], [64], 0],
  ['gaussian_noise(0.1)', [64], [64], 0],
  ['spatial_dropout1d(0.2)', [20, 16], [20, 16], 0],
  ['batch_norm()', [64], [64], 256],
  ['layer_norm()', [64], [64], 128],
  ['conv1d(16, 3)', [20, 8], [18, 16], 400],
  ['conv2d(32, 3)', [28, 28, 1], [26, 26, 32], 320],
  ['max_pool1d(2)', [20, 8], [10, 8], 0],
  ['max_pool2d(2)', [26, 26, 32], [13, 13, 32], 0],
  ['avg_pool1d(2)', [20, 8], [10, 8], 0],
  ['avg_pool2d(2)', [26, 26, 32], [13, 13, 32], 0],
  ['global_avg_pool1d()', [20, 8], [8], 0],
  ['global_avg_pool2d()', [7, 7, 64], [64], 0],
  ['global_max_pool1d()', [20, 8], [8], 0],
  ['global_max_pool2d()', [7, 7, 64], [64], 0],
  ['embedding(1000, 16)', [20], [20, 16], 16000],
  ['simple_rnn(32)', [20, 8], [32], 1312],
  ['lstm(32)', [20, 8], [32], 5248],
  ['gru(32)', [20, 8], [32], 3936],
];

function modelOf(call: string, shape: number[]): IrModel {
  const checked = checkSource(`model m {\n  input(shape: [${shape.join(', ')}])\n  ${call}\n}\n`);
  expect(checked.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const documents = lower(checked.value).value;
  expect(documents).toHaveLength(1);
  return documents[0]!.model;
}

beforeAll(async () => {
  await initBackend('wasm');
});

describe('every catalogue layer builds on wasm', () => {
  it.each(EXAMPLES)('%s on %j gives %j with %d parameters, and runs', (call, inputShape, outputShape, params) => {
    const ir = modelOf(call, inputShape);
    const model = buildModel(ir, { seed: 3 });
    try {
      const layer = model.layers[model.layers.length - 1]!;
      expect(layer.name).toBe(ir.nodes[ir.nodes.length - 1]!.name);
      expect(layer.countParams()).toBe(params);
      expect(model.outputs[0]!.shape.slice(1)).toEqual(outputShape);
      const before = tf.memory().numTensors;
      const x = call.startsWith('embedding') ? tf.ones([2, ...inputShape], 'int32') : tf.ones([2, ...inputShape]);
      const y = model.predict(x) as tf.Tensor;
      expect(y.shape).toEqual([2, ...outputShape]);
      expect(Array.from(y.dataSync()).every(Number.isFinite)).toBe(true);
      tf.dispose([x, y]);
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      model.dispose();
    }
  });
});

describe('activations TF.js lacks or names differently', () => {
  const cases: ReadonlyArray<readonly [string, (v: number) => number]> = [
    ['gelu', (v) => 0.5 * v * (1 + erf(v / Math.SQRT2))],
    ['mish', (v) => v * Math.tanh(Math.log1p(Math.exp(v)))],
    ['swish', (v) => v / (1 + Math.exp(-v))],
    ['relu6', (v) => Math.min(Math.max(v, 0), 6)],
  ];
  it.each(cases)('%s computes its formula', (name, formula) => {
    const model = buildModel(modelOf(`activation(${name})`, [5]), { seed: 1 });
    const inputs = [-3, -0.5, 0, 1.5, 7];
    const y = tf.tidy(() => Array.from((model.predict(tf.tensor2d([inputs])) as tf.Tensor).dataSync()));
    model.dispose();
    inputs.forEach((v, i) => expect(y[i]).toBeCloseTo(formula(v), 3));
  });
});

/** Abramowitz-Stegun 7.1.26, accurate to 1.5e-7: enough for a 3-decimal comparison. */
function erf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return x >= 0 ? y : -y;
}

describe('regularizers', () => {
  it.each([
    ['l2(0.1)', (w: number[]) => 0.1 * w.reduce((s, v) => s + v * v, 0)],
    ['l1(0.1)', (w: number[]) => 0.1 * w.reduce((s, v) => s + Math.abs(v), 0)],
    ['l1l2(l1: 0.1, l2: 0.2)', (w: number[]) => w.reduce((s, v) => s + 0.1 * Math.abs(v) + 0.2 * v * v, 0)],
  ] as const)("kernel_regularizer: %s adds its penalty to the trainer's regularization loss", (call, penalty) => {
    const model = buildModel(modelOf(`dense(3, kernel_regularizer: ${call})`, [4]), { seed: 5 });
    const kernel = Array.from(model.layers[model.layers.length - 1]!.getWeights()[0]!.dataSync());
    const reg = regularizationLoss(model);
    expect(reg).not.toBeNull();
    expect(reg!.dataSync()[0]).toBeCloseTo(penalty(kernel), 5);
    tf.dispose(reg!);
    model.dispose();
  });

  it('a model without regularizers has no regularization loss', () => {
    const model = buildModel(modelOf('dense(3)', [4]), { seed: 5 });
    expect(regularizationLoss(model)).toBeNull();
    model.dispose();
  });
});
