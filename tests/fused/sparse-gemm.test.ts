/**
 * Products with a mostly-zero left operand (wasm/sparse-gemm.h, src/backend/fused/products.ts):
 * sparse_gemm gives gemm's bits on both builds, on one thread and split over helpers, and the
 * fused step learns the same bits with it as without it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.js';
import { planChain } from '../../src/backend/fused/chain-plan.js';
import { DenseStep } from '../../src/backend/fused/dense-step.js';
import { createDenseStepKernels, RESERVED_BYTES, type DenseStepKernels } from '../../src/backend/fused/dense-step-kernels.js';
import { listingBands, localThreads, SPARSE_PANEL_FLOATS } from '../../src/backend/fused/kernel-threads.js';
import { nodeThreads } from '../../src/backend/fused/kernel-threads-node.js';
import { Products, RETRY_AFTER } from '../../src/backend/fused/products.js';
import { lossName } from '../../src/backend/losses.js';
import { Random } from '../../src/util/seeds.js';
import { documentOf } from '../runner/helpers.js';
import { trainerOptions } from './helpers.js';

beforeAll(async () => {
  await initBackend('wasm');
});

/** Float regions of a test memory: A, B, bias, two results, the lists, and one panel per thread. */
const [A, B, BIAS, C_DENSE, C_SPARSE, LIST, STARTS, ENDS, PANELS] = [0, 300_000, 600_000, 610_000, 910_000, 1_210_000, 1_850_000, 1_870_000, 1_900_000];
const FLOATS = PANELS + 3 * SPARSE_PANEL_FLOATS;
const at = (float: number) => RESERVED_BYTES + float * 4;

interface Case {
  m: number;
  k: number;
  n: number;
  density: number;
  transposed?: boolean;
  bias?: boolean;
}

/** Fills A with `density` nonzero elements (some of them -0 among the zeros), B and the bias with values in (-1, 1). */
function fill(kernels: DenseStepKernels, { m, k, n, density }: Case, seed: number): void {
  const random = new Random(seed);
  const heap = kernels.heap;
  const base = RESERVED_BYTES / 4;
  for (let i = 0; i < m * k; i++) heap[base + A + i] = random.uniform() < density ? random.uniform() * 2 - 1 : random.uniform() < 0.2 ? -0 : 0;
  for (let i = 0; i < k * n; i++) heap[base + B + i] = random.uniform() * 2 - 1;
  for (let i = 0; i < n; i++) heap[base + BIAS + i] = random.uniform() * 2 - 1;
}

/** Both products of a case, as float arrays, and sparse_gemm's answer. */
function bothProducts(kernels: DenseStepKernels, c: Case): { dense: Float32Array; sparse: Float32Array; answer: number; entries: number } {
  const { m, k, n } = c;
  const [ars, aps] = c.transposed ? [1, m] : [k, 1];
  const bias = c.bias === false ? 0 : at(BIAS);
  const e = kernels.exports;
  e.gemm(at(A), ars, aps, at(B), bias, at(C_DENSE), m, k, n, n, 0, at(PANELS));
  const entries = e.sparse_rows(at(A), ars, aps, m, k, at(LIST), at(STARTS), at(ENDS));
  const answer = e.sparse_gemm(at(STARTS), at(ENDS), m, k, at(B), n, bias, at(C_SPARSE), n, n, at(PANELS));
  const base = RESERVED_BYTES / 4;
  return {
    dense: kernels.heap.slice(base + C_DENSE, base + C_DENSE + m * n),
    sparse: kernels.heap.slice(base + C_SPARSE, base + C_SPARSE + m * n),
    answer,
    entries,
  };
}

/** Bit patterns, so that -0 and +0 (and NaN payloads) count as different. */
const bits = (values: Float32Array) => new Uint32Array(values.buffer, values.byteOffset, values.length);

const CASES: Case[] = [
  { m: 64, k: 784, n: 256, density: 0.55 },
  { m: 784, k: 64, n: 256, density: 0.55, transposed: true, bias: false },
  { m: 64, k: 256, n: 128, density: 0.4 },
  { m: 5, k: 7, n: 12, density: 0.5 },
  { m: 3, k: 161, n: 4, density: 0.3 },
  { m: 9, k: 320, n: 28, density: 0.2, transposed: true },
  { m: 13, k: 40, n: 100, density: 0.9, bias: false },
  { m: 4, k: 33, n: 8, density: 0 },
  { m: 6, k: 20, n: 24, density: 1 },
];

