/*
 * The 2-D convolution kernels (NHWC, float32, WebAssembly SIMD) that two modules compile: conv.c,
 * which runs them on TF.js's memory for the wasm backend's Conv2D kernels, and dense-step.c, whose
 * fused step runs them on its own memory for a chain's conv2d layers. One source, so both compute
 * the same convolutions to the bit in the same build (plain or relaxed).
 *
 * They must not use clang's shadow stack or data segments (conv.c's module runs on TF.js's
 * memory, where clang would place them at low addresses TF.js owns): every local here is a scalar
 * or a v128 that lives in a wasm local, and there are no arrays or constants in memory. Scratch
 * space (padded inputs, repacked filters) is passed in by the caller.
 *
 * Both products are register-blocked 4 x 8 outer products: 8 accumulators of 4 lanes, fed by two
 * vector loads of one operand and four broadcast loads of the other. The patches of the input are
 * read in place (no im2col copy): a patch row is an input address plus one offset per filter tap.
 */
#ifndef NNSPEC_CONV_KERNELS_H
#define NNSPEC_CONV_KERNELS_H

#include "kernel-common.h"
#include "madd.h"

/*
 * Writes `src` ([N, H, W, C]) into a zeroed `dst` ([N, HD, WD, C]) with pixel (h, w) at
 * (top + h * sh, left + w * sw): padding for sh = sw = 1, the zero-spread of a strided
 * convolution's output gradient otherwise. Pixels that land outside `dst` are dropped (nothing
 * reads them).
 */
EXPORT("spread")
void spread(const f32 *src, int n, int h, int w, int c, f32 *dst, int hd, int wd, int top, int left, int sh, int sw) {
  clear(dst, n * hd * wd * c);
  for (int b = 0; b < n; b++) {
    for (int y = 0; y < h; y++) {
      int row = top + y * sh;
      if (row < 0 || row >= hd) continue;
      for (int x = 0; x < w; x++) {
        int col = left + x * sw;
        if (col < 0 || col >= wd) continue;
        __builtin_memcpy(dst + ((b * hd + row) * wd + col) * c, src + ((b * h + y) * w + x) * c, (unsigned long)c * sizeof(f32));
      }
    }
  }
}

/*
 * The filter of a convolution's input gradient: `dst[KH-1-i, KW-1-j, co, ci] = src[i, j, ci, co]`,
 * rotated by 180 degrees with its channel axes swapped.
 */
EXPORT("rotate_filter")
void rotate_filter(const f32 *src, int kh, int kw, int cin, int cout, f32 *dst) {
  for (int i = 0; i < kh; i++)
    for (int j = 0; j < kw; j++) {
      const f32 *from = src + (i * kw + j) * cin * cout;
      f32 *to = dst + ((kh - 1 - i) * kw + (kw - 1 - j)) * cout * cin;
      for (int ci = 0; ci < cin; ci++)
        for (int co = 0; co < cout; co++) to[co * cin + ci] = from[ci * cout + co];
    }
}

/*
 * The 4 x 8 register block as macros over the locals a00..a31, not functions: a function would
 * take the accumulators' addresses, which can put them on the shadow stack this module must not use.
 * ACCUMULATE_4X8 adds the outer product of four broadcast floats (at r0..r3) and eight floats (b0, b1),
 * each product with madd.
 */
#define ACCUMULATE_4X8(r0, r1, r2, r3, b0, b1)               \
  do {                                                        \
    v128_t v = wasm_v128_load32_splat(r0);                    \
    a00 = madd(a00, v, b0);                                   \
    a01 = madd(a01, v, b1);                                   \
    v = wasm_v128_load32_splat(r1);                           \
    a10 = madd(a10, v, b0);                                   \
    a11 = madd(a11, v, b1);                                   \
    v = wasm_v128_load32_splat(r2);                           \
    a20 = madd(a20, v, b0);                                   \
    a21 = madd(a21, v, b1);                                   \
    v = wasm_v128_load32_splat(r3);                           \
    a30 = madd(a30, v, b0);                                   \
    a31 = madd(a31, v, b1);                                   \
  } while (0)

