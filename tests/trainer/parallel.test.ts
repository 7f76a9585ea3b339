import * as tf from '@tensorflow/tfjs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { createParallelTrainer, createTrainingLoop } from '../../src/train/trainer/parallel.js';
import { createTrainer } from '../../src/train/trainer/train-loop.js';
import { accuracy, blobs, crossEntropy, initWasm } from './helpers.js';
import { mlpModel, residualMlp } from '../support/graph-fixtures.js';
import type { Trainer } from '../../src/train/trainer/train-loop.js';
import { buildModel, createMetrics, createOptimizer } from '../../src/backend/index.js';
import { checkSource } from '../../src/check/index.js';
import { lower } from '../../src/lower/index.js';
import type { IrCall } from '../../src/ir/schema.js';

beforeAll(initWasm);

const parts = { module: fileURLToPath(new URL('./parts.ts', import.meta.url)), exportName: 'makeParts' };
const EPOCHS = 6;

/** Three epochs' training losses; then disposes the trainer, the model and the data. */
async function threeEpochs(trainer: Trainer, model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor): Promise<number[]> {
  try {
    const losses: number[] = [];
    for (let e = 0; e < 3; e++) losses.push((await trainer.trainEpoch(x, y)).loss);
    return losses;
  } finally {
    trainer.dispose();
    model.dispose();
    tf.dispose([x, y]);
  }
}

/** An MLP built from its IR, and what the workers build their replicas from. */
function mlp(sizes: number[], options: { seed: number; dropout?: number }) {
  const ir = mlpModel(sizes, { dropout: options.dropout });
  return { model: buildModel(ir, { seed: options.seed }), replicaModel: { model: ir } };
}

async function curve(threads: number, seed: number, dropout = 0) {
  const { x, y } = blobs(240, 11);
  const options = {
    ...mlp([2, 16, 16, 3], { seed, dropout }),
    optimizer: tf.train.adam(0.01),
    loss: crossEntropy,
    metrics: { accuracy },
    batchSize: 32,
    seed,
  };
  const trainer = threads === 1 ? createTrainer(options) : await createParallelTrainer({ ...options, threads, parts });
  const losses: number[] = [];
  const evals: number[] = [];
  try {
    for (let e = 0; e < EPOCHS; e++) {
      losses.push((await trainer.trainEpoch(x, y)).loss);
      evals.push(trainer.evaluate(x, y).loss);
    }
  } finally {
    trainer.dispose();
  }
  return { losses, evals, weights: options.model.getWeights().map((w) => Array.from(w.dataSync())) };
}

describe('data-parallel trainer (2 worker-thread replicas)', () => {
  it('follows the single-thread learning curve within 1e-4 relative (same seed, no dropout)', async () => {
    const one = await curve(1, 5);
    const two = await curve(2, 5);
    for (let e = 0; e < EPOCHS; e++) {
      expect(Math.abs(two.losses[e] - one.losses[e]) / one.losses[e]).toBeLessThan(1e-4);
      expect(Math.abs(two.evals[e] - one.evals[e]) / one.evals[e]).toBeLessThan(1e-4);
    }
  });

  it('is deterministic for a seed and thread count, with dropout', async () => {
    const a = await curve(2, 9, 0.3);
    const b = await curve(2, 9, 0.3);
    expect(b.losses).toEqual(a.losses);
    expect(b.weights).toEqual(a.weights);
  });

  it('adds up metric statistics across replicas: exact precision, recall, F1 and top-k over the epoch', async () => {
    // No learning (rate 0) and no dropout: the epoch's metrics are those of the fixed model over the
    // whole split, which evaluate() computes on one thread. Batches of 25 split 13 + 12 over the replicas.
    const { x, y } = blobs(150, 3);
    const loss: IrCall = { type: 'categorical_crossentropy', params: {} };
    const names = ['accuracy', 'precision', 'recall', 'f1', 'top_k_accuracy'];
    const metricParts = { ...parts, exportName: 'makeMetricParts', arg: { loss, metrics: names, outputUnits: 3 } };
    const { model, replicaModel } = mlp([2, 4, 3], { seed: 2 });
    const metrics = createMetrics(names, loss, { outputUnits: 3, params: { top_k_accuracy: { k: 2 } } });
    const options = { model, replicaModel, optimizer: tf.train.sgd(0), loss: crossEntropy, metrics, batchSize: 25, seed: 2, shuffle: false };
    const trainer = await createParallelTrainer({ ...options, threads: 2, parts: metricParts });
    try {
      const epoch = await trainer.trainEpoch(x, y);
      const whole = createTrainer(options).evaluate(x, y, { batchSize: 150 });
      expect(Object.keys(epoch.metrics)).toEqual(names);
      for (const name of names) expect(epoch.metrics[name], name).toBeCloseTo(whole.metrics[name]!, 6);
      expect(epoch.loss).toBeCloseTo(whole.loss, 5);
      // An untrained model: the values are far from 1, so a wrong sum would show.
      expect(whole.metrics.f1).toBeLessThan(0.9);
    } finally {
      trainer.dispose();
    }
  }, 60_000);

  it("threads: 'auto' keeps a tiny model on one thread", async () => {
    const trainer = await createTrainingLoop({
      ...mlp([2, 8, 3], { seed: 1 }),
      optimizer: tf.train.sgd(0.1),
      loss: crossEntropy,
      batchSize: 32,
      seed: 1,
      threads: 'auto',
      parts,
    });
    expect(trainer.threads).toBe(1);
  });
});

