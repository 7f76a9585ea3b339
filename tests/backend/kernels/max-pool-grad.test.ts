import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerMissingWasmKernels } from '../../../src/backend/kernels/index.js';
import { initBackends, maxAbsDiff, onBoth, seededValues, wasmBackendMemory } from './helpers.js';
import { layerKernelsFor } from '../../../src/backend/kernels/layer-kernels.js';
import { maxPoolBackprop } from '../../../src/backend/kernels/max-pool-grad.js';

beforeAll(initBackends);

interface Case {
  x: [number, number, number, number];
  pool: [number, number];
  strides: [number, number];
  pad: 'valid' | 'same';
}

const cases: Case[] = [];
for (const pad of ['valid', 'same'] as const) {
  for (const [pool, strides] of [
    [
      [2, 2],
      [2, 2],
    ],
    [
      [3, 3],
      [2, 2],
    ],
    [
      [2, 2],
      [1, 1],
    ],
    [
      [3, 2],
      [1, 2],
    ],
    [
      [1, 1],
      [2, 2],
    ],
  ] as [[number, number], [number, number]][]) {
    cases.push({ x: [2, 7, 6, 3], pool, strides, pad });
    // Channels in fours, and a remainder of 2 after them (wasm/layer-kernels.c's scalar tail).
    cases.push({ x: [2, 7, 6, 8], pool, strides, pad });
    cases.push({ x: [1, 5, 6, 6], pool, strides, pad });
  }
}
// Windows that tile the input exactly.
cases.push({ x: [2, 8, 6, 8], pool: [2, 2], strides: [2, 2], pad: 'valid' });
cases.push({ x: [1, 6, 6, 6], pool: [3, 3], strides: [3, 3], pad: 'valid' });
cases.push({ x: [1, 6, 4, 4], pool: [3, 2], strides: [3, 2], pad: 'same' });
// Channels through every path of the walk: 8 at a time, 4 at a time, then one.
cases.push({ x: [2, 7, 6, 13], pool: [3, 2], strides: [2, 1], pad: 'same' });

/** The gradient of `sum(maxPool(x) * weights)` with respect to `x`: dy is `weights`. */
function poolGradient(c: Case, xValues: Float32Array, seed: number): tf.Tensor {
  const x = tf.tensor4d(xValues, c.x);
  const outShape = tf.maxPool(x, c.pool, c.strides, c.pad).shape;
  const weights = tf.tensor(seededValues(tf.util.sizeFromShape(outShape), seed), outShape);
  return tf.grad((input: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(input as tf.Tensor4D, c.pool, c.strides, c.pad), weights)))(x);
}

describe('MaxPoolGrad on wasm (one pass over the windows)', () => {
  it('replaces the wasm package kernel once and stays put on repeated registration', () => {
    const first = tf.getKernel('MaxPoolGrad', 'wasm');
    registerMissingWasmKernels();
    expect(tf.getKernel('MaxPoolGrad', 'wasm')).toBe(first);
  });

  it.each(cases.map((c, i) => [i, c] as const))('case %i routes the gradient to the same pixels as cpu, with the same sums', async (i, c) => {
    const xValues = seededValues(tf.util.sizeFromShape(c.x), 700 + i);
    const { cpu, wasm } = await onBoth(() => poolGradient(c, xValues, 800 + i));
    expect(wasm.shape).toEqual(c.x);
    expect(Array.from(wasm.values, (v) => v !== 0)).toEqual(Array.from(cpu.values, (v) => v !== 0));
    // Overlapping windows add several dy values into one pixel, in another order than cpu.
    expect(maxAbsDiff(wasm.values, cpu.values)).toBeLessThan(1e-6);
    // Every dy value lands somewhere: the gradient is not all zeros.
    expect(wasm.values.some((v) => v !== 0)).toBe(true);
  });

  it.each(cases.map((c, i) => [i, c] as const))("case %i: the C pass gives the JavaScript walk's bits", async (i, c) => {
    const memory = await wasmBackendMemory();
    expect(typeof layerKernelsFor(memory)?.max_pool_gradient).toBe('function');
    const xValues = seededValues(tf.util.sizeFromShape(c.x), 700 + i);
    const x = tf.tensor4d(xValues, c.x);
    const outShape = tf.maxPool(x, c.pool, c.strides, c.pad).shape;
    const dyValues = seededValues(tf.util.sizeFromShape(outShape), 800 + i);
    const gradient = poolGradient(c, xValues, 800 + i);
    const expected = new Float32Array(xValues.length);
    maxPoolBackprop(xValues, dyValues, expected, tf.backend_util.computePool2DInfo(c.x, c.pool, c.strides, 1, c.pad));
    const got = new Float32Array(await gradient.data());
    expect(Buffer.from(got.buffer).equals(Buffer.from(expected.buffer))).toBe(true);
    tf.dispose([x, gradient]);
  });

  it.each([2, 4])('sends a tied window its gradient once, to the first maximum, as cpu does (%i channels)', async (channels) => {
    const c: Case = { x: [1, 4, 4, channels], pool: [2, 2], strides: [2, 2], pad: 'valid' };
    const flat = new Float32Array(16 * channels).fill(1);
    const { cpu, wasm } = await onBoth(() => poolGradient(c, flat, 900));
    expect(Array.from(wasm.values)).toEqual(Array.from(cpu.values));
    // One non-zero entry per window and channel, at the window's top-left pixel.
    expect(wasm.values.filter((v) => v !== 0)).toHaveLength(4 * channels);
    expect(wasm.values[0]).not.toBe(0);
    expect(wasm.values[channels]).toBe(0);
  });

  it('records the maxima while gradients are recorded: the same pooled values as the package, and nothing left behind', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor4d(seededValues(2 * 26 * 26 * 16, 41), [2, 26, 26, 16]);
    const plain = tf.maxPool(x, 2, 2, 'valid');
    let recordedOutput: tf.Tensor | undefined;
    const before = tf.memory().numDataBuffers;
    const gradient = tf.grad((input: tf.Tensor) => {
      const pooled = tf.maxPool(input as tf.Tensor4D, 2, 2, 'valid');
      recordedOutput = tf.keep(pooled.clone());
      return tf.sum(pooled);
    })(x);
    const [a, b] = [new Float32Array(await plain.data()), new Float32Array(await recordedOutput!.data())];
    expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
    // Each window's dy (1) lands once: the gradient sums to the number of windows.
    const total = tf.sum(gradient);
    expect((await total.data())[0]).toBe(2 * 13 * 13 * 16);
    tf.dispose([gradient, recordedOutput!, total]);
    expect(tf.memory().numDataBuffers).toBe(before);
    plain.dispose();
    x.dispose();
  });

  it('keeps at most 8 recordings of pools whose gradient is never taken', () => {
    const x = tf.tensor4d(seededValues(4 * 4 * 4, 42), [1, 4, 4, 4]);
    const before = tf.memory().numDataBuffers;
    for (let i = 0; i < 20; i++) {
      // The pool is computed under the tape but the loss does not use it: its gradient never runs.
      tf.dispose(
        tf.grad((input: tf.Tensor) => {
          tf.maxPool(input as tf.Tensor4D, 2, 2, 'valid');
          return tf.sum(input);
        })(x),
      );
    }
    expect(tf.memory().numDataBuffers - before).toBeLessThanOrEqual(8);
    x.dispose();
  });
});
