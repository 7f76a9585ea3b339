/**
 * The single-thread trainer on the fused step (src/backend/fused/dense-step.ts), for chains of
 * dense, activation and dropout layers: the same epochs as {@link createTrainer}'s TF.js loop
 * (seeded shuffles, the batch order, per-batch loss rows, NaN located to its batch, progress
 * and interruption between batches), with each step one pass through the SIMD kernels.
 *
 * Metrics are computed from the step's predictions (dropout on, as the TF.js loop computes
 * them), kept for the whole epoch on the host and turned into the metrics' sums with TF.js at
 * each progress point and at the end, rather than once per batch: their sums are counts and
 * totals, so chunks add up to what per-batch rows would.
 */
import * as tf from '@tensorflow/tfjs';
import type { ChainPlan } from '../../backend/fused/chain-plan.js';
import { DenseStep, type BatchRows } from '../../backend/fused/dense-step.js';
import { lossSum, type BatchTargets } from '../../backend/fused/output-loss.js';
import { epochPermutation } from '../../util/seeds.js';
import { yieldToEventLoop } from '../yield.js';
import { hostTensor, type HostTensor } from './host-data.js';
import { finalizeStats, statsLayout, type StatsLayout } from './metric-accumulator.js';
import { evaluationBatchSize, type EpochResult, type Evaluation, type Trainer, type TrainerOptions } from './train-loop.js';

/** Predictions and targets of consecutive examples, turned into metric sums in chunks. */
class MetricSums {
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

function targetsOf(host: HostTensor, order: Int32Array | null, start: number): BatchTargets {
  return { values: host.values, rowSize: host.rowSize, row: order ? (i) => order[start + i]! : (i) => start + i };
}

function rowsOf(rows: number, order: Int32Array | null, start: number): BatchRows {
  return { rows, row: order ? (i) => order[start + i]! : (i) => start + i };
}

/** A {@link Trainer} whose steps run on the fused step of `plan`. */
export function createFusedStepTrainer(options: TrainerOptions, plan: ChainPlan): Trainer {
  const { model, batchSize, seed } = options;
  const shuffle = options.shuffle ?? true;
  const layout = statsLayout(options.metrics);
  const step = new DenseStep(plan, model, Math.max(batchSize, evaluationBatchSize(batchSize)));
  const units = plan.outputWidth;
  const learningRateOf = () => (plan.optimizer.optimizer as unknown as { learningRate: number }).learningRate;
  let epochCount = 0;

  return {
    forwardMode: 'step',
    threads: 1,
    async trainEpoch(x, y, epochOptions = {}) {
      const started = performance.now();
      const epoch = ++epochCount;
      const n = x.shape[0];
      const batches = Math.ceil(n / batchSize);
      const every = epochOptions.progressEvery ?? 0;
      const hx = hostTensor(x);
      const hy = hostTensor(y);
      const order = shuffle ? epochPermutation(n, seed, epoch) : null;
      const predictions = new Float32Array(n * units);
      const targets = hy.values instanceof Int32Array ? new Int32Array(n * hy.rowSize) : new Float32Array(n * hy.rowSize);
      const metrics = new MetricSums(layout, predictions, targets, units, hy);
      const learningRate = learningRateOf();
      const lossSums: number[] = [];
      const sizes: number[] = [];
      let firstBad: { batch: number; value: number } | null = null;
      let interrupted = false;
      let lastYield = performance.now();
      let seen = 0;
      step.pull();
      try {
        for (let b = 0; b < batches; b++) {
          const start = b * batchSize;
          const size = Math.min(batchSize, n - start);
          step.loadInputs(hx.values, hx.rowSize, rowsOf(size, order, start));
          const batchTargets = targetsOf(hy, order, start);
          const total = step.train(size, batchTargets, learningRate);
          if (firstBad === null && !Number.isFinite(total)) firstBad = { batch: b + 1, value: total / size };
          lossSums.push(total);
          sizes.push(size);
          // The predictions the loss was computed on, and the targets in the same order, for the metrics.
          const output = step.lastOutput;
          predictions.set(step.heap.subarray(output, output + size * units), seen * units);
          for (let i = 0; i < size; i++) {
            const row = batchTargets.row(i);
            targets.set(hy.values.subarray(row * hy.rowSize, (row + 1) * hy.rowSize), (seen + i) * hy.rowSize);
          }
          seen += size;
          if (epochOptions.onBatch && ((every > 0 && (b + 1) % every === 0) || b === batches - 1)) {
            metrics.addUpTo(seen);
            const sums = Float64Array.from(metrics.sums);
            sums[0] = lossSums.reduce((a, s) => a + s, 0);
            const { loss, metrics: values } = finalizeStats(layout, sums, seen);
            epochOptions.onBatch({ epoch, batch: b + 1, batches, loss, metrics: values });
          }
          if (performance.now() - lastYield > 50) {
            await yieldToEventLoop();
            lastYield = performance.now();
          }
          if (epochOptions.shouldStop?.()) {
            interrupted = b < batches - 1;
            break;
          }
        }
        metrics.addUpTo(seen);
        const sums = Float64Array.from(metrics.sums);
        sums[0] = lossSums.reduce((a, s) => a + s, 0);
        const summary = finalizeStats(layout, sums, seen);
        return {
          epoch,
          loss: summary.loss,
          metrics: summary.metrics,
          batches: lossSums.length,
          samples: seen,
          interrupted,
          nonFinite: firstBad === null ? null : { epoch, ...firstBad },
          seconds: (performance.now() - started) / 1000,
        } satisfies EpochResult;
      } finally {
        step.push();
      }
    },
    evaluate(x, y, evalOptions = {}): Evaluation {
      const n = x.shape[0];
      const size = Math.min(evalOptions.batchSize ?? evaluationBatchSize(batchSize), step.capacity);
      const hx = hostTensor(x);
      const hy = hostTensor(y);
      const predictions = new Float32Array(n * units);
      step.pull();
      let total = 0;
      for (let start = 0; start < n; start += size) {
        const rows = Math.min(size, n - start);
        step.loadInputs(hx.values, hx.rowSize, rowsOf(rows, null, start));
        const output = step.forward(rows, false);
        total += lossSum(plan.loss, step.heap, output, rows, units, targetsOf(hy, null, start), step.scratch);
        predictions.set(step.heap.subarray(output, output + rows * units), start * units);
      }
      const metrics = new MetricSums(layout, predictions, hy.values, units, hy);
      metrics.addUpTo(n);
      const sums = Float64Array.from(metrics.sums);
      sums[0] = total;
      const summary = finalizeStats(layout, sums, n);
      return { loss: n === 0 ? 0 : summary.loss, metrics: summary.metrics };
    },
    dispose() {
      /* the step's memory is garbage-collected with it */
    },
  };
}