describe.each([true, false])('sparse_gemm (relaxed build: %s)', (useRelaxed) => {
  const kernels = createDenseStepKernels(FLOATS * 4, false, useRelaxed);

  it.each(CASES)('gives gemm every bit: $m x $k x $n, density $density, transposed $transposed', (c) => {
    fill(kernels, c, c.m * 1000 + c.k);
    const { dense, sparse, answer, entries } = bothProducts(kernels, c);
    expect(answer).toBe(0);
    const base = RESERVED_BYTES / 4 + A;
    expect(entries).toBe(kernels.heap.subarray(base, base + c.m * c.k).filter((value) => value !== 0).length);
    expect(bits(sparse)).toEqual(bits(dense));
  });

  it('lists NaN and infinities in A (and gives their NaN and infinite sums)', () => {
    const c: Case = { m: 8, k: 50, n: 16, density: 0.3 };
    fill(kernels, c, 3);
    const base = RESERVED_BYTES / 4 + A;
    kernels.heap[base + 5] = Number.NaN;
    kernels.heap[base + 50 + 7] = Number.POSITIVE_INFINITY;
    const { dense, sparse, answer } = bothProducts(kernels, c);
    expect(answer).toBe(0);
    expect(Number.isNaN(sparse[0])).toBe(true);
    expect(sparse.subarray(16, 32).some((value) => !Number.isFinite(value))).toBe(true);
    expect(bits(sparse)).toEqual(bits(dense));
  });

  it('reports an infinity or a NaN in B, where gemm makes NaN of the zeros it skips', () => {
    for (const bad of [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN]) {
      const c: Case = { m: 8, k: 200, n: 32, density: 0.5 };
      fill(kernels, c, 4);
      kernels.heap[RESERVED_BYTES / 4 + B + 170 * 32 + 29] = bad;
      expect(bothProducts(kernels, c).answer).toBe(1);
    }
    expect(kernels.exports.sparse_gemm(at(STARTS), at(ENDS), 2, 4, at(B), 6, 0, at(C_SPARSE), 6, 6, at(PANELS))).toBe(1);
  });
});

describe('sparse_rows', () => {
  it('lists each row nonzero elements by block of 160 columns, with their offsets in the packed panel', () => {
    const kernels = createDenseStepKernels(FLOATS * 4, false, false);
    const base = RESERVED_BYTES / 4;
    // Row 0: 2 at column 1, 3 at column 170 (block 1, column 10 of it); row 1: only -0; row 2: 1 at column 0.
    const k = 200;
    kernels.heap.fill(0, base + A, base + A + 3 * k);
    kernels.heap[base + A + 1] = 2;
    kernels.heap[base + A + 170] = 3;
    kernels.heap[base + A + k + 4] = -0;
    kernels.heap[base + A + 2 * k] = 1;
    expect(kernels.exports.sparse_rows(at(A), k, 1, 3, k, at(LIST), at(STARTS), at(ENDS))).toBe(3);
    // The bounds are the entries' byte addresses: 8 bytes each, from LIST on.
    const entry = (index: number) => at(LIST) + 8 * index;
    expect([...new Int32Array(kernels.memory.buffer, at(STARTS), 6)]).toEqual([0, 1, 2, 2, 2, 3].map(entry));
    expect([...new Int32Array(kernels.memory.buffer, at(ENDS), 6)]).toEqual([1, 2, 2, 2, 3, 3].map(entry));
    const words = new Int32Array(kernels.memory.buffer, at(LIST), 6);
    const values = new Float32Array(kernels.memory.buffer, at(LIST), 6);
    expect([words[0], values[1], words[2], values[3], words[4], values[5]]).toEqual([1 * 128, 2, 10 * 128, 3, 0, 1]);
  });
});

