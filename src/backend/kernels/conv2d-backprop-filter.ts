import * as tf from '@tensorflow/tfjs';
import type { ConvPad } from './conv-geometry.js';
import { convGeometry, extractPatches } from './conv-geometry.js';
import { runComposite } from './tensor-info.js';

/** Attributes of `Conv2DBackpropFilter`; `dilations` is nnspec's extension (TF.js never passes it). */
export interface Conv2DBackpropFilterAttributes {
  readonly strides: number | readonly number[];
  readonly pad: ConvPad;
  readonly dataFormat?: 'NHWC' | 'NCHW';
  readonly dimRoundingMode?: 'floor' | 'round' | 'ceil';
  readonly filterShape: readonly number[];
  readonly dilations?: number | readonly number[];
}

/**
 * The gradient of a 2-D convolution with respect to its filter, `[KH, KW, Cin, Cout]`.
 *
 * Built as im2col + one matrix product: every output position contributes
 * `patch ⊗ dy`, so with patches as rows `[M, KH*KW*Cin]` and `dy` as `[M, Cout]` the filter
 * gradient is `patchesᵀ · dy`, which the wasm backend runs through its fast matmul.
 */
export function conv2dBackpropFilter(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  attrs: Conv2DBackpropFilterAttributes,
): tf.Tensor4D {
  return tf.tidy(() => {
    const channelsFirst = attrs.dataFormat === 'NCHW';
    const xs = channelsFirst ? tf.transpose(x, [0, 2, 3, 1]) : x;
    const dys = channelsFirst ? tf.transpose(dy, [0, 2, 3, 1]) : dy;
    const [kh, kw, cin, cout] = attrs.filterShape as [number, number, number, number];
    const g = convGeometry(xs.shape, attrs.filterShape, attrs.strides, attrs.dilations, attrs.pad, attrs.dimRoundingMode, false);
    const expected = [g.batch, g.outHeight, g.outWidth, cout];
    if (!tf.util.arraysEqual(dys.shape, expected)) {
      throw new Error(`Conv2DBackpropFilter: dy has shape [${dys.shape}], expected [${expected}]`);
    }
    const rows = g.batch * g.outHeight * g.outWidth;
    const patches = tf.reshape(extractPatches(xs, g), [rows, kh * kw * cin]);
    const grad = tf.matMul(patches, tf.reshape(dys, [rows, cout]), true, false);
    return tf.reshape(grad, [kh, kw, cin, cout]);
  });
}

/** Kernel config registering {@link conv2dBackpropFilter} as `Conv2DBackpropFilter` on wasm. */
export const conv2dBackpropFilterConfig: tf.KernelConfig = {
  kernelName: 'Conv2DBackpropFilter',
  backendName: 'wasm',
  kernelFunc: ({ inputs, attrs }) => {
    const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
    const a = attrs as unknown as Conv2DBackpropFilterAttributes;
    return runComposite([x, dy], ([xt, dyt]) => conv2dBackpropFilter(xt as tf.Tensor4D, dyt as tf.Tensor4D, a));
  },
};
