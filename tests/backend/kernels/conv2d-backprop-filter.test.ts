import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONV_BUILDS, initBackends, maxAbsDiff, onBoth, onConvBuild, seededValues } from './helpers.js';

beforeAll(initBackends);

interface Case {
  x: [number, number, number, number];
  k: [number, number];
  cout: number;
  strides: [number, number];
  pad: 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];
}

const cases: Case[] = [];
for (const pad of ['valid', 'same'] as const) {
  for (const strides of [
    [1, 1],
    [2, 2],
    [1, 3],
  ] as [number, number][]) {
    for (const k of [
      [1, 1],
      [3, 3],
      [2, 3],
    ] as [number, number][]) {
      cases.push({ x: [2, 7, 6, 3], k, cout: 4, strides, pad });
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
cases.push({ x: [3, 1, 9, 2], k: [1, 4], cout: 5, strides: [1, 2], pad: 'same' });
// Explicit padding, a first layer's shape, and filters of 32 and 36 weights per output channel.
cases.push({
  x: [2, 6, 7, 2],
  k: [3, 3],
  cout: 8,
  strides: [1, 1],
  pad: [
    [0, 0],
    [2, 1],
    [1, 0],
    [0, 0],
  ],
});
cases.push({ x: [4, 12, 12, 1], k: [3, 3], cout: 16, strides: [1, 1], pad: 'valid' });
cases.push({ x: [2, 6, 6, 2], k: [4, 4], cout: 4, strides: [1, 1], pad: 'same' });
cases.push({ x: [2, 6, 6, 4], k: [3, 3], cout: 4, strides: [1, 1], pad: 'valid' });

describe.each(CONV_BUILDS)('Conv2DBackpropFilter on wasm against cpu ($name)', ({ fusedMultiplyAdd }) => {
  onConvBuild(fusedMultiplyAdd);

  it.each(cases.map((c, i) => [i, c] as const))('case %i matches cpu to 1e-4', async (i, c) => {
    // dy's shape comes from the forward convolution's geometry on the same inputs.
    const outShape = tf.tidy(() => tf.conv2d(tf.zeros(c.x) as tf.Tensor4D, tf.zeros([...c.k, c.x[3], c.cout]) as tf.Tensor4D, c.strides, c.pad).shape);
    const xv = seededValues(tf.util.sizeFromShape(c.x), 10 + i);
    const dyv = seededValues(tf.util.sizeFromShape(outShape), 100 + i);
    const { cpu, wasm } = await onBoth(
      () =>
        tf.engine().runKernel(
          'Conv2DBackpropFilter',
          { x: tf.tensor4d(xv, c.x), dy: tf.tensor(dyv, outShape) },
          {
            strides: c.strides,
            pad: c.pad,
            dataFormat: 'NHWC',
            filterShape: [...c.k, c.x[3], c.cout],
          },
        ) as tf.Tensor,
    );
    expect(wasm.shape).toEqual([...c.k, c.x[3], c.cout]);
    expect(cpu.shape).toEqual(wasm.shape);
    expect(maxAbsDiff(cpu.values, wasm.values)).toBeLessThan(1e-4);
    // Guard against comparing two all-zero results.
    expect(Math.max(...cpu.values.map(Math.abs))).toBeGreaterThan(0.1);
  });
});

describe('Conv2DBackpropFilter on wasm', () => {
  it('is registered for wasm after registerMissingWasmKernels', () => {
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')?.kernelName).toBe('Conv2DBackpropFilter');
  });

  it('gives the filter gradient of a strided same-padded conv2d through tf.grads', async () => {
    const xv = seededValues(2 * 6 * 6 * 2, 7);
    const wv = seededValues(3 * 3 * 2 * 3, 8);
    const { cpu, wasm } = await onBoth(() => {
      const x = tf.tensor4d(xv, [2, 6, 6, 2]);
      const f = (w: tf.Tensor) => tf.sum(tf.square(tf.conv2d(x, w as tf.Tensor4D, 2, 'same')));
      return tf.grad(f)(tf.tensor4d(wv, [3, 3, 2, 3]));
    });
    expect(maxAbsDiff(cpu.values, wasm.values)).toBeLessThan(1e-4);
  });

  it('handles NCHW data like cpu', async () => {
    const xv = seededValues(2 * 3 * 6 * 5, 51);
    const dyv = seededValues(2 * 4 * 3 * 3, 52);
    const { cpu, wasm } = await onBoth(
      () =>
        tf.engine().runKernel(
          'Conv2DBackpropFilter',
          { x: tf.tensor4d(xv, [2, 3, 6, 5]), dy: tf.tensor4d(dyv, [2, 4, 3, 3]) },
          {
            strides: 2,
            pad: 'same',
            dataFormat: 'NCHW',
            filterShape: [3, 3, 3, 4],
          },
        ) as tf.Tensor,
    );
    expect(wasm.shape).toEqual([3, 3, 3, 4]);
    expect(maxAbsDiff(cpu.values, wasm.values)).toBeLessThan(1e-4);
  });

  // strides 2 with dilations 2 cannot be a convolution, so it also exercises the im2col path.
  it.each([1, 2])('honours a dilations attribute with strides %i (the spread-filter gradient, every other tap)', async (stride) => {
    const xv = seededValues(1 * 9 * 9 * 2, 53);
    const outSize = Math.floor((9 - 5) / stride) + 1;
    const dyv = seededValues(outSize * outSize * 2, 54);
    const dyShape: [number, number, number, number] = [1, outSize, outSize, 2];
    await tf.setBackend('cpu');
    const spread = tf.engine().runKernel(
      'Conv2DBackpropFilter',
      { x: tf.tensor4d(xv, [1, 9, 9, 2]), dy: tf.tensor4d(dyv, dyShape) },
      {
        strides: stride,
        pad: 'valid',
        dataFormat: 'NHWC',
        filterShape: [5, 5, 2, 2],
      },
    ) as tf.Tensor;
    const expected = tf.stridedSlice(spread, [0, 0, 0, 0], [5, 5, 2, 2], [2, 2, 1, 1]);
    const expectedValues = new Float32Array(await expected.data());
    tf.dispose([spread, expected]);
    await tf.setBackend('wasm');
    const actual = tf.engine().runKernel(
      'Conv2DBackpropFilter',
      { x: tf.tensor4d(xv, [1, 9, 9, 2]), dy: tf.tensor4d(dyv, dyShape) },
      {
        strides: stride,
        pad: 'valid',
        dataFormat: 'NHWC',
        filterShape: [3, 3, 2, 2],
        dilations: [2, 2],
      },
    ) as tf.Tensor;
    expect(actual.shape).toEqual([3, 3, 2, 2]);
    expect(maxAbsDiff(expectedValues, new Float32Array(await actual.data()))).toBeLessThan(1e-4);
    actual.dispose();
  });

  it('accepts bare TensorInfo inputs (as other kernels pass them) without touching their data', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor4d(seededValues(1 * 4 * 4 * 1, 55), [1, 4, 4, 1]);
    const dy = tf.tensor4d(seededValues(1 * 2 * 2 * 1, 56), [1, 2, 2, 1]);
    const viaOp = tf
      .engine()
      .runKernel('Conv2DBackpropFilter', { x, dy }, { strides: 2, pad: 'valid', dataFormat: 'NHWC', filterShape: [2, 2, 1, 1] }) as tf.Tensor;
    const before = tf.memory().numTensors;
    const kernel = tf.getKernel('Conv2DBackpropFilter', 'wasm')!;
    const bare = (t: tf.Tensor): tf.TensorInfo => ({ dataId: t.dataId, shape: t.shape, dtype: t.dtype });
    const out = kernel.kernelFunc({
      inputs: { x: bare(x), dy: bare(dy) },
      attrs: { strides: 2, pad: 'valid', dataFormat: 'NHWC', filterShape: [2, 2, 1, 1] },
      backend: tf.backend(),
    }) as tf.TensorInfo;
    // The SIMD kernel returns its output as bare data, which the engine wraps when an op runs it.
    expect(tf.memory().numTensors).toBe(before);
    const wrapped = tf.engine().makeTensorFromTensorInfo(out);
    expect(Array.from(await wrapped.data())).toEqual(Array.from(await viaOp.data()));
    expect((await x.data()).length).toBe(16);
    tf.dispose([x, dy, viaOp, wrapped]);
  });

  it('leaves the live tensor count unchanged', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor4d(seededValues(1 * 5 * 5 * 2, 3), [1, 5, 5, 2]);
    const dy = tf.tensor4d(seededValues(1 * 3 * 3 * 4, 4), [1, 3, 3, 4]);
    const before = tf.memory().numTensors;
    for (let step = 0; step < 3; step++) {
      const g = tf
        .engine()
        .runKernel('Conv2DBackpropFilter', { x, dy }, { strides: 1, pad: 'valid', dataFormat: 'NHWC', filterShape: [3, 3, 2, 4] }) as tf.Tensor;
      g.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, dy]);
  });
});
