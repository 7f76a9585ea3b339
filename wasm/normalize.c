/*
 * Per-feature normalisation of row-major float32 data (src/train/data/normalize.ts), in
 * WebAssembly SIMD: the statistics of the training split (min and max, or sums and squared
 * deviations in double precision), and the scaling of every split, four or two features at a time.
 *
 * Every function computes what the JavaScript loops it replaces compute, to the bit: the same
 * comparisons (pmin and pmax are `x < lo ? x : lo` and `hi < x ? x : hi`, so a NaN is skipped as
 * JavaScript's `<` skips it), the same double-precision sums in the same order (row after row),
 * and the same rounding of each scaled value to float32 (demote rounds to nearest, as a store
 * into a Float32Array does). Why: the loops ran at 4 to 8 ns a value in JavaScript, and MNIST's
 * 60,000 images are 47 million values.
 *
 * The caller copies rows into the module's own memory and passes byte addresses in it.
 */
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(name)))

/* lo[j] = min(lo[j], x[r][j]) and hi[j] = max(hi[j], x[r][j]) over `rows` rows of `width` floats. */
EXPORT("min_max")
void min_max(const float *x, int rows, int width, float *lo, float *hi) {
  for (int r = 0; r < rows; r++) {
    const float *row = x + (long)r * width;
    int j = 0;
    for (; j + 4 <= width; j += 4) {
      v128_t v = wasm_v128_load(row + j);
      wasm_v128_store(lo + j, wasm_f32x4_pmin(wasm_v128_load(lo + j), v));
      wasm_v128_store(hi + j, wasm_f32x4_pmax(wasm_v128_load(hi + j), v));
    }
    for (; j < width; j++) {
      float v = row[j];
      if (v < lo[j]) lo[j] = v;
      if (v > hi[j]) hi[j] = v;
    }
  }
}

/* sum[j] += x[r][j] in double precision, row after row. */
EXPORT("sums")
void sums(const float *x, int rows, int width, double *sum) {
  for (int r = 0; r < rows; r++) {
    const float *row = x + (long)r * width;
    int j = 0;
    for (; j + 2 <= width; j += 2) {
      v128_t v = wasm_f64x2_promote_low_f32x4(wasm_v128_load64_zero(row + j));
      wasm_v128_store(sum + j, wasm_f64x2_add(wasm_v128_load(sum + j), v));
    }
    for (; j < width; j++) sum[j] += (double)row[j];
  }
}

/* square[j] += (x[r][j] - mean[j])^2 in double precision, row after row. */
EXPORT("squared_deviations")
void squared_deviations(const float *x, int rows, int width, const double *mean, double *square) {
  for (int r = 0; r < rows; r++) {
    const float *row = x + (long)r * width;
    int j = 0;
    for (; j + 2 <= width; j += 2) {
      v128_t d = wasm_f64x2_sub(wasm_f64x2_promote_low_f32x4(wasm_v128_load64_zero(row + j)), wasm_v128_load(mean + j));
      wasm_v128_store(square + j, wasm_f64x2_add(wasm_v128_load(square + j), wasm_f64x2_mul(d, d)));
    }
    for (; j < width; j++) {
      double d = (double)row[j] - mean[j];
      square[j] += d * d;
    }
  }
}

/*
 * x[r][j] = divisor[j] > 0 ? float32((x[r][j] - offset[j]) / divisor[j]) : 0, in place, the
 * subtraction and division in double precision.
 */
EXPORT("scale")
void scale(float *x, int rows, int width, const double *offset, const double *divisor) {
  v128_t zero = wasm_f64x2_splat(0.0);
  for (int r = 0; r < rows; r++) {
    float *row = x + (long)r * width;
    int j = 0;
    for (; j + 2 <= width; j += 2) {
      v128_t by = wasm_v128_load(divisor + j);
      v128_t q = wasm_f64x2_div(wasm_f64x2_sub(wasm_f64x2_promote_low_f32x4(wasm_v128_load64_zero(row + j)), wasm_v128_load(offset + j)), by);
      /* A divisor that is not above 0 (a constant feature, or NaN) gives +0, whatever q is. */
      q = wasm_v128_and(q, wasm_f64x2_gt(by, zero));
      wasm_v128_store64_lane(row + j, wasm_f32x4_demote_f64x2_zero(q), 0);
    }
    for (; j < width; j++) row[j] = divisor[j] > 0 ? (float)(((double)row[j] - offset[j]) / divisor[j]) : 0.0f;
  }
}
