/**
 * relu's gradient from its output on wasm, in one pass: `dy * step(y)` as the package's Step and
 * Multiply compute it (wasm/layer-kernels.c), instead of two kernels and two passes over a conv
 * layer's whole output (2.8 MB each for the benchmark conv net's first layer).
 */
import * as tf from '@tensorflow/tfjs';
import { layerKernelsOf } from './layer-kernels.js';
import { heapAddress, runKernel, type WasmBackendLike } from './tensor-info.js';

/** The kernel's name in TF.js's registry (wasm only). */
export const RELU_GRADIENT_KERNEL = 'NnspecReluGradient';

/** The kernel, registered with nnspec's other wasm kernels (./index.ts). */
export const reluGradientConfig: tf.KernelConfig = {
  kernelName: RELU_GRADIENT_KERNEL,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend }) => {
    const wasm = backend as unknown as WasmBackendLike;
    const { dy, y } = inputs as { dy: tf.TensorInfo; y: tf.TensorInfo };
    const dz = wasm.makeOutput(dy.shape, 'float32');
    const [dyAt, yAt, dzAt] = [dy, y, dz].map((info) => heapAddress(wasm, info)) as [number, number, number];
    layerKernelsOf(wasm)!.relu_gradient(dyAt, yAt, dzAt, tf.util.sizeFromShape(dy.shape));
    return dz;
  },
};

/**
 * `dy * step(y)`: the gradient of relu at the input whose output is `y`, which is positive where
 * the input was. One kernel on wasm where its SIMD module runs, TF.js's two ops elsewhere; the
 * same bits either way.
 */
export function reluGradient(dy: tf.Tensor, y: tf.Tensor): tf.Tensor {
  const fast = tf.getBackend() === 'wasm' && dy.dtype === 'float32' && y.dtype === 'float32' && layerKernelsOf(tf.backend()) !== undefined;
  if (!fast || tf.getKernel(RELU_GRADIENT_KERNEL, 'wasm') == null) return tf.mul(dy, tf.step(y));
  return runKernel(RELU_GRADIENT_KERNEL, { dy, y }, {});
}
