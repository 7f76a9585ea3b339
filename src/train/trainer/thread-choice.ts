/**
 * `--threads auto` by measurement. A run on the fused step measures as it trains (its thread count
 * changes no bit: see thread-governor.ts). For any other run, before the first epoch, a few real training steps are timed on
 * one thread and on 2 workers, in turn and twice, each on a THROWAWAY copy of the run (a model built from the IR with
 * the run's weights loaded, an optimizer rebuilt from the run's), over a small slice of the
 * training data, and the faster count is chosen. The run's own model, optimizer, noise-layer step
 * counters and shuffles are never touched, so the run learns exactly what the same run forced to
 * the chosen count learns. The static cost rule (./step-cost.ts) decides only where measuring is
 * impossible or pointless. Node-only (worker threads).
 */
import { availableParallelism } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { buildModel } from '../../backend/index.js';
import { createTrainingLoop, explainThreadChoice, fusedPlan, type ThreadChoice, type TrainingLoopOptions } from './parallel.js';
import { flatWeights, loadFlatWeights } from './replica.js';
import { describeOptimizer, optimizerFromConfig } from './replica-setup.js';
import { stepCost } from './step-cost.js';
import { medianOf } from './thread-governor.js';
import type { Trainer } from './train-loop.js';

// The median moved to the browser-safe governor; this module's API keeps exporting it.
export { medianOf };

/** The limits of the measurement (see docs/performance.md, "--threads auto"). */
export interface MeasurementLimits {
  /**
   * Untimed steps first on each trainer: the first steps pay kernel set-up, allocation and the JIT
   * compiling the step's JavaScript (on the fused step's 2 threads, steps 3 to 10 of a new run
   * took 2-3x their later time, while the compiler's thread shared the two cores with them).
   */
  warmupSteps: number;
  /** The warm-up ends earlier, after at least 2 steps, once it has taken this long (seconds): long steps are warm sooner. */
  maxWarmupSeconds: number;
  /** Timed steps at most on each trainer (after the warm-up). */
  maxTimedSteps: number;
  /** Wall time of each trainer's timed steps (seconds): the timed part of the measurement is at most twice this. */
  secondsPerTrainer: number;
  /** A first step slower than this (seconds) cuts the warm-up to that one step: the steps are long, so fewer are timed. */
  longStepSeconds: number;
  /** One thread's first step slower than this (seconds) ends the measurement: such a run is decided by the static rule. */
  skipStepSeconds: number;
  /** Forward FLOP per step below which no measurement is made: a step this small loses to the per-step exchange. */
  minMeasuredFlops: number;
  /** 2 workers are chosen only when at least this many times as fast as one thread (timings are noisy). */
  minSpeedup: number;
}

/** About half a second of timed steps in all, plus the warm-up steps and a worker's start-up. */
export const MEASUREMENT_LIMITS: MeasurementLimits = {
  warmupSteps: 10,
  maxWarmupSeconds: 0.1,
  maxTimedSteps: 20,
  secondsPerTrainer: 0.25,
  longStepSeconds: 0.2,
  skipStepSeconds: 1,
  minMeasuredFlops: 2e6,
  minSpeedup: 1.1,
};

/** The header's clause for a run on the fused step under `auto`. */
export const ADAPTIVE_REASON = 'auto, adaptive: 2 threads or 1, whichever measures faster as it trains';

/** One trainer's timed steps (warm-up excluded), each step's wall time in seconds. */
export interface StepTiming {
  stepSeconds: number[];
  /** The first step's wall time (seconds), for the long-step rules. */
  firstStepSeconds: number;
  /** The warm-up steps taken: `warmupSteps`, or 1 after a long first step. */
  warmupSteps: number;
  /** The warm-up's wall time (seconds). */
  warmupSeconds: number;
}

/** A choice that was measured, with both timings. */
export interface MeasuredThreadChoice extends ThreadChoice {
  timings?: { oneThread: StepTiming; twoWorkers: StepTiming };
}

/**
 * The choice from the two timings (pure): 2 workers when their median step is at least
 * `minSpeedup` times as fast as one thread's on the same batches, else 1; null when either has
 * no timed step. Medians, not means: on a shared machine one step now and then loses its core
 * for a while, and one such step would decide a mean.
 */
