/**
 * One replica of the data-parallel trainer. The main thread is replica 0, each worker thread is
 * replica r > 0; every replica holds the whole model and its own optimizer. Per batch:
 *   1. replica r takes its share of the batch's rows and computes the gradient of
 *      `sum over its rows of loss / batchSize` (+ the regularization loss on replica 0 only),
 *      so that the shares' gradients ADD UP to the full batch's gradient;
 *   2. it writes the flattened gradient into its slot of a SharedArrayBuffer;
 *   3. a barrier (Atomics) waits for every replica;
 *   4. every replica sums the slots in the same order (0, 1, ...) and applies the same update
 *      with its own optimizer: identical inputs and float operations, so identical weights.
 * Slots are double-buffered by step parity, so one barrier per step is enough.
 */
import * as tf from '@tensorflow/tfjs';
import type { ForwardFn } from './forward.js';
import { regularizationLoss } from './train-loop.js';
import type { LossFn } from '../../backend/training-types.js';
import { meanOf, statisticsRow, type StatsLayout } from './metric-accumulator.js';
import { batchTensor, type HostTensor } from './host-data.js';

/** Control words in the shared Int32Array. */
export const CTL = { ARRIVE: 0, STOP_AT: 1, FAILED: 2, LENGTH: 4 } as const;

/** The row range of replica `r` in a batch of `size` rows split over `replicas`. */
export function shareOf(size: number, replicas: number, r: number): { offset: number; size: number } {
  const base = Math.floor(size / replicas);
  const extra = size % replicas;
  const offset = r * base + Math.min(r, extra);
  return { offset, size: base + (r < extra ? 1 : 0) };
}

export interface ReplicaState {
  index: number;
  replicas: number;
  model: tf.LayersModel;
  optimizer: tf.Optimizer;
  forward: ForwardFn;
  loss: LossFn;
  /** The metrics' statistics columns (the same on every replica). */
  layout: StatsLayout;
  ctl: Int32Array;
  /** 2 (parity) x replicas x paramCount floats. */
  grads: Float32Array;
  paramCount: number;
  vars: tf.Variable[];
  sum: Float32Array;
}

export function countParams(vars: tf.Variable[]): number {
  return vars.reduce((a, v) => a + v.size, 0);
}

/** Waits until every replica has arrived for global step `step` (0-based). Throws when a replica failed. */
/** Replica 0's way to end an epoch early: the other replicas see STOP_AT at this step's barrier and apply nothing. */
export function stopAtStep(ctl: Int32Array, replicas: number, step: number): void {
  Atomics.store(ctl, CTL.STOP_AT, step);
  barrier(ctl, replicas, step);
}

export function barrier(ctl: Int32Array, replicas: number, step: number): void {
  const target = replicas * (step + 1);
  const now = Atomics.add(ctl, CTL.ARRIVE, 1) + 1;
  if (now >= target) {
    Atomics.notify(ctl, CTL.ARRIVE);
    return;
  }
  for (;;) {
    const seen = Atomics.load(ctl, CTL.ARRIVE);
    if (seen >= target) return;
    if (Atomics.load(ctl, CTL.FAILED) !== 0) throw new Error('a training worker failed');
    Atomics.wait(ctl, CTL.ARRIVE, seen, 1000);
  }
}

/**
 * One synchronous data-parallel step for this replica. Returns this replica's statistics row
 * `[lossSum, ...metric sums]` (sums over its rows, regularization x batch size on replica 0) as
 * a kept device tensor, or null when its share is empty. The replicas' rows add up to the batch's.
 */
export function parallelStep(
  s: ReplicaState,
  hx: HostTensor,
  hy: HostTensor,
  order: Int32Array | null,
  start: number,
  size: number,
  step: number,
): tf.Tensor1D | null | 'stopped' {
  const share = shareOf(size, s.replicas, s.index);
  const parity = step & 1;
  const slot = s.grads.subarray((parity * s.replicas + s.index) * s.paramCount, (parity * s.replicas + s.index + 1) * s.paramCount);
  let stats: tf.Tensor1D | null = null;
  if (share.size === 0) {
    slot.fill(0);
  } else {
    tf.tidy(() => {
      const xb = batchTensor(hx, start + share.offset, share.size, order);
      const yb = batchTensor(hy, start + share.offset, share.size, order);
      const { grads } = tf.variableGrads(() => {
        const pred = s.forward(xb, true);
        const dataSum = tf.mul(meanOf(s.loss(yb, pred)), share.size);
        const reg = s.index === 0 ? regularizationLoss(s.model) : null;
        const lossSum = reg === null ? dataSum : tf.add(dataSum, tf.mul(reg, size));
        stats = tf.keep(statisticsRow(s.layout, lossSum as tf.Scalar, yb, pred));
        return tf.div(lossSum, size) as tf.Scalar;
      }, s.vars);
      const flat = tf.concat(s.vars.map((v) => tf.reshape(grads[v.name], [-1])));
      slot.set(flat.dataSync() as Float32Array);
    });
  }
  barrier(s.ctl, s.replicas, step);
  if (Atomics.load(s.ctl, CTL.STOP_AT) === step) {
    (stats as tf.Tensor | null)?.dispose();
    return 'stopped';
  }
  // Fixed summation order on every replica: identical sums, identical updates.
  const sum = s.sum;
  const base = parity * s.replicas * s.paramCount;
  sum.set(s.grads.subarray(base, base + s.paramCount));
  for (let r = 1; r < s.replicas; r++) {
    const o = base + r * s.paramCount;
    for (let i = 0; i < s.paramCount; i++) sum[i] += s.grads[o + i];
  }
  tf.tidy(() => {
    const named: Record<string, tf.Tensor> = {};
    let offset = 0;
    for (const v of s.vars) {
      named[v.name] = tf.tensor(sum.subarray(offset, offset + v.size), v.shape, 'float32');
      offset += v.size;
    }
    s.optimizer.applyGradients(named);
  });
  return stats as tf.Tensor1D | null;
}

/** All weights of a model (trainable and not) flattened in model order. */
export function flatWeights(model: tf.LayersModel): Float32Array {
  return tf.tidy(() => tf.concat(model.weights.map((w) => tf.reshape(w.read(), [-1]))).dataSync() as Float32Array);
}

/** Loads flat weights written by `flatWeights` into a model with the same architecture. */
export function loadFlatWeights(model: tf.LayersModel, flat: Float32Array): void {
  let offset = 0;
  const values = model.weights.map((w) => {
    const size = w.shape.reduce((a: number, d) => a * (d ?? 1), 1);
    const t = tf.tensor(flat.slice(offset, offset + size), w.shape as number[], 'float32');
    offset += size;
    return t;
  });
  model.setWeights(values);
  for (const t of values) t.dispose();
}
