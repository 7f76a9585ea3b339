/**
 * The fused step's gemm (wasm/dense-step.c) on every edge of its register blocks: the plain
 * build multiplies, rounds, then adds, in order from +0, then adds the bias and the old C; so each
 * element can be computed in JavaScript with Math.fround and must match it to the bit.
 */
import { describe, expect, it } from 'vitest';
import { createDenseStepKernels, RESERVED_BYTES } from '../../src/backend/fused/dense-step-kernels.js';
import { Random } from '../../src/util/seeds.js';

const [A, B, BIAS, C, PANEL] = [0, 4_000, 8_000, 9_000, 14_000];
const at = (float: number) => RESERVED_BYTES + float * 4;

/** C = A B + bias (+ the old C), element by element as the plain build rounds it. */
function reference(
  a: Float32Array,
  b: Float32Array,
  bias: Float32Array | null,
  old: Float32Array | null,
  m: number,
  k: number,
  n: number,
  transposed: boolean,
) {
  const c = new Float32Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) sum = Math.fround(sum + Math.fround(a[transposed ? p * m + i : i * k + p]! * b[p * n + j]!));
      if (bias) sum = Math.fround(sum + bias[j]!);
      c[i * n + j] = old ? Math.fround(old[i * n + j]! + sum) : sum;
    }
  return c;
}

describe('gemm, plain build, at the edges of its blocks', () => {
  const kernels = createDenseStepKernels(20_000 * 4, false, false);
  const base = RESERVED_BYTES / 4;

  it('matches the rounding of each multiply and add, for every row and column remainder', () => {
    const random = new Random(17);
    for (const m of [1, 3, 4, 5, 9]) {
      for (const n of [1, 2, 3, 4, 5, 7, 8, 10, 12, 13]) {
        for (const [k, transposed, withBias, accumulate] of [
          [7, false, true, false],
          [20, true, false, false],
          [3, false, true, true],
        ] as const) {
          const a = Float32Array.from({ length: m * k }, () => random.uniform() * 2 - 1);
          const b = Float32Array.from({ length: k * n }, () => random.uniform() * 2 - 1);
          const bias = withBias ? Float32Array.from({ length: n }, () => random.uniform() - 0.5) : null;
          const old = accumulate ? Float32Array.from({ length: m * n }, () => random.uniform()) : null;
          kernels.heap.set(a, base + A);
          kernels.heap.set(b, base + B);
          if (bias) kernels.heap.set(bias, base + BIAS);
          kernels.heap.fill(0, base + C, base + C + m * n + 8);
          if (old) kernels.heap.set(old, base + C);
          // A sentinel after C: the last row's remainder must not write past its columns.
          kernels.heap[base + C + m * n] = 12345;
          const [ars, aps] = transposed ? [1, m] : [k, 1];
          kernels.exports.gemm(at(A), ars, aps, at(B), bias ? at(BIAS) : 0, at(C), m, k, n, n, accumulate ? 1 : 0, at(PANEL));
          const got = kernels.heap.slice(base + C, base + C + m * n);
          expect(got, `${m} x ${k} x ${n}, transposed ${transposed}`).toEqual(reference(a, b, bias, old, m, k, n, transposed));
          expect(kernels.heap[base + C + m * n]).toBe(12345);
        }
      }
    }
  });
});
