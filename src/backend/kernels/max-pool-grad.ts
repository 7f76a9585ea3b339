/**
 * `MaxPoolGrad` for the wasm backend, one pass over the windows.
 *
 * The wasm package's kernel took 13.8 ms of a 47.7 ms training step of the benchmark conv net
 * (a 2x2 pool over 64x26x26x16): more than its convolutions' backward passes. This one visits each
 * pooling window once: it finds the window's maximum per channel (the first one, in row-major
 * window order, as TF.js's cpu backend picks) and adds the window's `dy` there. Channels are the
 * innermost loop, so reads follow the NHWC layout. With wasm SIMD the whole pass runs in C
 * (wasm/layer-kernels.c, four channels at a time, one call per tensor); this file's loop is the
 * fallback and the reference.
 */
import * as tf from '@tensorflow/tfjs';
import { heapAddress, replacementKernel, type WasmBackendLike } from './tensor-info.js';
import { layerKernelsOf, type PoolGeometry } from './layer-kernels.js';

/** Attributes of TF.js's `MaxPoolGrad`. */
interface MaxPoolGradAttrs {
  filterSize: number | [number, number];
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** Scratch buffers reused between calls (one per channel): the kernel allocates nothing per window. */
let bestValue = new Float64Array(0);
let bestIndex = new Int32Array(0);

/**
 * Writes the input gradient of a max pool into `dx` (zeroed here): `x` is the pool's NHWC
 * input, `dy` the gradient of its output, `info` the pool's geometry.
 */
export function maxPoolBackprop(x: Float32Array, dy: Float32Array, dx: Float32Array, info: tf.backend_util.Conv2DInfo): void {
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth, strideHeight, strideWidth } = info;
  const { dilationHeight, dilationWidth, effectiveFilterHeight, effectiveFilterWidth } = info;
  const padTop = info.padInfo.top;
  const padLeft = info.padInfo.left;
  dx.fill(0);
  if (bestValue.length < channels) {
    bestValue = new Float64Array(channels);
    bestIndex = new Int32Array(channels);
  }
  let dyOffset = 0;
  for (let b = 0; b < batchSize; b++) {
    const batchBase = b * inHeight * inWidth * channels;
    for (let yR = 0; yR < outHeight; yR++) {
      const rowCorner = yR * strideHeight - padTop;
      const rowStart = rowCorner < 0 ? Math.ceil(-rowCorner / dilationHeight) * dilationHeight + rowCorner : rowCorner;
      const rowEnd = Math.min(inHeight, rowCorner + effectiveFilterHeight);
      for (let yC = 0; yC < outWidth; yC++, dyOffset += channels) {
        const colCorner = yC * strideWidth - padLeft;
        const colStart = colCorner < 0 ? Math.ceil(-colCorner / dilationWidth) * dilationWidth + colCorner : colCorner;
        const colEnd = Math.min(inWidth, colCorner + effectiveFilterWidth);
        bestValue.fill(Number.NEGATIVE_INFINITY, 0, channels);
        bestIndex.fill(-1, 0, channels);
        for (let r = rowStart; r < rowEnd; r += dilationHeight) {
          for (let c = colStart; c < colEnd; c += dilationWidth) {
            const base = batchBase + (r * inWidth + c) * channels;
            for (let d = 0; d < channels; d++) {
              const value = x[base + d]!;
              if (value > bestValue[d]!) {
                bestValue[d] = value;
                bestIndex[d] = base + d;
              }
            }
          }
        }
        for (let d = 0; d < channels; d++) {
          const at = bestIndex[d]!;
          if (at >= 0) dx[at] += dy[dyOffset + d]!;
        }
      }
    }
  }
}

/** The pool's geometry as wasm/layer-kernels.c takes it. */
function poolGeometry(info: tf.backend_util.Conv2DInfo): PoolGeometry {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, strideHeight, strideWidth, effectiveFilterHeight, effectiveFilterWidth } = info;
  return [
    batchSize,
    inHeight,
    inWidth,
    inChannels,
    outHeight,
    outWidth,
    strideHeight,
    strideWidth,
    effectiveFilterHeight,
    effectiveFilterWidth,
    info.padInfo.top,
    info.padInfo.left,
  ];
}

/** Where each output's maximum was, as max_pool_forward recorded it while gradients were recorded. */
interface RecordedMaxima {
  input: tf.DataId;
  at: tf.TensorInfo;
  inputs: number;
  outputs: number;
}

