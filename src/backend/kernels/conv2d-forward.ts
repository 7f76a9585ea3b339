import type * as tf from '@tensorflow/tfjs';
import type { ConvPad } from './conv-geometry.js';
import { convGeometry } from './conv-geometry.js';
import { replacementKernel, type WasmBackendLike } from './tensor-info.js';
import { convKernelsFor, wasmConv2d, type ConvEpilogue } from './wasm-conv.js';

/** Attributes of `Conv2D` (and of `FusedConv2D`, plus its activation). */
interface Conv2DAttributes {
  readonly strides: number | readonly number[];
  readonly pad: ConvPad;
  readonly dataFormat?: 'NHWC' | 'NCHW';
  readonly dilations?: number | readonly number[];
  readonly dimRoundingMode?: 'floor' | 'round' | 'ceil';
  readonly activation?: string;
}

/**
 * Kernel config replacing wasm's `Conv2D` (XNNPACK) with nnspec's SIMD convolution
 * (./wasm-conv.ts) for NHWC float32 data; anything else goes to `fallback`, the kernel the wasm
 * package registered, whose setup and dispose hooks are kept.
 */
export function conv2dConfig(fallback: tf.KernelConfig): tf.KernelConfig {
  return simdConvolution(fallback, () => ({ bias: null, relu: false }));
}

/**
 * Kernel config replacing wasm's `FusedConv2D` like {@link conv2dConfig}, with the bias (one
 * value per output channel) and a linear or relu activation applied as each output block is
 * stored. Other activations, PReLU weights and other bias shapes go to `fallback`.
 */
export function fusedConv2dConfig(fallback: tf.KernelConfig): tf.KernelConfig {
  return simdConvolution(fallback, (inputs, a, cout) => {
    const bias = inputs.bias ?? null;
    if (inputs.preluActivationWeights != null || (bias !== null && (bias.dtype !== 'float32' || bias.shape.length !== 1 || bias.shape[0] !== cout))) {
      return undefined;
    }
    if (a.activation !== undefined && a.activation !== 'linear' && a.activation !== 'relu') return undefined;
    return { bias, relu: a.activation === 'relu' };
  });
}

/** The replacement kernel: the SIMD convolution whenever `epilogue` accepts the call, else `fallback`. */
function simdConvolution(
  fallback: tf.KernelConfig,
  epilogue: (inputs: Partial<Record<string, tf.TensorInfo>>, a: Conv2DAttributes, cout: number) => ConvEpilogue | undefined,
): tf.KernelConfig {
  return replacementKernel(fallback, (args) => {
    const inputs = args.inputs as Partial<Record<string, tf.TensorInfo>>;
    const { x, filter } = inputs as { x: tf.TensorInfo; filter: tf.TensorInfo };
    const a = args.attrs as unknown as Conv2DAttributes;
    const backend = args.backend as unknown as WasmBackendLike;
    const kernels = convKernelsFor(backend.wasm.asm?.memory);
    if (kernels === undefined || a.dataFormat === 'NCHW' || x.dtype !== 'float32' || filter.dtype !== 'float32') return fallback.kernelFunc(args);
    const after = epilogue(inputs, a, filter.shape[3]!);
    if (after === undefined) return fallback.kernelFunc(args);
    const g = convGeometry(x.shape, filter.shape, a.strides, a.dilations, a.pad, a.dimRoundingMode, false);
    return wasmConv2d(backend, kernels, x, filter, g, after);
  });
}
