/**
 * Synchronous data-parallel training across worker_threads (see replica.ts for the step).
 * Why not TF.js's own threads: the threaded WASM build starts its pthread pool from `blob:`
 * URLs, which Node's Worker refuses (ERR_WORKER_PATH), and `WASM_HAS_MULTITHREAD_SUPPORT` is
 * false in Node. Here each worker runs its own single-threaded WASM instance instead.
 *
 * The main thread is replica 0 and holds the model the caller passed; after every epoch its
 * weights are what was learned. At the start of every epoch the main thread's weights are
 * broadcast to the workers, so `model.setWeights` between epochs (restoring best weights) is safe.
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../../util/worker-node.js';
import * as tf from '@tensorflow/tfjs';
import { makeForward } from './forward.js';
import { eventLoopPacer } from '../yield.js';
import { hostTensor, type HostTensor } from './host-data.js';
import { epochPermutation, replicaSeed } from '../../util/seeds.js';
import type { FromWorker, PartsSpec, ReplicaModel, SharedArray, ToWorker } from './protocol.js';
import { CTL, countParams, flatWeights, parallelStep, shareOf, stopAtStep, type ReplicaState } from './replica.js';
import { describeOptimizer } from './replica-setup.js';
import { parallelPays, stepCost } from './step-cost.js';
import { createTrainer, evaluateModel, evaluationBatchSize, trainableVariables, type EpochResult, type Trainer, type TrainerOptions } from './train-loop.js';
import { readRows, statsLayout, summarizeRows } from './metric-accumulator.js';
import { createFusedStepTrainer } from './fused-step-trainer.js';
import { planChain, type ChainPlan } from '../../backend/fused/chain-plan.js';
import { nodeThreads } from '../../backend/fused/kernel-threads-node.js';
import { denseStepSupported } from '../../backend/fused/dense-step-kernels.js';
import { lossName } from '../../backend/losses.js';

export type { PartsSpec, ReplicaModel } from './protocol.js';

export interface ParallelOptions extends TrainerOptions {
  /** Replicas including the main thread (>= 2). */
  threads: number;
  /** Where workers get the loss and metric functions. */
  parts: PartsSpec;
  /**
   * What each worker builds its replica from: the IR model `options.model` was built from (with
   * the same target scaling). A worker builds it with its own seed, then loads the main thread's weights.
   */
  replicaModel: ReplicaModel;
  /** Backend for the workers (default: the main thread's current backend). */
  backend?: string;
}

export interface TrainingLoopOptions extends TrainerOptions {
  /**
   * 1, a number of replicas, or 'auto' (parallel only when it pays off; see chooseThreads). Default 1.
   * Here, without the data, 'auto' is the static cost rule; `measureThreadChoice` (thread-choice.ts)
   * measures, and `runTraining` passes its count.
   */
  threads?: number | 'auto';
  /** With threads > 1 on the fused step: move between one thread and `threads` by measured speed (see {@link ThreadChoice.adaptive}). */
  adaptive?: boolean;
  /** Needed for threads > 1: how workers build the loss and metrics. Without it, training is single-threaded. */
  parts?: PartsSpec;
  /** Needed for threads > 1: the IR model the workers build (see {@link ParallelOptions.replicaModel}). */
  replicaModel?: ReplicaModel;
  backend?: string;
}

/** The number of replicas: 1 unless asked for more; for 'auto', 2 where {@link parallelPays}. */
export function chooseThreads(requested: number | 'auto' | undefined, model: tf.LayersModel, batchSize: number, hasParts: boolean): number {
  return explainThreadChoice(requested, model, batchSize, hasParts).threads;
}

/** A thread count and, when it was not simply the one asked for, why. */
export interface ThreadChoice {
  threads: number;
  /** Empty when the count is the one asked for; else a short clause (`auto: the machine has 1 core`). */
  reason: string;
  /** Set when `auto` measured: how many times as fast 2 workers' steps were as one thread's (see thread-choice.ts). */
  speedup?: number;
  /**
   * Set when `auto` runs on the fused step with its threads: the run moves between one thread and
   * `threads` as it measures them (thread-governor.ts), which no bit of the result depends on.
   */
  adaptive?: boolean;
}

/** {@link chooseThreads} with its reason, for the run's header. */
export function explainThreadChoice(requested: number | 'auto' | undefined, model: tf.LayersModel, batchSize: number, hasParts: boolean): ThreadChoice {
  if (requested === undefined || requested === 1) return { threads: 1, reason: '' };
  if (!hasParts) return { threads: 1, reason: 'data-parallel training needs worker threads, which this host does not offer' };
  if (requested !== 'auto') return { threads: Math.max(1, Math.floor(requested)), reason: '' };
  const cores = availableParallelism();
  if (cores < 2) return { threads: 1, reason: 'auto: this machine has 1 core' };
  const { macsPerExample, weights } = stepCost(model);
  const flops = 2 * macsPerExample * batchSize;
  const uses = weights > 0 ? (macsPerExample * batchSize) / weights : 0;
  const work = `a step is ${formatFlops(flops)} FLOP, each weight used ${Math.round(uses).toLocaleString('en-US')} times`;
  return parallelPays(model, batchSize)
    ? { threads: 2, reason: `auto: ${work}, enough to gain from a second worker` }
    : { threads: 1, reason: `auto: ${work}, too little to gain from a second worker; see docs/performance.md` };
}

