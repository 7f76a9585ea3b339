/**
 * `--threads auto` by measurement (src/train/trainer/thread-choice.ts): the choice from injected
 * timings, the step clock on a scripted trainer, the fallbacks, and that measuring leaves the run
 * exactly as it was.
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { trainerOptions } from '../fused/helpers.js';
import { initBackend } from '../../src/backend/index.js';
import { createTrainingLoop, type TrainingLoopOptions } from '../../src/train/trainer/parallel.js';
import { trainingPartsSpec } from '../../src/train/trainer/parts-spec-node.js';
import {
  ADAPTIVE_REASON,
  chooseFromTimings,
  MEASUREMENT_LIMITS,
  measureThreadChoice,
  measuredReason,
  medianOf,
  timeSteps,
  type StepTiming,
} from '../../src/train/trainer/thread-choice.js';
import type { Trainer } from '../../src/train/trainer/train-loop.js';
import { blobsSpec, documentOf } from '../runner/helpers.js';

// The core count is the machine's; here it is set, so that every branch runs on any machine.
const cores = vi.hoisted(() => ({ count: 2 }));
vi.mock('node:os', async (importOriginal) => ({ ...(await importOriginal<typeof import('node:os')>()), availableParallelism: () => cores.count }));

beforeAll(async () => {
  await initBackend('wasm');
});

afterEach(() => {
  cores.count = 2;
  vi.restoreAllMocks();
});

const timing = (stepSeconds: number[]): StepTiming => ({ stepSeconds, firstStepSeconds: 0.05, warmupSteps: 2, warmupSeconds: 0.1 });

describe('the choice from measured step times', () => {
  it('picks 2 workers when their median step is at least 1.1x as fast, and says the ratio', () => {
    const choice = chooseFromTimings(timing([0.03, 0.03, 0.03]), timing([0.02, 0.02, 0.02]));
    expect(choice).toMatchObject({ threads: 2, reason: 'auto: 2 threads measured 1.50x one thread' });
    expect(choice!.speedup).toBeCloseTo(1.5, 12);
  });

  it('keeps one thread when 2 workers are slower, and says they must give 1.1x', () => {
    const choice = chooseFromTimings(timing([0.01, 0.01]), timing([0.014, 0.014]));
    expect(choice).toMatchObject({ threads: 1, reason: 'auto: 2 threads measured 0.71x one thread, under the 1.1x that a second thread must give' });
  });

  it('keeps one thread for a speed-up below 1.1x: a small gain is within the noise', () => {
    expect(chooseFromTimings(timing([0.0105]), timing([0.01]))!.threads).toBe(1);
    expect(chooseFromTimings(timing([0.0111]), timing([0.01]))!.threads).toBe(2);
    expect(chooseFromTimings(timing([0.0105]), timing([0.01]), 1.05)!.threads).toBe(2);
  });

  it('compares medians, so that one step that lost its core does not decide', () => {
    // Means would be 0.01 against 0.0284 (0.35x); the medians are 0.01 against 0.006 (1.67x).
    const choice = chooseFromTimings(timing([0.01, 0.01, 0.01, 0.01, 0.01]), timing([0.006, 0.006, 0.12, 0.004, 0.006]));
    expect(choice!.threads).toBe(2);
    expect(choice!.speedup).toBeCloseTo(0.01 / 0.006, 12);
  });

  it('decides nothing when either side has no timed step', () => {
    expect(chooseFromTimings(timing([]), timing([0.01]))).toBeNull();
    expect(chooseFromTimings(timing([0.01]), timing([]))).toBeNull();
  });

  it('words the reason with two decimals', () => {
    expect(measuredReason(1.4249)).toBe('auto: 2 threads measured 1.42x one thread');
    expect(medianOf([3, 1, 2])).toBe(2);
    expect(medianOf([4, 1, 2, 3])).toBe(2.5);
    expect(medianOf([])).toBeNaN();
  });
});

/**
 * A trainer whose steps take the given times on a fake clock: `shouldStop` is read after each
 * step, as the real trainers do. Returns how many steps ran.
 */
