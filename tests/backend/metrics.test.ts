import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLoss, createMetrics, initBackend } from '../../src/backend/index.js';
import type { IrCall } from '../../src/ir/schema.js';
import { createTrainer } from '../../src/train/trainer/train-loop.js';
import { statisticsRow, statsLayout, summarizeRows, readRows } from '../../src/train/trainer/metric-accumulator.js';

beforeAll(async () => {
  await initBackend('wasm');
});

const CATEGORICAL: IrCall = { type: 'categorical_crossentropy', params: {} };
const SPARSE: IrCall = { type: 'sparse_categorical_crossentropy', params: {} };
const BINARY: IrCall = { type: 'binary_crossentropy', params: {} };
const MSE: IrCall = { type: 'mean_squared_error', params: {} };

/** A split given as batches of `[labels, predictions]`, through the trainer's own statistics path. */
function splitValues(names: string[], loss: IrCall, batches: [number[][], number[][]][], outputUnits: number): Record<string, number> {
  const layout = statsLayout(createMetrics(names, loss, { outputUnits, params: { top_k_accuracy: { k: 2 } } }));
  const rows = batches.map(([labels, predictions]) => tf.tidy(() => statisticsRow(layout, tf.scalar(0), tf.tensor2d(labels), tf.tensor2d(predictions))));
  const values = readRows(rows, layout.width);
  rows.forEach((row) => row.dispose());
  return summarizeRows(
    values,
    layout,
    batches.map(([labels]) => labels.length),
  ).mean.metrics;
}

/** The same, one batch at a time, weighted by batch size: what a per-batch mean would report. */
function batchMean(names: string[], loss: IrCall, batches: [number[][], number[][]][], outputUnits: number): Record<string, number> {
  const total = batches.reduce((sum, [labels]) => sum + labels.length, 0);
  const means: Record<string, number> = {};
  for (const batch of batches) {
    const values = splitValues(names, loss, [batch], outputUnits);
    for (const name of names) means[name] = (means[name] ?? 0) + (values[name]! * batch[0].length) / total;
  }
  return means;
}

const oneHot = (classes: number[], count: number) => classes.map((c) => Array.from({ length: count }, (_, i) => (i === c ? 1 : 0)));
/** Probabilities whose argmax is each given class. */
const predicting = (classes: number[], count: number) => classes.map((c) => Array.from({ length: count }, (_, i) => (i === c ? 0.6 : 0.4 / (count - 1))));

// Seven examples over three classes, (true, predicted): (0,0) (0,1) (1,1) | (2,2) (2,0) (1,1) (0,0).
const TRUE = [
  [0, 0, 1],
  [2, 2, 1, 0],
];
const PREDICTED = [
  [0, 1, 1],
  [2, 0, 1, 0],
];
const classBatches = (labels: (classes: number[]) => number[][]): [number[][], number[][]][] => TRUE.map((t, b) => [labels(t), predicting(PREDICTED[b]!, 3)]);

