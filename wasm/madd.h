/*
 * The multiply-add of nnspec's kernel products, shared by every module that is built twice
 * (scripts/build-wasm.mjs, RELAXED): the relaxed build (NNSPEC_RELAXED) uses relaxed SIMD's
 * f32x4.relaxed_madd, which the engine lowers to a fused multiply-add where the processor has one
 * (x86-64 with FMA3, every arm64); the plain build multiplies, rounds, then adds, everywhere.
 * madd_fuses() tells JavaScript which of the two an engine ran.
 */
#ifndef NNSPEC_MADD_H
#define NNSPEC_MADD_H

#include <wasm_simd128.h>

/* acc + a b: fused where the relaxed build runs on a processor with FMA, else rounded twice. */
#ifdef NNSPEC_RELAXED
static inline v128_t madd(v128_t acc, v128_t a, v128_t b) { return wasm_f32x4_relaxed_madd(a, b, acc); }
#else
static inline v128_t madd(v128_t acc, v128_t a, v128_t b) { return wasm_f32x4_add(acc, wasm_f32x4_mul(a, b)); }
#endif

/*
 * 1 when madd rounds once (a fused multiply-add), else 0: for a product a b that float32 cannot
 * hold, a b - round(a b) is its rounding error when fused, and 0 when the product is rounded first.
 */
__attribute__((export_name("madd_fuses"))) int madd_fuses(float a, float b) {
  float rounded = a * b;
  v128_t r = madd(wasm_f32x4_splat(-rounded), wasm_f32x4_splat(a), wasm_f32x4_splat(b));
  return wasm_f32x4_extract_lane(r, 0) != 0.0f;
}

#endif
