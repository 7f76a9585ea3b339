/**
 * The shape arithmetic layers share: rank checks with a fix, and the windowed rule of
 * convolutions and pooling (`valid`/`same`, strides, dilation), checked against TF.js in
 * tests/catalogue.
 */
import type { IrValue } from '../ir/schema.js';
import type { ShapeResult } from './types.js';
import type { Shape } from './types.js';

/** The number of values of a shape, or null when an axis is unknown. */
export function product(shape: Shape): number | null {
  let result = 1;
  for (const axis of shape) {
    if (axis === null) return null;
    result *= axis;
  }
  return result;
}

/** The last axis (the features or channels). */
export function last(shape: Shape): number {
  return shape[shape.length - 1] ?? 0;
}

/** A list parameter as numbers (sizes and shapes are already normalised to lists). */
export function nums(value: IrValue | undefined): number[] {
  return Array.isArray(value) ? (value as number[]) : [];
}

/** A shape as users write it, `?` for an unknown axis. */
export function describe(shape: Shape): string {
  return `[${shape.map((axis) => (axis === null ? '?' : axis)).join(', ')}]`;
}

/** A rank error with a fix, or undefined when the input has the rank the layer takes. */
export function needRank(layer: string, input: Shape, rank: number, what: string): ShapeResult | undefined {
  if (input.length === rank) return undefined;
  const help = input.length > rank ? 'insert `flatten()` or `reshape(...)` before this layer' : `give it ${what}, e.g. with \`reshape(...)\` before this layer`;
  return { error: `\`${layer}\` expects ${what} (rank ${rank}), got shape ${describe(input)} (rank ${input.length})`, problem: 'rank', help };
}

/** The input of 1-D convolution, pooling and spatial dropout, in words. */
export const SEQUENCE = 'a sequence [steps, channels]';
/** The input of 2-D convolution and pooling, in words. */
export const IMAGE = 'an image [height, width, channels]';

/** The windowed shape rule in words (docs and hover). */
export const WINDOW_RULE =
  'Along each spatial axis, with the effective window `(size - 1) * dilation + 1`: `valid` gives `floor((input - window) / stride) + 1` (an error when the window is larger than the input), `same` gives `ceil(input / stride)`.';

/** The output shape of a convolution or pooling window over `spatial` axes, or why there is none. */
export function windowed(
  layer: string,
  spatial: number,
  input: Shape,
  params: Readonly<Record<string, IrValue>>,
  window: number[],
  kind: 'kernel_size' | 'pool_size',
  channels: number,
): ShapeResult {
  const what = spatial === 1 ? SEQUENCE : IMAGE;
  const rankError = needRank(layer, input, spatial + 1, what);
  if (rankError) return rankError;
  const strides = nums(params.strides);
  const dilation = params.dilation_rate === undefined ? window.map(() => 1) : nums(params.dilation_rate);
  // TF.js's convolutions refuse both at once (at run time, so the checker must say it first).
  if (strides.some((stride) => stride > 1) && dilation.some((rate) => rate > 1)) {
    return {
      error: `\`${layer}\` cannot combine \`strides\` ${describe(strides)} with \`dilation_rate\` ${describe(dilation)}: one of them must be all 1s`,
      problem: 'other',
      param: 'dilation_rate',
      help: 'use strides of 1 with a dilation, or a dilation of 1 with strides',
    };
  }
  const output: Shape = [];
  for (let axis = 0; axis < spatial; axis++) {
    const size = input[axis];
    if (size === null) {
      output.push(null);
      continue;
    }
    const effective = (window[axis] - 1) * (dilation[axis] ?? 1) + 1;
    const stride = strides[axis] ?? 1;
    if (params.padding === 'same') {
      output.push(Math.ceil(size / stride));
      continue;
    }
    if (effective > size) {
      const label = kind === 'kernel_size' ? 'kernel' : 'pool window';
      return {
        error: `\`${layer}\` ${label} of ${effective} is larger than the input's ${size} along axis ${axis + 1} (input ${describe(input)})`,
        problem: 'window',
        param: kind,
        help: 'use a smaller window, `padding: same`, or a larger input',
      };
    }
    output.push(Math.floor((size - effective) / stride) + 1);
  }
  output.push(channels);
  return { shape: output };
}