describe('classification metrics over a whole split', () => {
  // Per class: true positives 2, 2, 1; predicted 3, 3, 1; actual 3, 2, 2.
  const expected = {
    accuracy: 5 / 7,
    precision: (2 / 3 + 2 / 3 + 1) / 3,
    recall: (2 / 3 + 1 + 1 / 2) / 3,
    f1: (2 / 3 + 4 / 5 + 2 / 3) / 3,
  };

  it('precision, recall and F1 are macro averages of exact per-class counts (one-hot labels)', () => {
    const values = splitValues(
      ['accuracy', 'precision', 'recall', 'f1'],
      CATEGORICAL,
      classBatches((t) => oneHot(t, 3)),
      3,
    );
    for (const [name, value] of Object.entries(expected)) expect(values[name], name).toBeCloseTo(value, 6);
  });

  it('reads class indices for the sparse loss', () => {
    const values = splitValues(
      ['accuracy', 'precision', 'recall', 'f1'],
      SPARSE,
      classBatches((t) => t.map((c) => [c])),
      3,
    );
    for (const [name, value] of Object.entries(expected)) expect(values[name], name).toBeCloseTo(value, 6);
  });

  it('differs from the per-batch mean, which would be wrong', () => {
    const means = batchMean(
      ['precision', 'recall', 'f1'],
      CATEGORICAL,
      classBatches((t) => oneHot(t, 3)),
      3,
    );
    // Batch 1 alone: precision (1/1 + 1/2) / 2 (class 2 absent); batch 2: (1/2 + 1 + 1) / 3.
    expect(means.precision).toBeCloseTo((3 * 0.75 + 4 * (2.5 / 3)) / 7, 6);
    expect(Math.abs(means.precision! - expected.precision)).toBeGreaterThan(0.01);
  });

  it('averages only over the classes present in the labels or predictions', () => {
    // Class 2 of 3 never occurs: precision (1 + 1/2) / 2, not / 3.
    const values = splitValues(['precision'], CATEGORICAL, [[oneHot([0, 1, 0], 3), predicting([0, 1, 1], 3)]], 3);
    expect(values.precision).toBeCloseTo(0.75, 6);
  });

  it('top_k_accuracy counts the true class among the k most probable, ties included', () => {
    const labels = oneHot([2, 0, 3, 1], 4);
    const predictions = [
      [0.1, 0.2, 0.3, 0.4], // class 2 is second: in the top 2
      [0.1, 0.2, 0.3, 0.4], // class 0 is last
      [0.25, 0.25, 0.25, 0.25], // a tie: in
      [0.5, 0.3, 0.1, 0.1], // second
    ];
    expect(
      splitValues(
        ['top_k_accuracy'],
        CATEGORICAL,
        [
          [labels.slice(0, 1), predictions.slice(0, 1)],
          [labels.slice(1), predictions.slice(1)],
        ],
        4,
      ).top_k_accuracy,
    ).toBeCloseTo(0.75, 6);
  });
});

describe('binary metrics: the positive class, and AUC', () => {
  // Positives score 0.9, 0.3 | 0.8, 0.45; negatives 0.6 | 0.2, 0.4.
  const batches: [number[][], number[][]][] = [
    [
      [[1], [0], [1]],
      [[0.9], [0.6], [0.3]],
    ],
    [
      [[0], [1], [0], [1]],
      [[0.2], [0.8], [0.4], [0.45]],
    ],
  ];

  it('precision, recall and F1 of the positive class at 0.5', () => {
    // True positives 0.9 and 0.8; predicted positive 0.9, 0.6, 0.8; four positives.
    const values = splitValues(['accuracy', 'precision', 'recall', 'f1'], BINARY, batches, 1);
    expect(values.accuracy).toBeCloseTo(4 / 7, 6);
    expect(values.precision).toBeCloseTo(2 / 3, 6);
    expect(values.recall).toBeCloseTo(1 / 2, 6);
    expect(values.f1).toBeCloseTo(4 / 7, 6);
  });

  it('AUC is the fraction of (positive, negative) pairs ranked right: 9 of 12', () => {
    expect(splitValues(['auc'], BINARY, batches, 1).auc).toBeCloseTo(0.75, 6);
    // Per batch: 1 of 2 pairs, then 4 of 4.
    expect(batchMean(['auc'], BINARY, batches, 1).auc).toBeCloseTo((3 * 0.5 + 4 * 1) / 7, 6);
  });

  it('AUC counts scores in the same threshold bin as ties (half a pair)', () => {
    expect(
      splitValues(
        ['auc'],
        BINARY,
        [
          [
            [[1], [0]],
            [[0.501], [0.5]],
          ],
        ],
        1,
      ).auc,
    ).toBeCloseTo(0.5, 6);
    expect(
      splitValues(
        ['auc'],
        BINARY,
        [
          [
            [[1], [0]],
            [[0.9], [0.1]],
          ],
        ],
        1,
      ).auc,
    ).toBeCloseTo(1, 6);
  });
});