describe('sparse_rows of a transposed A', () => {
  it('lists four rows at a time, each into its own part of the list, and the rest row by row', () => {
    const kernels = createDenseStepKernels(FLOATS * 4, false, false);
    const base = RESERVED_BYTES / 4;
    // A is the transpose of a 3 x 6 matrix X (A's element (i, p) is X[p][i]): 6 rows of 3.
    const x = [
      [1, 0, 2, 0, 0, 3],
      [0, 0, 4, 5, 0, 0],
      [6, 0, 0, 0, 0, 7],
    ];
    kernels.heap.set(x.flat(), base + A);
    expect(kernels.exports.sparse_rows(at(A), 1, 6, 6, 3, at(LIST), at(STARTS), at(ENDS))).toBe(7);
    const starts = new Int32Array(kernels.memory.buffer, at(STARTS), 6);
    const ends = new Int32Array(kernels.memory.buffer, at(ENDS), 6);
    const words = new Int32Array(kernels.memory.buffer);
    const floats = new Float32Array(kernels.memory.buffer);
    const row = (i: number) => {
      const entries: [number, number][] = [];
      for (let e = starts[i]!; e < ends[i]!; e += 8) entries.push([words[e / 4]! / 128, floats[e / 4 + 1]!]);
      return entries;
    };
    // Rows 0-3 from their own parts (row i from entry 3 i on), rows 4 and 5 one after the other.
    expect([0, 1, 2, 3, 4].map((i) => (starts[i]! - at(LIST)) / 8)).toEqual([0, 3, 6, 9, 12]);
    expect([0, 1, 2, 3, 4, 5].map(row)).toEqual([
      [
        [0, 1],
        [2, 6],
      ],
      [],
      [
        [0, 2],
        [1, 4],
      ],
      [[1, 5]],
      [],
      [
        [0, 3],
        [2, 7],
      ],
    ]);
  });
});

describe('sparse_gemm over helper threads', () => {
  it('gives the one-thread bits in column bands and in row bands', () => {
    const results: Float32Array[] = [];
    for (const threads of [1, 2, 3]) {
      const kernels = createDenseStepKernels(FLOATS * 4, threads > 1, true);
      const panels = [0, 1, 2].slice(0, threads).map((i) => at(PANELS + i * SPARSE_PANEL_FLOATS));
      const pool = threads > 1 ? nodeThreads(kernels.exports, kernels.module, kernels.memory, panels) : localThreads(kernels.exports, panels[0]!);
      const wide: Case = { m: 64, k: 784, n: 256, density: 0.5 };
      fill(kernels, wide, 8);
      const listed = [kernels.exports.sparse_rows(at(A), 784, 1, 64, 784, at(LIST), at(STARTS), at(ENDS))];
      // Listed in bands of rows, one per thread, each into its own part of the list.
      listed.push(pool.sparseRows(at(A), 784, 1, 64, 784, at(LIST), at(STARTS), at(ENDS)));
      expect(listed[1]).toBe(listed[0]);
      expect(pool.sparseGemm(at(STARTS), at(ENDS), 64, 784, at(B), at(BIAS), at(C_SPARSE), 256)).toBe(true);
      // 784 x 64 x 12: too narrow for column bands, so split into bands of rows.
      pool.sparseRows(at(A), 1, 784, 784, 64, at(LIST), at(STARTS), at(ENDS));
      expect(pool.sparseGemm(at(STARTS), at(ENDS), 784, 64, at(B), 0, at(C_DENSE), 12)).toBe(true);
      const base = RESERVED_BYTES / 4;
      results.push(
        new Float32Array([
          ...kernels.heap.subarray(base + C_SPARSE, base + C_SPARSE + 64 * 256),
          ...kernels.heap.subarray(base + C_DENSE, base + C_DENSE + 784 * 12),
        ]),
      );
      // One band's B holds an infinity: every band's answer is collected, and the product is refused.
      kernels.heap[base + B + 100 * 256 + 250] = Number.POSITIVE_INFINITY;
      pool.sparseRows(at(A), 784, 1, 64, 784, at(LIST), at(STARTS), at(ENDS));
      expect(pool.sparseGemm(at(STARTS), at(ENDS), 64, 784, at(B), at(BIAS), at(C_SPARSE), 256)).toBe(false);
      pool.dispose();
    }
    expect(bits(results[1]!)).toEqual(bits(results[0]!));
    expect(bits(results[2]!)).toEqual(bits(results[0]!));
  });
});