function scriptedTrainer(stepMs: number[]): { trainer: Trainer; ran: () => number } {
  let clock = 1000;
  let ran = 0;
  vi.spyOn(performance, 'now').mockImplementation(() => clock);
  const trainer = {
    forwardMode: 'model',
    threads: 1,
    async trainEpoch(_x: tf.Tensor, _y: tf.Tensor, options: { shouldStop?: () => boolean } = {}) {
      for (const ms of stepMs) {
        clock += ms;
        ran += 1;
        if (options.shouldStop?.()) break;
      }
      return { epoch: 1, loss: 0, metrics: {}, batches: ran, samples: ran, interrupted: false, nonFinite: null, seconds: 0 };
    },
    evaluate: () => ({ loss: 0, metrics: {} }),
    dispose: () => undefined,
  } satisfies Trainer;
  return { trainer, ran: () => ran };
}

describe('timing the steps', () => {
  const x = null as unknown as tf.Tensor;

  it('leaves the warm-up steps out and times each step after them', async () => {
    const { trainer, ran } = scriptedTrainer([40, 20, 10, 11, 12]);
    const result = await timeSteps(trainer, x, x, { ...MEASUREMENT_LIMITS, warmupSteps: 2 });
    expect(ran()).toBe(5);
    expect(result.stepSeconds.map((s) => Math.round(s * 1000))).toEqual([10, 11, 12]);
    expect(result.firstStepSeconds).toBeCloseTo(0.04, 12);
    expect(result.warmupSeconds).toBeCloseTo(0.06, 12);
  });

  it('warms up on warmupSteps steps, or fewer (at least 2) once the warm-up has taken maxWarmupSeconds', async () => {
    const fast = scriptedTrainer(Array.from({ length: 30 }, () => 3));
    expect((await timeSteps(fast.trainer, x, x, MEASUREMENT_LIMITS)).warmupSteps).toBe(MEASUREMENT_LIMITS.warmupSteps);
    expect(MEASUREMENT_LIMITS.warmupSteps).toBe(10);
    vi.restoreAllMocks();
    // 30 ms steps: 0.12 s >= 0.1 s after the fourth, which ends the warm-up; then 3 timed steps.
    const slow = scriptedTrainer([30, 30, 30, 30, 20, 21, 22, 30, 30, 30]);
    const result = await timeSteps(slow.trainer, x, x, { ...MEASUREMENT_LIMITS, maxWarmupSeconds: 0.1, maxTimedSteps: 3 });
    expect(result.warmupSteps).toBe(4);
    expect(result.warmupSeconds).toBeCloseTo(0.12, 12);
    expect(result.stepSeconds.map((s) => Math.round(s * 1000))).toEqual([20, 21, 22]);
    vi.restoreAllMocks();
    // Never fewer than 2 warm-up steps, however long the first is.
    const long = scriptedTrainer([150, 20, 10, 10]);
    expect((await timeSteps(long.trainer, x, x, { ...MEASUREMENT_LIMITS, maxWarmupSeconds: 0.1, maxTimedSteps: 2 })).warmupSteps).toBe(2);
  });

  it('stops after maxTimedSteps timed steps', async () => {
    const { trainer, ran } = scriptedTrainer(Array.from({ length: 30 }, () => 5));
    const result = await timeSteps(trainer, x, x, { ...MEASUREMENT_LIMITS, warmupSteps: 2, maxTimedSteps: 4 });
    expect(ran()).toBe(6);
    expect(result.stepSeconds).toHaveLength(4);
  });

  it('stops when the timed steps have taken secondsPerTrainer', async () => {
    const { trainer, ran } = scriptedTrainer(Array.from({ length: 30 }, () => 100));
    const result = await timeSteps(trainer, x, x, { ...MEASUREMENT_LIMITS, warmupSteps: 1, secondsPerTrainer: 0.25 });
    // Steps 2, 3 and 4 are timed: 0.3 s >= 0.25 s after the third.
    expect(ran()).toBe(4);
    expect(result.stepSeconds).toHaveLength(3);
  });

  it('after a first step longer than longStepSeconds, warms up on that step alone and times what fits', async () => {
    const { trainer, ran } = scriptedTrainer([350, 300, 300, 300]);
    const result = await timeSteps(trainer, x, x, { ...MEASUREMENT_LIMITS, warmupSteps: 2, longStepSeconds: 0.2, secondsPerTrainer: 0.25 });
    // One timed step already takes more than 0.25 s: that one is what there is.
    expect(ran()).toBe(2);
    expect(result.warmupSteps).toBe(1);
    expect(result.stepSeconds.map((s) => Math.round(s * 1000))).toEqual([300]);
    expect(result.firstStepSeconds).toBeCloseTo(0.35, 12);
  });

  it('stops at once, with no timed step, when the first step is longer than skipStepSeconds', async () => {
    const { trainer, ran } = scriptedTrainer([1200, 1000, 1000]);
    const result = await timeSteps(trainer, x, x, { ...MEASUREMENT_LIMITS, skipStepSeconds: 1 });
    expect(ran()).toBe(1);
    expect(result.stepSeconds).toEqual([]);
    expect(result.firstStepSeconds).toBeCloseTo(1.2, 12);
  });
});