describe('regression metrics over a whole split', () => {
  // Targets 1, 2 | 3, 6 against 1.5, 2 | 2, 5: errors 0.5, 0, -1, -1.
  const batches: [number[][], number[][]][] = [
    [
      [[1], [2]],
      [[1.5], [2]],
    ],
    [
      [[3], [6]],
      [[2], [5]],
    ],
  ];

  it('mse, mae, rmse and r2', () => {
    const values = splitValues(['mse', 'mae', 'rmse', 'r2'], MSE, batches, 1);
    expect(values.mse).toBeCloseTo(2.25 / 4, 6);
    expect(values.mae).toBeCloseTo(2.5 / 4, 6);
    expect(values.rmse).toBeCloseTo(0.75, 6);
    // Mean 3, squared deviations 4 + 1 + 0 + 9.
    expect(values.r2).toBeCloseTo(1 - 2.25 / 14, 6);
  });

  it('rmse and r2 are not per-batch means', () => {
    const means = batchMean(['rmse', 'r2'], MSE, batches, 1);
    expect(means.rmse).toBeCloseTo((2 * Math.sqrt(0.125) + 2 * 1) / 4, 6);
    expect(means.r2).toBeCloseTo((2 * 0.5 + 2 * (1 - 2 / 4.5)) / 4, 6);
  });

  it('r2 averages over targets, and a constant target predicted exactly counts 1', () => {
    const two = splitValues(
      ['r2'],
      MSE,
      [
        [
          [
            [1, 10],
            [2, 20],
            [3, 30],
          ],
          [
            [1, 12],
            [2, 18],
            [4, 30],
          ],
        ],
      ],
      2,
    );
    expect(two.r2).toBeCloseTo((0.5 + (1 - 8 / 200)) / 2, 6);
    expect(
      splitValues(
        ['r2'],
        MSE,
        [
          [
            [[4], [4]],
            [[4], [4]],
          ],
        ],
        1,
      ).r2,
    ).toBe(1);
    expect(
      splitValues(
        ['r2'],
        MSE,
        [
          [
            [[4], [4]],
            [[4], [5]],
          ],
        ],
        1,
      ).r2,
    ).toBe(0);
  });
});

describe('the trainer evaluates accumulators exactly over batches', () => {
  /** A model that outputs its input: predictions are the data. */
  function identity(units: number): tf.LayersModel {
    const model = tf.sequential({ layers: [tf.layers.dense({ units, inputShape: [units], useBias: false, kernelInitializer: 'identity' })] });
    return model;
  }

  it('evaluate() in batches of 3 gives the whole-split values', () => {
    const predictions = [0.9, 0.6, 0.3, 0.2, 0.8, 0.4, 0.45];
    const labels = [1, 0, 1, 0, 1, 0, 1];
    const trainer = createTrainer({
      model: identity(1),
      optimizer: tf.train.sgd(0),
      loss: createLoss(BINARY),
      metrics: createMetrics(['auc', 'precision', 'recall', 'accuracy'], BINARY, { outputUnits: 1 }),
      batchSize: 3,
      seed: 1,
    });
    const evaluation = trainer.evaluate(tf.tensor2d(predictions, [7, 1]), tf.tensor2d(labels, [7, 1]), { batchSize: 3 });
    expect(evaluation.metrics.auc).toBeCloseTo(0.75, 6);
    expect(evaluation.metrics.precision).toBeCloseTo(2 / 3, 6);
    expect(evaluation.metrics.recall).toBeCloseTo(1 / 2, 6);
    expect(evaluation.metrics.accuracy).toBeCloseTo(4 / 7, 6);
    const bce = labels.reduce((sum, y, i) => sum - (y ? Math.log(predictions[i]!) : Math.log(1 - predictions[i]!)), 0) / 7;
    expect(evaluation.loss).toBeCloseTo(bce, 5);
  });

  it('a training epoch reports the same exact values (no learning, no dropout)', async () => {
    const trainer = createTrainer({
      model: identity(1),
      optimizer: tf.train.sgd(0),
      loss: createLoss(MSE),
      metrics: createMetrics(['mae', 'rmse', 'r2'], MSE, { outputUnits: 1 }),
      batchSize: 2,
      seed: 1,
      shuffle: false,
    });
    const epoch = await trainer.trainEpoch(tf.tensor2d([1.5, 2, 2, 5], [4, 1]), tf.tensor2d([1, 2, 3, 6], [4, 1]));
    expect(epoch.loss).toBeCloseTo(2.25 / 4, 6);
    expect(epoch.metrics.mae).toBeCloseTo(0.625, 6);
    expect(epoch.metrics.rmse).toBeCloseTo(0.75, 6);
    expect(epoch.metrics.r2).toBeCloseTo(1 - 2.25 / 14, 6);
  });
});
