/*
 * Kernels for TF.js's wasm backend that compute what the wasm package's own kernels compute, to
 * the bit, in fewer passes or with SIMD where the package runs scalar loops (src/backend/kernels/
 * layer-kernels.ts): matrix products, a max pool's gradient and relu's gradient.
 *
 * They run on TF.js's own memory (imported as env.memory), under conv.c's rules: no shadow stack,
 * no data segments; every local a scalar or a v128, scratch passed in by the caller.
 *
 * Every float operation is the package's, in the package's order, so replacing its kernels changes
 * no bit of what a model learns: the products multiply, round, then add (no fused multiply-add,
 * unlike conv.c's relaxed build), and sum over the shared dimension in the order the package does
 * (see matmul).
 */
#include "kernel-common.h"

/* One multiply-add, rounded after the multiply and after the add, as the package's kernels round. */
static inline v128_t mul_add(v128_t acc, v128_t x, v128_t y) { return wasm_f32x4_add(acc, wasm_f32x4_mul(x, y)); }

/*
 * Columns j0..j0+7 of B (element (p, j) at b[p * brs + j * bps]) for rows p0..p0+k-1, copied
 * row by row into `panel` (8 floats per row), with zeros past column n: every block then reads
 * two aligned vectors per row, whether B was transposed or not.
 */
static void pack_panel(const f32 *b, int brs, int bps, int p0, int k, int j0, int n, f32 *panel) {
  const int cols = n - j0 < 8 ? n - j0 : 8;
  for (int p = 0; p < k; p++, panel += 8) {
    const f32 *row = b + (p0 + p) * brs + j0 * bps;
    if (bps == 1 && cols == 8) {
      wasm_v128_store(panel, wasm_v128_load(row));
      wasm_v128_store(panel + 4, wasm_v128_load(row + 4));
    } else {
      for (int j = 0; j < 8; j++) panel[j] = j < cols ? row[j * bps] : 0;
    }
  }
}

/* The 4 x 8 register block as macros over the locals c00..c31 (no addresses: see conv.c). */
#define BLOCK_PRODUCT(acc00, acc01, acc10, acc11, acc20, acc21, acc30, acc31, from, count)            \
  do {                                                                                              \
    const f32 *w = panel;                                                                           \
    for (int p = (from); p < (from) + (count); p++, w += 8) {                                      \
      const v128_t b0 = wasm_v128_load(w), b1 = wasm_v128_load(w + 4);                              \
      const int at = p * aps;                                                                       \
      v128_t x = wasm_v128_load32_splat(a0 + at);                                                   \
      acc00 = mul_add(acc00, x, b0), acc01 = mul_add(acc01, x, b1);                                 \
      x = wasm_v128_load32_splat(a1 + at);                                                          \
      acc10 = mul_add(acc10, x, b0), acc11 = mul_add(acc11, x, b1);                                 \
      x = wasm_v128_load32_splat(a2 + at);                                                          \
      acc20 = mul_add(acc20, x, b0), acc21 = mul_add(acc21, x, b1);                                 \
      x = wasm_v128_load32_splat(a3 + at);                                                          \
      acc30 = mul_add(acc30, x, b0), acc31 = mul_add(acc31, x, b1);                                 \
    }                                                                                               \
  } while (0)

/* Four floats from `from`, of which only the first `count` are read (the rest are 0). */
static inline v128_t load_part(const f32 *from, int count) {
  if (count >= 4) return wasm_v128_load(from);
  return wasm_f32x4_make(count > 0 ? from[0] : 0, count > 1 ? from[1] : 0, count > 2 ? from[2] : 0, 0);
}

/* Stores the first `count` lanes of `v` at `to`. */
static inline void store_part(f32 *to, v128_t v, int count) {
  if (count >= 4) {
    wasm_v128_store(to, v);
    return;
  }
  if (count > 0) to[0] = wasm_f32x4_extract_lane(v, 0);
  if (count > 1) to[1] = wasm_f32x4_extract_lane(v, 1);
  if (count > 2) to[2] = wasm_f32x4_extract_lane(v, 2);
}

/* Stores the first `cols` columns of one row of the block (two vectors) at `to`. */
static inline void store_row(f32 *to, v128_t v0, v128_t v1, int cols) {
  store_part(to, v0, cols);
  if (cols > 4) store_part(to + 4, v1, cols - 4);
}

/* Adds the first `cols` columns of the row at `from` to the block row (v0, v1), C's earlier total first. */
#define ADD_ROW(v0, v1, from, cols)                                      \
  do {                                                                   \
    v0 = wasm_f32x4_add(load_part((from), (cols)), v0);                  \
    v1 = wasm_f32x4_add((cols) > 4 ? load_part((from) + 4, (cols) - 4) : zero, v1); \
  } while (0)

/*
 * C = A B for one matrix of a batch: C (m x n) row-major, A's element (i, p) at a[i * ars + p * aps],
 * B's at b[p * brs + j * bps] (strides express either operand transposed, with no copy of A).
 *
 * Two orders of summation, the two the package uses:
 * - `block` >= k: XNNPACK's fully-connected operator (no transposes, one matrix): each element
 *   starts at its bias (or 0) and adds a[i, p] * b[p, j] for p = 0, 1, ..., k - 1; then relu, as
 *   XNNPACK clamps, pmax(0, c).
 * - `block` < k: the package's scalar loop for everything else (transposes, batches): each element
 *   starts at 0 and adds, for each run of `block` values of p in turn, that run's sum (itself
 *   started at 0). No bias or relu here (`bias` 0, `relu` 0: the caller routes those to the
 *   package's kernel).
 *
 * `panel` is scratch for 8 * min(k, block) floats. m, k and n are at least 1.
 */
