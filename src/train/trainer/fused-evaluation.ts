/**
 * Evaluation on the fused step: the forward pass without dropout over batches of `batchSize`
 * rows, the loss summed per example and the metrics from the predictions. A run on the fused
 * step reports these numbers, so `nnspec evaluate` computes them the same way
 * ({@link fusedEvaluation}) to reproduce the report's to the last digit. Browser-safe.
 */
import * as tf from '@tensorflow/tfjs';
import { planChain } from '../../backend/fused/chain-plan.js';
import { DenseStep, type BatchRows } from '../../backend/fused/dense-step.js';
import { denseStepSupported } from '../../backend/fused/dense-step-kernels.js';
import { lossSum, type BatchTargets } from '../../backend/fused/output-loss.js';
import { lossName } from '../../backend/losses.js';
import type { LossFn, Metric } from '../../backend/training-types.js';
import { hostTensor, type HostTensor } from './host-data.js';
import { finalizeStats, statsLayout, type StatsLayout } from './metric-accumulator.js';
import type { Evaluation } from './train-loop.js';

/** Predictions and targets of consecutive examples, turned into metric sums in chunks. */
export class MetricSums {
  readonly sums: Float64Array;
  private done = 0;

  constructor(
    private readonly layout: StatsLayout,
    private readonly predictions: Float32Array,
    private readonly targets: Float32Array | Int32Array,
    private readonly units: number,
    private readonly target: HostTensor,
  ) {
    this.sums = new Float64Array(layout.width);
  }

  /** Loss and metrics of the first `samples` examples, `lossTotal` being the sum of their losses. */
  summary(lossTotal: number, samples: number): Evaluation {
    this.addUpTo(samples);
    const sums = Float64Array.from(this.sums);
    sums[0] = lossTotal;
    return finalizeStats(this.layout, sums, samples);
  }

  /** Adds the metric sums of examples `done .. upTo` (exclusive). */
  addUpTo(upTo: number): void {
    const rows = upTo - this.done;
    if (rows <= 0 || this.layout.accumulators.length === 0) {
      this.done = Math.max(this.done, upTo);
      return;
    }
    const { rowSize, shape, dtype } = this.target;
    const values = tf.tidy(() => {
      const yTrue = tf.tensor(this.targets.slice(this.done * rowSize, upTo * rowSize), [rows, ...shape.slice(1)], dtype);
      const yPred = tf.tensor(this.predictions.slice(this.done * this.units, upTo * this.units), [rows, this.units]);
      return tf.concat(this.layout.accumulators.map((metric) => metric.statistics(yTrue, yPred))).dataSync();
    });
    for (let k = 0; k < values.length; k++) this.sums[k + 1] += values[k]!;
    this.done = upTo;
  }
}

export function targetsOf(host: HostTensor, order: Int32Array | null, start: number): BatchTargets {
  return { values: host.values, rowSize: host.rowSize, row: order ? (i) => order[start + i]! : (i) => start + i };
}

export function rowsOf(rows: number, order: Int32Array | null, start: number): BatchRows {
  return order ? { rows, row: (i) => order[start + i]! } : { rows, row: (i) => start + i, first: start };
}

/** Loss and metrics of `step`'s model on a whole split, in batches of `batchSize` rows (at most its capacity). */
export function evaluateOnStep(step: DenseStep, layout: StatsLayout, x: tf.Tensor, y: tf.Tensor, batchSize: number): Evaluation {
  const { plan } = step;
  const units = plan.outputWidth;
  const n = x.shape[0];
  const hx = hostTensor(x);
  const hy = hostTensor(y);
  const predictions = new Float32Array(n * units);
  step.pull();
  let total = 0;
  for (let start = 0; start < n; start += batchSize) {
    const rows = Math.min(batchSize, n - start);
    step.loadInputs(hx.values, hx.rowSize, rowsOf(rows, null, start));
    const output = step.forward(rows, false);
    total += lossSum(plan.loss, step.heap, output, rows, units, targetsOf(hy, null, start), step.scratch);
    predictions.set(step.heap.subarray(output, output + rows * units), start * units);
  }
  const summary = new MetricSums(layout, predictions, hy.values, units, hy).summary(total, n);
  return { loss: n === 0 ? 0 : summary.loss, metrics: summary.metrics };
}

/**
 * The evaluation a fused-step run would report for `model` (trained on `loss`) on `x`, `y`, or
 * null when the model trains on TF.js's steps (then `evaluateModel` is the run's evaluation).
 */
export function fusedEvaluation(
  model: tf.LayersModel,
  loss: LossFn,
  metrics: Record<string, Metric>,
  x: tf.Tensor,
  y: tf.Tensor,
  batchSize: number,
): Evaluation | null {
  if (!denseStepSupported()) return null;
  const { plan } = planChain(model, null, lossName(loss), batchSize);
  if (!plan) return null;
  const step = new DenseStep(plan, model, batchSize);
  try {
    return evaluateOnStep(step, statsLayout(metrics), x, y, batchSize);
  } finally {
    step.dispose();
  }
}
