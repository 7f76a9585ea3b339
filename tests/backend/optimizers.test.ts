import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOptimizer, getLearningRate, initBackend, setLearningRate } from '../../src/backend/index.js';
import type { IrCall } from '../../src/ir/schema.js';

const CALLS: IrCall[] = [
  { type: 'sgd', params: { learning_rate: 0.1, momentum: 0, nesterov: false } },
  { type: 'sgd', params: { learning_rate: 0.1, momentum: 0.9, nesterov: true } },
  { type: 'adam', params: { learning_rate: 0.1, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7 } },
  { type: 'adamax', params: { learning_rate: 0.1, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7 } },
  { type: 'rmsprop', params: { learning_rate: 0.1, rho: 0.9, momentum: 0, epsilon: 1e-7, centered: true } },
  { type: 'adagrad', params: { learning_rate: 0.1, initial_accumulator_value: 0.1 } },
  { type: 'adadelta', params: { learning_rate: 0.1, rho: 0.95, epsilon: 1e-7 } },
];

/** How far one step of `optimizer` moves w = 1 on the loss w * 1 (gradient 1). */
function stepSize(optimizer: tf.Optimizer, w: tf.Variable): number {
  const before = w.dataSync()[0]!;
  optimizer.minimize(() => tf.sum(w));
  return Math.abs(w.dataSync()[0]! - before);
}

beforeAll(async () => {
  await initBackend('wasm');
});

describe('setLearningRate', () => {
  it.each(CALLS.map((call) => [`${call.type} ${JSON.stringify(call.params)}`, call] as const))(
    '%s: a rate set between steps is read back and changes the step',
    (_label, call) => {
      // Two identical optimizers step in lockstep; only one gets its rate scaled by 10 before step 2.
      const [a, b] = [createOptimizer(call), createOptimizer(call)];
      const [wa, wb] = [tf.variable(tf.scalar(1)), tf.variable(tf.scalar(1))];
      expect(getLearningRate(a)).toBe(0.1);
      expect(stepSize(a, wa)).toBeCloseTo(stepSize(b, wb), 6);
      setLearningRate(b, 1);
      expect(getLearningRate(b)).toBe(1);
      const ratio = stepSize(b, wb) / stepSize(a, wa);
      expect(ratio).toBeCloseTo(10, 3);
      a.dispose();
      b.dispose();
      tf.dispose([wa, wb]);
    },
  );
});
