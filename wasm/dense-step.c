/*
 * The kernels of nnspec's fused training step for chains of dense, activation and dropout layers
 * (src/backend/fused/): matrix products, bias and ReLU, masks, column sums and the optimizer
 * updates, in WebAssembly SIMD. The step runs on its own memory, whose layout the JavaScript
 * planner decides; every function takes byte addresses in it.
 *
 * The module is built twice (scripts/build-wasm.mjs). The plain build multiplies then adds, in
 * float32, everywhere. The relaxed build (NNSPEC_RELAXED) accumulates the matrix products with
 * relaxed SIMD's f32x4.relaxed_madd, which the engine lowers to a fused multiply-add where the
 * processor has one (x86-64 with FMA3, every arm64): one instruction instead of two in the
 * product's inner loop, measured 27-30% faster on a 2-core AMD EPYC. A fused product rounds once
 * where the plain one rounds twice, so the two builds learn the same thing to float rounding, not
 * to the bit; madd_fuses() says which one an engine ran. Every other kernel is the same in both.
 *
 * Products whose left operand is mostly zeros have a second form, with gemm's bits, in
 * sparse-gemm.h.
 */
#include <wasm_simd128.h>

#include "conv-kernels.h"
#include "kernel-common.h"
#include "madd.h"
#include "pool-kernels.h"
#include "sparse-gemm.h"

/* Rows of the register block of the matrix product, and columns (two vectors of four). */
#define MR 4
#define NR 8

/*
 * One MR x NR block of C = A B: A's element (i, p) is at a[i * ars + p * aps], B is row-major
 * with n columns, C row-major with n columns. Stores, or adds to C when accumulate is set.
 */
static void block_4x8(const float *a, int ars, int aps, const float *b, int ldb, const float *bias, float *c, int k, int ld, int accumulate) {
  v128_t c00 = wasm_f32x4_splat(0.0f), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
  const float *a0 = a, *a1 = a + ars, *a2 = a + 2 * ars, *a3 = a + 3 * ars;
  for (int p = 0; p < k; p++) {
    const float *bp = b + p * ldb;
    v128_t b0 = wasm_v128_load(bp), b1 = wasm_v128_load(bp + 4);
    int ap = p * aps;
    v128_t x = wasm_v128_load32_splat(a0 + ap);
    c00 = madd(c00, x, b0);
    c01 = madd(c01, x, b1);
    x = wasm_v128_load32_splat(a1 + ap);
    c10 = madd(c10, x, b0);
    c11 = madd(c11, x, b1);
    x = wasm_v128_load32_splat(a2 + ap);
    c20 = madd(c20, x, b0);
    c21 = madd(c21, x, b1);
    x = wasm_v128_load32_splat(a3 + ap);
    c30 = madd(c30, x, b0);
    c31 = madd(c31, x, b1);
  }
  float *r0 = c, *r1 = c + ld, *r2 = c + 2 * ld, *r3 = c + 3 * ld;
  if (bias) {
    v128_t b0 = wasm_v128_load(bias), b1 = wasm_v128_load(bias + 4);
    c00 = wasm_f32x4_add(c00, b0);
    c01 = wasm_f32x4_add(c01, b1);
    c10 = wasm_f32x4_add(c10, b0);
    c11 = wasm_f32x4_add(c11, b1);
    c20 = wasm_f32x4_add(c20, b0);
    c21 = wasm_f32x4_add(c21, b1);
    c30 = wasm_f32x4_add(c30, b0);
    c31 = wasm_f32x4_add(c31, b1);
  }
  if (accumulate) {
    c00 = wasm_f32x4_add(wasm_v128_load(r0), c00);
    c01 = wasm_f32x4_add(wasm_v128_load(r0 + 4), c01);
    c10 = wasm_f32x4_add(wasm_v128_load(r1), c10);
    c11 = wasm_f32x4_add(wasm_v128_load(r1 + 4), c11);
    c20 = wasm_f32x4_add(wasm_v128_load(r2), c20);
    c21 = wasm_f32x4_add(wasm_v128_load(r2 + 4), c21);
    c30 = wasm_f32x4_add(wasm_v128_load(r3), c30);
    c31 = wasm_f32x4_add(wasm_v128_load(r3 + 4), c31);
  }
  wasm_v128_store(r0, c00);
  wasm_v128_store(r0 + 4, c01);
  wasm_v128_store(r1, c10);
  wasm_v128_store(r1 + 4, c11);
  wasm_v128_store(r2, c20);
  wasm_v128_store(r2 + 4, c21);
  wasm_v128_store(r3, c30);
  wasm_v128_store(r3 + 4, c31);
}

