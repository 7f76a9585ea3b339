import * as tf from '@tensorflow/tfjs';
import type { ConvPad } from './conv-geometry.js';
import { convGeometry, extractPatches } from './conv-geometry.js';
import { dilateFilter } from './dilate-filter.js';
import { pair, runComposite } from './tensor-info.js';

/** Attributes shared by the two depthwise gradient kernels. */
export interface DepthwiseBackpropAttributes {
  readonly strides: number | readonly number[];
  readonly dilations?: number | readonly number[];
  readonly pad: ConvPad;
  readonly dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/**
 * The gradient of a depthwise convolution with respect to its `[KH, KW, C, M]` filter.
 *
 * Channel c only ever meets its own M output channels, so per channel it is an ordinary
 * patches-ᵀ·dy product; running the C products as one batched matmul keeps it on the wasm
 * backend's matmul kernel.
 */
export function depthwiseBackpropFilter(x: tf.Tensor4D, dy: tf.Tensor4D, filterShape: readonly number[], attrs: DepthwiseBackpropAttributes): tf.Tensor4D {
  return tf.tidy(() => {
    const [kh, kw, c, m] = filterShape as [number, number, number, number];
    const g = convGeometry(x.shape, filterShape, attrs.strides, attrs.dilations, attrs.pad, attrs.dimRoundingMode, true);
    const rows = g.batch * g.outHeight * g.outWidth;
    const taps = kh * kw;
    const patches = tf.transpose(tf.reshape(extractPatches(x, g), [rows, taps, c]), [2, 1, 0]); // [C, T, rows]
    const grads = tf.transpose(tf.reshape(dy, [rows, c, m]), [1, 0, 2]); // [C, rows, M]
    const perChannel = tf.matMul(patches, grads); // [C, T, M]
    return tf.reshape(tf.transpose(perChannel, [1, 0, 2]), [kh, kw, c, m]);
  });
}

/**
 * The gradient of a depthwise convolution with respect to its input, shape `inputShape`.
 *
 * Rewrites the depthwise filter as the equivalent block-diagonal `[KH, KW, C, C*M]` filter of an
 * ordinary convolution (zeros off the diagonal, dilation spread into the taps) and hands it to
 * the wasm backend's own Conv2DBackpropInput through `conv2dTranspose`.
 */
export function depthwiseBackpropInput(dy: tf.Tensor4D, filter: tf.Tensor4D, inputShape: readonly number[], attrs: DepthwiseBackpropAttributes): tf.Tensor4D {
  return tf.tidy(() => {
    const [kh, kw, c, m] = filter.shape;
    const [dh, dw] = pair(attrs.dilations, 1);
    const eye = tf.reshape(tf.eye(c), [1, 1, c, c, 1]);
    const blocks = tf.mul(tf.reshape(filter, [kh, kw, c, 1, m]), eye);
    const full = dilateFilter(tf.reshape(blocks, [kh, kw, c, c * m]) as tf.Tensor4D, dh, dw);
    return tf.conv2dTranspose(
      dy,
      full,
      inputShape as [number, number, number, number],
      pair(attrs.strides, 1),
      attrs.pad as Parameters<typeof tf.conv2dTranspose>[4],
      attrs.dimRoundingMode,
    );
  });
}

/** Kernel config registering {@link depthwiseBackpropFilter} on wasm. */
export const depthwiseBackpropFilterConfig: tf.KernelConfig = {
  kernelName: 'DepthwiseConv2dNativeBackpropFilter',
  backendName: 'wasm',
  kernelFunc: ({ inputs, attrs }) => {
    const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
    const a = attrs as unknown as DepthwiseBackpropAttributes & { filterShape: number[] };
    return runComposite([x, dy], ([xt, dyt]) => depthwiseBackpropFilter(xt as tf.Tensor4D, dyt as tf.Tensor4D, a.filterShape, a));
  },
};

/** Kernel config registering {@link depthwiseBackpropInput} on wasm. */
export const depthwiseBackpropInputConfig: tf.KernelConfig = {
  kernelName: 'DepthwiseConv2dNativeBackpropInput',
  backendName: 'wasm',
  kernelFunc: ({ inputs, attrs }) => {
    const { dy, filter } = inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
    const a = attrs as unknown as DepthwiseBackpropAttributes & { inputShape: number[] };
    return runComposite([dy, filter], ([dyt, ft]) => depthwiseBackpropInput(dyt as tf.Tensor4D, ft as tf.Tensor4D, a.inputShape, a));
  },
};
