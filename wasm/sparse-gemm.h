/*
 * Matrix products whose left operand is mostly zeros, for the fused training step
 * (wasm/dense-step.c): a dense layer's input after ReLU and dropout, images with a blank
 * background, the gradient behind a ReLU. Each row of A is first listed as its nonzero elements
 * (sparse_rows), and the product then multiplies only those (sparse_gemm).
 *
 * The same bits as gemm: every element of C is the same sequence of float operations, minus the
 * multiply-adds of zero elements of A, and those change no bit. A sum starts at +0, and adding
 * 0 b (+0 or -0 for a finite b) to a sum that is not -0 returns it unchanged. In the plain build
 * a sum is never -0 (round-to-nearest gives +0 for an exact zero, and +0 + -0 is +0). In the
 * relaxed build one case can make it -0: a fused multiply-add whose exact product is negative and
 * below 2^-150 in size rounds to -0 when added to +0, and if every later term is zero too, gemm
 * ends at +0 or -0 by the signs of those terms where this ends at -0: only the sign of a zero of
 * C can differ, and only for such underflowing products. b infinite or NaN, where 0 b is NaN, is
 * caught: sparse_gemm checks B while it packs it and reports such a value, and the caller then
 * runs gemm (tests/fused compare the two to the bit).
 *
 * Why it pays: each listed element of a row of A costs a broadcast and one multiply-add per four
 * columns, against gemm's 4 x 8 register block that shares each load of B between four rows; at
 * about 60% nonzero elements the two break even, at 40% (ReLU with dropout) sparse_gemm is about
 * 1.4x faster, at 20% (a handwritten digit's pixels) 2.4x.
 */
#ifndef NNSPEC_SPARSE_GEMM_H
#define NNSPEC_SPARSE_GEMM_H

#include <wasm_simd128.h>

#include "madd.h"

/* Floats between the rows of a packed panel of B (a strip of up to 7 vectors, padded). */
#define SPARSE_STRIDE 32
/* Rows of B in one packed panel: 160 x 128 bytes = 20 KB, which stays in the first-level cache. */
#define SPARSE_KC 160

/*
 * For each 4-bit mask of nonzero lanes, the byte shuffle (i8x16.swizzle) that moves those lanes
 * to the front, in order: sparse_pack[0b1010] moves lanes 1 and 3 to lanes 0 and 1.
 */
#define LANE(l) (4 * (l)), (4 * (l) + 1), (4 * (l) + 2), (4 * (l) + 3)
#define NONE 255, 255, 255, 255
static const unsigned char sparse_pack[16][16] __attribute__((aligned(16))) = {
    {NONE, NONE, NONE, NONE},                  {LANE(0), NONE, NONE, NONE},          {LANE(1), NONE, NONE, NONE},
    {LANE(0), LANE(1), NONE, NONE},            {LANE(2), NONE, NONE, NONE},          {LANE(0), LANE(2), NONE, NONE},
    {LANE(1), LANE(2), NONE, NONE},            {LANE(0), LANE(1), LANE(2), NONE},    {LANE(3), NONE, NONE, NONE},
    {LANE(0), LANE(3), NONE, NONE},            {LANE(1), LANE(3), NONE, NONE},       {LANE(0), LANE(1), LANE(3), NONE},
    {LANE(2), LANE(3), NONE, NONE},            {LANE(0), LANE(2), LANE(3), NONE},    {LANE(1), LANE(2), LANE(3), NONE},
    {LANE(0), LANE(1), LANE(2), LANE(3)},
};
#undef LANE
#undef NONE

/* One nonzero element of A: its byte offset in the packed panel of its block of B's rows, and its value. */
typedef struct {
  int offset;
  float value;
} sparse_entry;

/*
 * Writes an entry at e and says whether to keep it (1 for a nonzero x): listing is branch-free,
 * every element is written and the cursor moves past the nonzero ones.
 */
static inline int put_entry(sparse_entry *e, int offset, float x) {
  e->offset = offset;
  e->value = x;
  return x != 0.0f;
}

/*
 * Lists the nonzero elements of A (m x k, element (i, p) at a[i * ars + p * aps]) row by row, in
 * blocks of SPARSE_KC columns, from `list` on (room for m k entries): the entries of row i's block
 * kb run from starts[i * blocks + kb] to ends[i * blocks + kb], blocks = ceil(k / SPARSE_KC).
 * Returns the number of entries. NaN and infinities are listed; -0 is not (it is zero).
 *
 * The bounds are addresses rather than indices so that threads can list bands of rows at once,
 * each into its own part of `list` (rows r0 on from list + r0 k), and sparse_gemm reads them all;
 * and so that a transposed A can be listed four rows at a time, each row into its own part.
 */
