/**
 * Where everything of a fused step lives in its memory (float offsets above the kernels' reserved
 * bytes): the parameters in the optimizer's order with their gradients and optimizer slots at the
 * same offsets in parallel regions, the input rows, each step's output (and a dense layer's
 * transposed kernel, a dropout layer's mask, a conv layer's padded input and input-gradient
 * scratch, a pool's maxima positions), two gradient buffers, each thread's packing panel, and the
 * lists of a sparse left operand. Browser-safe.
 */
import type * as tf from '@tensorflow/tfjs';
import type { ChainPlan, ChainStep } from './chain-plan.js';
import { inputGradientScratch } from '../kernels/conv-calls.js';
import { SPARSE_BLOCK_ROWS, SPARSE_PANEL_FLOATS } from './kernel-threads.js';

/** The most memory a fused step takes (1 GiB); a model that needs more trains on TF.js's kernels. */
export const MAX_STEP_BYTES = 2 ** 30;

/** Floats, rounded up to whole 16-byte groups (the SIMD kernels move four at a time). */
const padded = (floats: number) => Math.ceil(floats / 4) * 4;

/** One trainable variable in the parameter region. */
export interface Parameter {
  variable: tf.Variable;
  /** Float index of the value; its gradient and optimizer slots sit at the same offset in their regions. */
  at: number;
  size: number;
}

/** One step of the chain with its buffers. */
export interface Placed {
  step: ChainStep;
  /** Width of the step's output rows. */
  width: number;
  /** Float index of the output buffer (capacity rows). */
  output: number;
  /** Dense and conv: the kernel and bias parameters; dropout: its mask buffer and step counter. */
  kernel?: Parameter;
  bias?: Parameter;
  transposed?: number;
  mask?: number;
  draws?: number;
  /** Conv: the zero-bordered input copy (padded shapes), and the input gradient's spread `dy` and rotated filter. */
  padded?: number;
  spread?: number;
  rotated?: number;
  /** Pool: where each output's maximum is (int32 element indices into the step's input). */
  maxima?: number;
}

// tfjs fields that the public typings do not expose.
interface DenseWeights {
  kernel: { read(): tf.Tensor };
  bias: { read(): tf.Tensor } | null;
}

/** A step's memory plan; every offset is a float index (byte address = reserved bytes + 4 x index). */
export interface StepLayout {
  /** Floats in all. */
  floats: number;
  parameters: Parameter[];
  /** Floats of the parameter region (it starts at 0), and where its gradient and slot copies start (-1: none). */
  paramFloats: number;
  gradStart: number;
  slot1Start: number;
  slot2Start: number;
  input: number;
  placed: Placed[];
  /** The first step with weights: the backward pass stops there. */
  firstWeighted: number;
  gradients: [number, number];
  /** One packing panel per thread. */
  panels: number[];
  sparse: { list: number; starts: number; ends: number };
}

/** The layout of `plan`'s step for batches of up to `capacity` rows, on `threads` threads. */
export function planStepLayout(plan: ChainPlan, model: tf.LayersModel, capacity: number, threads: number): StepLayout {
  let floats = 0;
  const take = (count: number) => {
    const at = floats;
    floats += padded(count);
    return at;
  };
  // Parameters first, in the optimizer's (the model's trainable weights') order, in one region.
  const order = model.trainableWeights.map((weight) => weight.read() as tf.Variable);
  const byVariable = new Map<tf.Variable, Parameter>();
  const parameters: Parameter[] = [];
  for (const variable of order) {
    const parameter = { variable, at: take(variable.size), size: variable.size };
    byVariable.set(variable, parameter);
    parameters.push(parameter);
  }
  const paramFloats = floats;
  const gradStart = plan.optimizer.kind === 'none' ? -1 : take(paramFloats);
  const slot1Start = plan.optimizer.kind === 'adam' || plan.optimizer.kind === 'momentum' ? take(paramFloats) : -1;
  const slot2Start = plan.optimizer.kind === 'adam' ? take(paramFloats) : -1;
  const input = take(capacity * plan.inputWidth);
  const firstWeighted = plan.steps.findIndex((step) => step.kind === 'dense' || step.kind === 'conv');
  let width = plan.inputWidth;
  let maxWidth = width;
  const placed: Placed[] = [];
  for (const [index, step] of plan.steps.entries()) {
    const here: Placed = { step, width, output: 0 };
    if (step.kind === 'dense' || step.kind === 'conv') {
      const weights = step.layer as unknown as DenseWeights;
      here.kernel = byVariable.get(weights.kernel.read() as tf.Variable);
      here.bias = step.bias && weights.bias ? byVariable.get(weights.bias.read() as tf.Variable) : undefined;
      if (!here.kernel) throw new Error(`nnspec fused step: ${step.layer.name}'s kernel is not trainable`);
    }
    if (step.kind === 'dense') {
      here.transposed = take(step.inputs * step.units);
      here.width = width = step.units;
    } else if (step.kind === 'conv') {
      const { shape } = step;
      if (shape.padded) here.padded = take(capacity * shape.span[0] * shape.span[1] * shape.channels);
      if (index > firstWeighted) {
        const scratch = inputGradientScratch(shape);
        here.spread = take(capacity * scratch.spreadPerExample);
        here.rotated = take(scratch.rotated);
      }
      here.width = width = shape.outHeight * shape.outWidth * shape.filters;
    } else if (step.kind === 'pool') {
      const { shape } = step;
      here.width = width = shape.outHeight * shape.outWidth * shape.channels;
      here.maxima = take(capacity * width);
    } else if (step.kind === 'dropout') {
      here.mask = take(capacity * width);
      here.draws = (step.layer as unknown as { step: number }).step ?? 0;
    }
    here.output = take(capacity * width);
    maxWidth = Math.max(maxWidth, width);
    placed.push(here);
  }
  const gradients: [number, number] = [take(capacity * maxWidth), take(capacity * maxWidth)];
  // Each thread's scratch for a product's packed panel: 8 floats per step of the longest sum
  // (a layer's inputs forward, the batch rows for a kernel gradient, the units backward), or
  // sparse_gemm's block of rows, whichever is larger.
  const dense = plan.steps.filter((step) => step.kind === 'dense');
  const longest = Math.max(capacity, ...dense.map((step) => Math.max(step.inputs, step.units)));
  const panels = Array.from({ length: threads }, () => take(Math.max(longest * 8, SPARSE_PANEL_FLOATS)));
  // The lists of a sparse left operand (wasm/sparse-gemm.h): 2 words per element of the largest
  // A, and the bounds of each row's blocks of 160 columns (forward, kernel and input gradient).
  const blocks = (columns: number) => Math.ceil(columns / SPARSE_BLOCK_ROWS);
  const listFloats = Math.max(0, ...dense.map((step) => 2 * capacity * Math.max(step.inputs, step.units)));
  const bounds = Math.max(0, ...dense.map((step) => Math.max(capacity * blocks(step.inputs), step.inputs * blocks(capacity), capacity * blocks(step.units))));
  const sparse = { list: take(listFloats), starts: take(bounds), ends: take(bounds) };
  return { floats, parameters, paramFloats, gradStart, slot1Start, slot2Start, input, placed, firstWeighted, gradients, panels, sparse };
}
