import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { packageWasmKernel, registerMissingWasmKernels } from '../../../src/backend/kernels/index.js';
import { layerKernelsFor } from '../../../src/backend/kernels/layer-kernels.js';
import { initBackends, maxAbsDiff, onBoth, seededValues, wasmBackendMemory } from './helpers.js';

beforeAll(initBackends);

const cases: { shape: number[]; axis: number | number[]; keepDims?: boolean; dtype?: 'int32' }[] = [
  // Bias gradients: the SIMD path.
  { shape: [64, 26, 26, 16], axis: [0, 1, 2] },
  { shape: [16, 8], axis: 0 },
  { shape: [5, 7, 12], axis: [0, 1], keepDims: true },
  { shape: [3, 4, 5, 8], axis: [-4, -3, -2] },
  { shape: [6, 9], axis: 0 },
  { shape: [64, 10], axis: 0 },
  // Everything else: the wasm package's own kernel (axes listed out of order are summed in the order listed).
  { shape: [2, 3, 4], axis: [1, 0] },
  { shape: [6, 8], axis: 1 },
  { shape: [4, 5, 8], axis: [0, 2] },
  { shape: [4, 8], axis: [0, 1] },
  { shape: [16, 8], axis: 0, dtype: 'int32' },
];

describe('Sum on wasm (column sums in SIMD for bias gradients)', () => {
  it('replaces the wasm package kernel once and binds its SIMD module', async () => {
    const first = tf.getKernel('Sum', 'wasm');
    registerMissingWasmKernels();
    expect(tf.getKernel('Sum', 'wasm')).toBe(first);
    const memory = await wasmBackendMemory();
    expect(typeof layerKernelsFor(memory)?.column_sum).toBe('function');
  });

  it.each(cases.map((c, i) => [i, c] as const))('case %i matches the cpu backend', async (i, c) => {
    const size = c.shape.reduce((a, b) => a * b, 1);
    const values = seededValues(size, 900 + i);
    const { cpu, wasm } = await onBoth(() => {
      const x =
        c.dtype === 'int32'
          ? tf.tensor(
              Int32Array.from(values, (v) => Math.round(v * 10)),
              c.shape,
              'int32',
            )
          : tf.tensor(values, c.shape);
      return tf.sum(x, c.axis, c.keepDims);
    });
    expect(wasm.shape).toEqual(cpu.shape);
    // Up to 43,264 float32 values per column, added in another order than cpu's.
    expect(maxAbsDiff(wasm.values, cpu.values)).toBeLessThan(1e-3);
    expect(wasm.values.some((v) => v !== 0)).toBe(true);
  });

  it.each(cases.filter((c) => c.dtype === undefined).map((c, i) => [i, c] as const))("case %i: the package kernel's bits", async (i, c) => {
    await tf.setBackend('wasm');
    const x = tf.tensor(
      seededValues(
        c.shape.reduce((a, b) => a * b, 1),
        950 + i,
      ),
      c.shape,
    );
    const attrs = { axis: c.axis, keepDims: c.keepDims ?? false };
    const ours = tf.engine().runKernel('Sum', { x }, attrs) as tf.Tensor;
    const info = packageWasmKernel('Sum')!.kernelFunc({ inputs: { x }, backend: tf.backend(), attrs }) as tf.TensorInfo;
    const theirs = tf.engine().makeTensorFromTensorInfo(info);
    expect(ours.shape).toEqual(theirs.shape);
    const [a, b] = [new Float32Array(await ours.data()), new Float32Array(await theirs.data())];
    expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
    tf.dispose([x, ours, theirs]);
  });
});
