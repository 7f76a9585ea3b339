/**
 * What a training step costs, roughly, for choosing a thread count: multiply-adds against the
 * number of weights. Browser-safe (reads layer shapes only).
 */
import type * as tf from '@tensorflow/tfjs';

const RECURRENT = new Set(['SimpleRNN', 'LSTM', 'GRU']);

/** Multiply-adds of one forward pass per example, and the model's trainable weights. */
export function stepCost(model: tf.LayersModel): { macsPerExample: number; weights: number } {
  let macsPerExample = 0;
  let weights = 0;
  for (const layer of model.layers) {
    const count = layer.trainableWeights.reduce((sum, weight) => sum + weight.shape.reduce((a: number, d) => a * (d ?? 1), 1), 0);
    if (count === 0) continue;
    weights += count;
    // Each weight is used once per output position (a conv's output pixels, a recurrent layer's
    // time steps; a dense layer has one): shapes without the batch and channel axes.
    const shape = (RECURRENT.has(layer.getClassName()) ? (layer.input as tf.SymbolicTensor).shape : layer.outputShape) as (number | null)[] | undefined;
    const positions = Array.isArray(shape) && !Array.isArray(shape[0]) ? shape.slice(1, -1).reduce((a: number, d) => a * (d ?? 1), 1) : 1;
    macsPerExample += count * positions;
  }
  return { macsPerExample, weights };
}

/**
 * Whether data parallelism over 2 workers should beat one thread for this model and batch. Each
 * step every replica repeats work proportional to the weights (uploading weights to the matmul
 * kernels, the gradient exchange, the optimizer update), so a second core pays only when each
 * weight takes part in many multiply-adds per step: a convolution reuses its filters at every
 * output pixel, a dense layer only once per example. Measured on 2 cores (docs/performance.md):
 * the conv net (1,020 uses per weight per step, 89 MFLOP) ran 1.3-1.5x faster on 2 workers; the
 * 784-256-128-10 MLP (64 uses, 90 MFLOP) 0.75x and the 2-64-64-3 MLP (32 uses) 0.4x as fast.
 */
export function parallelPays(model: tf.LayersModel, batchSize: number): boolean {
  const { macsPerExample, weights } = stepCost(model);
  const macsPerStep = macsPerExample * batchSize;
  return 2 * macsPerStep >= MIN_PARALLEL_FLOPS && weights > 0 && macsPerStep / weights >= MIN_USES_PER_WEIGHT;
}

/** A step must do at least this many FLOP (forward) for a second core to matter at all. */
export const MIN_PARALLEL_FLOPS = 20e6;
/** ...and use each weight in at least this many multiply-adds (the log-midpoint of 64 and 1,020). */
export const MIN_USES_PER_WEIGHT = 256;