__attribute__((export_name("sparse_rows"))) int sparse_rows(const float *a, int ars, int aps, int m, int k, sparse_entry *list,
                                                             const sparse_entry **starts, const sparse_entry **ends) {
  int blocks = (k + SPARSE_KC - 1) / SPARSE_KC, listed = 0, i = 0;
  /* A transposed in place (a kernel gradient's input): four rows at a time, from one vector load
     of four neighbouring elements per column instead of a strided load per element, each row into
     its own part of the list (row i from list + i k on). */
  if (ars == 1 && aps != 1)
    for (; i + 4 <= m; i += 4) {
      sparse_entry *r0 = list + i * k, *r1 = r0 + k, *r2 = r1 + k, *r3 = r2 + k;
      for (int kb = 0; kb < blocks; kb++) {
        int p0 = kb * SPARSE_KC, p1 = p0 + SPARSE_KC < k ? p0 + SPARSE_KC : k, at = i * blocks + kb;
        starts[at] = r0;
        starts[at + blocks] = r1;
        starts[at + 2 * blocks] = r2;
        starts[at + 3 * blocks] = r3;
        for (int p = p0; p < p1; p++) {
          v128_t x = wasm_v128_load(a + i + p * aps);
          int offset = (p - p0) * SPARSE_STRIDE * 4;
          float x0 = wasm_f32x4_extract_lane(x, 0), x1 = wasm_f32x4_extract_lane(x, 1);
          float x2 = wasm_f32x4_extract_lane(x, 2), x3 = wasm_f32x4_extract_lane(x, 3);
          r0 += put_entry(r0, offset, x0);
          r1 += put_entry(r1, offset, x1);
          r2 += put_entry(r2, offset, x2);
          r3 += put_entry(r3, offset, x3);
        }
        ends[at] = r0;
        ends[at + blocks] = r1;
        ends[at + 2 * blocks] = r2;
        ends[at + 3 * blocks] = r3;
      }
      listed += (int)(r0 - (list + i * k)) + (int)(r1 - (list + (i + 1) * k)) + (int)(r2 - (list + (i + 2) * k)) + (int)(r3 - (list + (i + 3) * k));
    }
  /* Row by row (the rest of a transposed A), each row's entries after the previous one's. */
  v128_t zero = wasm_f32x4_splat(0.0f), lane_offsets = wasm_i32x4_make(0, SPARSE_STRIDE * 4, 2 * SPARSE_STRIDE * 4, 3 * SPARSE_STRIDE * 4);
  int t = i * k, first = t, capacity = m * k;
  for (; i < m; i++) {
    const float *row = a + i * ars;
    for (int kb = 0; kb < blocks; kb++) {
      starts[i * blocks + kb] = list + t;
      int p0 = kb * SPARSE_KC, p1 = p0 + SPARSE_KC < k ? p0 + SPARSE_KC : k, p = p0;
      /* A contiguous row: four elements at a time, their nonzero ones packed to the front of the
         vector (sparse_pack) and stored as four entries, of which the cursor keeps the packed
         ones. The last few entries of the list are written one by one: four at a time could
         write past its end, into another thread's band. */
      if (aps == 1)
        for (; p + 4 <= p1 && t + 4 <= capacity; p += 4) {
          v128_t x = wasm_v128_load(row + p);
          int mask = wasm_i32x4_bitmask(wasm_f32x4_ne(x, zero));
          if (mask == 0) continue;
          v128_t pack = wasm_v128_load(sparse_pack[mask]);
          v128_t offsets = wasm_i32x4_add(wasm_i32x4_splat((p - p0) * SPARSE_STRIDE * 4), lane_offsets);
          v128_t packed_offsets = wasm_i8x16_swizzle(offsets, pack), packed_values = wasm_i8x16_swizzle(x, pack);
          wasm_v128_store(list + t, wasm_i32x4_shuffle(packed_offsets, packed_values, 0, 4, 1, 5));
          wasm_v128_store(list + t + 2, wasm_i32x4_shuffle(packed_offsets, packed_values, 2, 6, 3, 7));
          t += __builtin_popcount(mask);
        }
      /* One by one (a transposed row, or the last entries of the list). */
      for (; p < p1; p++) t += put_entry(list + t, (p - p0) * SPARSE_STRIDE * 4, row[p * aps]);
      ends[i * blocks + kb] = list + t;
    }
  }
  return listed + t - first;
}

/*
 * One strip of W vectors (4 W columns) of C for one block of B's rows, every row of A: the sum of
 * the block's entries times the packed panel's rows, added to the previous blocks' sums (kept in
 * C), and the bias after the last block. W accumulators, one broadcast and W loads per entry:
 * at most 7, because V8 keeps 15 vector registers free and loads all of an entry's B first.
 */
