import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTrainer } from '../../src/train/trainer/train-loop.js';
import { accuracy, blobs, crossEntropy, initWasm, mlp } from './helpers.js';

beforeAll(initWasm);
afterEach(() => vi.restoreAllMocks());

function setup(opts: { seed?: number; dropout?: number; lr?: number; forward?: 'model' | 'fused'; shuffle?: boolean; batchSize?: number } = {}) {
  const model = mlp([2, 16, 16, 3], { seed: opts.seed ?? 1, dropout: opts.dropout });
  const trainer = createTrainer({
    model,
    optimizer: tf.train.adam(opts.lr ?? 0.01),
    loss: crossEntropy,
    metrics: { accuracy },
    batchSize: opts.batchSize ?? 32,
    seed: opts.seed ?? 1,
    shuffle: opts.shuffle,
    forward: opts.forward,
  });
  return { model, trainer };
}

async function history(trainer: ReturnType<typeof setup>['trainer'], x: tf.Tensor, y: tf.Tensor, epochs: number) {
  const losses: number[] = [];
  for (let e = 0; e < epochs; e++) losses.push((await trainer.trainEpoch(x, y)).loss);
  return losses;
}

describe('trainer (single thread, wasm)', () => {
  const data = () => blobs(300, 7);

  it('loss falls and accuracy rises on a small problem', async () => {
    const { x, y } = data();
    const { trainer } = setup({ dropout: 0.2 });
    const first = await trainer.trainEpoch(x, y);
    let last = first;
    for (let e = 0; e < 14; e++) last = await trainer.trainEpoch(x, y);
    expect(trainer.forwardMode).toBe('fused');
    expect(last.loss).toBeLessThan(first.loss * 0.5);
    expect(last.metrics.accuracy).toBeGreaterThan(0.9);
    expect(last.batches).toBe(Math.ceil(300 / 32));
    expect(last.samples).toBe(300);
  });

  it('same seed gives the identical loss history; a different seed does not', async () => {
    const { x, y } = data();
    const a = await history(setup({ seed: 3, dropout: 0.3 }).trainer, x, y, 4);
    const b = await history(setup({ seed: 3, dropout: 0.3 }).trainer, x, y, 4);
    const c = await history(setup({ seed: 4, dropout: 0.3 }).trainer, x, y, 4);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('shuffles with its own seeded PRNG, never Math.random', async () => {
    const { x, y } = data();
    const { trainer } = setup({ dropout: 0.3 });
    vi.spyOn(Math, 'random').mockImplementation(() => {
      throw new Error('Math.random called during training');
    });
    const result = await trainer.trainEpoch(x, y);
    expect(Number.isFinite(result.loss)).toBe(true);
  });

  it('keeps tf.memory().numTensors constant across epochs and evaluations', async () => {
    const { x, y } = data();
    const { trainer } = setup({ dropout: 0.3 });
    await trainer.trainEpoch(x, y); // creates the optimizer's slots
    trainer.evaluate(x, y);
    const before = tf.memory().numTensors;
    for (let e = 0; e < 3; e++) {
      await trainer.trainEpoch(x, y, { onBatch: () => {}, progressEvery: 2 });
      trainer.evaluate(x, y, { batchSize: 64 });
      expect(tf.memory().numTensors).toBe(before);
    }
  });

  it('names the epoch and batch of the first non-finite loss', async () => {
    const { x, y } = data();
    const values = x.arraySync();
    values[5 * 32 + 3][1] = NaN; // row 163: batch 6 without shuffling
    const bad = tf.tensor2d(values);
    // Linear output and squared error: nothing clips the NaN away (cross-entropy clips its input).
    const model = mlp([2, 16, 3], { seed: 1, softmax: false });
    const trainer = createTrainer({
      model,
      optimizer: tf.train.sgd(0.01),
      loss: (a, b) => tf.losses.meanSquaredError(a, b),
      batchSize: 32,
      seed: 1,
      shuffle: false,
    });
    const ok = await trainer.trainEpoch(x, y);
    expect(ok.nonFinite).toBeNull();
    const result = await trainer.trainEpoch(bad, y);
    expect(Number.isFinite(result.loss)).toBe(false);
    expect(result.nonFinite).toMatchObject({ epoch: 2, batch: 6 });
  });

  it('stops after the current batch when the interrupt flag is set', async () => {
    const { x, y } = data();
    const { trainer } = setup();
    let seen = 0;
    const result = await trainer.trainEpoch(x, y, { onBatch: (p) => (seen = p.batch), progressEvery: 1, shouldStop: () => seen >= 3 });
    expect(result.batches).toBe(3);
    expect(result.samples).toBe(96);
    expect(result.interrupted).toBe(true);
  });

  it('evaluates in inference mode: dropout off, deterministic, equal to model.predict', async () => {
    const { x, y } = data();
    const { model, trainer } = setup({ dropout: 0.9 });
    await trainer.trainEpoch(x, y);
    const a = trainer.evaluate(x, y, { batchSize: 50 });
    const b = trainer.evaluate(x, y, { batchSize: 300 });
    const expected = tf.tidy(() => tf.mean(crossEntropy(y, model.predict(x) as tf.Tensor)).dataSync()[0]);
    expect(a.loss).toBeCloseTo(expected, 5);
    expect(b.loss).toBeCloseTo(expected, 5);
    expect(a.metrics.accuracy).toBeCloseTo(b.metrics.accuracy, 6);
  });

  it('the fused dense path learns the same as model.apply (same gradients)', async () => {
    const { x, y } = data();
    const fused = await history(setup({ forward: 'fused' }).trainer, x, y, 3);
    const plain = await history(setup({ forward: 'model' }).trainer, x, y, 3);
    fused.forEach((l, i) => expect(Math.abs(l - plain[i]) / plain[i]).toBeLessThan(1e-4));
  });
});