/** A run's loop options over the blobs data set's spec with `model` as its hidden layers. */
function loopSetup(model: string, threads = 'auto' as number | 'auto') {
  const document = documentOf(blobsSpec('optimizer: adam(learning_rate: 0.01)\n  epochs: 2', model));
  const options: TrainingLoopOptions = {
    ...trainerOptions(document),
    threads,
    parts: trainingPartsSpec(document),
    replicaModel: { model: document.model },
    backend: 'wasm',
  };
  return options;
}

/** Seeded random rows for the blobs spec's 4 features and 3 classes. */
function rows(count: number): { x: tf.Tensor; y: tf.Tensor } {
  return tf.tidy(() => ({
    x: tf.randomNormal([count, 4], 0, 1, 'float32', 5),
    y: tf.oneHot(tf.randomUniform([count], 0, 3, 'float32', 6).floor().toInt(), 3).toFloat(),
  }));
}

const BIG = 'dense(512, activation: relu)\n  dropout(0.3)\n  dense(512, activation: relu)';
const TINY = 'dense(16, activation: relu)';

describe('when --threads auto does not measure', () => {
  it('takes a count asked for as it is, and says nothing', async () => {
    const options = loopSetup(BIG);
    const { x, y } = rows(128);
    expect(await measureThreadChoice(3, options, x, y)).toEqual({ threads: 3, reason: '' });
    expect(await measureThreadChoice(1, options, x, y)).toEqual({ threads: 1, reason: '' });
    options.model.dispose();
    tf.dispose([x, y]);
  });

  it('keeps one thread on one core', async () => {
    cores.count = 1;
    const options = loopSetup(BIG);
    const { x, y } = rows(128);
    expect(await measureThreadChoice('auto', options, x, y)).toEqual({ threads: 1, reason: 'auto: this machine has 1 core' });
    options.model.dispose();
    tf.dispose([x, y]);
  });

  it('keeps one thread without worker threads (the browser)', async () => {
    const options = { ...loopSetup(BIG), parts: undefined };
    const { x, y } = rows(128);
    expect(await measureThreadChoice('auto', options, x, y)).toEqual({
      threads: 1,
      reason: 'data-parallel training needs worker threads, which this host does not offer',
    });
    options.model.dispose();
    tf.dispose([x, y]);
  });

  it('does not measure a tiny step, and falls back on the static rule', async () => {
    const options = loopSetup(TINY);
    const { x, y } = rows(128);
    // 2 x 16 x (4 x 16 + 16 x 3) = 3,584 FLOP per step.
    expect(await measureThreadChoice('auto', options, x, y)).toEqual({
      threads: 1,
      reason:
        'auto, not measured (a tiny step): a step is 4 k FLOP, each weight used 16 times, too little to gain from a second worker; see docs/performance.md',
    });
    options.model.dispose();
    tf.dispose([x, y]);
  });

  it('keeps one thread, and says why, when the measuring workers cannot start', async () => {
    // A backend no replica worker runs: the worker refuses it while starting. TF.js's own steps
    // (forward 'model'), since the fused step splits its kernels over threads without replicas.
    const options = { ...loopSetup(BIG), forward: 'model' as const, backend: 'webgl' };
    const { x, y } = rows(128);
    const before = tf.memory().numTensors;
    const choice = await measureThreadChoice('auto', options, x, y);
    expect(choice.threads).toBe(1);
    expect(choice.reason).toBe("auto: a second thread failed to start (training worker -1 failed: training workers run on wasm or cpu, not 'webgl')");
    expect(tf.memory().numTensors).toBe(before);
    options.model.dispose();
    tf.dispose([x, y]);
  });

  it('does not measure on too little data, and says how much it needs', async () => {
    const options = { ...loopSetup(BIG), forward: 'model' as const };
    const { x, y } = rows(50);
    const choice = await measureThreadChoice('auto', options, x, y);
    expect(choice.threads).toBe(1);
    expect(choice.reason).toBe(
      'auto, not measured (50 training rows, 64 needed): a step is 8.54 M FLOP, each weight used 16 times, too little to gain from a second worker; see docs/performance.md',
    );
    expect(choice.speedup).toBeUndefined();
    options.model.dispose();
    tf.dispose([x, y]);
  });
});

