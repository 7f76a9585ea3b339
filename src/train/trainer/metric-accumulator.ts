/**
 * Metrics computed exactly over a whole split. Precision, AUC, RMSE or R² are not means of
 * per-sample values, so averaging per-batch values would be wrong (a batch without a class has
 * no precision for it; the mean of per-batch roots is not the root of the mean). Instead every
 * metric is an accumulator: each batch gives a few sums (confusion counts, a sum of squared
 * errors, ...), the trainer adds them up over batches and replicas in float64, and the metric's
 * finaliser turns the totals into its value. A per-sample metric (accuracy, MAE) is the special
 * case of one sum, divided by the number of samples.
 *
 * One batch's statistics row is `[lossSum, ...statistics of each metric]`, all sums, so rows from
 * batches and from worker replicas (each on its share of a batch) simply add up.
 */
import * as tf from '@tensorflow/tfjs';
import type { Metric, MetricAccumulator, MetricFn } from '../../backend/training-types.js';

/** Mean of a loss or metric output (a scalar stays as is). */
export function meanOf(t: tf.Tensor): tf.Scalar {
  return (t.rank === 0 ? t : tf.mean(t)) as tf.Scalar;
}

/** A per-sample metric as an accumulator: the sum of its values, divided by the sample count. */
export function sampleMean(fn: MetricFn): MetricAccumulator {
  return {
    size: 1,
    statistics: (yTrue, yPred) => tf.reshape(tf.mul(meanOf(fn(yTrue, yPred)), yTrue.shape[0] ?? 1), [1]) as tf.Tensor1D,
    finalize: (sums, samples) => sums[0] / samples,
  };
}

function asAccumulator(metric: Metric): MetricAccumulator {
  return typeof metric === 'function' ? sampleMean(metric) : metric;
}

/** Where each metric's sums sit in a statistics row (index 0 is the loss). */
export interface StatsLayout {
  names: string[];
  accumulators: MetricAccumulator[];
  /** The first column of each metric's sums. */
  offsets: number[];
  /** Columns of a row: 1 (the loss) plus every metric's size. */
  width: number;
}

/** The row layout for metrics by report name, in their order. */
export function statsLayout(metrics: Readonly<Record<string, Metric>> | undefined): StatsLayout {
  const names = Object.keys(metrics ?? {});
  const accumulators = names.map((name) => asAccumulator(metrics![name]!));
  const offsets: number[] = [];
  let width = 1;
  for (const accumulator of accumulators) {
    offsets.push(width);
    width += accumulator.size;
  }
  return { names, accumulators, offsets, width };
}

/** One batch's statistics row `[lossSum, ...metric sums]` (`lossSum` is already a sum over its rows). */
export function statisticsRow(layout: StatsLayout, lossSum: tf.Scalar, yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor1D {
  return tf.concat([tf.reshape(lossSum, [1]), ...layout.accumulators.map((metric) => metric.statistics(yTrue, yPred))]) as tf.Tensor1D;
}

/** Loss and metrics from the column sums of a split's rows. */
export function finalizeStats(layout: StatsLayout, sums: Float64Array, samples: number): { loss: number; metrics: Record<string, number> } {
  const metrics: Record<string, number> = {};
  layout.names.forEach((name, index) => {
    const offset = layout.offsets[index]!;
    metrics[name] = layout.accumulators[index]!.finalize(sums.subarray(offset, offset + layout.accumulators[index]!.size), samples);
  });
  return { loss: sums[0]! / samples, metrics };
}

/**
 * Adds up statistics rows (one per batch, `sizes[b]` samples each) in float64 and finalises them;
 * also finds the first batch whose loss is not finite (its mean loss is reported).
 */
export function summarizeRows(
  values: ArrayLike<number>,
  layout: StatsLayout,
  sizes: readonly number[],
): { mean: { loss: number; metrics: Record<string, number> }; firstBad: { batch: number; value: number } | null } {
  const { width } = layout;
  const sums = new Float64Array(width);
  let samples = 0;
  let firstBad: { batch: number; value: number } | null = null;
  for (let b = 0; b < sizes.length; b++) {
    const lossSum = values[b * width]!;
    if (firstBad === null && !Number.isFinite(lossSum)) firstBad = { batch: b + 1, value: lossSum / sizes[b]! };
    for (let k = 0; k < width; k++) sums[k] += values[b * width + k]!;
    samples += sizes[b]!;
  }
  return { mean: finalizeStats(layout, sums, samples), firstBad };
}

/** Reads kept per-batch rows in one device read (`null` rows, empty shares, read as zeros). */
export function readRows(rows: readonly (tf.Tensor1D | null)[], width: number): Float32Array {
  const out = new Float32Array(rows.length * width);
  const present = rows.map((row, index) => ({ row, index })).filter((entry) => entry.row !== null);
  if (present.length === 0) return out;
  const all = tf.tidy(() => (present.length === 1 ? present[0]!.row!.dataSync() : tf.concat(present.map((entry) => entry.row!)).dataSync())) as Float32Array;
  present.forEach((entry, k) => out.set(all.subarray(k * width, (k + 1) * width), entry.index * width));
  return out;
}
