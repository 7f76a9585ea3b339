import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerMissingWasmKernels } from '../../../src/backend/kernels/index.js';
import { columnSumFor } from '../../../src/backend/kernels/column-sum.js';
import { initBackends, maxAbsDiff, onBoth, seededValues, wasmBackendMemory } from './helpers.js';

beforeAll(initBackends);

const cases: { shape: number[]; axis: number | number[]; keepDims?: boolean; dtype?: 'int32' }[] = [
  // Bias gradients: the SIMD path.
  { shape: [64, 26, 26, 16], axis: [0, 1, 2] },
  { shape: [16, 8], axis: 0 },
  { shape: [5, 7, 12], axis: [0, 1], keepDims: true },
  { shape: [3, 4, 5, 8], axis: [-4, -3, -2] },
  { shape: [2, 3, 4], axis: [1, 0] },
  // Everything else: the wasm package's own kernel.
  { shape: [6, 9], axis: 0 },
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
    expect(typeof columnSumFor(memory)).toBe('function');
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
});
