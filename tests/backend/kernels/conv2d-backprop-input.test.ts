import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerMissingWasmKernels } from '../../../src/backend/kernels/index.js';
import { CONV_BUILDS, initBackends, maxAbsDiff, onBoth, onConvBuild, seededValues } from './helpers.js';

beforeAll(initBackends);

type Pad = 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];
interface Case {
  x: [number, number, number, number];
  k: [number, number];
  cout: number;
  strides: [number, number];
  pad: Pad;
}

const cases: Case[] = [];
for (const pad of ['valid', 'same'] as Pad[]) {
  for (const strides of [
    [1, 1],
    [2, 2],
    [1, 3],
    [3, 2],
  ] as [number, number][]) {
    for (const k of [
      [1, 1],
      [3, 3],
      [2, 3],
      [4, 4],
    ] as [number, number][]) {
      cases.push({ x: [2, 7, 8, 3], k, cout: 4, strides, pad });
    }
  }
}
cases.push({
  x: [1, 5, 5, 2],
  k: [3, 3],
  cout: 2,
  strides: [1, 1],
  pad: [
    [0, 0],
    [1, 2],
    [0, 1],
    [0, 0],
  ],
});
cases.push({
  x: [1, 6, 6, 2],
  k: [2, 2],
  cout: 3,
  strides: [2, 2],
  pad: [
    [0, 0],
    [3, 0],
    [2, 2],
    [0, 0],
  ],
});

describe.each(CONV_BUILDS)('Conv2DBackpropInput on wasm against cpu ($name)', ({ fusedMultiplyAdd }) => {
  onConvBuild(fusedMultiplyAdd);

  it.each(cases.map((c, i) => [i, c] as const))('case %i matches cpu to 1e-4', async (i, c) => {
    const filterShape: [number, number, number, number] = [...c.k, c.x[3], c.cout];
    const outShape = tf.tidy(() => tf.conv2d(tf.zeros(c.x) as tf.Tensor4D, tf.zeros(filterShape) as tf.Tensor4D, c.strides, c.pad).shape);
    const fv = seededValues(tf.util.sizeFromShape(filterShape), 500 + i);
    const dyv = seededValues(tf.util.sizeFromShape(outShape), 600 + i);
    const { cpu, wasm } = await onBoth(
      () =>
        tf.engine().runKernel(
          'Conv2DBackpropInput',
          { dy: tf.tensor(dyv, outShape), filter: tf.tensor(fv, filterShape) },
          {
            strides: c.strides,
            pad: c.pad,
            dataFormat: 'NHWC',
            inputShape: c.x,
          },
        ) as tf.Tensor,
    );
    expect(wasm.shape).toEqual(c.x);
    expect(maxAbsDiff(cpu.values, wasm.values)).toBeLessThan(1e-4);
    expect(Math.max(...cpu.values.map(Math.abs))).toBeGreaterThan(0.1);
  });
});

describe('Conv2DBackpropInput on wasm (XNNPACK composite)', () => {
  it('replaces the wasm package kernel once and stays put on repeated registration', () => {
    const first = tf.getKernel('Conv2DBackpropInput', 'wasm');
    registerMissingWasmKernels();
    expect(tf.getKernel('Conv2DBackpropInput', 'wasm')).toBe(first);
  });

  it('sends NCHW to the wasm package kernel and still matches cpu', async () => {
    const fv = seededValues(3 * 3 * 2 * 4, 71);
    const dyv = seededValues(1 * 4 * 3 * 3, 72);
    const { cpu, wasm } = await onBoth(
      () =>
        tf.engine().runKernel(
          'Conv2DBackpropInput',
          { dy: tf.tensor4d(dyv, [1, 4, 3, 3]), filter: tf.tensor4d(fv, [3, 3, 2, 4]) },
          {
            strides: 2,
            pad: 'same',
            dataFormat: 'NCHW',
            inputShape: [1, 2, 6, 6],
          },
        ) as tf.Tensor,
    );
    expect(wasm.shape).toEqual([1, 2, 6, 6]);
    expect(maxAbsDiff(cpu.values, wasm.values)).toBeLessThan(1e-4);
  });
});
