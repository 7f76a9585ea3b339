/*
 * 2-D convolution kernels for TF.js's wasm backend (NHWC, float32), in WebAssembly SIMD.
 *
 * They run on TF.js's own memory (imported as env.memory), so they must not use clang's shadow
 * stack or data segments, which clang would place at low addresses that TF.js owns: every local
 * here is a scalar or a v128 that lives in a wasm local, and there are no arrays or constants in
 * memory. Scratch space (padded inputs, repacked filters) is allocated by the caller from TF.js's
 * allocator and passed in.
 *
 * The module is built twice (scripts/build-wasm.mjs), like wasm/dense-step.c: every multiply-add
 * of the three products goes through madd() (madd.h). The plain build multiplies, rounds, then
 * adds, so its results are the same on every machine; the relaxed build (NNSPEC_RELAXED) uses
 * relaxed SIMD's f32x4.relaxed_madd, one fused multiply-add where the processor has FMA, which
 * rounds once where the plain build rounds twice: the two builds compute the same convolutions to
 * float rounding, not to the bit, and madd_fuses() says which one an engine ran. madd is an inline
 * function of values (no addresses), so the relaxed build keeps off the shadow stack too.
 *
 * The kernels themselves are in conv-kernels.h, which the fused step (dense-step.c) compiles too.
 */
#include "conv-kernels.h"
