/** IR optimizers as TF.js optimizers, and the learning-rate access schedules need. */
import * as tf from '@tensorflow/tfjs';
import type { IrCall } from '../ir/schema.js';
import { booleanParam, numberParam } from '../ir/read-params.js';
import { FusedAdamOptimizer } from './kernels/fused-adam.js';

/**
 * The TF.js optimizer for an IR optimizer call, with the catalogue's parameters (Keras names).
 * The call is a validated IR call: every parameter is there (lowering filled the defaults), so
 * none is read with a fallback of its own.
 *
 * @throws Error for an optimizer the catalogue does not have, or a parameter missing (bugs:
 * `validateIr` refuses both).
 */
export function createOptimizer(call: IrCall): tf.Optimizer {
  const n = (name: string): number => numberParam(call, name);
  const lr = n('learning_rate');
  switch (call.type) {
    case 'sgd': {
      const momentum = n('momentum');
      const nesterov = booleanParam(call, 'nesterov');
      return momentum > 0 || nesterov ? tf.train.momentum(lr, momentum, nesterov) : tf.train.sgd(lr);
    }
    case 'adam':
      // TF.js's Adam with its update fused into one kernel per variable (see kernels/fused-adam.ts).
      return new FusedAdamOptimizer(lr, n('beta_1'), n('beta_2'), n('epsilon'));
    case 'adamax':
      return tf.train.adamax(lr, n('beta_1'), n('beta_2'), n('epsilon'));
    case 'rmsprop':
      return tf.train.rmsprop(lr, n('rho'), n('momentum'), n('epsilon'), booleanParam(call, 'centered'));
    case 'adagrad':
      return tf.train.adagrad(lr, n('initial_accumulator_value'));
    case 'adadelta':
      return tf.train.adadelta(lr, n('rho'), n('epsilon'));
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
