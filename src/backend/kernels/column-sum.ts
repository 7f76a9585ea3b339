/**
 * `Sum` over every axis but the last, in WebAssembly SIMD: a bias gradient. The wasm package
 * moves the reduced axes innermost first (a transpose of the whole tensor) and then sums; for a
 * conv layer's bias, `dy` of `[64,26,26,16]`, that took 1.8 ms of a 30 ms training step. This
 * adds each row into the output four columns at a time, in one pass over the data
 * (wasm/layer-kernels.c), each column in the package's order, so the bits are the package's.
 * Other sums (other axes, int32, no SIMD) go to the package's kernel.
 */
import * as tf from '@tensorflow/tfjs';
import { layerKernelsOf } from './layer-kernels.js';
import { heapAddress, replacementKernel, type WasmBackendLike } from './tensor-info.js';

/**
 * The axes of a `Sum`, non-negative, in the order given: the package sums the reduced axes in
 * that order (it transposes them innermost as listed), so only [0, 1, ..., rank - 2] in that
 * order is the row-by-row order of a column sum.
 */
function normalizedAxes(axis: number | number[] | null | undefined, rank: number): number[] {
  if (axis === null || axis === undefined) return Array.from({ length: rank }, (_, index) => index);
  return (Array.isArray(axis) ? axis : [axis]).map((a) => (a < 0 ? a + rank : a));
}

/** Kernel config replacing wasm's `Sum`; `replaced` (the package's) handles everything but bias-gradient sums. */
export function sumConfig(replaced: tf.KernelConfig): tf.KernelConfig {
  return replacementKernel(replaced, (args) => {
    const x = (args.inputs as { x: tf.TensorInfo }).x;
    const { axis, keepDims } = args.attrs as unknown as { axis: number | number[]; keepDims: boolean };
    const rank = x.shape.length;
    const columns = x.shape[rank - 1] ?? 0;
    const axes = normalizedAxes(axis, rank);
    const allButLast = rank >= 2 && axes.length === rank - 1 && axes.every((a, index) => a === index);
    const wasm = args.backend as unknown as WasmBackendLike;
    const kernels = allButLast && x.dtype === 'float32' && columns > 0 ? layerKernelsOf(wasm) : undefined;
    if (kernels === undefined) return replaced.kernelFunc(args);
    const out = wasm.makeOutput(keepDims ? [...new Array<number>(rank - 1).fill(1), columns] : [columns], 'float32');
    kernels.column_sum(heapAddress(wasm, x), tf.util.sizeFromShape(x.shape) / columns, columns, heapAddress(wasm, out));
    return out;
  });
}
