/**
 * nnspec's own training loop (instead of `model.fit`): one compiled step per batch, seeded
 * shuffling, loss and metrics accumulated on the device and read once per epoch, NaN/Inf
 * located to the batch, an interrupt flag checked between batches, constant tensor count.
 */
import * as tf from '@tensorflow/tfjs';
import { epochPermutation } from './prng.js';
import { makeForward, type ForwardFn, type ForwardMode } from './forward.js';
import { batchTensor, hostTensor } from './host-data.js';
import { yieldToEventLoop } from '../yield.js';

/** `(yTrue, yPred) -> loss`. A scalar, or one value per sample (then averaged). */
export type LossFn = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;
/** `(yTrue, yPred) -> metric`. A scalar mean, or one value per sample (then averaged). */
export type MetricFn = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;

export interface TrainerOptions {
  model: tf.LayersModel;
  optimizer: tf.Optimizer;
  loss: LossFn;
  /** Metric functions by report name (`accuracy`, `mae`, ...). */
  metrics?: Record<string, MetricFn>;
  batchSize: number;
  /** Seeds the shuffling (per epoch: `epochPermutation(n, seed, epoch)`). */
  seed: number;
  /** Shuffle the training split before each epoch (default true). */
  shuffle?: boolean;
  /** `auto` (default) uses fused dense kernels when the model is a chain of layers. */
  forward?: ForwardMode;
}

export interface TrainEpochOptions {
  /** Called every `progressEvery` batches (and after the last) with running means; reads the device then. */
  onBatch?: (progress: BatchProgress) => void;
  progressEvery?: number;
  /** Checked between batches: when it returns true, the epoch stops after the current batch. */
  shouldStop?: () => boolean;
}

export interface BatchProgress {
  epoch: number;
  batch: number;
  batches: number;
  loss: number;
  metrics: Record<string, number>;
}

export interface NonFiniteLoss {
  epoch: number;
  /** 1-based batch index inside the epoch. */
  batch: number;
  value: number;
}

export interface EpochResult {
  /** 1-based epoch number (counts every call to trainEpoch). */
  epoch: number;
  /** Mean over the epoch's samples of the training loss (dropout on), regularization included. */
  loss: number;
  metrics: Record<string, number>;
  batches: number;
  samples: number;
  /** True when shouldStop ended the epoch early. */
  interrupted: boolean;
  /** Set when the epoch's loss is NaN or infinite: the first bad batch. */
  nonFinite: NonFiniteLoss | null;
  seconds: number;
}

export interface Evaluation {
  loss: number;
  metrics: Record<string, number>;
}

export interface Trainer {
  readonly forwardMode: 'model' | 'fused';
  readonly threads: number;
  trainEpoch(x: tf.Tensor, y: tf.Tensor, options?: TrainEpochOptions): Promise<EpochResult>;
  evaluate(x: tf.Tensor, y: tf.Tensor, options?: { batchSize?: number }): Evaluation;
  dispose(): void;
}

/** Mean of a loss or metric output (scalar stays as is). */
export function meanOf(t: tf.Tensor): tf.Scalar {
  return (t.rank === 0 ? t : tf.mean(t)) as tf.Scalar;
}

/** The trainable variables of a model, in model order. */
export function trainableVariables(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => w.read() as tf.Variable);
}

/** Sum of the model's regularization losses, or null when it has none. */
export function regularizationLoss(model: tf.LayersModel): tf.Scalar | null {
  const losses = (model as unknown as { calculateLosses(): tf.Scalar[] }).calculateLosses();
  if (losses.length === 0) return null;
  return losses.length === 1 ? losses[0] : (tf.addN(losses) as tf.Scalar);
}

/**
 * One training step's core: forward with training on, loss (+ regularization), and the
 * batch statistics `[loss, ...metrics]` as one kept tensor. Used by the single-thread loop and
 * by every replica of the parallel trainer.
 */
export function lossAndStats(
  forward: ForwardFn,
  model: tf.LayersModel,
  loss: LossFn,
  metricFns: MetricFn[],
  xb: tf.Tensor,
  yb: tf.Tensor,
  regularizationScale = 1,
): { total: tf.Scalar; stats: tf.Tensor1D } {
  const pred = forward(xb, true);
  const dataLoss = meanOf(loss(yb, pred));
  const reg = regularizationLoss(model);
  const total = reg === null ? dataLoss : tf.add(dataLoss, regularizationScale === 1 ? reg : tf.mul(reg, regularizationScale));
  const stats = tf.stack([total, ...metricFns.map((m) => meanOf(m(yb, pred)))]) as tf.Tensor1D;
  return { total: total as tf.Scalar, stats };
}