function formatFlops(flops: number): string {
  if (flops >= 1e9) return `${(flops / 1e9).toPrecision(3)} G`;
  if (flops >= 1e6) return `${(flops / 1e6).toPrecision(3)} M`;
  return `${Math.round(flops / 1e3).toLocaleString('en-US')} k`;
}

/** A trainer with the thread count resolved: the single-thread loop, or the data-parallel one. */
export async function createTrainingLoop(options: TrainingLoopOptions): Promise<Trainer> {
  const workable = options.parts !== undefined && options.replicaModel !== undefined;
  const threads = chooseThreads(options.threads, options.model, options.batchSize, workable);
  const fused = fusedPlan(options);
  if (fused) return createFusedStepTrainer(options, fused, threads, nodeThreads, options.adaptive === true);
  if (threads <= 1) return createTrainer(options);
  return createParallelTrainer({ ...options, threads, parts: options.parts!, replicaModel: options.replicaModel! });
}

/** The fused step's plan when the forward mode is `auto` and the model, loss and optimizer allow one. */
export function fusedPlan(options: TrainerOptions): ChainPlan | undefined {
  if ((options.forward ?? 'auto') !== 'auto' || !denseStepSupported()) return undefined;
  return planChain(options.model, options.optimizer, lossName(options.loss), evaluationBatchSize(options.batchSize)).plan;
}

/**
 * The single-thread trainer: the fused step where the model, loss and optimizer allow it (and
 * the forward mode is `auto`), else TF.js's steps. It learns what the TF.js loop learns (see
 * src/backend/fused/dense-step.ts).
 */
export function createSingleThreadTrainer(options: TrainerOptions): Trainer {
  const plan = fusedPlan(options);
  return plan ? createFusedStepTrainer(options, plan) : createTrainer(options);
}

/** The worker script: `replica-worker.js` in the build, the `.ts` file from sources (see `startModuleWorker`). */
function createWorker(): Worker {
  return startModuleWorker(import.meta.url, 'replica-worker', 'replica-worker');
}

function share(host: HostTensor): SharedArray {
  const buffer = new SharedArrayBuffer(host.values.byteLength);
  (host.dtype === 'int32' ? new Int32Array(buffer) : new Float32Array(buffer)).set(host.values);
  return { buffer, shape: host.shape, dtype: host.dtype };
}

