import { describe, expect, it } from 'vitest';
import { createDenseStepKernels, RESERVED_BYTES } from '../../src/backend/fused/dense-step-kernels.js';
import { convImageBands, convRowBands, gemmBands, localThreads, MIN_SPLIT_MACS } from '../../src/backend/fused/kernel-threads.js';
import { type ConvFilterGradientArgs, type ConvForwardArgs, EVERYWHERE } from '../../src/backend/kernels/conv-calls.js';
import { nodeThreads } from '../../src/backend/fused/kernel-threads-node.js';
import { Random } from '../../src/util/seeds.js';

describe('gemmBands', () => {
  it('splits wide products into whole 8-column bands, narrow ones into 4-row bands', () => {
    expect(gemmBands(64, 784, 256, 2)).toEqual([
      { rows: false, from: 0, to: 128 },
      { rows: false, from: 128, to: 256 },
    ]);
    expect(gemmBands(784, 64, 10, 2)).toEqual([
      { rows: true, from: 0, to: 392 },
      { rows: true, from: 392, to: 784 },
    ]);
    expect(gemmBands(64, 128, 37, 3).map((band) => band.to - band.from)).toEqual([8, 16, 13]);
  });

  it('keeps small products, and single threads, whole', () => {
    expect(gemmBands(32, 64, 64, 2)).toEqual([{ rows: false, from: 0, to: 64 }]);
    expect(32 * 64 * 64).toBeLessThan(MIN_SPLIT_MACS);
    expect(gemmBands(64, 784, 256, 1)).toEqual([{ rows: false, from: 0, to: 256 }]);
  });
});

describe.each([true, false])('helper threads on a shared memory (relaxed build: %s)', (useRelaxed) => {
  it('give every bit of the single-thread products and Adam update', () => {
    const floats = 1_200_000;
    const results: Float32Array[] = [];
    for (const threads of [1, 2, 3]) {
      const kernels = createDenseStepKernels((floats + 3 * 8 * 300) * 4, threads > 1, useRelaxed);
      const panels = [0, 1, 2].slice(0, threads).map((i) => RESERVED_BYTES + (floats + i * 8 * 300) * 4);
      const pool = threads > 1 ? nodeThreads(kernels.exports, kernels.module, kernels.memory, panels) : localThreads(kernels.exports, panels[0]!);
      const random = new Random(5);
      const base = RESERVED_BYTES / 4;
      for (let i = 0; i < floats; i++) kernels.heap[base + i] = random.uniform() - 0.5;
      const at = (float: number) => RESERVED_BYTES + float * 4;
      // C (64 x 200) = A (64 x 300) B (300 x 200) + bias; C' (300 x 13) = A^T (300 x 64) D (64 x 13).
      pool.gemm(at(0), 300, 1, at(20_000), at(90_000), at(100_000), 64, 300, 200);
      pool.gemm(at(0), 1, 300, at(120_000), 0, at(130_000), 300, 64, 13);
      pool.adam(at(200_000), at(400_000), at(600_000), at(800_000), 200_000, {
        beta1: 0.9,
        keep1: 0.1,
        beta2: 0.999,
        keep2: 0.001,
        rate: 0.01,
        unbias2: 1.5,
        epsilon: 1e-7,
      });
      results.push(kernels.heap.slice(base, base + floats));
      pool.dispose();
    }
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
  });
});

describe('dropout masks over helper threads', () => {
  it('draw the same masks as one thread, the largest on a helper', () => {
    const masks: Float32Array[] = [];
    for (const threads of [1, 2]) {
      const kernels = createDenseStepKernels(1 << 20, threads > 1, true);
      const panels = [0, 1].slice(0, threads).map((i) => RESERVED_BYTES + (200_000 + i * 8 * 300) * 4);
      const pool = threads > 1 ? nodeThreads(kernels.exports, kernels.module, kernels.memory, panels) : localThreads(kernels.exports, panels[0]!);
      const at = (float: number) => RESERVED_BYTES + float * 4;
      const job = (out: number, count: number, seed: number) => ({
        out: at(out),
        count,
        s0: seed / 7,
        s1: seed / 11,
        s2: seed / 13,
        c: 1,
        threshold: Math.fround(0.3),
        scale: Math.fround(1 / 0.7),
      });
      pool.dropoutMasks([job(0, 4096, 0.5), job(10_000, 16_384, 0.25), job(40_000, 100, 0.75)]);
      const base = RESERVED_BYTES / 4;
      masks.push(kernels.heap.slice(base, base + 40_100));
      pool.dispose();
    }
    expect(masks[1]).toEqual(masks[0]);
    // Each mask holds 0 or the scale, about 30% zeros.
    const zeros = masks[0]!.subarray(10_000, 26_384).filter((value) => value === 0).length / 16_384;
    expect(zeros).toBeGreaterThan(0.27);
    expect(zeros).toBeLessThan(0.33);
    expect(new Set(masks[0]!.subarray(10_000, 26_384))).toEqual(new Set([0, Math.fround(1 / 0.7)]));
  });
});