export function createTrainer(options: TrainerOptions): Trainer {
  const { model, optimizer, loss, batchSize, seed } = options;
  const shuffle = options.shuffle ?? true;
  const metricNames = Object.keys(options.metrics ?? {});
  const metricFns = metricNames.map((name) => options.metrics![name]);
  const { forward, mode } = makeForward(model, options.forward ?? 'auto');
  let epochCount = 0;

  return {
    forwardMode: mode,
    threads: 1,
    async trainEpoch(x, y, epochOptions = {}) {
      const started = performance.now();
      const epoch = ++epochCount;
      const n = x.shape[0];
      const batches = Math.ceil(n / batchSize);
      const vars = trainableVariables(model);
      const every = epochOptions.progressEvery ?? 0;
      // Batches are built on the host from a seeded permutation (see host-data.ts for why not tf.slice).
      const hx = hostTensor(x);
      const hy = hostTensor(y);
      const order = shuffle ? epochPermutation(n, seed, epoch) : null;
      const perBatch: tf.Tensor1D[] = [];
      const sizes: number[] = [];
      let interrupted = false;
      let lastYield = performance.now();
      try {
        for (let b = 0; b < batches; b++) {
          const start = b * batchSize;
          const size = Math.min(batchSize, n - start);
          const stats = tf.tidy(() => {
            const xb = batchTensor(hx, start, size, order);
            const yb = batchTensor(hy, start, size, order);
            let kept: tf.Tensor1D | null = null;
            const { grads } = tf.variableGrads(() => {
              const { total, stats: s } = lossAndStats(forward, model, loss, metricFns, xb, yb);
              kept = tf.keep(s);
              return total;
            }, vars);
            optimizer.applyGradients(grads);
            return kept! as tf.Tensor1D;
          });
          perBatch.push(stats);
          sizes.push(size);
          if (epochOptions.onBatch && ((every > 0 && (b + 1) % every === 0) || b === batches - 1)) {
            const { loss: l, metrics } = summarize(perBatch, sizes, metricNames).mean;
            epochOptions.onBatch({ epoch, batch: b + 1, batches, loss: l, metrics });
          }
          // Let signal handlers (Ctrl-C) and timers run: the steps themselves never yield.
          if (performance.now() - lastYield > 50) {
            await yieldToEventLoop();
            lastYield = performance.now();
          }
          if (epochOptions.shouldStop?.()) {
            interrupted = b < batches - 1;
            break;
          }
        }
        const summary = summarize(perBatch, sizes, metricNames);
        return {
          epoch,
          loss: summary.mean.loss,
          metrics: summary.mean.metrics,
          batches: perBatch.length,
          samples: sizes.reduce((a, s) => a + s, 0),
          interrupted,
          nonFinite: summary.firstBad === null ? null : { epoch, ...summary.firstBad },
          seconds: (performance.now() - started) / 1000,
        };
      } finally {
        for (const t of perBatch) t.dispose();
      }
    },
    evaluate(x, y, evalOptions = {}) {
      return evaluateModel(forward, model, loss, metricNames, metricFns, x, y, evalOptions.batchSize ?? Math.max(batchSize, 256));
    },
    dispose() {
      /* nothing owned beyond epochs; kept for symmetry with the parallel trainer */
    },
  };
}

export function sliceRows(t: tf.Tensor, start: number, size: number): tf.Tensor {
  if (start === 0 && size === t.shape[0]) return t;
  const begin = t.shape.map((_, i) => (i === 0 ? start : 0));
  const sizes = t.shape.map((d, i) => (i === 0 ? size : d));
  return tf.slice(t, begin, sizes);
}

/** Reads the per-batch statistics once; sample-weighted means in float64; first non-finite batch. */
export function summarize(
  perBatch: tf.Tensor1D[],
  sizes: number[],
  metricNames: string[],
): { mean: { loss: number; metrics: Record<string, number> }; firstBad: { batch: number; value: number } | null } {
  const width = metricNames.length + 1;
  let values: Float32Array = new Float32Array(0);
  if (perBatch.length > 0) {
    const all = perBatch.length === 1 ? perBatch[0] : tf.concat(perBatch);
    values = all.dataSync() as Float32Array;
    if (all !== perBatch[0]) all.dispose();
  }
  return summarizeValues(values, width, sizes, metricNames);
}

export function summarizeValues(
  values: ArrayLike<number>,
  width: number,
  sizes: number[],
  metricNames: string[],
): { mean: { loss: number; metrics: Record<string, number> }; firstBad: { batch: number; value: number } | null } {
  const sums = new Float64Array(width);
  let total = 0;
  let firstBad: { batch: number; value: number } | null = null;
  for (let b = 0; b < sizes.length; b++) {
    const l = values[b * width];
    if (firstBad === null && !Number.isFinite(l)) firstBad = { batch: b + 1, value: l };
    for (let k = 0; k < width; k++) sums[k] += values[b * width + k] * sizes[b];
    total += sizes[b];
  }
  const metrics: Record<string, number> = {};
  metricNames.forEach((name, k) => (metrics[name] = sums[k + 1] / total));
  return { mean: { loss: sums[0] / total, metrics }, firstBad };
}

/** Inference-mode loss and metrics over a whole split, batched to bound memory; one read at the end. */
export function evaluateModel(
  forward: ForwardFn,
  model: tf.LayersModel,
  loss: LossFn,
  metricNames: string[],
  metricFns: MetricFn[],
  x: tf.Tensor,
  y: tf.Tensor,
  batchSize: number,
): Evaluation {
  const n = x.shape[0];
  const hx = hostTensor(x);
  const hy = hostTensor(y);
  let acc: tf.Tensor | null = null;
  for (let start = 0; start < n; start += batchSize) {
    const size = Math.min(batchSize, n - start);
    const previous: tf.Tensor | null = acc;
    acc = tf.tidy(() => {
      const xb = batchTensor(hx, start, size, null);
      const yb = batchTensor(hy, start, size, null);
      const pred = forward(xb, false);
      const row = tf.mul(tf.stack([meanOf(loss(yb, pred)), ...metricFns.map((m) => meanOf(m(yb, pred)))]), size);
      return previous === null ? row : tf.add(previous, row);
    });
    previous?.dispose();
  }
  const finalAcc: tf.Tensor | null = acc;
  const values = tf.tidy(() => {
    const reg = regularizationLoss(model);
    const sums = finalAcc === null ? tf.zeros([metricNames.length + 1]) : tf.div(finalAcc, n);
    return reg === null ? sums : tf.add(sums, tf.pad(tf.reshape(reg, [1]), [[0, metricNames.length]]));
  });
  finalAcc?.dispose();
  const read = values.dataSync();
  values.dispose();
  const metrics: Record<string, number> = {};
  metricNames.forEach((name, k) => (metrics[name] = read[k + 1]));
  return { loss: read[0], metrics };
}
