/**
 * The kernels of the fused step that are worth a second core (the matrix products, the
 * convolutions, Adam's update, the dropout masks) behind one interface: on this thread alone
 * ({@link localThreads}), or split into bands across helper threads that share the step's memory
 * (kernel-threads-node.ts). Every band is the same float operations on the same elements as the
 * whole, so the thread count changes no bit of what is learned. Browser-safe (the local form).
 */
import type { ConvFilterGradientArgs, ConvForwardArgs } from '../kernels/conv-calls.js';
import type { DenseStepExports } from './dense-step-kernels.js';

/** Adam's constants for one step (see wasm/dense-step.c). */
export interface AdamConstants {
  beta1: number;
  keep1: number;
  beta2: number;
  keep2: number;
  rate: number;
  unbias2: number;
  epsilon: number;
}

/** One dropout mask to draw (`dropout_mask` in wasm/dense-step.c): Alea's state after seeding, and where. */
export interface DropoutMaskJob {
  out: number;
  count: number;
  s0: number;
  s1: number;
  s2: number;
  c: number;
  threshold: number;
  scale: number;
}

/** The splittable kernels; byte addresses as in {@link DenseStepExports}. */
export interface KernelThreads {
  /** Threads available, this one included. */
  readonly count: number;
  /**
   * Threads the next calls split their work over, from 1 to {@link KernelThreads.count} (at first
   * all of them): `--threads auto` moves between 1 and 2 as it measures. Bands are the same float
   * operations whatever their number, so this changes speed only.
   */
  active: number;
  /** C (m x n, row-major) = A B (+ bias); see `gemm` in wasm/dense-step.c. */
  gemm(a: number, ars: number, aps: number, b: number, bias: number, c: number, m: number, k: number, n: number): void;
  /**
   * Lists A's nonzero elements (`sparse_rows` in wasm/sparse-gemm.h) into `list` (room for m k
   * entries), the bounds of each row's blocks into `starts` and `ends`; returns how many there are.
   */
  sparseRows(a: number, ars: number, aps: number, m: number, k: number, list: number, starts: number, ends: number): number;
  /**
   * C (m x n) = A B (+ bias) with A as {@link KernelThreads.sparseRows} listed it. False when B
   * holds an infinity or a NaN: C is then unfinished, and the caller computes it with
   * {@link KernelThreads.gemm}.
   */
  sparseGemm(starts: number, ends: number, m: number, k: number, b: number, bias: number, c: number, n: number): boolean;
  /**
   * Draws a step's dropout masks. Each is one sequential stream, so threads share them out
   * whole: the largest to a helper, the rest on this thread meanwhile.
   */
  dropoutMasks(jobs: readonly DropoutMaskJob[]): void;
  /** A forward convolution (also an input gradient's), split over the images. */
  convForward(args: ConvForwardArgs): void;
  /** A filter gradient, split over the filter's rows (its weights per output channel). */
  convFilterGradient(args: ConvFilterGradientArgs): void;
  /** Adam over `count` floats (a multiple of 4) at the given addresses. */
  adam(x: number, m: number, v: number, g: number, count: number, constants: AdamConstants): void;
  dispose(): void;
}

/** Everything on the calling thread; `panel` is its scratch for the products (see wasm/dense-step.c). */
export function localThreads(kernels: DenseStepExports, panel: number): KernelThreads {
  return {
    count: 1,
    get active() {
      return 1;
    },
    set active(_threads: number) {},
    gemm: (a, ars, aps, b, bias, c, m, k, n) => kernels.gemm(a, ars, aps, b, bias, c, m, k, n, n, 0, panel),
    sparseRows: (a, ars, aps, m, k, list, starts, ends) => kernels.sparse_rows(a, ars, aps, m, k, list, starts, ends),
    sparseGemm: (starts, ends, m, k, b, bias, c, n) => kernels.sparse_gemm(starts, ends, m, k, b, n, bias, c, n, n, panel) === 0,
    dropoutMasks: (jobs) => {
      for (const job of jobs) drawMask(kernels, job);
    },
    convForward: (args) => kernels.conv_forward(...args),
    convFilterGradient: (args) => kernels.conv_filter_gradient(...args),
    adam: (x, m, v, g, count, c) => kernels.adam(x, m, v, g, count, c.beta1, c.keep1, c.beta2, c.keep2, c.rate, c.unbias2, c.epsilon),
    dispose: () => {},
  };
}