/* One row by four columns (the edges of the product). */
static void block_1x4(const float *a, int aps, const float *b, int ldb, const float *bias, float *c, int k, int accumulate) {
  v128_t acc = wasm_f32x4_splat(0.0f);
  for (int p = 0; p < k; p++) acc = madd(acc, wasm_v128_load32_splat(a + p * aps), wasm_v128_load(b + p * ldb));
  if (bias) acc = wasm_f32x4_add(acc, wasm_v128_load(bias));
  if (accumulate) acc = wasm_f32x4_add(wasm_v128_load(c), acc);
  wasm_v128_store(c, acc);
}

/* The first r (1 to 4) floats at p as a vector, the other lanes 0, reading nothing past them. */
static inline v128_t load_first(const float *p, int r) {
  if (r == 4) return wasm_v128_load(p);
  v128_t v = wasm_v128_load32_zero(p);
  if (r > 1) v = wasm_v128_load32_lane(p + 1, v, 1);
  if (r > 2) v = wasm_v128_load32_lane(p + 2, v, 2);
  return v;
}

/* Stores the first r (1 to 4) lanes of v at p, writing nothing past them. */
static inline void store_first(float *p, v128_t v, int r) {
  if (r == 4) {
    wasm_v128_store(p, v);
    return;
  }
  wasm_v128_store32_lane(p, v, 0);
  if (r > 1) wasm_v128_store32_lane(p + 1, v, 1);
  if (r > 2) wasm_v128_store32_lane(p + 2, v, 2);
}

/*
 * Four rows by the last r (1 to 4) columns, each lane the same additions in the same order (and
 * the same madd) as the 4 x 8 block's: four independent sums, where one row at a time would wait
 * on its one sum's latency at every step.
 */
static void block_4xr(const float *a, int ars, int aps, const float *b, int ldb, const float *bias, float *c, int k, int ld, int r, int accumulate) {
  v128_t c0 = wasm_f32x4_splat(0.0f), c1 = c0, c2 = c0, c3 = c0;
  const float *a0 = a, *a1 = a + ars, *a2 = a + 2 * ars, *a3 = a + 3 * ars;
  for (int p = 0; p < k; p++) {
    v128_t bp = load_first(b + p * ldb, r);
    int ap = p * aps;
    c0 = madd(c0, wasm_v128_load32_splat(a0 + ap), bp);
    c1 = madd(c1, wasm_v128_load32_splat(a1 + ap), bp);
    c2 = madd(c2, wasm_v128_load32_splat(a2 + ap), bp);
    c3 = madd(c3, wasm_v128_load32_splat(a3 + ap), bp);
  }
  if (bias) {
    v128_t bv = load_first(bias, r);
    c0 = wasm_f32x4_add(c0, bv);
    c1 = wasm_f32x4_add(c1, bv);
    c2 = wasm_f32x4_add(c2, bv);
    c3 = wasm_f32x4_add(c3, bv);
  }
  if (accumulate) {
    c0 = wasm_f32x4_add(load_first(c, r), c0);
    c1 = wasm_f32x4_add(load_first(c + ld, r), c1);
    c2 = wasm_f32x4_add(load_first(c + 2 * ld, r), c2);
    c3 = wasm_f32x4_add(load_first(c + 3 * ld, r), c3);
  }
  store_first(c, c0, r);
  store_first(c + ld, c1, r);
  store_first(c + 2 * ld, c2, r);
  store_first(c + 3 * ld, c3, r);
}