describe('the relaxed and plain builds of the kernels', () => {
  // Each element of C (a 4 x 8 block and a 1 x 1 edge) sums 1 x -(1 + 2^-11) and (1 + 2^-12)^2 =
  // 1 + 2^-11 + 2^-24: rounded once (fused) the sum is 2^-24; with the product rounded first
  // (to 1 + 2^-11, the tie going to even) it is 0.
  const product = (useRelaxed: boolean, m: number, n: number) => {
    const kernels = createDenseStepKernels(1 << 16, false, useRelaxed);
    const base = RESERVED_BYTES / 4;
    const [a, b, c, panel] = [0, 64, 128, 256];
    for (let i = 0; i < m; i++) kernels.heap.set([1, 1 + 2 ** -12], base + a + 2 * i);
    kernels.heap.fill(-(1 + 2 ** -11), base + b, base + b + n);
    kernels.heap.fill(1 + 2 ** -12, base + b + n, base + b + 2 * n);
    const at = (float: number) => RESERVED_BYTES + float * 4;
    kernels.exports.gemm(at(a), 2, 1, at(b), 0, at(c), m, 2, n, n, 0, at(panel));
    return { fused: kernels.fusedMultiplyAdd, values: [...kernels.heap.subarray(base + c, base + c + m * n)] };
  };

  it('the plain build rounds every product before adding it, in blocks and at edges', () => {
    for (const [m, n] of [
      [4, 8],
      [1, 1],
    ]) {
      const { fused, values } = product(false, m!, n!);
      expect(fused).toBe(false);
      expect(values).toEqual(new Array(m! * n!).fill(0));
    }
  });

  it('the relaxed build computes as its probe says: 2^-24 everywhere when it fuses', () => {
    for (const [m, n] of [
      [4, 8],
      [1, 1],
    ]) {
      const { fused, values } = product(true, m!, n!);
      expect(values).toEqual(new Array(m! * n!).fill(fused ? 2 ** -24 : 0));
    }
    // Node's V8 fuses on x86-64 with FMA3 and on arm64: every machine nnspec is tested on.
    expect(product(true, 1, 1).fused).toBe(true);
  });
});

describe('conv bands', () => {
  // conv_forward's and conv_filter_gradient's arguments for 8 images of 12 x 12 x 6, a 3 x 3
  // filter to 20 channels (two 8-wide blocks and 4 odd ones), stride 1, at the given byte addresses.
  const forwardArgs = (x: number, f: number, bias: number, y: number): ConvForwardArgs => [
    x,
    8,
    12 * 12 * 6,
    12 * 6,
    6,
    10,
    10,
    1,
    1,
    1,
    1,
    3,
    3,
    f,
    20,
    bias,
    1,
    y,
    ...EVERYWHERE,
  ];
  const gradientArgs = (x: number, dy: number, grad: number): ConvFilterGradientArgs => [x, 8, 12 * 12 * 6, 12 * 6, 6, 10, 10, 1, 1, 1, 1, 3, 3, dy, 20, grad];

  it('split the images of a forward convolution and the rows of a filter gradient, and keep small ones whole', () => {
    expect(8 * 10 * 10 * 54 * 20).toBeGreaterThan(MIN_SPLIT_MACS);
    expect(convImageBands(forwardArgs(0, 0, 0, 0), 2)).toEqual([
      [0, 4],
      [4, 8],
    ]);
    expect(convImageBands(forwardArgs(0, 0, 0, 0), 3)).toEqual([
      [0, 3],
      [3, 5],
      [5, 8],
    ]);
    expect(convImageBands(forwardArgs(0, 0, 0, 0), 1)).toEqual([[0, 8]]);
    // 54 filter rows: whole 4-row blocks on every band but the last.
    expect(convRowBands(gradientArgs(0, 0, 0), 2)).toEqual([
      [0, 28],
      [28, 54],
    ]);
    const small: ConvFilterGradientArgs = [0, 1, 16, 4, 1, 2, 2, 1, 1, 1, 1, 3, 3, 0, 8, 0];
    expect(convRowBands(small, 2)).toEqual([[0, 9]]);
  });

  it.each([true, false])('give every bit of the single-thread convolutions (relaxed build: %s)', (useRelaxed) => {
    const results: Float32Array[] = [];
    for (const threads of [1, 2, 3]) {
      const kernels = createDenseStepKernels(1 << 20, threads > 1, useRelaxed);
      const panels = [0, 1, 2].slice(0, threads).map((i) => RESERVED_BYTES + (100_000 + i * 4000) * 4);
      const pool = threads > 1 ? nodeThreads(kernels.exports, kernels.module, kernels.memory, panels) : localThreads(kernels.exports, panels[0]!);
      const random = new Random(8);
      const base = RESERVED_BYTES / 4;
      for (let i = 0; i < 30_000; i++) kernels.heap[base + i] = random.uniform() - 0.5;
      const at = (float: number) => RESERVED_BYTES + float * 4;
      // x at 0 (6,912 floats), the filter at 8,000 (1,080), the bias at 9,200, dy (the filter
      // gradient's) at 10,000 (16,000); y at 30,000 (16,000) and the filter gradient at 50,000.
      pool.convForward(forwardArgs(at(0), at(8000), at(9200), at(30_000)));
      pool.convFilterGradient(gradientArgs(at(0), at(10_000), at(50_000)));
      results.push(kernels.heap.slice(base, base + 52_000));
      pool.dispose();
    }
    // The kernels wrote their outputs: the comparison is not of untouched memory.
    expect(results[0]!.slice(30_000, 46_000).filter((v) => v > 0).length).toBeGreaterThan(4000);
    expect(results[0]!.slice(50_000, 51_080).every((v) => v !== 0)).toBe(true);
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
  });
});