EXPORT("matmul")
void matmul(const f32 *a, int ars, int aps, const f32 *b, int brs, int bps, const f32 *bias, int relu, int block, f32 *c, int m, int k, int n,
            f32 *panel) {
  const v128_t zero = wasm_f32x4_splat(0);
  const int chunk = block < k ? block : k;
  for (int j0 = 0; j0 < n; j0 += 8) {
    const int cols = n - j0 < 8 ? n - j0 : 8;
    const v128_t bias0 = bias ? load_part(bias + j0, cols) : zero;
    const v128_t bias1 = bias && cols > 4 ? load_part(bias + j0 + 4, cols - 4) : zero;
    for (int p0 = 0; p0 < k; p0 += chunk) {
      const int count = k - p0 < chunk ? k - p0 : chunk;
      pack_panel(b, brs, bps, p0, count, j0, n, panel);
      for (int i0 = 0; i0 < m; i0 += 4) {
        /* Rows past the end repeat the last row and are not stored. */
        const int rows = m - i0 < 4 ? m - i0 : 4;
        const f32 *a0 = a + i0 * ars + p0 * aps;
        const f32 *a1 = rows > 1 ? a0 + ars : a0, *a2 = rows > 2 ? a0 + 2 * ars : a0, *a3 = rows > 3 ? a0 + 3 * ars : a0;
        f32 *out = c + i0 * n + j0;
        /* XNNPACK's order starts at the bias; the scalar loop's sums each run from 0. */
        const v128_t start0 = chunk >= k ? bias0 : zero, start1 = chunk >= k ? bias1 : zero;
        v128_t s00 = start0, s01 = start1, s10 = start0, s11 = start1, s20 = start0, s21 = start1, s30 = start0, s31 = start1;
        BLOCK_PRODUCT(s00, s01, s10, s11, s20, s21, s30, s31, 0, count);
        if (chunk < k && p0 > 0) {
          /* C holds the earlier runs' total for these cells. */
          ADD_ROW(s00, s01, out, cols);
          if (rows > 1) ADD_ROW(s10, s11, out + n, cols);
          if (rows > 2) ADD_ROW(s20, s21, out + 2 * n, cols);
          if (rows > 3) ADD_ROW(s30, s31, out + 3 * n, cols);
        } else if (chunk < k) {
          /* The first run adds to 0, the package's zeroed output (which makes a -0 sum +0). */
          s00 = wasm_f32x4_add(zero, s00), s01 = wasm_f32x4_add(zero, s01), s10 = wasm_f32x4_add(zero, s10), s11 = wasm_f32x4_add(zero, s11);
          s20 = wasm_f32x4_add(zero, s20), s21 = wasm_f32x4_add(zero, s21), s30 = wasm_f32x4_add(zero, s30), s31 = wasm_f32x4_add(zero, s31);
        }
        if (relu) {
          s00 = wasm_f32x4_pmax(zero, s00), s01 = wasm_f32x4_pmax(zero, s01), s10 = wasm_f32x4_pmax(zero, s10), s11 = wasm_f32x4_pmax(zero, s11);
          s20 = wasm_f32x4_pmax(zero, s20), s21 = wasm_f32x4_pmax(zero, s21), s30 = wasm_f32x4_pmax(zero, s30), s31 = wasm_f32x4_pmax(zero, s31);
        }
        store_row(out, s00, s01, cols);
        if (rows > 1) store_row(out + n, s10, s11, cols);
        if (rows > 2) store_row(out + 2 * n, s20, s21, cols);
        if (rows > 3) store_row(out + 3 * n, s30, s31, cols);
      }
    }
  }
}

#include "pool-kernels.h"

/*
 * relu's gradient from its output: `dz = dy * step(y)`, the package's Step (1 where y > 0, 0
 * elsewhere, y itself where y is NaN) and Multiply in one pass instead of two.
 */
EXPORT("relu_gradient")
void relu_gradient(const f32 *dy, const f32 *y, f32 *dz, int count) {
  const v128_t one = wasm_f32x4_splat(1), zero = wasm_f32x4_splat(0);
  int i = 0;
  for (; i + 4 <= count; i += 4) {
    const v128_t v = wasm_v128_load(y + i);
    v128_t step = wasm_v128_bitselect(one, zero, wasm_f32x4_gt(v, zero));
    step = wasm_v128_bitselect(v, step, wasm_f32x4_ne(v, v));
    wasm_v128_store(dz + i, wasm_f32x4_mul(wasm_v128_load(dy + i), step));
  }
  for (; i < count; i++) {
    const f32 v = y[i];
    dz[i] = dy[i] * (v != v ? v : v > 0 ? 1.0f : 0.0f);
  }
}

/*
 * `out[j] = sum over rows i of x[i, j]` for a row-major [rows, cols] x: a bias gradient (`Sum`
 * over every axis but the last). Each column adds its rows in order, starting at 0, as the
 * package's Sum does after moving the reduced axes innermost (a transpose of the whole tensor,
 * which this skips); four columns at a time.
 */
EXPORT("column_sum")
void column_sum(const f32 *x, int rows, int cols, f32 *out) {
  clear(out, cols);
  for (int i = 0; i < rows; i++) {
    const f32 *row = x + i * cols;
    int j = 0;
    for (; j + 4 <= cols; j += 4) wasm_v128_store(out + j, wasm_f32x4_add(wasm_v128_load(out + j), wasm_v128_load(row + j)));
    for (; j < cols; j++) out[j] += row[j];
  }
}