/* One row by the last r (1 to 4) columns: the rows below a multiple of four. */
static void block_1xr(const float *a, int aps, const float *b, int ldb, const float *bias, float *c, int k, int r, int accumulate) {
  v128_t acc = wasm_f32x4_splat(0.0f);
  for (int p = 0; p < k; p++) acc = madd(acc, wasm_v128_load32_splat(a + p * aps), load_first(b + p * ldb, r));
  if (bias) acc = wasm_f32x4_add(acc, load_first(bias, r));
  if (accumulate) acc = wasm_f32x4_add(load_first(c, r), acc);
  store_first(c, acc, r);
}

/*
 * C (m x n) = A B (+ C when accumulate), A's element (i, p) at a[i * ars + p * aps] (ars = k,
 * aps = 1 for a row-major A; ars = 1, aps = m for a transposed one), B and C row-major with rows
 * ld floats apart (ld = n, or the full width when C is a band of columns of a wider product). With a
 * bias (n floats, or 0 for none), the bias is added to each finished sum: (a0 b0 + a1 b1 + ...)
 * + bias, the order in which TF.js's dense layer rounds (a test holds the two to the last bit).
 *
 * Columns are the outer loop: a panel of B (k x 8) stays in the first-level cache while every
 * row block of A passes over it, copied first into `panel` (8 k floats of scratch, or 0 for none).
 * Every element is the same sequence of float operations whatever block computes it, so
 * splitting C into bands of columns (one per thread) changes no bit.
 */
EXPORT("gemm")
void gemm(const float *a, int ars, int aps, const float *b, const float *bias, float *c, int m, int k, int n, int ld, int accumulate, float *panel) {
  int j = 0;
  for (; j + NR <= n; j += NR) {
    /* The panel's 8 columns of B, copied contiguous when enough row blocks will read them (B's
       rows are ld floats apart: unpacked, each k-step reads half a cache line of a new row). */
    const float *bj = b + j;
    int ldb = ld;
    if (panel && m >= 16) {
      for (int p = 0; p < k; p++) {
        wasm_v128_store(panel + p * NR, wasm_v128_load(b + p * ld + j));
        wasm_v128_store(panel + p * NR + 4, wasm_v128_load(b + p * ld + j + 4));
      }
      bj = panel;
      ldb = NR;
    }
    const float *bias_j = bias ? bias + j : 0;
    int i = 0;
    for (; i + MR <= m; i += MR) block_4x8(a + i * ars, ars, aps, bj, ldb, bias_j, c + i * ld + j, k, ld, accumulate);
    for (; i < m; i++) {
      block_1x4(a + i * ars, aps, bj, ldb, bias_j, c + i * ld + j, k, accumulate);
      block_1x4(a + i * ars, aps, bj + 4, ldb, bias ? bias_j + 4 : 0, c + i * ld + j + 4, k, accumulate);
    }
  }
  /* The last columns, four (or the 1 to 3 left) at a time. */
  for (; j < n; j += 4) {
    int r = n - j < 4 ? n - j : 4, i = 0;
    for (; i + MR <= m; i += MR) block_4xr(a + i * ars, ars, aps, b + j, ld, bias ? bias + j : 0, c + i * ld + j, k, ld, r, accumulate);
    for (; i < m; i++) block_1xr(a + i * ars, aps, b + j, ld, bias ? bias + j : 0, c + i * ld + j, k, r, accumulate);
  }
}