/* Stores the first `rows` rows of the block at columns co..co+7 of a [.., STRIDE] matrix. */
#define STORE_4X8(out, stride, co, rows)                                                                          \
  do {                                                                                                            \
    wasm_v128_store((out) + (co), a00), wasm_v128_store((out) + (co) + 4, a01);                                   \
    if ((rows) > 1) wasm_v128_store((out) + (stride) + (co), a10), wasm_v128_store((out) + (stride) + (co) + 4, a11); \
    if ((rows) > 2) wasm_v128_store((out) + 2 * (stride) + (co), a20), wasm_v128_store((out) + 2 * (stride) + (co) + 4, a21); \
    if ((rows) > 3) wasm_v128_store((out) + 3 * (stride) + (co), a30), wasm_v128_store((out) + 3 * (stride) + (co) + 4, a31); \
  } while (0)

/* Geometry shared by both kernels: the (padded) input and how the filter walks it. */
#define GEOMETRY_PARAMS \
  int n, int image, int row, int c, int oh, int ow, int sh, int sw, int dh, int dw, int kh, int kw

/*
 * Forward convolution: `y[m, co] = bias[co] + sum_k x[base(m) + offset(k)] * f[k, co]`, with
 * `m = (b, p, q)` an output pixel, `k = (i, j, ci)` a filter weight, `base(m) = b * image +
 * p * sh * row + q * sw * c` and `offset(k) = i * dh * row + j * dw * c + ci` (all in floats).
 * `x` points at pixel (0, 0) of the padded input, `f` is [KH, KW, C, COUT], `y` is [M, COUT].
 * `bias` may be null; `relu` clamps the result at 0.
 *
 * Rows [live_top, live_bottom) and columns [live_left, live_right) of the input (counted from x's
 * pixel (0, 0)) hold its data; outside them it is zero padding. A filter tap that reads padding
 * for all four pixels of a block is skipped: its products are all +0 * w, and adding a zero to a
 * sum that started at +0 changes no bit (the sum is never -0: x + y is -0 only when both are), so
 * with no bias the result is the same, bit for bit, as summing every tap. Only the input gradient,
 * whose spread `dy` is mostly padding at the borders, passes a live region; the forward pass passes
 * one that covers everything (a bias of -0 would otherwise become +0).
 */
