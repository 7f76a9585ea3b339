import * as tf from '@tensorflow/tfjs';
import { pair } from './tensor-info.js';

/** Padding as TF.js convolution kernels accept it. */
export type ConvPad = 'valid' | 'same' | number | readonly (readonly number[])[];

/** The resolved geometry of one 2-D convolution, NHWC. */
export interface ConvGeometry {
  readonly batch: number;
  readonly outHeight: number;
  readonly outWidth: number;
  readonly strideHeight: number;
  readonly strideWidth: number;
  readonly dilationHeight: number;
  readonly dilationWidth: number;
  readonly filterHeight: number;
  readonly filterWidth: number;
  readonly padTop: number;
  readonly padBottom: number;
  readonly padLeft: number;
  readonly padRight: number;
}

/**
 * Resolves strides, dilations and padding with TF.js's own `computeConv2DInfo`, so "same" splits
 * its padding and rounds the output size exactly as the forward kernel did.
 */
export function convGeometry(
  inShape: readonly number[],
  filterShape: readonly number[],
  strides: number | readonly number[],
  dilations: number | readonly number[] | undefined,
  pad: ConvPad,
  dimRoundingMode: 'floor' | 'round' | 'ceil' | undefined,
  depthwise: boolean,
): ConvGeometry {
  const info = tf.backend_util.computeConv2DInfo(
    inShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    pair(strides, 1),
    pair(dilations, 1),
    pad as Parameters<typeof tf.backend_util.computeConv2DInfo>[4],
    dimRoundingMode,
    depthwise,
    'channelsLast',
  );
  return {
    batch: info.batchSize,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    dilationHeight: info.dilationHeight,
    dilationWidth: info.dilationWidth,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    padTop: info.padInfo.top,
    padBottom: info.padInfo.bottom,
    padLeft: info.padInfo.left,
    padRight: info.padInfo.right,
  };
}

/**
 * Gathers, for every filter tap (i, j), the input pixels that tap multiplies:
 * returns `[N, OH, OW, KH * KW, C]`, tap-major, so row-major flattening of the last two axes
 * matches a `[KH, KW, C, ...]` filter.
 *
 * Each tap is one strided slice of the zero-padded input; the padded input is extended when
 * the geometry's padding leaves the last tap short (a "valid" convolution never does).
 */
export function extractPatches(x: tf.Tensor4D, g: ConvGeometry): tf.Tensor5D {
  const [n, h, w, c] = x.shape;
  const spanH = (g.filterHeight - 1) * g.dilationHeight + (g.outHeight - 1) * g.strideHeight + 1;
  const spanW = (g.filterWidth - 1) * g.dilationWidth + (g.outWidth - 1) * g.strideWidth + 1;
  const extraBottom = Math.max(0, spanH - (h + g.padTop + g.padBottom));
  const extraRight = Math.max(0, spanW - (w + g.padLeft + g.padRight));
  const padded =
    g.padTop + g.padBottom + g.padLeft + g.padRight + extraBottom + extraRight === 0
      ? x
      : tf.pad(x, [
          [0, 0],
          [g.padTop, g.padBottom + extraBottom],
          [g.padLeft, g.padRight + extraRight],
          [0, 0],
        ]);
  const taps: tf.Tensor4D[] = [];
  for (let i = 0; i < g.filterHeight; i++) {
    for (let j = 0; j < g.filterWidth; j++) {
      const top = i * g.dilationHeight;
      const left = j * g.dilationWidth;
      taps.push(
        tf.stridedSlice(
          padded,
          [0, top, left, 0],
          [n, top + (g.outHeight - 1) * g.strideHeight + 1, left + (g.outWidth - 1) * g.strideWidth + 1, c],
          [1, g.strideHeight, g.strideWidth, 1],
        ) as tf.Tensor4D,
      );
    }
  }
  return tf.stack(taps, 3) as tf.Tensor5D;
}