/**
 * Recorded maxima by the pool output's data id (the tape saves the output through Identity,
 * which on wasm shares the data id: ./shared-identity.ts). A gradient takes its entry and frees it;
 * entries no gradient takes (a forward pass under a tape that never reaches the pool) are freed
 * oldest first beyond this many.
 */
const recorded = new Map<tf.DataId, RecordedMaxima>();
const RECORDED_LIMIT = 8;

function forget(backend: WasmBackendLike, output: tf.DataId): void {
  const entry = recorded.get(output);
  if (entry === undefined) return;
  recorded.delete(output);
  backend.disposeData(entry.at.dataId);
}

/**
 * Kernel config replacing wasm's `MaxPool` while gradients are recorded (`tf.grads`,
 * `variableGrads`): the same maxima, computed in C (wasm/layer-kernels.c) together with their
 * positions, which `MaxPoolGrad` then uses instead of reading the pool's input again (in a
 * training step that input has long left the caches: the gradient took about 1 ms of the benchmark
 * conv net's step). Outside gradients, and for NaN-free inputs either way, the output is the
 * package's; a window holding a NaN gives the largest of its other values here (NaN never wins,
 * as in the gradient). Without wasm SIMD, the package's kernel.
 */
export function maxPoolConfig(replaced: tf.KernelConfig): tf.KernelConfig {
  return replacementKernel(replaced, (args) => {
    const wasm = args.backend as unknown as WasmBackendLike;
    const { x } = args.inputs as { x: tf.TensorInfo };
    const a = args.attrs as unknown as MaxPoolGradAttrs;
    const kernels = tf.engine().state.gradientDepth > 0 && x.dtype === 'float32' ? layerKernelsOf(wasm) : undefined;
    if (kernels === undefined) return replaced.kernelFunc(args);
    const info = tf.backend_util.computePool2DInfo(x.shape as [number, number, number, number], a.filterSize, a.strides, 1, a.pad, a.dimRoundingMode);
    const y = wasm.makeOutput(info.outShape, 'float32');
    const at = wasm.makeOutput(info.outShape, 'int32');
    const [xAt, yAt, atAt] = [x, y, at].map((t) => heapAddress(wasm, t)) as [number, number, number];
    kernels.max_pool_forward(xAt, yAt, atAt, ...poolGeometry(info));
    const outputs = tf.util.sizeFromShape(info.outShape);
    recorded.set(y.dataId, { input: x.dataId, at, inputs: tf.util.sizeFromShape(x.shape), outputs });
    if (recorded.size > RECORDED_LIMIT) forget(wasm, recorded.keys().next().value!);
    return y;
  });
}

/**
 * Kernel config replacing wasm's `MaxPoolGrad`. The replaced kernel's setup and dispose hooks are
 * carried over, as for `Conv2DBackpropInput` (see ./conv2d-backprop-input.ts).
 */
export function maxPoolGradConfig(replaced: tf.KernelConfig): tf.KernelConfig {
  return replacementKernel(replaced, ({ inputs, backend, attrs }) => {
    const wasm = backend as unknown as WasmBackendLike;
    const { dy, input, output } = inputs as { dy: tf.TensorInfo; input: tf.TensorInfo; output?: tf.TensorInfo };
    const kernels = layerKernelsOf(wasm);
    const maxima = output === undefined ? undefined : recorded.get(output.dataId);
    if (maxima !== undefined && kernels !== undefined && maxima.input === input.dataId && maxima.outputs === tf.util.sizeFromShape(dy.shape)) {
      const dx = wasm.makeOutput(input.shape, 'float32');
      const [atAt, dyAt, dxAt] = [maxima.at, dy, dx].map((t) => heapAddress(wasm, t)) as [number, number, number];
      kernels.max_pool_gradient_at(atAt, dyAt, dxAt, maxima.inputs, maxima.outputs);
      forget(wasm, output!.dataId);
      return dx;
    }
    const a = attrs as unknown as MaxPoolGradAttrs;
    const info = tf.backend_util.computePool2DInfo(input.shape as [number, number, number, number], a.filterSize, a.strides, 1, a.pad, a.dimRoundingMode);
    const dx = wasm.makeOutput(input.shape, 'float32');
    const [xView, dyView, dxView] = [input, dy, dx].map((t) => wasm.typedArrayFromHeap(t)) as [Float32Array, Float32Array, Float32Array];
    // Pools have no dilation (computePool2DInfo above is given 1), which the C walk assumes.
    if (kernels === undefined) maxPoolBackprop(xView, dyView, dxView, info);
    else kernels.max_pool_gradient(xView.byteOffset, dyView.byteOffset, dxView.byteOffset, ...poolGeometry(info));
    return dx;
  });
}
