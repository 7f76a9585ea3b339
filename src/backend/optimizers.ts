/** IR optimizers as TF.js optimizers, and the learning-rate access schedules need. */
import * as tf from '@tensorflow/tfjs';
import type { IrCall, IrValue } from '../ir/schema.js';
import { FusedAdamOptimizer } from './kernels/fused-adam.js';

function num(params: Record<string, IrValue>, key: string, fallback: number): number {
  const value = params[key];
  return typeof value === 'number' ? value : fallback;
}

/**
 * The TF.js optimizer for an IR optimizer call, with the catalogue's parameters (Keras names).
 *
 * @throws Error for an optimizer the catalogue does not have (a bug: the checker rejects them).
 */
export function createOptimizer(call: IrCall): tf.Optimizer {
  const p = call.params;
  const lr = num(p, 'learning_rate', 0.001);
  switch (call.type) {
    case 'sgd': {
      const momentum = num(p, 'momentum', 0);
      const nesterov = p['nesterov'] === true;
      return momentum > 0 || nesterov ? tf.train.momentum(lr, momentum, nesterov) : tf.train.sgd(lr);
    }
    case 'adam':
      // TF.js's Adam with its update fused into one kernel per variable (see kernels/fused-adam.ts).
      return new FusedAdamOptimizer(lr, num(p, 'beta_1', 0.9), num(p, 'beta_2', 0.999), num(p, 'epsilon', 1e-7));
    case 'adamax':
      return tf.train.adamax(lr, num(p, 'beta_1', 0.9), num(p, 'beta_2', 0.999), num(p, 'epsilon', 1e-7));
    case 'rmsprop':
      return tf.train.rmsprop(lr, num(p, 'rho', 0.9), num(p, 'momentum', 0), num(p, 'epsilon', 1e-7), p['centered'] === true);
    case 'adagrad':
      return tf.train.adagrad(lr, num(p, 'initial_accumulator_value', 0.1));
    case 'adadelta':
      return tf.train.adadelta(lr, num(p, 'rho', 0.95), num(p, 'epsilon', 1e-7));
    default:
      throw new Error(`nnspec backend: unknown optimizer '${call.type}'`);
  }
}

// Every TF.js optimizer keeps its rate in a `learningRate` field; most read it at each step, but
// SGD and momentum (a subclass) step with a kept scalar `-learningRate` that only their own
// `setLearningRate` rebuilds, so assigning the field alone would leave their rate unchanged.
interface WithLearningRate {
  learningRate: number;
  setLearningRate?: (learningRate: number) => void;
}

/** Sets the rate the optimizer uses from its next step on (schedules act between epochs). */
export function setLearningRate(optimizer: tf.Optimizer, learningRate: number): void {
  const target = optimizer as unknown as WithLearningRate;
  if (typeof target.setLearningRate === 'function') target.setLearningRate(learningRate);
  else target.learningRate = learningRate;
}

/** The rate the optimizer uses now. */
export function getLearningRate(optimizer: tf.Optimizer): number {
  return (optimizer as unknown as WithLearningRate).learningRate;
}