/** Rows of B per packed block in sparse_gemm (SPARSE_KC in wasm/sparse-gemm.h): `starts` has one entry per row of A and block. */
export const SPARSE_BLOCK_ROWS = 160;

/** Floats of a thread's scratch that sparse_gemm packs B into (SPARSE_KC x SPARSE_STRIDE). */
export const SPARSE_PANEL_FLOATS = SPARSE_BLOCK_ROWS * 32;

/** Bytes of one listed element of A (its offset and value). */
export const SPARSE_ENTRY_BYTES = 8;

/** Below this many elements of A, one thread lists them all (a band costs a few microseconds to hand over). */
export const MIN_SPLIT_LISTING = 16_384;

/** Bands of whole rows of A for listing its nonzero elements over `threads` threads. */
export function listingBands(m: number, k: number, threads: number): GemmBand[] {
  const count = threads < 2 || m * k < MIN_SPLIT_LISTING ? 1 : Math.min(threads, m);
  return Array.from({ length: count }, (_, i) => ({ rows: true, from: Math.round((m * i) / count), to: Math.round((m * (i + 1)) / count) }));
}

/** Draws one mask on this thread. */
export function drawMask(kernels: DenseStepExports, { out, count, s0, s1, s2, c, threshold, scale }: DropoutMaskJob): void {
  kernels.dropout_mask(out, count, s0, s1, s2, c, threshold, scale);
}

/** One thread's share of a product: columns `[from, to)` of C, or rows when C is too narrow to split. */
export interface GemmBand {
  rows: boolean;
  from: number;
  to: number;
}

/**
 * Products smaller than this many multiply-adds stay on one thread: handing a band to another
 * thread costs a few microseconds, as much as ~50,000 multiply-adds.
 */
export const MIN_SPLIT_MACS = 200_000;

/** Edges of `threads` bands of `size` in whole `unit`s (the last band takes the rest), or [0, size] when there are too few units. */
function splitEdges(size: number, unit: number, threads: number): number[] {
  const units = Math.floor(size / unit);
  if (units < threads) return [0, size];
  const edges = [0];
  for (let t = 1; t < threads; t++) edges.push(Math.round((units * t) / threads) * unit);
  edges.push(size);
  return edges;
}

/**
 * How a product is split over `threads` threads: bands of columns in whole 8-column blocks when
 * C is wide enough, else bands of rows in whole 4-row blocks; one band when it is too small.
 */
export function gemmBands(m: number, k: number, n: number, threads: number): GemmBand[] {
  if (threads < 2 || m * k * n < MIN_SPLIT_MACS) return [{ rows: false, from: 0, to: n }];
  const split = (size: number, unit: number) => splitEdges(size, unit, threads);
  const columns = split(n, 8);
  const edges = columns.length > 2 ? columns : split(m, 4);
  const rows = columns.length <= 2;
  const bands: GemmBand[] = [];
  for (let i = 0; i + 1 < edges.length; i++) bands.push({ rows, from: edges[i]!, to: edges[i + 1]! });
  return bands;
}

/** Multiply-adds of a convolution (forward or filter gradient: the same count). */
function convMacs(args: ConvForwardArgs | ConvFilterGradientArgs): number {
  const [, n, , , c, oh, ow, , , , , kh, kw, , cout] = args;
  return n * oh * ow * kh * kw * c * cout;
}

/** `[from, to)` bands of `size` in whole `unit`s over `threads` threads, or one band when the convolution is too small to split. */
function convBands(args: ConvForwardArgs | ConvFilterGradientArgs, size: number, unit: number, threads: number): [number, number][] {
  const edges = threads < 2 || convMacs(args) < MIN_SPLIT_MACS ? [0, size] : splitEdges(size, unit, threads);
  return edges.slice(1).map((to, i) => [edges[i]!, to]);
}

/** Bands of whole images for a forward convolution over `threads` threads (one when it is too small). */
export function convImageBands(args: ConvForwardArgs, threads: number): [number, number][] {
  return convBands(args, args[1], 1, threads);
}

/** Bands of the filter gradient's rows, in whole 4-row blocks, over `threads` threads. */
export function convRowBands(args: ConvFilterGradientArgs, threads: number): [number, number][] {
  const [, , , , c, , , , , , , kh, kw] = args;
  return convBands(args, kh * kw * c, 4, threads);
}
