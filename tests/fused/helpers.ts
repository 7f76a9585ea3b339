/** Models, optimizers and data for comparing the fused step with TF.js's own training steps. */
import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import { useConvFusedMultiplyAdd } from '../../src/backend/index.js';
import { buildModel, createLoss, createMetrics, createOptimizer } from '../../src/train-entry.js';
import { createSingleThreadTrainer } from '../../src/train/trainer/parallel.js';
import { createTrainer } from '../../src/train/trainer/train-loop.js';
import type { IrDocument } from '../../src/ir/schema.js';
import { documentOf } from '../runner/helpers.js';
import type { TrainerOptions } from '../../src/train/trainer/train-loop.js';

/** The fused step's two builds (wasm/dense-step.c): relaxed SIMD (FMA where the processor has it), and plain. */
export const BUILDS = [
  { name: 'relaxed build', fusedMultiplyAdd: true },
  { name: 'plain build', fusedMultiplyAdd: false },
];

/** A spec with `layers` between an input (4 features unless told) and the loss, optimizer and batch given. */
export function specDocument(
  layers: string,
  train: { loss?: string; optimizer?: string; batch?: number; seed?: number; input?: string; classes?: number; metrics?: string; features?: number } = {},
): IrDocument {
  return documentOf(`data d { source: synthetic.blobs(samples: 120, classes: ${train.classes ?? 3}, features: ${train.features ?? 4}, seed: 3), split: { train: 0.75, validation: 0.25 } }
model m {
  input(shape: ${train.input ?? '[4]'})
  ${layers}
}
train m on d { loss: ${train.loss ?? 'categorical_crossentropy'}, metrics: [${train.metrics ?? 'accuracy'}], optimizer: ${train.optimizer ?? 'adam(learning_rate: 0.01)'}, epochs: 1, batch_size: ${train.batch ?? 16}, seed: ${train.seed ?? 5} }
`);
}

/** Trainer options for a fresh model of the document (same seed: same initial weights). */
export function trainerOptions(document: IrDocument, overrides: Partial<TrainerOptions> = {}): TrainerOptions {
  const training = document.training!;
  return {
    model: buildModel(document.model, { seed: training.seed }),
    optimizer: createOptimizer(training.optimizer),
    loss: createLoss(training.loss),
    metrics: createMetrics(training.metrics, training.loss),
    batchSize: training.batchSize,
    seed: training.seed,
    ...overrides,
  };
}

/** Seeded inputs (`n x features`) and targets: one-hot classes, class indices or values in (0, 1). */
export function data(n: number, features: number, units: number, kind: 'one-hot' | 'index' | 'value' = 'one-hot', seed = 9): { x: tf.Tensor; y: tf.Tensor } {
  return tf.tidy(() => {
    const x = tf.randomNormal([n, features], 0, 1, 'float32', seed);
    if (kind === 'value') return { x, y: tf.randomUniform([n, units], 0.05, 0.95, 'float32', seed + 1) };
    const labels = tf.randomUniform([n], 0, units, 'float32', seed + 1).floor();
    return { x, y: kind === 'index' ? labels : tf.oneHot(labels.toInt(), units).toFloat() };
  });
}

/** Largest |a - b| / max(1, |a|) over two weight lists of the same shapes. */
export function largestDifference(a: tf.Tensor[], b: tf.Tensor[]): number {
  let largest = 0;
  a.forEach((tensor, i) => {
    const u = tensor.dataSync();
    const v = b[i]!.dataSync();
    for (let j = 0; j < u.length; j++) largest = Math.max(largest, Math.abs(u[j]! - v[j]!) / Math.max(1, Math.abs(u[j]!)));
  });
  return largest;
}

/** Weights after training on TF.js's steps and on the fused step, and each side's per-epoch losses. */
export interface BothWays {
  tfjs: tf.Tensor[];
  fused: tf.Tensor[];
  losses: number[][];
}

/**
 * Trains fresh models of `document` (the same initial weights) for `epochs` epochs on `x`, `y`
 * without shuffling, first on TF.js's steps and then on the fused step, both in the build
 * `fusedMultiplyAdd` picks (TF.js's conv kernels included); returns copies of the weights.
 */
export async function trainBothWays(document: IrDocument, x: tf.Tensor, y: tf.Tensor, epochs: number, fusedMultiplyAdd: boolean): Promise<BothWays> {
  const result: tf.Tensor[][] = [];
  const losses: number[][] = [];
  const before = useConvFusedMultiplyAdd(fusedMultiplyAdd);
  try {
    for (const fused of [false, true]) {
      const options = trainerOptions(document, { shuffle: false, fusedMultiplyAdd });
      const trainer = fused ? createSingleThreadTrainer(options) : createTrainer({ ...options, forward: 'fused' });
      expect(trainer.forwardMode).toBe(fused ? 'step' : 'fused');
      const history: number[] = [];
      for (let e = 0; e < epochs; e++) history.push((await trainer.trainEpoch(x, y)).loss);
      losses.push(history);
      result.push(options.model.getWeights().map((w) => w.clone()));
      trainer.dispose();
      options.model.dispose();
    }
  } finally {
    useConvFusedMultiplyAdd(before);
  }
  return { tfjs: result[0]!, fused: result[1]!, losses };
}
