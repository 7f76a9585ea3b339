import * as tf from '@tensorflow/tfjs';

interface Slot {
  originalName: string;
  variable: tf.Variable;
}

/** The RMSProp optimizer's state, which TF.js declares private. */
interface RmsPropInternals {
  readonly learningRate: number;
  readonly decay: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly centered: boolean;
  readonly accumulatedMeanSquares: Slot[];
  readonly accumulatedMoments: Slot[];
  readonly accumulatedMeanGrads: Slot[];
  incrementIterations(): void;
}

type NamedGradient = { name: string; tensor: tf.Tensor };
type Apply = (this: RmsPropInternals, grads: tf.NamedTensorMap | NamedGradient[]) => void;

let patched = false;

function slot(slots: Slot[], i: number, name: string, suffix: string, value: tf.Variable): tf.Variable {
  slots[i] ??= { originalName: `${name}/${suffix}`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
  return slots[i]!.variable;
}

/**
 * Corrects TF.js 4.22's centered RMSProp on every backend.
 *
 * TF.js divides by `sqrt(meanSquare - (meanGrad² + ε))`: ε is subtracted, so any weight whose
 * gradient variance is below ε (a zero or tiny gradient, common on the first step) takes the
 * square root of a negative number and becomes NaN for good. The replacement divides by
 * `sqrt(max(meanSquare - meanGrad², 0) + ε)` as Keras does, keeping TF.js's slot variables
 * (names and order), so saved optimizer weights stay compatible. Uncentered RMSProp runs
 * TF.js's own code. Idempotent.
 */
export function patchCenteredRmsProp(): void {
  if (patched) return;
  const proto = tf.RMSPropOptimizer.prototype as unknown as { applyGradients: Apply };
  const original = proto.applyGradients;
  proto.applyGradients = function (this: RmsPropInternals, grads) {
    if (!this.centered) return original.call(this, grads);
    const names = Array.isArray(grads) ? grads.map((g) => g.name) : Object.keys(grads);
    names.forEach((name, i) => {
      const value = tf.engine().registeredVariables[name]!;
      const ms = slot(this.accumulatedMeanSquares, i, name, 'rms', value);
      const mom = slot(this.accumulatedMoments, i, name, 'momentum', value);
      const mg = slot(this.accumulatedMeanGrads, i, name, 'mg', value);
      const gradient = Array.isArray(grads) ? grads[i]!.tensor : grads[name];
      if (gradient == null) return;
      tf.tidy(() => {
        const newMs = tf.add(tf.mul(ms, this.decay), tf.mul(tf.square(gradient), 1 - this.decay));
        const newMg = tf.add(tf.mul(mg, this.decay), tf.mul(gradient, 1 - this.decay));
        const variance = tf.maximum(tf.sub(newMs, tf.square(newMg)), 0);
        const step = tf.div(tf.mul(gradient, this.learningRate), tf.sqrt(tf.add(variance, this.epsilon)));
        const newMom = tf.add(tf.mul(mom, this.momentum), step);
        ms.assign(newMs);
        mg.assign(newMg);
        mom.assign(newMom);
        value.assign(tf.sub(value, newMom));
      });
    });
    this.incrementIterations();
  };
  patched = true;
}