describe('Products', () => {
  it('takes sparse_gemm for a sparse operand, gemm for a dense one, and tries a dense site again later', () => {
    const kernels = createDenseStepKernels(FLOATS * 4, false, true);
    const products = new Products(localThreads(kernels.exports, at(PANELS)), { list: at(LIST), starts: at(STARTS), ends: at(ENDS) }, 2);
    const run = (site: number) => products.run(site, at(A), 784, 1, at(B), at(BIAS), at(C_SPARSE), 64, 784, 256);
    fill(kernels, { m: 64, k: 784, n: 256, density: 0.3 }, 1);
    run(0);
    expect(products.counts).toEqual({ dense: 0, sparse: 1 });
    fill(kernels, { m: 64, k: 784, n: 256, density: 0.9 }, 1);
    for (let i = 0; i <= RETRY_AFTER; i++) run(1);
    expect(products.counts).toEqual({ dense: RETRY_AFTER + 1, sparse: 1 });
    // Its operand is sparse now: the first call after the wait lists it again and takes sparse_gemm.
    fill(kernels, { m: 64, k: 784, n: 256, density: 0.3 }, 1);
    run(1);
    expect(products.counts).toEqual({ dense: RETRY_AFTER + 1, sparse: 2 });
    products.sparseEnabled = false;
    run(0);
    expect(products.counts).toEqual({ dense: RETRY_AFTER + 2, sparse: 2 });
  });
});

describe('listingBands', () => {
  it('splits A into bands of whole rows, one per thread, when it is big enough', () => {
    expect(listingBands(64, 784, 2)).toEqual([
      { rows: true, from: 0, to: 32 },
      { rows: true, from: 32, to: 64 },
    ]);
    expect(listingBands(3, 10_000, 4).map((band) => band.to - band.from)).toEqual([1, 1, 1]);
    expect(listingBands(64, 100, 2)).toEqual([{ rows: true, from: 0, to: 64 }]);
    expect(listingBands(64, 784, 1)).toEqual([{ rows: true, from: 0, to: 64 }]);
  });
});

describe.each([true, false])('the fused step with sparse products (relaxed build: %s)', (useRelaxed) => {
  const FEATURES = 256;
  const ROWS = 64;
  /** Weights after 12 steps of a ReLU and dropout MLP on inputs with many zeros, sparse products on or off. */
  const train = (sparse: boolean, threads: number) => {
    const document =
      documentOf(`data d { source: synthetic.blobs(samples: 120, classes: 3, features: ${FEATURES}, seed: 3), split: { train: 0.75, validation: 0.25 } }
model m {
  input(shape: [${FEATURES}])
  dense(64, activation: relu)
  dropout(0.3)
  dense(32, activation: relu)
  dense(3, activation: softmax)
}
train m on d { loss: categorical_crossentropy, metrics: [accuracy], optimizer: adam(learning_rate: 0.01), epochs: 1, batch_size: ${ROWS}, seed: 5 }
`);
    const options = trainerOptions(document);
    const { plan } = planChain(options.model, options.optimizer, lossName(options.loss));
    const step = new DenseStep(plan!, options.model, ROWS, threads, threads > 1 ? nodeThreads : undefined, useRelaxed);
    step.products.sparseEnabled = sparse;
    const random = new Random(11);
    const x = new Float32Array(ROWS * FEATURES).map(() => (random.uniform() < 0.35 ? random.uniform() : 0));
    const y = new Float32Array(ROWS * 3).map((_, i) => (i % 3 === Math.floor(i / 3) % 3 ? 1 : 0));
    const losses: number[] = [];
    for (let s = 0; s < 12; s++) {
      step.loadInputs(x, FEATURES, { rows: ROWS, row: (i) => i, first: 0 });
      losses.push(step.train(ROWS, { values: y, rowSize: 3, row: (i) => i }, 0.01));
    }
    step.push();
    const weights = options.model.getWeights().map((w) => Float32Array.from(w.dataSync()));
    const counts = { ...step.products.counts };
    step.dispose();
    options.model.dispose();
    return { losses, weights, counts };
  };

  it('learns every bit it learns without them, on one thread and on two', () => {
    const without = train(false, 1);
    expect(without.counts.sparse).toBe(0);
    for (const threads of [1, 2]) {
      const withSparse = train(true, threads);
      // The first layer's forward and kernel gradient, the second's three products: sparse at each step.
      expect(withSparse.counts.sparse).toBeGreaterThanOrEqual(12 * 4);
      expect(withSparse.losses).toEqual(without.losses);
      withSparse.weights.forEach((w, i) => expect(bits(w)).toEqual(bits(without.weights[i]!)));
    }
  });
});
