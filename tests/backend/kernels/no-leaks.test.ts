import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NNSPEC_WASM_KERNELS } from '../../../src/backend/kernels/index.js';
import { initBackends, seededValues } from './helpers.js';

beforeAll(async () => {
  await initBackends();
  await tf.setBackend('wasm');
  // Makes the engine check after every kernel that it left exactly its outputs' data behind.
  tf.env().set('IS_TEST', true);
});
afterAll(() => tf.env().set('IS_TEST', false));

const t = (shape: number[], seed: number) => tf.tensor(seededValues(tf.util.sizeFromShape(shape), seed), shape);

/** One representative call per kernel nnspec registers. */
const calls: Record<string, () => tf.Tensor> = {
  Conv2DBackpropInput: () =>
    tf
      .engine()
      .runKernel(
        'Conv2DBackpropInput',
        { dy: t([2, 3, 3, 4], 8), filter: t([3, 3, 3, 4], 9) },
        { strides: 2, pad: 'same', dataFormat: 'NHWC', inputShape: [2, 6, 6, 3] },
      ) as tf.Tensor,
  Conv2DBackpropFilter: () =>
    tf
      .engine()
      .runKernel(
        'Conv2DBackpropFilter',
        { x: t([2, 6, 6, 3], 1), dy: t([2, 3, 3, 4], 2) },
        { strides: 2, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 3, 4] },
      ) as tf.Tensor,
  UnsortedSegmentSum: () =>
    tf.engine().runKernel('UnsortedSegmentSum', { x: t([6, 2], 3), segmentIds: tf.tensor1d([0, 2, 2, -1, 5, 1], 'int32') }, { numSegments: 3 }) as tf.Tensor,
  DepthwiseConv2dNativeBackpropFilter: () =>
    tf
      .engine()
      .runKernel(
        'DepthwiseConv2dNativeBackpropFilter',
        { x: t([1, 5, 5, 2], 4), dy: t([1, 5, 5, 4], 5) },
        { strides: 1, pad: 'same', dilations: 2, filterShape: [3, 3, 2, 2] },
      ) as tf.Tensor,
  DepthwiseConv2dNativeBackpropInput: () =>
    tf
      .engine()
      .runKernel(
        'DepthwiseConv2dNativeBackpropInput',
        { dy: t([1, 3, 3, 4], 6), filter: t([3, 3, 2, 2], 7) },
        { strides: 1, pad: 'valid', dilations: 1, inputShape: [1, 5, 5, 2] },
      ) as tf.Tensor,
  NnspecReluGradient: () => tf.engine().runKernel('NnspecReluGradient', { dy: t([3, 5], 10), y: t([3, 5], 11) }, {}) as tf.Tensor,
  BatchMatMul: () => tf.engine().runKernel('BatchMatMul', { a: t([5, 7], 12), b: t([5, 3], 13) }, { transposeA: true, transposeB: false }) as tf.Tensor,
  _FusedMatMul: () =>
    tf
      .engine()
      .runKernel(
        '_FusedMatMul',
        { a: t([1, 4, 6], 14), b: t([1, 6, 3], 15), bias: t([3], 16) },
        { transposeA: false, transposeB: false, activation: 'relu' },
      ) as tf.Tensor,
  MaxPoolGrad: () =>
    tf.engine().runKernel('MaxPoolGrad', { dy: t([1, 2, 2, 5], 17), input: t([1, 4, 4, 5], 18) }, { filterSize: 2, strides: 2, pad: 'valid' }) as tf.Tensor,
  Sum: () => tf.sum(t([6, 9], 19), 0),
  NnspecMatMulOfTransposed: () =>
    tf.engine().runKernel('NnspecMatMulOfTransposed', { a: t([5, 7], 20), b: t([3, 5], 21) }, { transposeA: true, transposeB: true }) as tf.Tensor,
};

describe('nnspec wasm kernels leak nothing', () => {
  it('covers every registered kernel', () => {
    const replaced = ['Conv2DBackpropInput', 'BatchMatMul', '_FusedMatMul', 'MaxPoolGrad', 'Sum'];
    expect(Object.keys(calls).sort()).toEqual([...NNSPEC_WASM_KERNELS.map((k) => k.kernelName), ...replaced].sort());
  });

  it.each(Object.keys(calls))('%s: live tensors and data buffers are the same after repeated calls', (name) => {
    const run = () => tf.tidy(() => void calls[name]!().dataSync());
    run();
    const before = tf.memory();
    for (let i = 0; i < 3; i++) run();
    const after = tf.memory();
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.numDataBuffers).toBe(before.numDataBuffers);
  });
});