export function chooseFromTimings(
  oneThread: StepTiming,
  twoWorkers: StepTiming,
  minSpeedup: number = MEASUREMENT_LIMITS.minSpeedup,
): MeasuredThreadChoice | null {
  const one = medianOf(oneThread.stepSeconds);
  const two = medianOf(twoWorkers.stepSeconds);
  if (!(one > 0) || !(two > 0)) return null;
  const speedup = one / two;
  return { threads: speedup >= minSpeedup ? 2 : 1, reason: measuredReason(speedup, minSpeedup), speedup, timings: { oneThread, twoWorkers } };
}

/** The header's clause for a measured choice: `auto: 2 threads measured 1.42x one thread`. */
export function measuredReason(speedup: number, minSpeedup: number = MEASUREMENT_LIMITS.minSpeedup): string {
  const measured = `2 threads measured ${speedup.toFixed(2)}x one thread`;
  return speedup >= minSpeedup ? `auto: ${measured}` : `auto: ${measured}, under the ${minSpeedup}x that a second thread must give`;
}

/** A static-rule reason marked as not measured, and why (`auto, not measured (only 90 training rows): ...`). */
function notMeasured(fallback: ThreadChoice, why: string): ThreadChoice {
  // The static rule's reasons all start `auto: `; the measured path owns the rest of the sentence.
  return { ...fallback, reason: fallback.reason.replace(/^auto: /, `auto, not measured (${why}): `) };
}

/**
 * The thread count for a run, with why. For `auto` with worker threads available, more than one
 * core, a step that is not tiny and at least `warmupSteps + 2` batches of training data, it
 * measures (see the module comment); otherwise it is {@link explainThreadChoice}'s static answer.
 * `x` and `y` are the training split: the measurement reads its first rows and never changes it.
 */
export async function measureThreadChoice(
  requested: number | 'auto' | undefined,
  options: TrainingLoopOptions,
  x: tf.Tensor,
  y: tf.Tensor,
  limits: MeasurementLimits = MEASUREMENT_LIMITS,
): Promise<MeasuredThreadChoice> {
  const workable = options.parts !== undefined && options.replicaModel !== undefined;
  const fallback = explainThreadChoice(requested, options.model, options.batchSize, workable);
  if (requested !== 'auto' || !workable || availableParallelism() < 2) return fallback;
  const { macsPerExample } = stepCost(options.model);
  if (2 * macsPerExample * options.batchSize < limits.minMeasuredFlops) return notMeasured(fallback, 'a tiny step');
  // On the fused step the count changes no bit, so the run itself measures as it trains
  // (thread-governor.ts): no throwaway copies, and no single verdict for a slow spell to spoil.
  if (fusedPlan(options)) return { threads: 2, reason: ADAPTIVE_REASON, adaptive: true };
  const rows = x.shape[0];
  // At least 2 warm-up steps and 2 timed ones; a short split gets a shorter warm-up.
  const needed = (Math.min(limits.warmupSteps, 2) + 2) * options.batchSize;
  if (rows < needed) return notMeasured(fallback, `${rows.toLocaleString('en-US')} training rows, ${needed.toLocaleString('en-US')} needed`);
  // Whole batches only, so that every timed step does the same work.
  const batches = Math.min(Math.floor(rows / options.batchSize), limits.warmupSteps + limits.maxTimedSteps);
  const take = batches * options.batchSize;
  const warmupSteps = Math.min(limits.warmupSteps, batches - 2);
  const xs = tf.slice(x, 0, take);
  const ys = tf.slice(y, 0, take);
  const copies: Throwaway[] = [];
  try {
    const one = await throwawayTrainer(options, 1);
    copies.push(one);
    // Two rounds, one thread then 2 workers in each (A B A B): a load that comes or goes during
    // the measurement then weighs on both sides alike. Each round has half the steps and time.
    const round = { ...limits, warmupSteps, maxTimedSteps: Math.max(1, Math.ceil(limits.maxTimedSteps / 2)), secondsPerTrainer: limits.secondsPerTrainer / 2 };
    const first = await timeSteps(one.trainer, xs, ys, round);
    if (first.stepSeconds.length === 0) return notMeasured(fallback, `a step took ${first.firstStepSeconds.toFixed(2)} s`);
    let two: Throwaway;
    try {
      two = await throwawayTrainer(options, 2);
    } catch (error) {
      // A run told `auto` still trains: workers that cannot start here would fail it on 2 threads.
      // The header has one line: the worker's message carries its stack after the first.
      const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
      return { threads: 1, reason: `auto: a second thread failed to start (${message})` };
    }
    copies.push(two);
    // One thread's first steps already said how long the steps are: 2 workers get the same
    // warm-up, step for step. A new worker's first steps are slower (its JIT is cold) and must
    // neither end the measurement nor shorten the warm-up.
    const later = {
      ...round,
      longStepSeconds: Number.POSITIVE_INFINITY,
      skipStepSeconds: Number.POSITIVE_INFINITY,
      maxWarmupSeconds: Number.POSITIVE_INFINITY,
    };
    const firstTwo = await timeSteps(two.trainer, xs, ys, { ...later, warmupSteps: first.warmupSteps });
    // In the second round only each epoch's first step is left out: it pays the epoch's set-up.
    const second = await timeSteps(one.trainer, xs, ys, { ...later, warmupSteps: 1 });
    const secondTwo = await timeSteps(two.trainer, xs, ys, { ...later, warmupSteps: 1 });
    return chooseFromTimings(joined(first, second), joined(firstTwo, secondTwo), limits.minSpeedup) ?? notMeasured(fallback, '2 threads ran no timed step');
  } finally {
    for (const copy of copies) copy.dispose();
    tf.dispose([xs, ys]);
  }
}

