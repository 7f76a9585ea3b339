/** A copy of a model's weights kept on the side, to restore the best epoch's at the end. */
import * as tf from '@tensorflow/tfjs';

/** Holds at most one snapshot; taking a new one frees the old. */
export class WeightSnapshot {
  private weights: tf.Tensor[] | null = null;
  epoch: number | null = null;

  /** Copies the model's current weights as those of `epoch`. */
  take(model: tf.LayersModel, epoch: number): void {
    this.dispose();
    this.weights = model.getWeights().map((weight) => tf.keep(weight.clone()));
    this.epoch = epoch;
  }

  /** Puts the snapshot back into the model; false when there is none. */
  restore(model: tf.LayersModel): boolean {
    if (!this.weights) return false;
    model.setWeights(this.weights);
    return true;
  }

  dispose(): void {
    for (const weight of this.weights ?? []) weight.dispose();
    this.weights = null;
    this.epoch = null;
  }
}
