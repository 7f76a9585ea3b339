import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { matMulOfTransposed, packageWasmKernel } from '../../../src/backend/kernels/index.js';
import { initBackends, seededValues } from './helpers.js';

beforeAll(async () => {
  await initBackends();
  await tf.setBackend('wasm');
});

/** Seeded values with exact zeros mixed in, so that some products are -0 and some sums cancel. */
function values(size: number, seed: number): Float32Array {
  const out = seededValues(size, seed);
  for (let i = 3; i < size; i += 7) out[i] = 0;
  return out;
}

/** Whether two arrays hold the same float32 bits (NaN, -0 and all). */
function sameBits(a: Float32Array, b: Float32Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

/** The product of one matrix of the batch in double precision: the reference the kernels round against. */
function product(a: Float32Array, b: Float32Array, t: number, m: number, k: number, n: number, ta: boolean, tb: boolean): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) sum += a[t * m * k + (ta ? p * m + i : i * k + p)]! * b[t * k * n + (tb ? j * k + p : p * n + j)]!;
      out[i * n + j] = sum;
    }
  return out;
}

/** Runs `name` through nnspec's kernel (the registered one) and through the wasm package's own. */
function bothKernels(name: string, inputs: Record<string, tf.Tensor>, attrs: object): { ours: tf.Tensor; theirs: tf.Tensor } {
  const ours = tf.engine().runKernel(name, inputs, attrs as tf.NamedAttrMap) as tf.Tensor;
  const original = packageWasmKernel(name);
  if (original === undefined) throw new Error(`no package kernel recorded for ${name}`);
  const info = original.kernelFunc({ inputs, backend: tf.backend(), attrs: attrs as tf.NamedAttrMap }) as tf.TensorInfo;
  const theirs = tf.engine().makeTensorFromTensorInfo(info);
  return { ours, theirs };
}

async function expectSameBits(ours: tf.Tensor, theirs: tf.Tensor): Promise<void> {
  expect(ours.shape).toEqual(theirs.shape);
  const [a, b] = [new Float32Array(await ours.data()), new Float32Array(await theirs.data())];
  expect(a.some((v) => v !== 0)).toBe(true);
  expect(sameBits(a, b)).toBe(true);
  ours.dispose();
  theirs.dispose();
}

// [batch, m, k, n, transposeA, transposeB]: XNNPACK's order (one matrix, no transposes) and the
// scalar loop's (runs of 48), at 4 x 8 blocks and their edges, and the dense layer's shapes.
const products: [number, number, number, number, boolean, boolean][] = [
  [1, 1, 1, 1, false, false],
  [1, 3, 5, 7, false, false],
  [1, 64, 3872, 10, false, false],
  [1, 9, 130, 17, false, false],
  [1, 64, 10, 3872, false, true],
  [1, 3872, 64, 10, true, false],
  [1, 5, 100, 9, true, true],
  [1, 6, 48, 8, true, false],
  [1, 7, 97, 12, false, true],
  [3, 5, 50, 6, false, false],
  [2, 4, 60, 11, true, true],
];

describe('BatchMatMul on wasm (wasm/layer-kernels.c)', () => {
  it.each(products.map((p, i) => [i, ...p] as const))(
    'case %i: [%i, %i x %i x %i], transposeA %s, transposeB %s: the package bits',
    async (i, batch, m, k, n, ta, tb) => {
      const [aValues, bValues] = [values(batch * m * k, 10 + i), values(batch * k * n, 50 + i)];
      const a = tf.tensor(aValues, batch === 1 ? (ta ? [k, m] : [m, k]) : ta ? [batch, k, m] : [batch, m, k]);
      const b = tf.tensor(bValues, batch === 1 ? (tb ? [n, k] : [k, n]) : tb ? [batch, n, k] : [batch, k, n]);
      const { ours, theirs } = bothKernels('BatchMatMul', { a, b }, { transposeA: ta, transposeB: tb });
      expect(ours.shape).toEqual(batch === 1 ? [m, n] : [batch, m, n]);
      // And the product itself, to float rounding.
      const got = await ours.data();
      for (let t = 0; t < batch; t++) {
        const expected = product(aValues, bValues, t, m, k, n, ta, tb);
        expected.forEach((value, index) => expect(Math.abs(got[t * m * n + index]! - value)).toBeLessThan(1e-5 * Math.sqrt(k) + 1e-6));
      }
      await expectSameBits(ours, theirs);
      a.dispose();
      b.dispose();
    },
  );
});

describe('_FusedMatMul on wasm', () => {
  it.each([
    [64, 3872, 10, 'linear'],
    [5, 33, 19, 'relu'],
    [4, 8, 8, 'linear'],
  ] as const)('[%i x %i x %i] with a bias, %s: the package bits', async (m, k, n, activation) => {
    const a = tf.tensor(values(m * k, 3), [1, m, k]);
    const b = tf.tensor(values(k * n, 4), [1, k, n]);
    const bias = tf.tensor(values(n, 5), [n]);
    const { ours, theirs } = bothKernels('_FusedMatMul', { a, b, bias }, { transposeA: false, transposeB: false, activation, leakyreluAlpha: 0 });
    await expectSameBits(ours, theirs);
    tf.dispose([a, b, bias]);
  });

  it('leaves transposed fused products to the package', async () => {
    const a = tf.tensor(values(20 * 6, 6), [1, 20, 6]);
    const b = tf.tensor(values(20 * 5, 7), [1, 20, 5]);
    const { ours, theirs } = bothKernels('_FusedMatMul', { a, b }, { transposeA: true, transposeB: false, activation: 'linear', leakyreluAlpha: 0 });
    await expectSameBits(ours, theirs);
    tf.dispose([a, b]);
  });
});

describe('matMulOfTransposed: the bits of a product of explicitly transposed operands, without the transposes', () => {
  it.each([
    [64, 3872, 10, true, false],
    [64, 10, 3872, false, true],
    [5, 100, 9, true, true],
    [7, 33, 12, false, false],
  ] as const)('[%i x %i x %i], transposeA %s, transposeB %s', async (m, k, n, ta, tb) => {
    const a = tf.tensor2d(values(m * k, 21), ta ? [k, m] : [m, k]);
    const b = tf.tensor2d(values(k * n, 22), tb ? [n, k] : [k, n]);
    let ours: tf.Tensor | undefined;
    const profile = await tf.profile(() => {
      ours = matMulOfTransposed(a, b, ta, tb);
    });
    expect(profile.kernels.map((kernel) => kernel.name)).toEqual(['NnspecMatMulOfTransposed']);
    const theirs = tf.tidy(() => tf.matMul(ta ? tf.transpose(a) : a, tb ? tf.transpose(b) : b));
    expect(ours!.shape).toEqual([m, n]);
    await expectSameBits(ours!, theirs);
    tf.dispose([a, b]);
  });
});
