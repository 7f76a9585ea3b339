import * as tf from '@tensorflow/tfjs';
import type { ConvPad } from './conv-geometry.js';
import { dilateFilter } from './dilate-filter.js';
import { pair, runKernel } from './tensor-info.js';

interface ConvAttrs {
  readonly strides: number | [number, number];
  readonly pad: ConvPad;
  readonly dataFormat?: 'NHWC' | 'NCHW';
  readonly dilations?: number | [number, number];
  readonly dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** The filter shape a `[KH, KW, ...]` filter takes once spread by `dilations`. */
function spreadShape(shape: readonly number[], dh: number, dw: number): [number, number, number, number] {
  return [(shape[0]! - 1) * dh + 1, (shape[1]! - 1) * dw + 1, shape[2]!, shape[3]!];
}

/** Keeps every `dh`-th / `dw`-th tap of a gradient taken with respect to a spread filter. */
function gatherTaps(spreadGrad: tf.Tensor, dh: number, dw: number): tf.Tensor4D {
  return tf.stridedSlice(spreadGrad, [0, 0, 0, 0], spreadGrad.shape, [dh, dw, 1, 1]) as tf.Tensor4D;
}

/**
 * Gradient of `Conv2D` that also handles dilation rates above 1.
 *
 * TF.js refuses to differentiate a dilated convolution ("dilation rates greater than 1 are not yet
 * supported in gradients"), which makes dilated conv1d layers untrainable on every backend.
 * A dilated convolution is the undilated convolution with a zero-spread filter, so both
 * gradients come from the ordinary backprop kernels on the spread filter; the filter gradient
 * then keeps only the real taps. Undilated convolutions take exactly TF.js's own path.
 */
export const conv2dGradientConfig: tf.GradConfig = {
  kernelName: 'Conv2D',
  inputsToSave: ['x', 'filter'],
  gradFunc: (dy, saved, attrs) => {
    const [x, filter] = saved as [tf.Tensor4D, tf.Tensor4D];
    const a = attrs as unknown as ConvAttrs;
    const [dh, dw] = pair(a.dilations, 1);
    const dataFormat = a.dataFormat ?? 'NHWC';
    const common = { strides: a.strides, pad: a.pad, dataFormat, dimRoundingMode: a.dimRoundingMode };
    return {
      x: () =>
        runKernel(
          'Conv2DBackpropInput',
          { dy: dy as tf.Tensor, filter: dilateFilter(filter, dh, dw) },
          {
            ...common,
            inputShape: x.shape,
          },
        ),
      filter: () =>
        gatherTaps(
          runKernel(
            'Conv2DBackpropFilter',
            { x, dy: dy as tf.Tensor },
            {
              ...common,
              filterShape: spreadShape(filter.shape, dh, dw),
            },
          ),
          dh,
          dw,
        ),
    };
  },
};

/**
 * Gradient of `DepthwiseConv2dNative` that also handles dilation rates above 1, on the same
 * spread-filter identity as {@link conv2dGradientConfig}. The backprop kernels are always asked
 * for dilation 1 because the cpu backend's ignore the attribute.
 */
export const depthwiseConv2dGradientConfig: tf.GradConfig = {
  kernelName: 'DepthwiseConv2dNative',
  inputsToSave: ['x', 'filter'],
  gradFunc: (dy, saved, attrs) => {
    const [x, filter] = saved as [tf.Tensor4D, tf.Tensor4D];
    const a = attrs as unknown as ConvAttrs;
    const [dh, dw] = pair(a.dilations, 1);
    const common = { strides: a.strides, pad: a.pad, dilations: [1, 1], dimRoundingMode: a.dimRoundingMode };
    return {
      x: () =>
        runKernel(
          'DepthwiseConv2dNativeBackpropInput',
          { dy: dy as tf.Tensor, filter: dilateFilter(filter, dh, dw) },
          {
            ...common,
            inputShape: x.shape,
          },
        ),
      filter: () =>
        gatherTaps(
          runKernel(
            'DepthwiseConv2dNativeBackpropFilter',
            { x, dy: dy as tf.Tensor },
            {
              ...common,
              filterShape: spreadShape(filter.shape, dh, dw),
            },
          ),
          dh,
          dw,
        ),
    };
  },
};