EXPORT("conv_forward")
void conv_forward(const f32 *x, GEOMETRY_PARAMS, const f32 *f, int cout, const f32 *bias, int relu, f32 *y, int live_top, int live_bottom,
                  int live_left, int live_right) {
  const int m = n * oh * ow;
  const v128_t zero = wasm_f32x4_splat(0);
  /* Undilated along the width, a filter row's taps read one contiguous run of KW * C floats:
     one loop over the run, not KW short loops over C (a first layer has C = 1). */
  const int run_taps = dw == 1 ? kw : 1, run = run_taps * c;
  /* A live region smaller than everything: look for taps to skip. */
  const int skipping = live_top > -(1 << 29) || live_bottom < (1 << 29) || live_left > -(1 << 29) || live_right < (1 << 29);
  /* The image, row and column of pixel m0, advanced as m0 moves (no divisions per pixel). */
  int b = 0, p = 0, q = 0;
  for (int m0 = 0; m0 < m; m0 += 4) {
    /* Four output pixels; past the end, the last one is computed again and not stored. After
       the fourth, (b, p, q) is the next tile's first pixel. */
    const f32 *base0, *base1, *base2, *base3;
    const int b_first = b, p_first = p, q_first = q;
    {
      int bb = b, pp = p, qq = q;
#define NEXT_PIXEL(var, index)                                 \
  var = x + bb * image + pp * sh * row + qq * sw * c;          \
  if ((index) + 1 < m && ++qq == ow) {                          \
    qq = 0;                                                     \
    if (++pp == oh) pp = 0, bb++;                               \
  }
      NEXT_PIXEL(base0, m0)
      NEXT_PIXEL(base1, m0 + 1)
      NEXT_PIXEL(base2, m0 + 2)
      NEXT_PIXEL(base3, m0 + 3)
#undef NEXT_PIXEL
      b = bb, p = pp, q = qq;
    }
    /* Filter rows i and columns j that read data for at least one of the four pixels: every tap
       outside [i_first, i_end) x [j_first, j_end) reads padding for all four. */
    int i_first = 0, i_end = kh, j_first = 0, j_end = kw;
    if (skipping) {
      /* The four pixels follow one another in the flattened order, so their rows run from the
         first's to the last's (the fourth, or the tensor's last), and their columns too when
         they share a row; a block that crosses into the next image spans everything. */
      const int last = m0 + (m - m0 < 4 ? m - m0 : 4) - 1, pixels = oh * ow;
      const int b_last = last / pixels, p_last = (last % pixels) / ow, q_last = last % ow;
      const int same_image = b_last == b_first, one_row = same_image && p_last == p_first;
      const int row_min = same_image ? p_first * sh : 0, row_max = same_image ? p_last * sh : (oh - 1) * sh;
      const int col_min = one_row ? q_first * sw : 0, col_max = one_row ? q_last * sw : (ow - 1) * sw;
      while (i_first < kh && row_max + i_first * dh < live_top) i_first++;
      while (i_end > i_first && row_min + (i_end - 1) * dh >= live_bottom) i_end--;
      while (j_first < kw && col_max + j_first * dw < live_left) j_first++;
      while (j_end > j_first && col_min + (j_end - 1) * dw >= live_right) j_end--;
    }
    const int rows = m - m0 < 4 ? m - m0 : 4;
    f32 *out = y + m0 * cout;
    int co = 0;
    for (; co + 8 <= cout; co += 8) {
      v128_t b0 = bias ? wasm_v128_load(bias + co) : zero, b1 = bias ? wasm_v128_load(bias + co + 4) : zero;
      v128_t a00 = b0, a01 = b1, a10 = b0, a11 = b1, a20 = b0, a21 = b1, a30 = b0, a31 = b1;
      for (int i = i_first; i < i_end; i++)
        for (int j = j_first; j < j_end; j += run_taps) {
          const int tap = i * dh * row + j * dw * c;
          const f32 *p0 = base0 + tap, *p1 = base1 + tap, *p2 = base2 + tap, *p3 = base3 + tap;
          const f32 *w = f + (i * kw + j) * c * cout + co;
          /* Undilated, one run covers the filter row's live columns. */
          const int floats = dw == 1 ? (j_end - j_first) * c : run;
          for (int ci = 0; ci < floats; ci++, w += cout) {
            const v128_t w0 = wasm_v128_load(w), w1 = wasm_v128_load(w + 4);
            ACCUMULATE_4X8(p0 + ci, p1 + ci, p2 + ci, p3 + ci, w0, w1);
          }
        }
      if (relu) {
        a00 = wasm_f32x4_pmax(a00, zero), a01 = wasm_f32x4_pmax(a01, zero);
        a10 = wasm_f32x4_pmax(a10, zero), a11 = wasm_f32x4_pmax(a11, zero);
        a20 = wasm_f32x4_pmax(a20, zero), a21 = wasm_f32x4_pmax(a21, zero);
        a30 = wasm_f32x4_pmax(a30, zero), a31 = wasm_f32x4_pmax(a31, zero);
      }
      STORE_4X8(out, cout, co, rows);
    }
    /* Output channels past the last multiple of 8: one at a time (an unusual width), the four
       pixels in the lanes of one vector, with the same madd as the blocks. */
    for (; co < cout; co++) {
      v128_t s = wasm_f32x4_splat(bias ? bias[co] : 0);
      for (int i = 0; i < kh; i++)
        for (int j = 0; j < kw; j++) {
          const int tap = i * dh * row + j * dw * c;
          const f32 *w = f + (i * kw + j) * c * cout + co;
          for (int ci = 0; ci < c; ci++) {
            const int at = tap + ci;
            s = madd(s, wasm_f32x4_make(base0[at], base1[at], base2[at], base3[at]), wasm_v128_load32_splat(w + ci * cout));
          }
        }
      f32 s0 = wasm_f32x4_extract_lane(s, 0), s1 = wasm_f32x4_extract_lane(s, 1);
      f32 s2 = wasm_f32x4_extract_lane(s, 2), s3 = wasm_f32x4_extract_lane(s, 3);
      if (relu) s0 = s0 > 0 ? s0 : 0, s1 = s1 > 0 ? s1 : 0, s2 = s2 > 0 ? s2 : 0, s3 = s3 > 0 ? s3 : 0;
      out[co] = s0;
      if (rows > 1) out[cout + co] = s1;
      if (rows > 2) out[2 * cout + co] = s2;
      if (rows > 3) out[3 * cout + co] = s3;
    }
  }
}

/* offset(k) of conv_forward for filter weight k = (i, j, ci), clamped to the last weight. */
static int tap_offset(int k, int weights, int kw, int c, int dh, int dw, int row) {
  if (k >= weights) k = weights - 1;
  const int ci = k % c, tap = k / c;
  return (tap / kw) * dh * row + (tap % kw) * dw * c + ci;
}

