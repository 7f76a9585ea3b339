import * as tf from '@tensorflow/tfjs';
import type { ConvGeometry, ConvPad } from './conv-geometry.js';
import { convGeometry, extractPatches } from './conv-geometry.js';
import { runComposite, type WasmBackendLike } from './tensor-info.js';
import { convKernelsFor, wasmConv2dFilterGradient } from './wasm-conv.js';

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
 * `dW[i, j, ci, co] = Σ x[n, oh·s + i·d, ow·s + j·d, ci] · dy[n, oh, ow, co]` is itself a
 * convolution once batch and channels swap roles: the input is `x` as `[Cin, H, W, N]`, the
 * filter is `dy` as `[OH, OW, N, Cout]`, the forward dilation becomes the stride and the forward
 * stride becomes the dilation. That runs on the wasm backend's native (XNNPACK) Conv2D, about
 * nine times faster than gathering patches. TF.js never combines strides and dilations above 1,
 * but nnspec's `dilations` extension could, and a convolution cannot, so that case gathers
 * patches (im2col) and multiplies them with `dy` instead.
 */
export function conv2dBackpropFilter(x: tf.Tensor4D, dy: tf.Tensor4D, attrs: Conv2DBackpropFilterAttributes): tf.Tensor4D {
  return tf.tidy(() => {
    const channelsFirst = attrs.dataFormat === 'NCHW';
    const xs = channelsFirst ? tf.transpose(x, [0, 2, 3, 1]) : x;
    const dys = channelsFirst ? tf.transpose(dy, [0, 2, 3, 1]) : dy;
    const [kh, kw, cin, cout] = attrs.filterShape as [number, number, number, number];
    const g = convGeometry(xs.shape, attrs.filterShape, attrs.strides, attrs.dilations, attrs.pad, attrs.dimRoundingMode, false);
    checkOutputGradient(dys.shape, [g.batch, g.outHeight, g.outWidth, cout]);
    const stridesAndDilations = (g.strideHeight > 1 || g.strideWidth > 1) && (g.dilationHeight > 1 || g.dilationWidth > 1);
    if (stridesAndDilations) return viaPatches(xs, dys, g, [kh, kw, cin, cout]);
    // Rows/columns the swapped convolution reads: exactly enough for KH × KW outputs.
    const spanH = (kh - 1) * g.dilationHeight + (g.outHeight - 1) * g.strideHeight + 1;
    const spanW = (kw - 1) * g.dilationWidth + (g.outWidth - 1) * g.strideWidth + 1;
    const [, h, w] = xs.shape;
    const padBottom = Math.max(0, spanH - h - g.padTop);
    const padRight = Math.max(0, spanW - w - g.padLeft);
    // Both steps copy the whole input: skip them when they would change nothing ('valid', no stride remainder).
    const padded =
      g.padTop === 0 && g.padLeft === 0 && padBottom === 0 && padRight === 0
        ? xs
        : tf.pad(xs, [
            [0, 0],
            [g.padTop, padBottom],
            [g.padLeft, padRight],
            [0, 0],
          ]);
    const cropped = padded.shape[1] === spanH && padded.shape[2] === spanW ? padded : tf.slice(padded, [0, 0, 0, 0], [g.batch, spanH, spanW, cin]);
    const grad = tf.conv2d(
      tf.transpose(cropped, [3, 1, 2, 0]) as tf.Tensor4D,
      tf.transpose(dys, [1, 2, 0, 3]) as tf.Tensor4D,
      [g.dilationHeight, g.dilationWidth],
      'valid',
      'NHWC',
      [g.strideHeight, g.strideWidth],
    );
    return tf.transpose(grad, [1, 2, 0, 3]);
  });
}

/** Throws when `dy` does not have the forward convolution's output shape. */
function checkOutputGradient(shape: readonly number[], expected: readonly number[]): void {
  if (!tf.util.arraysEqual(shape as number[], expected as number[])) {
    throw new Error(`Conv2DBackpropFilter: dy has shape [${shape}], expected [${expected}]`);
  }
}

/** im2col: patches as rows `[M, KH*KW*Cin]`, then `patchesᵀ · dy`. */
function viaPatches(x: tf.Tensor4D, dy: tf.Tensor4D, g: ConvGeometry, filterShape: [number, number, number, number]): tf.Tensor4D {
  const [kh, kw, cin, cout] = filterShape;
  const rows = g.batch * g.outHeight * g.outWidth;
  const patches = tf.reshape(extractPatches(x, g), [rows, kh * kw * cin]);
  const grad = tf.matMul(patches, tf.reshape(dy, [rows, cout]), true, false);
  return tf.reshape(grad, filterShape);
}

/**
 * Kernel config registering `Conv2DBackpropFilter` on wasm: nnspec's SIMD kernel (./wasm-conv.ts)
 * for NHWC float32 data, {@link conv2dBackpropFilter} for the rest (NCHW, or no wasm SIMD).
 */
export const conv2dBackpropFilterConfig: tf.KernelConfig = {
  kernelName: 'Conv2DBackpropFilter',
  backendName: 'wasm',
  kernelFunc: ({ inputs, attrs, backend }) => {
    const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
    const a = attrs as unknown as Conv2DBackpropFilterAttributes;
    const wasm = backend as unknown as WasmBackendLike;
    const kernels = convKernelsFor(wasm.wasm.asm?.memory);
    if (kernels !== undefined && a.dataFormat !== 'NCHW' && x.dtype === 'float32' && dy.dtype === 'float32') {
      const g = convGeometry(x.shape, a.filterShape, a.strides, a.dilations, a.pad, a.dimRoundingMode, false);
      checkOutputGradient(dy.shape, [g.batch, g.outHeight, g.outWidth, a.filterShape[3]!]);
      return wasmConv2dFilterGradient(wasm, kernels, x, dy, g);
    }
    return runComposite([x, dy], ([xt, dyt]) => conv2dBackpropFilter(xt as tf.Tensor4D, dyt as tf.Tensor4D, a));
  },
};
