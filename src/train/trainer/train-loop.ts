/**
 * nnspec's own training loop (instead of `model.fit`): one compiled step per batch, seeded
 * shuffling, loss and metric statistics kept on the device and read once per epoch (metrics are
 * accumulators over the whole split: see metric-accumulator.ts), NaN/Inf located to the batch, an
 * interrupt flag checked between batches, constant tensor count.
 */
import type { ThreadUse } from './thread-governor.js';
import * as tf from '@tensorflow/tfjs';
import { epochPermutation } from '../../util/seeds.js';
import { makeForward, type ForwardFn, type ForwardMode } from './forward.js';
import { batchTensor, hostTensor } from './host-data.js';
import { eventLoopPacer } from '../yield.js';
import { meanOf, readRows, statisticsRow, statsLayout, summarizeRows, type StatsLayout } from './metric-accumulator.js';
import type { LossFn, Metric } from '../../backend/training-types.js';

export { meanOf } from './metric-accumulator.js';

export interface TrainerOptions {
  model: tf.LayersModel;
  optimizer: tf.Optimizer;
  loss: LossFn;
  /** Metrics by report name (`accuracy`, `f1`, ...): per-sample functions, or accumulators over a split. */
  metrics?: Record<string, Metric>;
  batchSize: number;
  /** Seeds the shuffling (per epoch: `epochPermutation(n, seed, epoch)`). */
  seed: number;
  /** Shuffle the training split before each epoch (default true). */
  shuffle?: boolean;
  /** `auto` (default) uses fused dense kernels when the model is a chain of layers. */
  forward?: ForwardMode;
  /**
   * The build of nnspec's kernels: their relaxed-SIMD builds (fused multiply-adds) where the
   * engine has them (default, true), or their plain ones (false), which round as engines without
   * them do. The fused step takes it, and so do the worker replicas' conv kernels; the calling
   * thread's conv kernels follow `useConvFusedMultiplyAdd` (`runTraining` sets it from the same choice).
   */
  fusedMultiplyAdd?: boolean;
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
  /** `step`: the fused training step (fused-step-trainer.ts); `fused`/`model`: TF.js steps (forward.ts). */
  readonly forwardMode: 'model' | 'fused' | 'step';
  readonly threads: number;
  /** The fused step's products use fused multiply-adds (only set on the fused step). */
  readonly fusedMultiplyAdd?: boolean;
  /** How an adaptive run (`--threads auto` on the fused step) used its threads so far; absent otherwise. */
  threadUse?(): ThreadUse;
  trainEpoch(x: tf.Tensor, y: tf.Tensor, options?: TrainEpochOptions): Promise<EpochResult>;
  evaluate(x: tf.Tensor, y: tf.Tensor, options?: { batchSize?: number }): Evaluation;
  dispose(): void;
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
 * One training step's core: forward with training on, loss (+ regularization), and the batch's
 * statistics row `[loss x rows, ...metric sums]` as one kept tensor.
 */
export function lossAndStats(
  forward: ForwardFn,
  model: tf.LayersModel,
  loss: LossFn,
  layout: StatsLayout,
  xb: tf.Tensor,
  yb: tf.Tensor,
): { total: tf.Scalar; stats: tf.Tensor1D } {
  const pred = forward(xb, true);
  const dataLoss = meanOf(loss(yb, pred));
  const reg = regularizationLoss(model);
  const total = (reg === null ? dataLoss : tf.add(dataLoss, reg)) as tf.Scalar;
  return { total, stats: statisticsRow(layout, tf.mul(total, xb.shape[0]!) as tf.Scalar, yb, pred) };
}

export function createTrainer(options: TrainerOptions): Trainer {
  const { model, optimizer, loss, batchSize, seed } = options;
  const shuffle = options.shuffle ?? true;
  const layout = statsLayout(options.metrics);
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
      const pace = eventLoopPacer();
      try {
        for (let b = 0; b < batches; b++) {
          const start = b * batchSize;
          const size = Math.min(batchSize, n - start);
          const stats = tf.tidy(() => {
            const xb = batchTensor(hx, start, size, order);
            const yb = batchTensor(hy, start, size, order);
            let kept: tf.Tensor1D | null = null;
            const { grads } = tf.variableGrads(() => {
              const { total, stats: s } = lossAndStats(forward, model, loss, layout, xb, yb);
              kept = tf.keep(s);
              return total;
            }, vars);
            optimizer.applyGradients(grads);
            return kept! as tf.Tensor1D;
          });
          perBatch.push(stats);
          sizes.push(size);
          if (epochOptions.onBatch && ((every > 0 && (b + 1) % every === 0) || b === batches - 1)) {
            const { loss: l, metrics } = summarizeRows(readRows(perBatch, layout.width), layout, sizes).mean;
            epochOptions.onBatch({ epoch, batch: b + 1, batches, loss: l, metrics });
          }
          // Let signal handlers (Ctrl-C) and timers run: the steps themselves never yield.
          await pace();
          if (epochOptions.shouldStop?.()) {
            interrupted = b < batches - 1;
            break;
          }
        }
        const summary = summarizeRows(readRows(perBatch, layout.width), layout, sizes);
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
      return evaluateModel(forward, model, loss, layout, x, y, evalOptions.batchSize ?? evaluationBatchSize(batchSize));
    },
    dispose() {
      /* nothing owned beyond epochs; kept for symmetry with the parallel trainer */
    },
  };
}

/**
 * The batch size a trainer evaluates with unless told otherwise: the training batch, but at least
 * 256 (inference needs no gradients, so bigger batches are cheaper per example). Whoever must
 * reproduce a trainer's evaluation to the last digit (`nnspec evaluate`) uses it too, so the
 * float sums add up in the same order.
 */
export function evaluationBatchSize(trainingBatchSize: number): number {
  return Math.max(trainingBatchSize, 256);
}

/**
 * Inference-mode loss and metrics over a whole split, batched to bound memory: the batches'
 * statistics rows stay on the device and are read once, then added up in float64.
 */
export function evaluateModel(
  forward: ForwardFn,
  model: tf.LayersModel,
  loss: LossFn,
  layout: StatsLayout,
  x: tf.Tensor,
  y: tf.Tensor,
  batchSize: number,
): Evaluation {
  const n = x.shape[0];
  const hx = hostTensor(x);
  const hy = hostTensor(y);
  const rows: tf.Tensor1D[] = [];
  const sizes: number[] = [];
  try {
    for (let start = 0; start < n; start += batchSize) {
      const size = Math.min(batchSize, n - start);
      rows.push(
        tf.tidy(() => {
          const xb = batchTensor(hx, start, size, null);
          const yb = batchTensor(hy, start, size, null);
          const pred = forward(xb, false);
          return statisticsRow(layout, tf.mul(meanOf(loss(yb, pred)), size) as tf.Scalar, yb, pred);
        }),
      );
      sizes.push(size);
    }
    const { mean } = summarizeRows(readRows(rows, layout.width), layout, sizes);
    const regValue = tf.tidy(() => regularizationLoss(model)?.dataSync()[0] ?? 0);
    return { loss: n === 0 ? regValue : mean.loss + regValue, metrics: mean.metrics };
  } finally {
    for (const row of rows) row.dispose();
  }
}
