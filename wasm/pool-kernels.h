/*
 * The max-pool kernels that two modules compile: layer-kernels.c, for the wasm backend's MaxPool
 * and MaxPoolGrad, and dense-step.c, for a fused chain's max_pool2d layers. One source, so both
 * pick the same maxima and route the same gradients, to the bit.
 */
#ifndef NNSPEC_POOL_KERNELS_H
#define NNSPEC_POOL_KERNELS_H

#include "kernel-common.h"

/* Stores four channels' maxima and their positions at output `o` (with `y`), or adds their `dy` there (with `dx`). */
static inline void pool_finish(v128_t best, v128_t where, f32 *y, int *at, const f32 *dy, f32 *dx, int o) {
  if (y) {
    wasm_v128_store(y + o, best);
    wasm_v128_store(at + o, where);
  }
  if (dx) {
    const int i0 = wasm_i32x4_extract_lane(where, 0), i1 = wasm_i32x4_extract_lane(where, 1);
    const int i2 = wasm_i32x4_extract_lane(where, 2), i3 = wasm_i32x4_extract_lane(where, 3);
    if (i0 >= 0) dx[i0] += dy[o];
    if (i1 >= 0) dx[i1] += dy[o + 1];
    if (i2 >= 0) dx[i2] += dy[o + 2];
    if (i3 >= 0) dx[i3] += dy[o + 3];
  }
}

/*
 * The walk both max-pool kernels share: for each output pixel and channel, the window's maximum
 * and the element index of its first occurrence (row-major window order, a strict > so a NaN is
 * never the maximum; -Infinity and -1 for a window of NaNs and -Infinity), windows in output order.
 * With `y`, it stores them in `y` and `at`; with `dx`, it adds each `dy` at its maximum. Pool
 * `fh` x `fw` with strides `sh`, `sw` and the padding `top`, `left` (pools have no dilation), on
 * [N, H, W, C] data; branch-free (a comparison mask and a select: on random data a branch
 * mispredicts every other pixel). Eight channels at a time where they fill two vectors: each
 * vector's running maximum is a chain of a comparison and a select per window pixel, and two
 * independent chains keep the processor busy where one waits on the last (then four, then one).
 */
static inline void pool_walk(const f32 *x, f32 *y, int *at, const f32 *dy, f32 *dx, int n, int h, int w, int c, int oh, int ow, int sh, int sw, int fh,
                             int fw, int top, int left) {
  const v128_t lane_index = wasm_i32x4_make(0, 1, 2, 3), four = wasm_i32x4_splat(4);
  int o = 0;
  for (int b = 0; b < n; b++) {
    const int image = b * h * w * c;
    for (int p = 0; p < oh; p++) {
      const int row_corner = p * sh - top;
      const int r0 = row_corner < 0 ? 0 : row_corner, r1 = row_corner + fh < h ? row_corner + fh : h;
      for (int q = 0; q < ow; q++, o += c) {
        const int col_corner = q * sw - left;
        const int s0 = col_corner < 0 ? 0 : col_corner, s1 = col_corner + fw < w ? col_corner + fw : w;
        int d = 0;
        for (; d + 8 <= c; d += 8) {
          v128_t best0 = wasm_f32x4_splat(-__builtin_inff()), best1 = best0, where0 = wasm_i32x4_splat(-1), where1 = where0;
          for (int r = r0; r < r1; r++)
            for (int s = s0; s < s1; s++) {
              const int index = image + (r * w + s) * c + d;
              const v128_t value0 = wasm_v128_load(x + index), value1 = wasm_v128_load(x + index + 4);
              const v128_t greater0 = wasm_f32x4_gt(value0, best0), greater1 = wasm_f32x4_gt(value1, best1);
              const v128_t index0 = wasm_i32x4_add(wasm_i32x4_splat(index), lane_index);
              best0 = wasm_v128_bitselect(value0, best0, greater0);
              best1 = wasm_v128_bitselect(value1, best1, greater1);
              where0 = wasm_v128_bitselect(index0, where0, greater0);
              where1 = wasm_v128_bitselect(wasm_i32x4_add(index0, four), where1, greater1);
            }
          pool_finish(best0, where0, y, at, dy, dx, o + d);
          pool_finish(best1, where1, y, at, dy, dx, o + d + 4);
        }
        for (; d + 4 <= c; d += 4) {
          v128_t best = wasm_f32x4_splat(-__builtin_inff()), where = wasm_i32x4_splat(-1);
          for (int r = r0; r < r1; r++)
            for (int s = s0; s < s1; s++) {
              const int index = image + (r * w + s) * c + d;
              const v128_t value = wasm_v128_load(x + index);
              const v128_t greater = wasm_f32x4_gt(value, best);
              best = wasm_v128_bitselect(value, best, greater);
              where = wasm_v128_bitselect(wasm_i32x4_add(wasm_i32x4_splat(index), lane_index), where, greater);
            }
          pool_finish(best, where, y, at, dy, dx, o + d);
        }
        for (; d < c; d++) {
          f32 best = -__builtin_inff();
          int where = -1;
          for (int r = r0; r < r1; r++)
            for (int s = s0; s < s1; s++) {
              const int index = image + (r * w + s) * c + d;
              if (x[index] > best) best = x[index], where = index;
            }
          if (y) y[o + d] = best, at[o + d] = where;
          if (dx && where >= 0) dx[where] += dy[o + d];
        }
      }
    }
  }
}

#define POOL_PARAMS int n, int h, int w, int c, int oh, int ow, int sh, int sw, int fh, int fw, int top, int left
#define POOL_ARGS n, h, w, c, oh, ow, sh, sw, fh, fw, top, left

/*
 * A max pool's input gradient, as the package's MaxPoolGrad and TF.js's cpu backend route it:
 * `dx` ([N, H, W, C], zeroed here) receives each output pixel's `dy` at its window's first maximum,
 * windows in output order, so overlapping windows add in the same order.
 */
EXPORT("max_pool_gradient")
void max_pool_gradient(const f32 *x, const f32 *dy, f32 *dx, POOL_PARAMS) {
  clear(dx, n * h * w * c);
  pool_walk(x, 0, 0, dy, dx, POOL_ARGS);
}

/*
 * A max pool's forward pass that also records where each maximum was (`at`, element indices in
 * `x`, -1 where none): the pixel max_pool_gradient would route to. Recorded while training, the
 * gradient then routes `dy` through `at` (max_pool_gradient_at) without reading `x` again.
 */
EXPORT("max_pool_forward")
void max_pool_forward(const f32 *x, f32 *y, int *at, POOL_PARAMS) { pool_walk(x, y, at, 0, 0, POOL_ARGS); }

/*
 * The max pool's input gradient from the maxima's positions that max_pool_forward recorded:
 * `dx` (`inputs` floats) is zeroed, then each `dy[o]` is added at `at[o]`, in output order, the
 * additions max_pool_gradient makes, in its order.
 */
EXPORT("max_pool_gradient_at")
void max_pool_gradient_at(const int *at, const f32 *dy, f32 *dx, int inputs, int outputs) {
  clear(dx, inputs);
  for (int o = 0; o < outputs; o++)
    if (at[o] >= 0) dx[at[o]] += dy[o];
}

#endif
