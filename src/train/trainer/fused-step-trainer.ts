/**
 * The trainer on the fused step (src/backend/fused/dense-step.ts), for chains of conv2d,
 * max_pool2d, dense, activation and dropout layers: the same epochs as {@link createTrainer}'s TF.js loop
 * (seeded shuffles, the batch order, per-batch loss rows, NaN located to its batch, progress
 * and interruption between batches), with each step one pass through the SIMD kernels.
 *
 * Metrics are computed from the step's predictions (dropout on, as the TF.js loop computes
 * them), kept for the whole epoch on the host and turned into the metrics' sums with TF.js at
 * each progress point and at the end, rather than once per batch: their sums are counts and
 * totals, so chunks add up to what per-batch rows would.
 */
import type { ChainPlan } from '../../backend/fused/chain-plan.js';
import { DenseStep, type ThreadStarter } from '../../backend/fused/dense-step.js';
import { epochPermutation } from '../../util/seeds.js';
import { eventLoopPacer } from '../yield.js';
import { hostTensor } from './host-data.js';
import { statsLayout } from './metric-accumulator.js';
import { evaluationBatchSize, type EpochResult, type Evaluation, type Trainer, type TrainerOptions } from './train-loop.js';
import { MetricSums, evaluateOnStep, rowsOf, targetsOf } from './fused-evaluation.js';
import { GOVERNOR_LIMITS, ThreadGovernor, type GovernorLimits } from './thread-governor.js';

/**
 * A {@link Trainer} whose steps run on the fused step of `plan`, its products over `threads`
 * threads when `startThreads` can start helpers (what is learned does not depend on it). With
 * `adaptive` (true, or the governor's limits), a {@link ThreadGovernor} moves each step between
 * one thread and all of them by measured speed (`--threads auto`).
 */
export function createFusedStepTrainer(
  options: TrainerOptions,
  plan: ChainPlan,
  threads = 1,
  startThreads?: ThreadStarter,
  adaptive: boolean | GovernorLimits = false,
): Trainer {
  const { model, batchSize, seed } = options;
  const shuffle = options.shuffle ?? true;
  const layout = statsLayout(options.metrics);
  const step = new DenseStep(plan, model, evaluationBatchSize(batchSize), threads, startThreads, options.fusedMultiplyAdd);
  const limits = adaptive === true ? GOVERNOR_LIMITS : adaptive || null;
  const governor = limits && step.threadCount > 1 ? new ThreadGovernor(step.threadCount, step.threadCount, limits) : null;
  const units = plan.outputWidth;
  const learningRateOf = () => (options.optimizer as unknown as { learningRate: number }).learningRate;
  let epochCount = 0;

  return {
    forwardMode: 'step',
    threads: step.threadCount,
    fusedMultiplyAdd: step.fusedMultiplyAdd,
    ...(governor ? { threadUse: () => governor.use() } : {}),
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
      // The sum of the batches' losses, added in batch order, and how many batches ran.
      let lossTotal = 0;
      let batchesRun = 0;
      let firstBad: { batch: number; value: number } | null = null;
      let interrupted = false;
      const pace = eventLoopPacer();
      let seen = 0;
      step.pull();
      try {
        for (let b = 0; b < batches; b++) {
          const start = b * batchSize;
          const size = Math.min(batchSize, n - start);
          const stepThreads = governor?.next() ?? 0;
          if (governor) step.activeThreads = stepThreads;
          const stepStarted = governor ? performance.now() : 0;
          step.loadInputs(hx.values, hx.rowSize, rowsOf(size, order, start));
          const batchTargets = targetsOf(hy, order, start);
          const total = step.train(size, batchTargets, learningRate);
          governor?.record(stepThreads, (performance.now() - stepStarted) / 1000, size === batchSize);
          if (firstBad === null && !Number.isFinite(total)) firstBad = { batch: b + 1, value: total / size };
          lossTotal += total;
          batchesRun += 1;
          // The predictions the loss was computed on, and the targets in the same order, for the metrics.
          const output = step.lastOutput;
          predictions.set(step.heap.subarray(output, output + size * units), seen * units);
          for (let i = 0; i < size; i++) {
            const row = batchTargets.row(i);
            targets.set(hy.values.subarray(row * hy.rowSize, (row + 1) * hy.rowSize), (seen + i) * hy.rowSize);
          }
          seen += size;
          if (epochOptions.onBatch && ((every > 0 && (b + 1) % every === 0) || b === batches - 1)) {
            const { loss, metrics: values } = metrics.summary(lossTotal, seen);
            epochOptions.onBatch({ epoch, batch: b + 1, batches, loss, metrics: values });
          }
          // Let signal handlers (Ctrl-C) and timers run: the steps themselves never yield.
          await pace();
          if (epochOptions.shouldStop?.()) {
            interrupted = b < batches - 1;
            break;
          }
        }
        const summary = metrics.summary(lossTotal, seen);
        return {
          epoch,
          loss: summary.loss,
          metrics: summary.metrics,
          batches: batchesRun,
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
      // An evaluation runs on the count the governor last chose (it is not timed).
      if (governor) step.activeThreads = governor.use().current;
      return evaluateOnStep(step, layout, x, y, Math.min(evalOptions.batchSize ?? evaluationBatchSize(batchSize), step.capacity));
    },
    dispose() {
      step.dispose();
    },
  };
}