/* dst (cols x rows) = the transpose of src (rows x cols), in 4 x 4 tiles where they fit. */
EXPORT("transpose")
void transpose(const float *src, float *dst, int rows, int cols) {
  int i = 0;
  for (; i + 4 <= rows; i += 4) {
    int j = 0;
    for (; j + 4 <= cols; j += 4) {
      v128_t r0 = wasm_v128_load(src + i * cols + j), r1 = wasm_v128_load(src + (i + 1) * cols + j);
      v128_t r2 = wasm_v128_load(src + (i + 2) * cols + j), r3 = wasm_v128_load(src + (i + 3) * cols + j);
      v128_t t0 = wasm_i32x4_shuffle(r0, r1, 0, 4, 1, 5), t1 = wasm_i32x4_shuffle(r0, r1, 2, 6, 3, 7);
      v128_t t2 = wasm_i32x4_shuffle(r2, r3, 0, 4, 1, 5), t3 = wasm_i32x4_shuffle(r2, r3, 2, 6, 3, 7);
      wasm_v128_store(dst + j * rows + i, wasm_i32x4_shuffle(t0, t2, 0, 1, 4, 5));
      wasm_v128_store(dst + (j + 1) * rows + i, wasm_i32x4_shuffle(t0, t2, 2, 3, 6, 7));
      wasm_v128_store(dst + (j + 2) * rows + i, wasm_i32x4_shuffle(t1, t3, 0, 1, 4, 5));
      wasm_v128_store(dst + (j + 3) * rows + i, wasm_i32x4_shuffle(t1, t3, 2, 3, 6, 7));
    }
    for (; j < cols; j++)
      for (int r = i; r < i + 4; r++) dst[j * rows + r] = src[r * cols + j];
  }
  for (; i < rows; i++)
    for (int j = 0; j < cols; j++) dst[j * rows + i] = src[i * cols + j];
}

/* z[i] = max(z[i], 0), count elements (NaN stays NaN, as in TF.js's relu). */
EXPORT("relu")
void relu(float *z, int count) {
  v128_t zero = wasm_f32x4_splat(0.0f);
  int i = 0;
  for (; i + 4 <= count; i += 4) {
    v128_t v = wasm_v128_load(z + i);
    wasm_v128_store(z + i, wasm_v128_bitselect(v, zero, wasm_v128_or(wasm_f32x4_gt(v, zero), wasm_f32x4_ne(v, v))));
  }
  for (; i < count; i++)
    if (!(z[i] > 0.0f) && z[i] == z[i]) z[i] = 0.0f;
}

/* dy[i] = y[i] > 0 ? dy[i] : 0 (ReLU's gradient, from its output), count elements. */
EXPORT("relu_backward")
void relu_backward(float *dy, const float *y, int count) {
  v128_t zero = wasm_f32x4_splat(0.0f);
  int i = 0;
  for (; i + 4 <= count; i += 4) {
    v128_t keep = wasm_f32x4_gt(wasm_v128_load(y + i), zero);
    wasm_v128_store(dy + i, wasm_v128_and(wasm_v128_load(dy + i), keep));
  }
  for (; i < count; i++)
    if (!(y[i] > 0.0f)) dy[i] = 0.0f;
}

/* x[i] *= mask[i], count elements (dropout forward and backward: the mask holds 0 or the scale). */
EXPORT("multiply")
void multiply(float *x, const float *mask, int count) {
  int i = 0;
  for (; i + 4 <= count; i += 4) wasm_v128_store(x + i, wasm_f32x4_mul(wasm_v128_load(x + i), wasm_v128_load(mask + i)));
  for (; i < count; i++) x[i] *= mask[i];
}

/* x[i] += y[i], count elements (added Gaussian noise). */
EXPORT("add")
void add(float *x, const float *y, int count) {
  int i = 0;
  for (; i + 4 <= count; i += 4) wasm_v128_store(x + i, wasm_f32x4_add(wasm_v128_load(x + i), wasm_v128_load(y + i)));
  for (; i < count; i++) x[i] += y[i];
}

/*
 * An inverted-dropout mask from seedrandom's Alea generator, as TF.js's seeded
 * tf.randomUniform draws it: state (s0, s1, s2, c) after seeding (seeding hashes the seed's
 * text, in JavaScript: src/backend/fused/alea.ts), then per element
 * t = 2091639 s0 + c 2^-32; s0 = s1; s1 = s2; c = trunc(t); s2 = t - c, in double precision as
 * JavaScript computes it; mask = float32(s2) >= threshold ? scale : 0.
 */
EXPORT("dropout_mask")
void dropout_mask(float *out, int count, double s0, double s1, double s2, double c, float threshold, float scale) {
  for (int i = 0; i < count; i++) {
    double t = 2091639.0 * s0 + c * 2.3283064365386963e-10;
    s0 = s1;
    s1 = s2;
    /* t is positive and below 2^31: truncating as a double (f64.trunc, one instruction) is
       JavaScript's t | 0, and 2.7x faster here than converting to an integer and back. */
    c = __builtin_trunc(t);
    s2 = t - c;
    out[i] = (float)s2 >= threshold ? scale : 0.0f;
  }
}

