/**
 * The fused step's matrix products, each computed by `gemm` or, when its left operand is mostly
 * zeros, by `sparse_gemm` (wasm/sparse-gemm.h): the two give the same bits (but for the sign of a
 * zero after a product that underflows below 2^-150, see there), so the choice is about speed
 * only. Browser-safe.
 *
 * Which operands are sparse is a property of the data and the layers (a dense layer's input after
 * ReLU and dropout, images with a blank background, the gradient behind a ReLU), and it holds
 * from one step to the next; so each call site remembers what it last found. Listing a dense
 * operand's nonzero elements costs about 8% of its product, so a site found dense tries again
 * only every {@link RETRY_AFTER} calls.
 */
import type { KernelThreads } from './kernel-threads.js';

/**
 * Above this share of nonzero elements in A, `gemm` is the faster: measured on a 2-core AMD EPYC
 * (V8, 128-bit SIMD with FMA), the two break even at about 0.65 on the 64 x 784 x 256 product.
 */
export const SPARSE_MAX_DENSITY = 0.6;

/** Products smaller than this many multiply-adds are left to gemm: listing A would cost more than it saves. */
export const SPARSE_MIN_MACS = 16_384;

/** Calls a site found dense waits before it lists its operand again. */
export const RETRY_AFTER = 64;

/** Where the step keeps the lists of A's nonzero elements (byte addresses in its memory). */
export interface SparseScratch {
  /** Room for m k entries of 8 bytes, for the largest m k of any product. */
  list: number;
  /** Room for m ceil(k / 160) addresses each, for the largest of any product: where each row's block of entries starts and ends. */
  starts: number;
  ends: number;
}

/** How many products went each way since the step was made (tests and profiles read it). */
export interface ProductCounts {
  dense: number;
  sparse: number;
}

/** The products of one fused step, with one memory of which call sites found sparse operands. */
export class Products {
  /** False to compute every product with gemm (tests compare both ways). */
  sparseEnabled = true;
  readonly counts: ProductCounts = { dense: 0, sparse: 0 };
  private readonly wait: Int32Array;

  constructor(
    private readonly threads: KernelThreads,
    private readonly scratch: SparseScratch,
    sites: number,
  ) {
    this.wait = new Int32Array(sites);
  }

  /**
   * C (m x n, row-major) = A B (+ bias), A's element (i, p) at `a + 4 (i ars + p aps)`; `site`
   * names the call (below the `sites` given to the constructor).
   */
  run(site: number, a: number, ars: number, aps: number, b: number, bias: number, c: number, m: number, k: number, n: number): void {
    if (this.sparseEnabled && n % 4 === 0 && m * k * n >= SPARSE_MIN_MACS) {
      if (this.wait[site]! > 0) this.wait[site]! -= 1;
      else {
        const { list, starts, ends } = this.scratch;
        const entries = this.threads.sparseRows(a, ars, aps, m, k, list, starts, ends);
        if (entries > SPARSE_MAX_DENSITY * m * k) this.wait[site] = RETRY_AFTER;
        // False when B holds an infinity or a NaN: gemm's 0 b terms then make NaN.
        else if (this.threads.sparseGemm(starts, ends, m, k, b, bias, c, n)) {
          this.counts.sparse += 1;
          return;
        }
      }
    }
    this.counts.dense += 1;
    this.threads.gemm(a, ars, aps, b, bias, c, m, k, n);
  }
}
