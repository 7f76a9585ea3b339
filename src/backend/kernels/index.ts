import * as tf from '@tensorflow/tfjs';
import { conv2dBackpropFilterConfig } from './conv2d-backprop-filter.js';
import { conv2dBackpropInputConfig } from './conv2d-backprop-input.js';
import { conv2dConfig, fusedConv2dConfig } from './conv2d-forward.js';
import { conv2dGradientConfig, depthwiseConv2dGradientConfig } from './dilated-conv-gradients.js';
import { patchCenteredRmsProp } from './centered-rmsprop.js';
import { patchNormalizationLayers } from './normalization-layers.js';
import { patchDilatedConv2dLayer } from './dilated-conv2d-layer.js';
import { registerConv2dBiasActivation } from './conv2d-bias-activation.js';
import { depthwiseBackpropFilterConfig, depthwiseBackpropInputConfig } from './depthwise-backprop.js';
import { unsortedSegmentSumConfig } from './unsorted-segment-sum.js';
import { registerAdamStepKernels } from './fused-adam.js';
import { maxPoolConfig, maxPoolGradConfig } from './max-pool-grad.js';
import { sumConfig } from './column-sum.js';
import { sharedIdentityConfig } from './shared-identity.js';
import { batchMatMulConfig, fusedMatMulConfig, matMulOfTransposedConfig } from './matmul.js';
import { reluGradientConfig } from './relu-gradient.js';

export { conv2dBackpropFilter } from './conv2d-backprop-filter.js';
export type { Conv2DBackpropFilterAttributes } from './conv2d-backprop-filter.js';
export { conv2dBackpropInput } from './conv2d-backprop-input.js';
export type { Conv2DBackpropInputAttributes } from './conv2d-backprop-input.js';
export { unsortedSegmentSum } from './unsorted-segment-sum.js';
export { depthwiseBackpropFilter, depthwiseBackpropInput } from './depthwise-backprop.js';
export type { DepthwiseBackpropAttributes } from './depthwise-backprop.js';
export { patchDilatedConv2dLayer } from './dilated-conv2d-layer.js';
export { patchCenteredRmsProp } from './centered-rmsprop.js';
export { patchNormalizationLayers } from './normalization-layers.js';
export { FusedAdamOptimizer, registerAdamStepKernels, ADAM_STEP_KERNEL } from './fused-adam.js';
export { matMulOfTransposed } from './matmul.js';
export { reluGradient } from './relu-gradient.js';

/** Every kernel nnspec adds to TF.js's wasm backend, by kernel name. */
export const NNSPEC_WASM_KERNELS: readonly tf.KernelConfig[] = [
  conv2dBackpropFilterConfig,
  unsortedSegmentSumConfig,
  depthwiseBackpropFilterConfig,
  depthwiseBackpropInputConfig,
  reluGradientConfig,
  matMulOfTransposedConfig,
];

/** Gradients nnspec replaces for every backend: TF.js's refuse dilation rates above 1. */
export const NNSPEC_GRADIENTS: readonly tf.GradConfig[] = [conv2dGradientConfig, depthwiseConv2dGradientConfig];

let gradientsRegistered = false;

/**
 * wasm kernels nnspec replaces with faster ones, each made from the kernel it replaces (kept as a
 * fallback and for its setup hook): Conv2D and FusedConv2D (XNNPACK; nnspec's SIMD convolution,
 * see ./wasm-conv.ts), Conv2DBackpropInput (a plain C++ loop in the wasm package), MaxPoolGrad
 * (see ./max-pool-grad.ts), for bias gradients only, Sum (./column-sum.ts), and Identity (one
 * without a copy, ./shared-identity.ts).
 */
const REPLACEMENTS: Record<string, (replaced: tf.KernelConfig) => tf.KernelConfig> = {
  Conv2D: conv2dConfig,
  FusedConv2D: fusedConv2dConfig,
  Conv2DBackpropInput: conv2dBackpropInputConfig,
  MaxPool: maxPoolConfig,
  MaxPoolGrad: maxPoolGradConfig,
  Sum: sumConfig,
  Identity: sharedIdentityConfig,
  BatchMatMul: batchMatMulConfig,
  _FusedMatMul: fusedMatMulConfig,
};
const installed = new Map<string, tf.KernelConfig>();
const packageKernels = new Map<string, tf.KernelConfig>();

/**
 * The wasm package's own kernel that one of nnspec's replacements took the place of, or undefined
 * before the replacement: for tests that hold a replacement to the package's results, bit for bit.
 */
export function packageWasmKernel(name: string): tf.KernelConfig | undefined {
  return packageKernels.get(name);
}

/**
 * Swaps in the {@link REPLACEMENTS}, only once the wasm package has registered its own kernels:
 * registering first would make the package's own registration warn and overwrite ours.
 */
function installFasterWasmKernels(): void {
  for (const [name, make] of Object.entries(REPLACEMENTS)) {
    const current = tf.getKernel(name, 'wasm');
    if (current == null || current === installed.get(name)) continue;
    const replacement = make(current);
    packageKernels.set(name, current);
    installed.set(name, replacement);
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel(replacement);
  }
}

/**
 * Registers the kernels training needs that `@tensorflow/tfjs-backend-wasm` 4.22 lacks.
 *
 * Idempotent, and independent of whether the wasm backend is set yet: TF.js keys its kernel
 * registry by backend name, so a kernel registered for "wasm" before the backend initialises is
 * found once it does. A kernel the wasm package registers itself (a later version may) is left
 * alone.
 *
 * Also replaces the `Conv2D` and `DepthwiseConv2dNative` gradients (for all backends) with
 * versions that accept dilation rates above 1 and behave exactly like TF.js's otherwise, and
 * routes dilated `tf.layers.conv2d` layers through the plain convolution those gradients cover
 * (see {@link patchDilatedConv2dLayer}), and on wasm runs undilated relu or linear conv2d layers as
 * one convolution + bias + relu kernel (./conv2d-bias-activation.ts), and fixes centered RMSProp's sign error
 * (see {@link patchCenteredRmsProp}) and batch/layer normalisation without center or scale
 * (see {@link patchNormalizationLayers}), and adds the fused Adam step for wasm and cpu
 * (see {@link FusedAdamOptimizer}).
 *
 * Finally, once `@tensorflow/tfjs-backend-wasm` has been imported, it replaces that package's
 * convolutions, `MaxPoolGrad` and bias-gradient `Sum` with faster equivalents (REPLACEMENTS). Called before the import, it
 * skips this step and a later call performs it.
 */
export function registerMissingWasmKernels(): void {
  for (const config of NNSPEC_WASM_KERNELS) {
    if (tf.getKernel(config.kernelName, 'wasm') == null) tf.registerKernel(config);
  }
  if (!gradientsRegistered) {
    for (const config of NNSPEC_GRADIENTS) tf.registerGradient(config);
    gradientsRegistered = true;
  }
  patchDilatedConv2dLayer();
  registerConv2dBiasActivation();
  patchCenteredRmsProp();
  patchNormalizationLayers();
  registerAdamStepKernels();
  installFasterWasmKernels();
}
