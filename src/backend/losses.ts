/**
 * IR losses as functions of `(yTrue, yPred)`, the form nnspec's trainer takes. Each returns one
 * value per sample; the trainer averages. (Metrics are in ./metrics.ts.)
 */
import * as tf from '@tensorflow/tfjs';
import type { IrCall } from '../ir/schema.js';
import { defaultCatalogueView } from '../catalogue/catalogue.js';
import type { LossFn } from './training-types.js';
import { numberParam } from '../ir/read-params.js';

const EPSILON = 1e-7;

function categoricalCrossentropy(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  const clipped = tf.clipByValue(yPred, EPSILON, 1 - EPSILON);
  return tf.neg(tf.sum(tf.mul(yTrue, tf.log(clipped)), -1));
}

function binaryCrossentropy(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  const p = tf.clipByValue(yPred, EPSILON, 1 - EPSILON);
  const perUnit = tf.neg(tf.add(tf.mul(yTrue, tf.log(p)), tf.mul(tf.sub(1, yTrue), tf.log(tf.sub(1, p)))));
  return tf.mean(perUnit, -1);
}

/** Integer labels (shape `[n]` or `[n, 1]`) against class probabilities. */
function sparseCategoricalCrossentropy(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  const classes = yPred.shape[yPred.shape.length - 1]!;
  const labels = tf.cast(tf.reshape(yTrue, [-1]), 'int32');
  return categoricalCrossentropy(tf.oneHot(labels, classes), yPred);
}

function huber(delta: number): LossFn {
  return (yTrue, yPred) => {
    const error = tf.abs(tf.sub(yPred, yTrue));
    const quadratic = tf.minimum(error, delta);
    const linear = tf.sub(error, quadratic);
    return tf.mean(tf.add(tf.mul(0.5, tf.square(quadratic)), tf.mul(delta, linear)), -1);
  };
}

/** Mean squared error per sample (also the `mse` metric). */
export const mse: LossFn = (yTrue, yPred) => tf.mean(tf.square(tf.sub(yPred, yTrue)), -1);
/** Mean absolute error per sample (also the `mae` metric). */
export const mae: LossFn = (yTrue, yPred) => tf.mean(tf.abs(tf.sub(yPred, yTrue)), -1);

/** The IR name of each loss function {@link createLoss} returns (a rescaled loss has none). */
const LOSS_NAMES = new WeakMap<LossFn, string>([
  [categoricalCrossentropy, 'categorical_crossentropy'],
  [sparseCategoricalCrossentropy, 'sparse_categorical_crossentropy'],
  [binaryCrossentropy, 'binary_crossentropy'],
  [mse, 'mean_squared_error'],
  [mae, 'mean_absolute_error'],
]);

/**
 * The canonical IR name of a loss function made by {@link createLoss} (`mse` reads
 * `mean_squared_error`), or undefined for any other function: the fused training step
 * (src/backend/fused) computes a loss by name, and must not guess at a wrapped one.
 */
export function lossName(loss: LossFn): string | undefined {
  return LOSS_NAMES.get(loss);
}

/**
 * The loss function of an IR loss call.
 *
 * @throws Error for a loss the catalogue does not have (a bug: the checker rejects them).
 */
export function createLoss(call: IrCall): LossFn {
  switch (call.type) {
    case 'categorical_crossentropy':
      return categoricalCrossentropy;
    case 'sparse_categorical_crossentropy':
      return sparseCategoricalCrossentropy;
    case 'binary_crossentropy':
      return binaryCrossentropy;
    case 'mean_squared_error':
    case 'mse':
      return mse;
    case 'mean_absolute_error':
    case 'mae':
      return mae;
    case 'huber':
      return huber(numberParam(call, 'delta'));
    default:
      throw new Error(`nnspec backend: unknown loss '${call.type}'`);
  }
}

/**
 * A loss whose value is `loss`'s but whose gradient is multiplied by `factor`. With the fixed
 * `y * std + mean` output layer of a standardised target, `factor = 1 / std^p` (`p` the loss's
 * `targetUnitPower`) makes the gradient exactly that of the loss on the standardised target and
 * prediction, while every loss value reported stays in the target's units (docs/data.md).
 */
export function scaleLossGradient(loss: LossFn, factor: number): LossFn {
  if (factor === 1) return loss;
  const scaled = tf.customGrad(((value: tf.Tensor) => ({ value: tf.clone(value), gradFunc: (dy: tf.Tensor) => tf.mul(dy, factor) })) as unknown as Parameters<
    typeof tf.customGrad
  >[0]);
  return (yTrue, yPred) => scaled(loss(yTrue, yPred)) as tf.Tensor;
}

/**
 * The gradient factor of {@link scaleLossGradient} for a target standardised with `std`:
 * `1 / std^p`, `p` being how the loss scales with the target's unit (the catalogue's
 * `targetUnitPower`: 2 for squared errors, 1 for absolute ones).
 */
export function targetGradientScale(loss: IrCall, std: number): number {
  const power = defaultCatalogueView().loss(loss.type)?.targetUnitPower;
  if (power === undefined) throw new Error(`nnspec backend: loss '${loss.type}' has no target unit power (normalize_target needs a regression loss)`);
  return 1 / std ** power;
}
