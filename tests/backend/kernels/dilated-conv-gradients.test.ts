import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { dilateFilter } from '../../../src/backend/kernels/dilate-filter.js';
import { initBackends, maxAbsDiff, seededValues } from './helpers.js';

beforeAll(initBackends);

type Conv = (x: tf.Tensor4D, w: tf.Tensor4D, pad: 'same' | 'valid', dilations: [number, number]) => tf.Tensor4D;
const conv2d: Conv = (x, w, pad, d) => tf.conv2d(x, w, 1, pad, 'NHWC', d);
const depthwise: Conv = (x, w, pad, d) => tf.depthwiseConv2d(x, w, 1, pad, 'NHWC', d);

interface Case {
  op: 'conv2d' | 'depthwise';
  x: [number, number, number, number];
  filter: [number, number, number, number];
  dilations: [number, number];
  pad: 'same' | 'valid';
}

const cases: Case[] = [];
for (const op of ['conv2d', 'depthwise'] as const) {
  for (const pad of ['valid', 'same'] as const) {
    for (const dilations of [
      [2, 2],
      [1, 3],
      [3, 1],
    ] as [number, number][]) {
      cases.push({ op, x: [2, 9, 8, 2], filter: [3, 2, 2, op === 'conv2d' ? 3 : 2], dilations, pad });
    }
  }
}

/** Gradients of Σ r·conv(x, w) with respect to x and w, flattened and concatenated. */
async function gradients(backend: string, c: Case, spread: boolean): Promise<Float32Array> {
  await tf.setBackend(backend);
  const op = c.op === 'conv2d' ? conv2d : depthwise;
  const g = tf.tidy(() => {
    const x = tf.tensor4d(seededValues(tf.util.sizeFromShape(c.x), 1), c.x);
    const w = tf.tensor4d(seededValues(tf.util.sizeFromShape(c.filter), 2), c.filter);
    const outShape = op(x, w, c.pad, c.dilations).shape;
    const r = tf.tensor(seededValues(tf.util.sizeFromShape(outShape), 3), outShape);
    const f = (a: tf.Tensor, b: tf.Tensor) => {
      const y = spread
        ? op(a as tf.Tensor4D, dilateFilter(b as tf.Tensor4D, c.dilations[0], c.dilations[1]), c.pad, [1, 1])
        : op(a as tf.Tensor4D, b as tf.Tensor4D, c.pad, c.dilations);
      return tf.sum(tf.mul(y, r));
    };
    const [gx, gw] = tf.grads(f)([x, w]);
    return tf.concat([tf.reshape(gx!, [-1]), tf.reshape(gw!, [-1])]);
  });
  const values = new Float32Array(await g.data());
  g.dispose();
  return values;
}

describe('dilated convolution gradients', () => {
  it.each(cases.map((c, i) => [i, c] as const))('case %i: wasm and cpu match the spread-filter reference to 1e-4', async (_i, c) => {
    // The reference differentiates an undilated convolution of the zero-spread filter, which
    // only uses TF.js's own undilated gradient.
    const reference = await gradients('cpu', c, true);
    expect(Math.max(...reference.map(Math.abs))).toBeGreaterThan(0.1);
    expect(maxAbsDiff(reference, await gradients('cpu', c, false))).toBeLessThan(1e-4);
    expect(maxAbsDiff(reference, await gradients('wasm', c, false))).toBeLessThan(1e-4);
  });

  it('leaves undilated gradients as TF.js computes them', async () => {
    const c: Case = { op: 'conv2d', x: [1, 5, 5, 2], filter: [3, 3, 2, 2], dilations: [1, 1], pad: 'same' };
    expect(maxAbsDiff(await gradients('cpu', c, true), await gradients('wasm', c, false))).toBeLessThan(1e-4);
  });
});
