/**
 * The shapes of a loss and a metric as the trainer takes them. They live here, with the backend
 * that creates them (./losses.ts, ./metrics.ts), so the backend imports nothing from the trainer:
 * the trainer imports these from the backend.
 */
import type * as tf from '@tensorflow/tfjs';

/** `(yTrue, yPred) -> loss`. A scalar, or one value per sample (then averaged). */
export type LossFn = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;

/** `(yTrue, yPred) -> metric`: a scalar mean, or one value per sample (averaged over the split). */
export type MetricFn = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;

/**
 * A metric from sums that add up over batches and replicas, finalised once per split (see
 * train/trainer/metric-accumulator.ts for why: precision or RMSE are not means of batch values).
 */
export interface MetricAccumulator {
  /** How many sums one batch gives. */
  readonly size: number;
  /** The batch's sums, a `[size]` tensor (counts, sums of squares, ...). */
  statistics(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor1D;
  /** The metric from the sums over a whole split of `samples` rows. */
  finalize(sums: Float64Array, samples: number): number;
}

/** What a trainer takes as a metric: a per-sample function (averaged), or an accumulator. */
export type Metric = MetricFn | MetricAccumulator;