/* out[c] = sum over rows of d[r][c] (a bias's gradient), rows x cols. */
EXPORT("column_sum")
void column_sum(const float *d, float *out, int rows, int cols) {
  int c = 0;
  for (; c + 4 <= cols; c += 4) {
    v128_t acc = wasm_f32x4_splat(0.0f);
    for (int r = 0; r < rows; r++) acc = wasm_f32x4_add(acc, wasm_v128_load(d + r * cols + c));
    wasm_v128_store(out + c, acc);
  }
  for (; c < cols; c++) {
    float acc = 0.0f;
    for (int r = 0; r < rows; r++) acc += d[r * cols + c];
    out[c] = acc;
  }
}

/*
 * Adam, as src/backend/kernels/simd-adam.ts computes it in float32:
 * m = m b1 + g (1 - b1); v = v b2 + g g (1 - b2); x = x - (rate m) / (sqrt(v unbias2) + eps),
 * rate = lr / (1 - b1^t), unbias2 = 1 / (1 - b2^t).
 */
EXPORT("adam")
void adam(float *x, float *m, float *v, const float *g, int count, float beta1, float keep1, float beta2, float keep2, float rate, float unbias2,
          float epsilon) {
  v128_t b1 = wasm_f32x4_splat(beta1), k1 = wasm_f32x4_splat(keep1), b2 = wasm_f32x4_splat(beta2), k2 = wasm_f32x4_splat(keep2);
  v128_t lr = wasm_f32x4_splat(rate), u2 = wasm_f32x4_splat(unbias2), eps = wasm_f32x4_splat(epsilon);
  int i = 0;
  for (; i + 4 <= count; i += 4) {
    v128_t gi = wasm_v128_load(g + i);
    v128_t mi = wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(m + i), b1), wasm_f32x4_mul(gi, k1));
    v128_t vi = wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(v + i), b2), wasm_f32x4_mul(wasm_f32x4_mul(gi, gi), k2));
    wasm_v128_store(m + i, mi);
    wasm_v128_store(v + i, vi);
    v128_t step = wasm_f32x4_div(wasm_f32x4_mul(lr, mi), wasm_f32x4_add(wasm_f32x4_sqrt(wasm_f32x4_mul(vi, u2)), eps));
    wasm_v128_store(x + i, wasm_f32x4_sub(wasm_v128_load(x + i), step));
  }
  for (; i < count; i++) {
    float gi = g[i];
    float mi = m[i] * beta1 + gi * keep1;
    float vi = v[i] * beta2 + gi * gi * keep2;
    m[i] = mi;
    v[i] = vi;
    x[i] = x[i] - (rate * mi) / (__builtin_sqrtf(vi * unbias2) + epsilon);
  }
}

/* Plain SGD: x = x - rate g. */
EXPORT("sgd")
void sgd(float *x, const float *g, int count, float rate) {
  v128_t lr = wasm_f32x4_splat(rate);
  int i = 0;
  for (; i + 4 <= count; i += 4) wasm_v128_store(x + i, wasm_f32x4_sub(wasm_v128_load(x + i), wasm_f32x4_mul(lr, wasm_v128_load(g + i))));
  for (; i < count; i++) x[i] = x[i] - rate * g[i];
}

/*
 * SGD with momentum, as TF.js's MomentumOptimizer: a = momentum a + g; then
 * x = x - rate (g + momentum a) with Nesterov, else x = x - rate a.
 */
EXPORT("momentum")
void momentum(float *x, float *accumulation, const float *g, int count, float rate, float momentum_, int nesterov) {
  for (int i = 0; i < count; i++) {
    float a = momentum_ * accumulation[i] + g[i];
    accumulation[i] = a;
    x[i] = nesterov ? x[i] - rate * (g[i] + momentum_ * a) : x[i] - rate * a;
  }
}