/** Two rounds' timings as one: every timed step, the first round's warm-up. */
function joined(first: StepTiming, second: StepTiming): StepTiming {
  return { ...first, stepSeconds: [...first.stepSeconds, ...second.stepSeconds] };
}

/** A throwaway trainer and how to free it with its model and optimizer. */
interface Throwaway {
  trainer: Trainer;
  dispose(): void;
}

/**
 * A trainer for `threads` on a copy of the run built the way replica workers build theirs: the
 * model from the IR with the run's current weights loaded, the optimizer rebuilt from the run's
 * description (its state included), and the trainer from {@link createTrainingLoop}, so that
 * what is timed is the trainer the run would get for that count.
 */
async function throwawayTrainer(options: TrainingLoopOptions, threads: number): Promise<Throwaway> {
  const replica = options.replicaModel!;
  const model = buildModel(replica.model, { seed: options.seed, targetScaling: replica.targetScaling });
  let optimizer: tf.Optimizer | undefined;
  try {
    loadFlatWeights(model, flatWeights(options.model));
    optimizer = await optimizerFromConfig(await describeOptimizer(options.optimizer));
    const trainer = await createTrainingLoop({ ...options, model, optimizer, threads });
    const made = optimizer;
    return {
      trainer,
      dispose() {
        trainer.dispose();
        made.dispose();
        model.dispose();
      },
    };
  } catch (error) {
    optimizer?.dispose();
    model.dispose();
    throw error;
  }
}

/**
 * One epoch over `x` that stops when the limits say: `shouldStop` runs after every step (a step's
 * work is done by then: WASM kernels run synchronously, and the parallel step waits at its
 * barrier), so its clock readings time the steps without the epoch's set-up and summing. After a
 * long first step the rest is decided on what there is: one warm-up step, and as many timed steps
 * as fit in `secondsPerTrainer` (at least one).
 */
export async function timeSteps(trainer: Trainer, x: tf.Tensor, y: tf.Tensor, limits: MeasurementLimits): Promise<StepTiming> {
  const started = performance.now();
  const ends: number[] = [started];
  let warmup = limits.warmupSteps;
  await trainer.trainEpoch(x, y, {
    shouldStop: () => {
      const now = performance.now();
      ends.push(now);
      const steps = ends.length - 1;
      if (steps === 1) {
        const first = (now - started) / 1000;
        if (first > limits.skipStepSeconds) return true;
        if (first > limits.longStepSeconds) warmup = Math.min(warmup, 1);
      }
      if (steps < warmup && steps >= 2 && (now - started) / 1000 >= limits.maxWarmupSeconds) warmup = steps;
      if (steps <= warmup) return false;
      return steps - warmup >= limits.maxTimedSteps || (now - ends[warmup]!) / 1000 >= limits.secondsPerTrainer;
    },
  });
  const warmupEnd = ends[Math.min(warmup, ends.length - 1)]!;
  const stepSeconds = ends.slice(warmup + 1).map((end, i) => (end - ends[warmup + i]!) / 1000);
  return { stepSeconds, firstStepSeconds: (ends[1]! - started) / 1000, warmupSteps: warmup, warmupSeconds: (warmupEnd - started) / 1000 };
}