#define SPARSE_STRIP(W)                                                                                              \
  static void sparse_strip_##W(const sparse_entry *const *starts, const sparse_entry *const *ends, int m, int blocks, int kb, \
                               const char *panel, const float *bias, float *c, int ld) {                            \
    for (int i = 0; i < m; i++) {                                                                                    \
      const sparse_entry *e = starts[i * blocks + kb], *end = ends[i * blocks + kb];                                 \
      float *r = c + i * ld;                                                                                         \
      v128_t acc[W];                                                                                                 \
      for (int v = 0; v < W; v++) acc[v] = kb == 0 ? wasm_f32x4_splat(0.0f) : wasm_v128_load(r + 4 * v);            \
      for (; e < end; e++) {                                                                                         \
        const float *bp = (const float *)(panel + e->offset);                                                        \
        v128_t x = wasm_v128_load32_splat(&e->value);                                                                \
        for (int v = 0; v < W; v++) acc[v] = madd(acc[v], x, wasm_v128_load(bp + 4 * v));                           \
      }                                                                                                              \
      if (kb == blocks - 1 && bias)                                                                                  \
        for (int v = 0; v < W; v++) acc[v] = wasm_f32x4_add(acc[v], wasm_v128_load(bias + 4 * v));                   \
      for (int v = 0; v < W; v++) wasm_v128_store(r + 4 * v, acc[v]);                                               \
    }                                                                                                                \
  }
SPARSE_STRIP(1)
SPARSE_STRIP(2)
SPARSE_STRIP(3)
SPARSE_STRIP(4)
SPARSE_STRIP(5)
SPARSE_STRIP(6)
SPARSE_STRIP(7)

/*
 * C (m x n, rows ld floats apart) = A B (+ bias), A as listed by sparse_rows (k columns), B
 * row-major with rows ldb floats apart; n a multiple of 4. `panel` is SPARSE_KC x SPARSE_STRIDE
 * floats of scratch. Returns 0, or 1 when B holds an infinity or a NaN (C is then unfinished:
 * the caller computes the product with gemm, whose 0 b terms make NaN where these skip them).
 *
 * Strips of 6 or 7 vectors, as even as n allows, are the outer loop; then blocks of B's rows,
 * each packed contiguous once and read by every row of A.
 */
__attribute__((export_name("sparse_gemm"))) int sparse_gemm(const sparse_entry *const *starts, const sparse_entry *const *ends, int m, int k,
                                                             const float *b, int ldb, const float *bias, float *c, int ld, int n, float *panel) {
  if (k <= 0 || n % 4 != 0) return 1;
  int blocks = (k + SPARSE_KC - 1) / SPARSE_KC, vectors = n / 4, strips = (vectors + 6) / 7;
  for (int s = 0, j = 0; s < strips; s++) {
    int w = vectors / strips + (s < vectors % strips);
    for (int kb = 0; kb < blocks; kb++) {
      int p0 = kb * SPARSE_KC, p1 = p0 + SPARSE_KC < k ? p0 + SPARSE_KC : k;
      /* x - x is 0 for a finite x and NaN for an infinity or a NaN. */
      v128_t bad = wasm_i32x4_splat(0);
      for (int p = p0; p < p1; p++)
        for (int v = 0; v < w; v++) {
          v128_t x = wasm_v128_load(b + p * ldb + j + 4 * v);
          v128_t d = wasm_f32x4_sub(x, x);
          bad = wasm_v128_or(bad, wasm_f32x4_ne(d, d));
          wasm_v128_store(panel + (p - p0) * SPARSE_STRIDE + 4 * v, x);
        }
      if (wasm_v128_any_true(bad)) return 1;
      const float *bias_j = bias ? bias + j : 0;
      const char *pp = (const char *)panel;
      switch (w) {
        case 1: sparse_strip_1(starts, ends, m, blocks, kb, pp, bias_j, c + j, ld); break;
        case 2: sparse_strip_2(starts, ends, m, blocks, kb, pp, bias_j, c + j, ld); break;
        case 3: sparse_strip_3(starts, ends, m, blocks, kb, pp, bias_j, c + j, ld); break;
        case 4: sparse_strip_4(starts, ends, m, blocks, kb, pp, bias_j, c + j, ld); break;
        case 5: sparse_strip_5(starts, ends, m, blocks, kb, pp, bias_j, c + j, ld); break;
        case 6: sparse_strip_6(starts, ends, m, blocks, kb, pp, bias_j, c + j, ld); break;
        default: sparse_strip_7(starts, ends, m, blocks, kb, pp, bias_j, c + j, ld); break;
      }
    }
    j += 4 * w;
  }
  return 0;
}

#endif
