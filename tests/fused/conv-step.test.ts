/**
 * The fused step's conv2d and max_pool2d layers against TF.js's own training step (with nnspec's
 * conv and pool kernels on wasm): from the same weights, one SGD step at rate 1 over the whole
 * data moves each weight by minus its gradient, so the weights after it compare the two gradients; then three epochs of
 * Adam. Both builds, within 1e-5, over padding, strides, dilations, activations, channel counts
 * off the kernels' blocks, pools and dropout on images.
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
  input: number[];
  layers: string;
}

const CASES: Case[] = [
  {
    name: 'conv relu, max pool, conv relu, flatten, dense softmax (the benchmark net, small)',
    input: [10, 10, 1],
    layers: 'conv2d(8, 3, activation: relu)\n  max_pool2d(2)\n  conv2d(16, 3, activation: relu)\n  flatten()\n  dense(3, activation: softmax)',
  },
  {
    name: 'same padding (a padded copy), then valid, channels off the 8-wide blocks',
    input: [7, 7, 3],
    layers: 'conv2d(5, 3, padding: same, activation: relu)\n  conv2d(11, 3, activation: tanh)\n  flatten()\n  dense(3, activation: softmax)',
  },
  {
    name: 'strides 2, no bias, sigmoid, then a same-padded pool with strides 1',
    input: [9, 9, 2],
    layers:
      'conv2d(8, 3, strides: 2, use_bias: false, activation: sigmoid)\n  max_pool2d(2, strides: 1, padding: same)\n  conv2d(4, 2, activation: relu)\n  flatten()\n  dense(3, activation: softmax)',
  },
  {
    name: 'a vector reshaped into an image, as specs/digits-conv.nn does',
    input: [64],
    layers:
      'reshape([8, 8, 1])\n  conv2d(8, 3, padding: same, activation: relu)\n  max_pool2d(2)\n  conv2d(8, 3, activation: relu)\n  flatten()\n  dropout(0.3)\n  dense(3, activation: softmax)',
  },
  {
    name: 'dilation 2, linear, an activation layer and dropout on images',
    input: [8, 8, 2],
    layers: 'conv2d(6, 3, dilation_rate: 2)\n  activation(relu)\n  dropout(0.25)\n  conv2d(8, 2, padding: same)\n  flatten()\n  dense(3, activation: softmax)',
  },
];

/** Weights after `epochs` epochs of batches of `batch` (no shuffle) from TF.js's step and from the fused one. */
async function bothWays(c: Case, optimizer: string, epochs: number, batch: number, fusedMultiplyAdd: boolean): Promise<BothWays> {
  const features = c.input.reduce((a, d) => a * d, 1);
  const document = specDocument(c.layers, { optimizer, batch, input: JSON.stringify(c.input), features });
  const { x: flat, y } = data(40, features, 3);
  const x = flat.reshape([40, ...c.input]);
  const result = await trainBothWays(document, x, y, epochs, fusedMultiplyAdd);
  tf.dispose([x, flat, y]);
  return result;
}

describe.each(BUILDS)('conv and pool layers on the fused step ($name) match TF.js', ({ fusedMultiplyAdd }) => {
  for (const c of CASES) {
    it(`${c.name}: one SGD step at rate 1 (the gradients) within 1e-5`, async () => {
      const { tfjs, fused, losses } = await bothWays(c, 'sgd(learning_rate: 1)', 1, 40, fusedMultiplyAdd);
      expect(fused.length).toBe(tfjs.length);
      expect(largestDifference(tfjs, fused)).toBeLessThan(1e-5);
      // The weights moved: the comparison is not of two untouched copies.
      expect(losses[0]![0]).toBeCloseTo(losses[1]![0]!, 5);
      tf.dispose([...tfjs, ...fused]);
    });

    it(`${c.name}: three epochs of Adam within 1e-5`, async () => {
      const { tfjs, fused, losses } = await bothWays(c, 'adam(learning_rate: 0.01)', 3, 16, fusedMultiplyAdd);
      expect(largestDifference(tfjs, fused)).toBeLessThan(1e-5);
      losses[0]!.forEach((loss, e) => expect(losses[1]![e]).toBeCloseTo(loss, 5));
      expect(losses[1]![2]).toBeLessThan(losses[1]![0]!);
      tf.dispose([...tfjs, ...fused]);
    });
  }
});

describe('which image models the fused step takes', () => {
  const reasonFor = (layers: string, input: string, capacity?: number) => {
    const features = (JSON.parse(input) as number[]).reduce((a, d) => a * d, 1);
    const options = trainerOptions(specDocument(layers, { input, features }));
    const { plan, reason } = planChain(options.model, options.optimizer, lossName(options.loss), capacity);
    options.model.dispose();
    return plan ? 'fused' : reason;
  };

  it('takes conv2d, max_pool2d, reshape and flatten before dense layers', () => {
    expect(reasonFor('conv2d(4, 3, activation: relu)\n  max_pool2d(2)\n  flatten()\n  dense(3, activation: softmax)', '[8, 8, 1]')).toBe('fused');
    expect(reasonFor('reshape([8, 8, 1])\n  conv2d(4, 3)\n  flatten()\n  dense(3, activation: softmax)', '[64]')).toBe('fused');
  });

  it('names what keeps an image model on TF.js steps', () => {
    expect(reasonFor('conv2d(4, 3, activation: elu)\n  flatten()\n  dense(3, activation: softmax)', '[8, 8, 1]')).toBe(
      'the fused step has no elu activation on a conv2d layer',
    );
    expect(reasonFor('conv2d(4, 3, kernel_regularizer: l2(0.01))\n  flatten()\n  dense(3, activation: softmax)', '[8, 8, 1]')).toBe(
      'conv2d_1 has a regularizer',
    );
    expect(reasonFor('conv2d(4, 3)\n  avg_pool2d(2)\n  flatten()\n  dense(3, activation: softmax)', '[8, 8, 1]')).toBe(
      'the fused step has no AveragePooling2D layer',
    );
    expect(reasonFor('conv2d(4, 3)\n  activation(softmax)\n  flatten()\n  dense(3, activation: softmax)', '[8, 8, 1]')).toBe(
      'activation_1 is a softmax on a rank-3 input',
    );
  });

  it("leaves to TF.js a model whose activations would not fit the step's memory", () => {
    // 256 examples of 126 x 126 x 32 activations, with the gradients' buffers: over 1 GiB.
    const layers = 'conv2d(32, 3, activation: relu)\n  max_pool2d(4)\n  flatten()\n  dense(3, activation: softmax)';
    expect(reasonFor(layers, '[128, 128, 1]', 256)).toMatch(/^the fused step would need 1\d{3} MiB for batches of 256$/);
    expect(reasonFor(layers, '[128, 128, 1]', 64)).toBe('fused');
  });
});