export async function createParallelTrainer(options: ParallelOptions): Promise<Trainer> {
  const { model, optimizer, loss, batchSize, seed, threads: replicas } = options;
  const shuffle = options.shuffle ?? true;
  const layout = statsLayout(options.metrics);
  const metricNames = layout.names;
  const { forward, mode } = makeForward(model, options.forward ?? 'auto');
  const vars = trainableVariables(model);
  const paramCount = countParams(vars);
  const ctlBuffer = new SharedArrayBuffer(CTL.LENGTH * 4);
  const ctl = new Int32Array(ctlBuffer);
  ctl[CTL.STOP_AT] = -1;
  const gradsBuffer = new SharedArrayBuffer(2 * replicas * paramCount * 4);
  const initialWeights = flatWeights(model);
  const weightsBuffer = new SharedArrayBuffer(initialWeights.byteLength);
  const weightsView = new Float32Array(weightsBuffer);
  weightsView.set(initialWeights);
  const state: ReplicaState = {
    index: 0,
    replicas,
    model,
    optimizer,
    forward,
    loss,
    layout,
    ctl,
    grads: new Float32Array(gradsBuffer),
    paramCount,
    vars,
    sum: new Float32Array(paramCount),
  };

  const optimizerDescription = await describeOptimizer(optimizer);
  const workers: Worker[] = [];
  const pending = new Map<number, { resolve: (m: FromWorker) => void; reject: (e: Error) => void }>();
  let failure: Error | null = null;
  const waitFor = (index: number) =>
    new Promise<FromWorker>((resolve, reject) => {
      if (failure) reject(failure);
      else pending.set(index, { resolve, reject });
    });
  for (let index = 1; index < replicas; index++) {
    const worker = createWorker();
    worker.on('message', (m: FromWorker) => {
      if (m.kind === 'error') {
        failure = new Error(`training worker ${m.index} failed: ${m.message}`);
        for (const p of pending.values()) p.reject(failure);
        pending.clear();
        return;
      }
      const p = pending.get(m.index);
      pending.delete(m.index);
      p?.resolve(m);
    });
    worker.on('error', (error) => {
      failure = error instanceof Error ? error : new Error(String(error));
      Atomics.store(ctl, CTL.FAILED, 1);
      for (const p of pending.values()) p.reject(failure);
      pending.clear();
    });
    workers.push(worker);
  }
  const send = (m: ToWorker) => workers.forEach((w) => w.postMessage(m));
  const ready = workers.map((_, i) => waitFor(i + 1));
  workers.forEach((worker, i) =>
    worker.postMessage({
      kind: 'init',
      index: i + 1,
      replicas,
      ctl: ctlBuffer,
      grads: gradsBuffer,
      weights: weightsBuffer,
      model: options.replicaModel,
      replicaSeed: replicaSeed(seed, i + 1),
      optimizer: optimizerDescription,
      parts: options.parts,
      metricNames,
      forward: mode,
      backend: options.backend ?? tf.getBackend(),
      fusedMultiplyAdd: options.fusedMultiplyAdd ?? true,
    } satisfies ToWorker),
  );
  try {
    await Promise.all(ready);
  } catch (error) {
    await Promise.all(workers.map((w) => w.terminate()));
    throw error;
  }

  const dataIds = new WeakMap<tf.Tensor, number>();
  let nextDataId = 1;
  let epochCount = 0;
  let globalStep = 0;

  const dataId = (x: tf.Tensor, y: tf.Tensor): number => {
    const known = dataIds.get(x);
    if (known !== undefined && dataIds.get(y) === known) return known;
    const id = nextDataId++;
    send({ kind: 'data', id, x: share(hostTensor(x)), y: share(hostTensor(y)) });
    dataIds.set(x, id);
    dataIds.set(y, id);
    return id;
  };

  return {
    forwardMode: mode,
    threads: replicas,
    async trainEpoch(x, y, epochOptions = {}): Promise<EpochResult> {
      const started = performance.now();
      const epoch = ++epochCount;
      const n = x.shape[0];
      const batches = Math.ceil(n / batchSize);
      const hx = hostTensor(x);
      const hy = hostTensor(y);
      const id = dataId(x, y);
      weightsView.set(flatWeights(model));
      const lr = (optimizer as unknown as { learningRate?: number }).learningRate;
      const done = workers.map((_, i) => waitFor(i + 1));
      send({ kind: 'epoch', epoch, dataId: id, batchSize, shuffle, seed, stepBase: globalStep, learningRate: typeof lr === 'number' ? lr : null });
      const order = shuffle ? epochPermutation(n, seed, epoch) : null;
      const width = layout.width;
      const mine: (tf.Tensor1D | null)[] = [];
      const sizes: number[] = [];
      let interrupted = false;
      const pace = eventLoopPacer();
      const every = epochOptions.progressEvery ?? 0;
      try {
        for (let b = 0; b < batches; b++) {
          const start = b * batchSize;
          const size = Math.min(batchSize, n - start);
          const result = parallelStep(state, hx, hy, order, start, size, globalStep + b);
          if (result === 'stopped') throw new Error('unexpected stop');
          mine.push(result);
          sizes.push(size);
          if (epochOptions.onBatch && ((every > 0 && (b + 1) % every === 0) || b === batches - 1)) {
            // Progress from replica 0's share only (the workers report at the end of the epoch).
            const shares = sizes.map((s) => shareOf(s, replicas, 0).size);
            const summary = summarizeRows(readRows(mine, width), layout, shares);
            epochOptions.onBatch({ epoch, batch: b + 1, batches, loss: summary.mean.loss, metrics: summary.mean.metrics });
          }
          // Let signal handlers (Ctrl-C) and timers run: the steps themselves never yield.
          await pace();
          if (epochOptions.shouldStop?.() && b < batches - 1) {
            stopAtStep(ctl, replicas, globalStep + b + 1);
            interrupted = true;
            break;
          }
        }
        globalStep += sizes.length + (interrupted ? 1 : 0);
        const reports = (await Promise.all(done)) as Extract<FromWorker, { kind: 'epochDone' }>[];
        Atomics.store(ctl, CTL.STOP_AT, -1);
        // Each replica's rows are sums over its share: added up, they are the batches' rows.
        const totals = Float64Array.from(readRows(mine, width));
        for (const report of reports) for (let i = 0; i < totals.length; i++) totals[i] += report.stats[i];
        const summary = summarizeRows(totals, layout, sizes);
        return {
          epoch,
          loss: summary.mean.loss,
          metrics: summary.mean.metrics,
          batches: sizes.length,
          samples: sizes.reduce((a, s) => a + s, 0),
          interrupted,
          nonFinite: summary.firstBad === null ? null : { epoch, ...summary.firstBad },
          seconds: (performance.now() - started) / 1000,
        };
      } finally {
        for (const t of mine) t?.dispose();
      }
    },
    evaluate(x, y, evalOptions = {}) {
      return evaluateModel(forward, model, loss, layout, x, y, evalOptions.batchSize ?? evaluationBatchSize(batchSize));
    },
    dispose() {
      send({ kind: 'close' });
      for (const w of workers) void w.terminate();
    },
  };
}
