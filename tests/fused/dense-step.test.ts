/**
 * The fused step against TF.js's own training step: from the same weights, one SGD step at rate 1
 * moves each weight by minus its gradient, so the weights after it compare the two gradients.
 * Every activation, loss and optimizer the fused step accepts, within 1e-5.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.js';
import { planChain } from '../../src/backend/fused/chain-plan.js';
import { lossName } from '../../src/backend/losses.js';
import { BUILDS, type BothWays, data, largestDifference, specDocument, trainBothWays, trainerOptions } from './helpers.js';

beforeAll(async () => {
  await initBackend('wasm');
});

interface Case {
  name: string;
  layers: string;
  loss?: string;
  optimizer?: string;
  units: number;
  target?: 'one-hot' | 'index' | 'value';
  classes?: number;
  metrics?: string;
  input?: string;
}

const CASES: Case[] = [
  { name: 'relu + softmax, categorical cross-entropy', layers: 'dense(16, activation: relu)\n  dense(3, activation: softmax)', units: 3 },
  {
    name: 'tanh + sigmoid layers, no bias',
    layers: 'dense(12, activation: tanh, use_bias: false)\n  dense(9, activation: sigmoid)\n  dense(3, activation: softmax)',
    units: 3,
  },
  {
    name: 'activation layers and flatten',
    layers: 'flatten()\n  dense(8)\n  activation(relu)\n  dense(3)\n  activation(softmax)',
    units: 3,
    input: '[2, 2]',
  },
  {
    name: 'sparse categorical cross-entropy',
    layers: 'dense(10, activation: relu)\n  dense(3, activation: softmax)',
    units: 3,
    loss: 'sparse_categorical_crossentropy',
    target: 'index',
  },
  {
    name: 'binary cross-entropy on a sigmoid unit',
    layers: 'dense(10, activation: relu)\n  dense(1, activation: sigmoid)',
    units: 1,
    loss: 'binary_crossentropy',
    target: 'value',
    classes: 2,
  },
  { name: 'mean squared error on linear units', layers: 'dense(10, activation: relu)\n  dense(3)', units: 3, loss: 'mse', target: 'value', metrics: 'mae' },
  {
    name: 'wide layers (SIMD blocks and edges)',
    layers: 'dense(37, activation: relu)\n  dense(21, activation: relu)\n  dense(3, activation: softmax)',
    units: 3,
  },
];

const OPTIMIZERS = [
  'sgd(learning_rate: 1)',
  'sgd(learning_rate: 0.1, momentum: 0.9)',
  'sgd(learning_rate: 0.1, momentum: 0.9, nesterov: true)',
  'adam(learning_rate: 0.01)',
];

/** Weights after `epochs` epochs (no shuffle, no dropout) from TF.js's step and from the fused one. */
async function bothWays(c: Case, optimizer: string, epochs: number, fusedMultiplyAdd = true): Promise<BothWays> {
  const document = specDocument(c.layers, { loss: c.loss, optimizer, batch: 16, classes: c.classes, metrics: c.metrics, input: c.input });
  const { x: flat, y } = data(40, 4, c.units, c.target ?? 'one-hot');
  const x = c.input ? flat.reshape([40, ...(JSON.parse(c.input) as number[])]) : flat;
  const result = await trainBothWays(document, x, y, epochs, fusedMultiplyAdd);
  tf.dispose([x, flat, y]);
  return result;
}

describe.each(BUILDS)('the fused training step ($name) matches TF.js gradients and updates', ({ fusedMultiplyAdd }) => {
  for (const c of CASES) {
    it(`${c.name}: one SGD step at rate 1 (the gradients) within 1e-5`, async () => {
      const { tfjs, fused, losses } = await bothWays(c, 'sgd(learning_rate: 1)', 1, fusedMultiplyAdd);
      expect(largestDifference(tfjs, fused)).toBeLessThan(1e-5);
      expect(losses[1]![0]).toBeCloseTo(losses[0]![0]!, 6);
    });
  }

  for (const optimizer of OPTIMIZERS) {
    it(`${optimizer}: three epochs of updates within 1e-5`, async () => {
      const { tfjs, fused, losses } = await bothWays(CASES[0]!, optimizer, 3, fusedMultiplyAdd);
      expect(largestDifference(tfjs, fused)).toBeLessThan(1e-5);
      losses[0]!.forEach((loss, epoch) => expect(losses[1]![epoch]).toBeCloseTo(loss, 5));
    });
  }
});

describe('noise layers train as TF.js trains them', () => {
  for (const noise of ['dropout(0.4)', 'gaussian_dropout(0.3)', 'gaussian_noise(0.2)']) {
    it(`${noise}: three epochs within 1e-5`, async () => {
      const c: Case = { name: noise, layers: `dense(16, activation: relu)\n  ${noise}\n  dense(3, activation: softmax)`, units: 3 };
      const { tfjs, fused, losses } = await bothWays(c, 'adam(learning_rate: 0.01)', 3);
      expect(largestDifference(tfjs, fused)).toBeLessThan(1e-5);
      losses[0]!.forEach((loss, epoch) => expect(losses[1]![epoch]).toBeCloseTo(loss, 5));
    });
  }
});

describe('which models the fused step takes', () => {
  const reasonFor = (layers: string, train: Parameters<typeof specDocument>[1] = {}) => {
    const options = trainerOptions(specDocument(layers, train));
    const { plan, reason } = planChain(options.model, options.optimizer, lossName(options.loss));
    options.model.dispose();
    return plan ? 'fused' : reason;
  };

  it('takes dense, activation, dropout and flatten chains', () => {
    expect(reasonFor('dense(8, activation: relu)\n  dropout(0.3)\n  dense(3, activation: softmax)')).toBe('fused');
  });

  it('names what keeps a model on TF.js steps', () => {
    expect(reasonFor('dense(8, activation: elu)\n  dense(3, activation: softmax)')).toBe('the fused step has no elu activation');
    expect(reasonFor('dense(8, kernel_regularizer: l2(0.01))\n  dense(3, activation: softmax)')).toBe('dense_1 has a regularizer');
    expect(reasonFor('dense(8)\n  batch_norm()\n  dense(3, activation: softmax)')).toMatch(/^the fused step has no BatchNormalization layer$/);
    expect(reasonFor('dense(3, activation: softmax)', { optimizer: 'rmsprop(learning_rate: 0.01)' })).toBe('the fused step has no RMSProp update');
    expect(reasonFor('dense(3)', { loss: 'mae', metrics: 'mae' })).toBe('the fused step has no mean_absolute_error loss');
    expect(reasonFor('dense(3, activation: softmax)\n  dense(3, activation: relu)')).toBe('softmax is not the last activation');
  });
});
