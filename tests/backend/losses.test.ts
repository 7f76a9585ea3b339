import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLoss, initBackend } from '../../src/backend/index.js';

function perSample(fn: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor, yTrue: number[][], yPred: number[][]): number[] {
  return tf.tidy(() => Array.from(fn(tf.tensor2d(yTrue), tf.tensor2d(yPred)).dataSync()));
}

function expectClose(actual: number[], expected: number[]): void {
  expect(actual).toHaveLength(expected.length);
  expected.forEach((value, i) => expect(actual[i]).toBeCloseTo(value, 5));
}

beforeAll(async () => {
  await initBackend('wasm');
});

describe('createLoss', () => {
  it('categorical cross-entropy is -log of the true class probability, per sample, clipped at 1e-7', () => {
    const loss = createLoss({ type: 'categorical_crossentropy', params: {} });
    expectClose(
      perSample(
        loss,
        [
          [0, 1, 0],
          [1, 0, 0],
        ],
        [
          [0.2, 0.5, 0.3],
          [0, 0.5, 0.5],
        ],
      ),
      [-Math.log(0.5), -Math.log(1e-7)],
    );
  });

  it('sparse categorical cross-entropy reads integer labels', () => {
    const loss = createLoss({ type: 'sparse_categorical_crossentropy', params: {} });
    expectClose(
      perSample(
        loss,
        [[1], [2]],
        [
          [0.2, 0.5, 0.3],
          [0.1, 0.1, 0.8],
        ],
      ),
      [-Math.log(0.5), -Math.log(0.8)],
    );
  });

  it('binary cross-entropy averages over output units', () => {
    const loss = createLoss({ type: 'binary_crossentropy', params: {} });
    expectClose(perSample(loss, [[1, 0]], [[0.9, 0.2]]), [(-Math.log(0.9) - Math.log(0.8)) / 2]);
  });

  it('mse, mae and huber (delta 1) per sample', () => {
    const yTrue = [
      [0, 0],
      [1, 1],
    ];
    const yPred = [
      [0.5, -3],
      [1, 1],
    ];
    expectClose(perSample(createLoss({ type: 'mean_squared_error', params: {} }), yTrue, yPred), [(0.25 + 9) / 2, 0]);
    expectClose(perSample(createLoss({ type: 'mean_absolute_error', params: {} }), yTrue, yPred), [3.5 / 2, 0]);
    // Quadratic below delta (0.5 * 0.25), linear above (1 * (3 - 0.5)).
    expectClose(perSample(createLoss({ type: 'huber', params: { delta: 1 } }), yTrue, yPred), [(0.125 + 2.5) / 2, 0]);
    expectClose(perSample(createLoss({ type: 'huber', params: { delta: 4 } }), yTrue, yPred), [(0.125 + 4.5) / 2, 0]);
  });
});
