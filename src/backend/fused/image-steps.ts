/**
 * The fused step's image layers: `conv2d` and `max_pool2d` on NHWC rows (each example's
 * `[H, W, C]` image flattened, as TF.js stores it). Planning reads the built TF.js layer, so no
 * parameter is restated here; running calls the convolution and pool kernels that the wasm
 * backend's own Conv2D and MaxPool kernels run (wasm/conv-kernels.h, wasm/pool-kernels.h, compiled
 * into the fused step's module too), with the same arguments, so a convolution or a pool computes
 * here what it computes on TF.js's kernels, to the bit, in the same build. Browser-safe.
 */
import * as tf from '@tensorflow/tfjs';
import { convGeometry } from '../kernels/conv-geometry.js';
import { EVERYWHERE, convInputGradientCalls, type InputGradientGeometry } from '../kernels/conv-calls.js';
import type { DenseStepExports } from './dense-step-kernels.js';
import { activationName, type WeightedLayerFields, weightsReason } from './layer-fields.js';
import type { KernelThreads } from './kernel-threads.js';

/** Activations a fused conv2d layer takes (softmax is over a vector, not a pixel's channels). */
export type ConvActivation = 'linear' | 'relu' | 'sigmoid' | 'tanh';

/**
 * A conv2d layer's geometry as the conv kernels walk it (sizes in pixels; one example); padding
 * is given above and left of the input (below and right follow from the span).
 */
export interface ConvShape extends InputGradientGeometry {
  strides: [number, number];
  dilations: [number, number];
  filter: [number, number];
  /** Rows and columns of the padded input that the taps reach; `padded`: the kernels need a zero-bordered copy. */
  span: [number, number];
  padded: boolean;
}

/** A max_pool2d layer's geometry as the pool kernels take it, batch excluded. */
export interface PoolShape {
  height: number;
  width: number;
  channels: number;
  outHeight: number;
  outWidth: number;
  strides: [number, number];
  window: [number, number];
  padTop: number;
  padLeft: number;
}

// tfjs-layers fields that the public typings do not expose.
interface ConvFields extends WeightedLayerFields {
  filters: number;
  kernelSize: number[];
  strides: number[];
  dilationRate: number | number[];
  padding: string;
  dataFormat: string;
}
interface PoolFields {
  poolSize: number[];
  strides: number[];
  padding: string;
  dataFormat: string;
}

const CONV_ACTIVATIONS = new Set<string>(['linear', 'relu', 'sigmoid', 'tanh']);

const pairOf = (value: number | number[]): [number, number] => (Array.isArray(value) ? [value[0]!, value[1] ?? value[0]!] : [value, value]);

/** A conv2d layer's fused-step form, or the reason it has none (its input shape excludes the batch). */
export function convStepOf(layer: tf.layers.Layer, input: readonly number[]): { shape: ConvShape; bias: boolean; activation: ConvActivation } | string {
  const conv = layer as unknown as ConvFields;
  if (conv.dataFormat !== 'channelsLast') return `${layer.name} is not channels-last`;
  if (conv.padding !== 'valid' && conv.padding !== 'same') return `${layer.name} has ${conv.padding} padding`;
  const weights = weightsReason(layer, conv);
  if (weights) return weights;
  const activation = activationName(conv);
  if (!CONV_ACTIVATIONS.has(activation)) return `the fused step has no ${activation} activation on a conv2d layer`;
  const [height, width, channels] = input as [number, number, number];
  const [kh, kw] = pairOf(conv.kernelSize);
  const dilations = pairOf(conv.dilationRate);
  const g = convGeometry([1, height, width, channels], [kh, kw, channels, conv.filters], pairOf(conv.strides), dilations, conv.padding, undefined, false);
  const span: [number, number] = [
    (kh - 1) * g.dilationHeight + (g.outHeight - 1) * g.strideHeight + 1,
    (kw - 1) * g.dilationWidth + (g.outWidth - 1) * g.strideWidth + 1,
  ];
  return {
    shape: {
      height,
      width,
      channels,
      outHeight: g.outHeight,
      outWidth: g.outWidth,
      filters: conv.filters,
      strides: [g.strideHeight, g.strideWidth],
      dilations: [g.dilationHeight, g.dilationWidth],
      filter: [kh, kw],
      padTop: g.padTop,
      padLeft: g.padLeft,
      span,
      // As the wasm backend's kernels decide (wasm-conv.ts, withPaddedInput).
      padded: !(g.padTop === 0 && g.padLeft === 0 && height >= span[0] && width >= span[1]),
    },
    bias: conv.useBias,
    activation: activation as ConvActivation,
  };
}