describe('data-parallel trainer with what specs compile to', () => {
  const SPEC = 'model r { input(shape: [5, 3]) gru(8, dropout: 0.3, recurrent_dropout: 0.3) dense(3, activation: softmax) }';

  async function recurrentCurve(): Promise<number[]> {
    const irModel = lower(checkSource(SPEC).value).value[0]!.model;
    const model = buildModel(irModel, { seed: 4 });
    const x = tf.tensor3d(
      Array.from({ length: 96 * 15 }, (_, i) => Math.sin(i * 0.37)),
      [96, 5, 3],
    );
    const y = tf.oneHot(
      tf.tensor1d(
        Array.from({ length: 96 }, (_, i) => i % 3),
        'int32',
      ),
      3,
    );
    const optimizer = createOptimizer({ type: 'adam', params: { learning_rate: 0.01, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7 } });
    expect(optimizer.getClassName()).toBe('NnspecAdam');
    const trainer = await createParallelTrainer({
      model,
      replicaModel: { model: irModel },
      optimizer,
      loss: crossEntropy,
      metrics: { accuracy },
      batchSize: 32,
      seed: 4,
      threads: 2,
      parts,
    });
    return threeEpochs(trainer, model, x, y);
  }

  it("rebuilds nnspec's fused Adam in each worker and seeds its recurrent dropout: the same curve twice", async () => {
    const first = await recurrentCurve();
    expect(first.every(Number.isFinite)).toBe(true);
    expect(await recurrentCurve()).toEqual(first);
  }, 60_000);
});

describe('data-parallel trainer on a graph model', () => {
  async function graphCurve(threads: number): Promise<number[]> {
    const { x, y } = blobs(120, 5);
    // A residual block with dropout on the main path: h, dense, dropout, add(h).
    const ir = residualMlp(2, 8, 3);
    const model = buildModel(ir, { seed: 6 });
    const options = { model, replicaModel: { model: ir }, optimizer: tf.train.adam(0.01), loss: crossEntropy, metrics: { accuracy }, batchSize: 16, seed: 6 };
    const trainer = await createTrainingLoop({ ...options, threads, parts });
    expect(trainer.threads).toBe(threads);
    return threeEpochs(trainer, model, x, y);
  }

  it('workers build the graph from its IR: the same curve twice on 1 thread and on 2', async () => {
    const one = await graphCurve(1);
    expect(one.every(Number.isFinite)).toBe(true);
    expect(await graphCurve(1)).toEqual(one);
    const two = await graphCurve(2);
    expect(two.every(Number.isFinite)).toBe(true);
    expect(await graphCurve(2)).toEqual(two);
  }, 60_000);
});
