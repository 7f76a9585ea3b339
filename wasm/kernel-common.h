/*
 * What nnspec's C kernels share: the export attribute, the float type and a clear. Included by
 * every module and by the kernel headers that more than one module compiles (conv-kernels.h,
 * pool-kernels.h).
 */
#ifndef NNSPEC_KERNEL_COMMON_H
#define NNSPEC_KERNEL_COMMON_H

#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(name)))

typedef float f32;

/* Clears `count` floats (memory.fill with bulk memory). */
static inline void clear(f32 *to, int count) { __builtin_memset(to, 0, (unsigned long)count * sizeof(f32)); }

#endif