/** A max_pool2d layer's fused-step form, or the reason it has none. */
export function poolStepOf(layer: tf.layers.Layer, input: readonly number[]): PoolShape | string {
  const pool = layer as unknown as PoolFields;
  if (pool.dataFormat !== 'channelsLast') return `${layer.name} is not channels-last`;
  const [height, width, channels] = input as [number, number, number];
  const info = tf.backend_util.computePool2DInfo(
    [1, height, width, channels],
    pairOf(pool.poolSize),
    pairOf(pool.strides),
    1,
    pool.padding as 'valid' | 'same',
  );
  return {
    height,
    width,
    channels,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    strides: [info.strideHeight, info.strideWidth],
    window: [info.effectiveFilterHeight, info.effectiveFilterWidth],
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
}

/** Byte addresses of a conv step's buffers (0 where it has none). */
export interface ConvBuffers {
  /** The input, or its zero-bordered copy when the shape is padded (kept for the filter gradient). */
  input: number;
  kernel: number;
  bias: number;
  output: number;
}

/** How the kernels walk a conv step's (padded) input: floats per image, per row, then channels. */
function walk(shape: ConvShape): [number, number, number] {
  const [rows, columns] = shape.padded ? shape.span : [shape.height, shape.width];
  return [rows * columns * shape.channels, columns * shape.channels, shape.channels];
}

function taps(shape: ConvShape): [number, number, number, number, number, number, number, number] {
  return [shape.outHeight, shape.outWidth, ...shape.strides, ...shape.dilations, ...shape.filter];
}

/**
 * The forward convolution of `rows` examples at byte address `x` into `at.output`, bias and relu
 * applied as each block is stored (other activations are the caller's), split over the threads'
 * images. A padded shape first copies `x` into `at.input`, zero-bordered.
 */
export function convForward(k: DenseStepExports, threads: KernelThreads, shape: ConvShape, rows: number, x: number, at: ConvBuffers, relu: boolean): void {
  if (shape.padded) k.spread(x, rows, shape.height, shape.width, shape.channels, at.input, ...shape.span, shape.padTop, shape.padLeft, 1, 1);
  const input = shape.padded ? at.input : x;
  threads.convForward([input, rows, ...walk(shape), ...taps(shape), at.kernel, shape.filters, at.bias, relu ? 1 : 0, at.output, ...EVERYWHERE]);
}

/** The filter gradient of `rows` examples, given `dy` at byte address `dy`, written (not added) at `grad`. */
export function convFilterGradient(threads: KernelThreads, shape: ConvShape, rows: number, input: number, dy: number, grad: number): void {
  threads.convFilterGradient([input, rows, ...walk(shape), ...taps(shape), dy, shape.filters, grad]);
}

/**
 * The input gradient `dx` of `rows` examples at byte address `dx`, given `dy` and the kernel, as
 * the wasm backend's `Conv2DBackpropInput` computes it (the same calls, the same bits), its
 * convolution split over the threads' images.
 */
export function convInputGradient(
  k: DenseStepExports,
  threads: KernelThreads,
  shape: ConvShape,
  rows: number,
  at: { dy: number; filter: number; dx: number; spread: number; rotated: number },
): void {
  convInputGradientCalls({ spread: k.spread, rotate_filter: k.rotate_filter, forward: (args) => threads.convForward(args) }, shape, rows, at);
}

/** The pool's arguments after the buffers, for `rows` examples. */
export function poolArguments(
  shape: PoolShape,
  rows: number,
): [number, number, number, number, number, number, number, number, number, number, number, number] {
  return [rows, shape.height, shape.width, shape.channels, shape.outHeight, shape.outWidth, ...shape.strides, ...shape.window, shape.padTop, shape.padLeft];
}