/*
 * Filter gradient, rows [k_first, k_end) of it: `dw[k, co] = sum_m x[base(m) + offset(k)] *
 * dy[m, co]` (see conv_forward for base and offset), `dy` is [M, COUT], `dw` is [KH, KW, C, COUT]
 * and those rows are overwritten. One image at a time, so its input and output gradient stay in
 * the first-level cache while every 4 x 8 block of `dw` sweeps them. Each element is the same
 * sum in the same order whatever rows a call covers, so threads can share the rows out.
 */
EXPORT("conv_filter_gradient_rows")
void conv_filter_gradient_rows(const f32 *x, GEOMETRY_PARAMS, const f32 *dy, int cout, f32 *grad, int k_first, int k_end) {
  const int weights = kh * kw * c;
  clear(grad + k_first * cout, (k_end - k_first) * cout);
  for (int b = 0; b < n; b++) {
    const f32 *image_x = x + b * image;
    const f32 *image_dy = dy + b * oh * ow * cout;
    for (int k0 = k_first; k0 < k_end; k0 += 4) {
      /* Four filter weights; past the end, the last one is computed again and not stored. */
      const int o0 = tap_offset(k0, weights, kw, c, dh, dw, row), o1 = tap_offset(k0 + 1, weights, kw, c, dh, dw, row);
      const int o2 = tap_offset(k0 + 2, weights, kw, c, dh, dw, row), o3 = tap_offset(k0 + 3, weights, kw, c, dh, dw, row);
      const int rows = k_end - k0 < 4 ? k_end - k0 : 4;
      f32 *out = grad + k0 * cout;
      int co = 0;
      for (; co + 8 <= cout; co += 8) {
        v128_t a00 = wasm_v128_load(out + co), a01 = wasm_v128_load(out + co + 4);
        v128_t a10 = a00, a11 = a01, a20 = a00, a21 = a01, a30 = a00, a31 = a01;
        if (rows > 1) a10 = wasm_v128_load(out + cout + co), a11 = wasm_v128_load(out + cout + co + 4);
        if (rows > 2) a20 = wasm_v128_load(out + 2 * cout + co), a21 = wasm_v128_load(out + 2 * cout + co + 4);
        if (rows > 3) a30 = wasm_v128_load(out + 3 * cout + co), a31 = wasm_v128_load(out + 3 * cout + co + 4);
        const f32 *d = image_dy + co;
        for (int p = 0; p < oh; p++) {
          const f32 *px = image_x + p * sh * row;
          for (int q = 0; q < ow; q++, px += sw * c, d += cout) {
            const v128_t d0 = wasm_v128_load(d), d1 = wasm_v128_load(d + 4);
            ACCUMULATE_4X8(px + o0, px + o1, px + o2, px + o3, d0, d1);
          }
        }
        STORE_4X8(out, cout, co, rows);
      }
      /* Output channels past the last multiple of 8: one at a time, the four weights in the
         lanes of one vector, with the same madd as the blocks. */
      for (; co < cout; co++) {
        v128_t s = wasm_f32x4_splat(0);
        const f32 *d = image_dy + co;
        for (int p = 0; p < oh; p++) {
          const f32 *px = image_x + p * sh * row;
          for (int q = 0; q < ow; q++, px += sw * c, d += cout) s = madd(s, wasm_f32x4_make(px[o0], px[o1], px[o2], px[o3]), wasm_v128_load32_splat(d));
        }
        out[co] += wasm_f32x4_extract_lane(s, 0);
        if (rows > 1) out[cout + co] += wasm_f32x4_extract_lane(s, 1);
        if (rows > 2) out[2 * cout + co] += wasm_f32x4_extract_lane(s, 2);
        if (rows > 3) out[3 * cout + co] += wasm_f32x4_extract_lane(s, 3);
      }
    }
  }
}

/* The whole filter gradient (conv_filter_gradient_rows over every row), overwritten. */
EXPORT("conv_filter_gradient")
void conv_filter_gradient(const f32 *x, GEOMETRY_PARAMS, const f32 *dy, int cout, f32 *grad) {
  conv_filter_gradient_rows(x, n, image, row, c, oh, ow, sh, sw, dh, dw, kh, kw, dy, cout, grad, 0, kh * kw * c);
}

#endif