describe('measuring leaves the run as it was', () => {
  /** Two epochs' losses and the final weights of a fresh setup, measured first when `limits` is given. */
  async function trainAfter(measure: { minSpeedup: number } | null, threads: number, forward: 'auto' | 'model' = 'auto') {
    const options = { ...loopSetup(BIG), forward };
    const { x, y } = rows(160);
    let measured: Awaited<ReturnType<typeof measureThreadChoice>> | undefined;
    if (measure) measured = await measureThreadChoice('auto', options, x, y, { ...MEASUREMENT_LIMITS, maxTimedSteps: 3, ...measure });
    const trainer = await createTrainingLoop({ ...options, threads });
    try {
      const losses = [(await trainer.trainEpoch(x, y)).loss, (await trainer.trainEpoch(x, y)).loss];
      return { losses, weights: options.model.getWeights().map((w) => Array.from(w.dataSync())), measured };
    } finally {
      trainer.dispose();
      options.model.dispose();
      options.optimizer.dispose();
      tf.dispose([x, y]);
    }
  }

  it('on one thread: the same losses and weights as without measuring', async () => {
    const plain = await trainAfter(null, 1, 'model');
    // minSpeedup Infinity: the measurement runs and always chooses one thread.
    const measured = await trainAfter({ minSpeedup: Number.POSITIVE_INFINITY }, 1, 'model');
    expect(measured.measured!.threads).toBe(1);
    expect(measured.measured!.speedup).toBeGreaterThan(0);
    expect(measured.losses).toEqual(plain.losses);
    expect(measured.weights).toEqual(plain.weights);
  });

  it('on 2 replica workers (TF.js steps): the same losses and weights as without measuring', async () => {
    const plain = await trainAfter(null, 2, 'model');
    const measured = await trainAfter({ minSpeedup: 0 }, 2, 'model');
    expect(measured.measured!.threads).toBe(2);
    expect(measured.losses).toEqual(plain.losses);
    expect(measured.weights).toEqual(plain.weights);
  });

  it('on the fused step, measures nothing before the run: it takes 2 threads, adaptive, at once', async () => {
    const options = loopSetup(BIG);
    const { x, y } = rows(160);
    const before = tf.memory().numTensors;
    const choice = await measureThreadChoice('auto', options, x, y);
    expect(choice).toEqual({ threads: 2, reason: ADAPTIVE_REASON, adaptive: true });
    expect(choice.reason).toBe('auto, adaptive: 2 threads or 1, whichever measures faster as it trains');
    expect(tf.memory().numTensors).toBe(before);
    options.model.dispose();
    options.optimizer.dispose();
    tf.dispose([x, y]);
  });
});
