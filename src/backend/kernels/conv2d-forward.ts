import type * as tf from '@tensorflow/tfjs';
import type { ConvPad } from './conv-geometry.js';
import { convGeometry } from './conv-geometry.js';
import { replacementKernel, type WasmBackendLike } from './tensor-info.js';
import { convKernelsFor, wasmConv2d } from './wasm-conv.js';

/** Attributes of `Conv2D`. */
interface Conv2DAttributes {
  readonly strides: number | readonly number[];
  readonly pad: ConvPad;
  readonly dataFormat?: 'NHWC' | 'NCHW';
  readonly dilations?: number | readonly number[];
  readonly dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/**
 * Kernel config replacing wasm's `Conv2D` (XNNPACK) with nnspec's SIMD convolution
 * (./wasm-conv.ts) for NHWC float32 data; anything else goes to `fallback`, the kernel the wasm
 * package registered, whose setup and dispose hooks are kept.
 */
export function conv2dConfig(fallback: tf.KernelConfig): tf.KernelConfig {
  return replacementKernel(fallback, (args) => {
    const { x, filter } = args.inputs as { x: tf.TensorInfo; filter: tf.TensorInfo };
    const a = args.attrs as unknown as Conv2DAttributes;
    const backend = args.backend as unknown as WasmBackendLike;
    const kernels = convKernelsFor(backend.wasm.asm?.memory);
    if (kernels === undefined || a.dataFormat === 'NCHW' || x.dtype !== 'float32' || filter.dtype !== 'float32') return fallback.kernelFunc(args);
    const g = convGeometry(x.shape, filter.shape, a.strides, a.dilations, a.pad, a.dimRoundingMode, false);
    return wasmConv2d(backend, kernels, x, filter, g);
  });
}
