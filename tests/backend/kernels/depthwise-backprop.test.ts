import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { dilateFilter } from '../../../src/backend/kernels/dilate-filter.js';
import { initBackends, maxAbsDiff, onBoth, seededValues } from './helpers.js';

beforeAll(initBackends);

interface Case {
  x: [number, number, number, number];
  k: [number, number];
  mult: number;
  strides: [number, number];
  dilations: [number, number];
  pad: 'same' | 'valid';
}

// TF.js's depthwise convolution wants strides or dilations to be 1, so the grid keeps them apart.
const cases: Case[] = [];
for (const pad of ['valid', 'same'] as const) {
  for (const [strides, dilations] of [
    [
      [1, 1],
      [1, 1],
    ],
    [
      [2, 2],
      [1, 1],
    ],
    [
      [1, 2],
      [1, 1],
    ],
    [
      [1, 1],
      [2, 2],
    ],
    [
      [1, 1],
      [1, 3],
    ],
  ] as [number, number][][]) {
    for (const [k, mult] of [
      [[3, 3], 1],
      [[2, 3], 2],
    ] as [[number, number], number][]) {
      cases.push({ x: [2, 8, 7, 3], k, mult, strides: strides!, dilations: dilations!, pad });
    }
  }
}

function shapes(c: Case): { filter: [number, number, number, number]; out: number[] } {
  const filter: [number, number, number, number] = [...c.k, c.x[3], c.mult];
  const out = tf.tidy(() => tf.depthwiseConv2d(tf.zeros(c.x) as tf.Tensor4D, tf.zeros(filter) as tf.Tensor4D, c.strides, c.pad, 'NHWC', c.dilations).shape);
  return { filter, out };
}

/**
 * The cpu kernels ignore `dilations` (TF.js never asks them for it: its gradient refuses dilated
 * depthwise convolutions), so a dilated case is checked against the cpu kernels run undilated on
 * the equivalent spread-out filter.
 */
async function reference(c: Case, xv: Float32Array, fv: Float32Array, dyv: Float32Array, out: number[]) {
  const { filter } = shapes(c);
  const [dh, dw] = c.dilations;
  const spread: [number, number, number, number] = [(c.k[0] - 1) * dh + 1, (c.k[1] - 1) * dw + 1, c.x[3], c.mult];
  await tf.setBackend('cpu');
  const attrs = { strides: c.strides, pad: c.pad, dilations: [1, 1] };
  const df = tf.tidy(() => {
    const full = tf
      .engine()
      .runKernel('DepthwiseConv2dNativeBackpropFilter', { x: tf.tensor(xv, c.x), dy: tf.tensor(dyv, out) }, { ...attrs, filterShape: spread }) as tf.Tensor4D;
    return tf.stridedSlice(full, [0, 0, 0, 0], spread, [dh, dw, 1, 1]);
  });
  const dx = tf.tidy(
    () =>
      tf
        .engine()
        .runKernel(
          'DepthwiseConv2dNativeBackpropInput',
          { dy: tf.tensor(dyv, out), filter: dilateFilter(tf.tensor4d(fv, filter), dh, dw) },
          { ...attrs, inputShape: c.x },
        ) as tf.Tensor,
  );
  const result = { df: new Float32Array(await df.data()), dx: new Float32Array(await dx.data()) };
  tf.dispose([df, dx]);
  return result;
}

describe('dilateFilter', () => {
  it('spreads taps apart with zeros', async () => {
    await tf.setBackend('cpu');
    const f = dilateFilter(tf.tensor4d([1, 2, 3, 4], [2, 2, 1, 1]), 2, 3);
    expect(f.shape).toEqual([3, 4, 1, 1]);
    expect(Array.from(await f.data())).toEqual([1, 0, 0, 2, 0, 0, 0, 0, 3, 0, 0, 4]);
    f.dispose();
  });
});

describe('depthwise convolution gradients on wasm', () => {
  it.each(cases.map((c, i) => [i, c] as const))('case %i: filter and input gradients match the cpu reference to 1e-4', async (i, c) => {
    const { filter, out } = shapes(c);
    const xv = seededValues(tf.util.sizeFromShape(c.x), 200 + i);
    const fv = seededValues(tf.util.sizeFromShape(filter), 300 + i);
    const dyv = seededValues(tf.util.sizeFromShape(out), 400 + i);
    const ref = await reference(c, xv, fv, dyv, out);
    await tf.setBackend('wasm');
    const common = { strides: c.strides, pad: c.pad, dilations: c.dilations };
    const df = tf
      .engine()
      .runKernel('DepthwiseConv2dNativeBackpropFilter', { x: tf.tensor(xv, c.x), dy: tf.tensor(dyv, out) }, { ...common, filterShape: filter }) as tf.Tensor;
    const dx = tf
      .engine()
      .runKernel('DepthwiseConv2dNativeBackpropInput', { dy: tf.tensor(dyv, out), filter: tf.tensor(fv, filter) }, { ...common, inputShape: c.x }) as tf.Tensor;
    expect(df.shape).toEqual(filter);
    expect(dx.shape).toEqual(c.x);
    expect(maxAbsDiff(ref.df, new Float32Array(await df.data()))).toBeLessThan(1e-4);
    expect(maxAbsDiff(ref.dx, new Float32Array(await dx.data()))).toBeLessThan(1e-4);
    expect(Math.max(...ref.dx.map(Math.abs))).toBeGreaterThan(0.1);
    tf.dispose([df, dx]);
  });

  it('trains through tf.grads of a strided depthwise convolution like cpu', async () => {
    const xv = seededValues(2 * 6 * 6 * 2, 9);
    const wv = seededValues(3 * 3 * 2 * 2, 10);
    const { cpu, wasm } = await onBoth(() => {
      const x = tf.tensor4d(xv, [2, 6, 6, 2]);
      const w = tf.tensor4d(wv, [3, 3, 2, 2]);
      const [gx, gw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.square(tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same'))))([x, w]);
      return tf.concat([tf.reshape(gx!, [-1]), tf.reshape(gw!, [-1])]);
    });
    expect(maxAbsDiff(cpu.values, wasm.values)).toBeLessThan(1e-4);
  });
});
