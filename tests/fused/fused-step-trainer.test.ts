/**
 * The trainer on the fused step keeps every promise of the TF.js loop: the same losses and
 * metrics to float precision (dropout and shuffling included), the same history for a seed run
 * after run, a constant tensor count, progress and interruption between batches, the first
 * non-finite batch, and the model's weights as the source of truth between epochs.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.js';
import { createSingleThreadTrainer } from '../../src/train/trainer/parallel.js';
import { createTrainer, type Trainer } from '../../src/train/trainer/train-loop.js';
import { data, specDocument, trainerOptions } from './helpers.js';

beforeAll(async () => {
  await initBackend('wasm');
});

const LAYERS = 'dense(24, activation: relu)\n  dropout(0.3)\n  dense(12, activation: relu)\n  dropout(0.2)\n  dense(3, activation: softmax)';

async function losses(trainer: Trainer, x: tf.Tensor, y: tf.Tensor, epochs: number): Promise<number[][]> {
  const out: number[][] = [];
  for (let e = 0; e < epochs; e++) {
    const result = await trainer.trainEpoch(x, y);
    out.push([result.loss, result.metrics.accuracy!]);
  }
  return out;
}

describe('the fused-step trainer', () => {
  it('learns what the TF.js loop learns, dropout and shuffles included', async () => {
    const document = specDocument(LAYERS, { batch: 16 });
    const { x, y } = data(200, 4, 3);
    const tfjs = trainerOptions(document);
    const fused = trainerOptions(document);
    const expected = await losses(createTrainer({ ...tfjs, forward: 'fused' }), x, y, 4);
    const trainer = createSingleThreadTrainer(fused);
    expect(trainer.forwardMode).toBe('step');
    const actual = await losses(trainer, x, y, 4);
    actual.forEach(([loss, accuracy], epoch) => {
      expect(loss).toBeCloseTo(expected[epoch]![0]!, 5);
      expect(accuracy).toBe(expected[epoch]![1]);
    });
    const a = trainer.evaluate(x, y);
    const b = createTrainer({ ...tfjs, forward: 'fused' }).evaluate(x, y);
    expect(a.loss).toBeCloseTo(b.loss, 5);
    expect(a.metrics.accuracy).toBe(b.metrics.accuracy);
    tf.dispose([x, y]);
    tfjs.model.dispose();
    fused.model.dispose();
  });

  it('repeats itself for a seed, and allocates no tensors as epochs go by', async () => {
    const document = specDocument(LAYERS, { batch: 16 });
    const { x, y } = data(100, 4, 3);
    const runs: number[][][] = [];
    for (let run = 0; run < 2; run++) {
      const options = trainerOptions(document);
      const trainer = createSingleThreadTrainer(options);
      await trainer.trainEpoch(x, y);
      const before = tf.memory().numTensors;
      runs.push(await losses(trainer, x, y, 3));
      expect(tf.memory().numTensors).toBe(before);
      options.model.dispose();
    }
    expect(runs[1]).toEqual(runs[0]);
    tf.dispose([x, y]);
  });

  it('reports progress, stops between batches and leaves its weights in the model', async () => {
    const document = specDocument(LAYERS, { batch: 10 });
    const { x, y } = data(100, 4, 3);
    const options = trainerOptions(document);
    const trainer = createSingleThreadTrainer(options);
    const seen: number[] = [];
    let batches = 0;
    const result = await trainer.trainEpoch(x, y, {
      progressEvery: 2,
      onBatch: (progress) => seen.push(progress.batch),
      shouldStop: () => ++batches === 5,
    });
    expect(seen).toEqual([2, 4]);
    expect(result).toMatchObject({ batches: 5, samples: 50, interrupted: true, nonFinite: null });
    // The model holds the fused step's weights: setting new ones is what the next epoch starts from.
    const before = options.model.getWeights().map((w) => w.dataSync().slice());
    const zeros = options.model.getWeights().map((w) => tf.zerosLike(w));
    options.model.setWeights(zeros);
    const evaluation = trainer.evaluate(x, y);
    expect(evaluation.loss).toBeCloseTo(Math.log(3), 6);
    expect(before[0]!.some((value) => value !== 0)).toBe(true);
    tf.dispose([x, y, ...zeros]);
    options.model.dispose();
  });

  it('finds the first batch whose loss is not finite', async () => {
    const document = specDocument('dense(8, activation: relu)\n  dense(3)', {
      loss: 'mse',
      metrics: 'mae',
      optimizer: 'sgd(learning_rate: 1000000)',
      batch: 10,
    });
    const { x, y } = data(60, 4, 3, 'value');
    const scaled = tf.mul(x, 1e6);
    const options = trainerOptions(document, { shuffle: false });
    const trainer = createSingleThreadTrainer(options);
    const result = await trainer.trainEpoch(scaled, y);
    expect(result.nonFinite).not.toBeNull();
    expect(result.nonFinite!.epoch).toBe(1);
    expect(result.nonFinite!.batch).toBeGreaterThanOrEqual(2);
    expect(Number.isFinite(result.nonFinite!.value)).toBe(false);
    tf.dispose([x, y, scaled]);
    options.model.dispose();
  });
});
