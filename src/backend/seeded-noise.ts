/**
 * Dropout and noise layers whose randomness is reproducible yet new at every step.
 *
 * TF.js's seeded `tf.layers.dropout` draws the same mask at every call (a fixed mask is not
 * dropout), and unseeded ones use `Math.random`. These layers derive each call's seed from their
 * own seed and a step counter, so two runs from the same spec draw the same sequence of masks.
 * At inference they are the identity, as in Keras. Exported models name TF.js's standard classes
 * instead (see ./export.ts), so a plain `tf.loadLayersModel` can load them.
 */
import * as tf from '@tensorflow/tfjs';
import { stepSeed } from '../util/seeds.js';

type Kwargs = Record<string, unknown>;

/** The configuration every nnspec noise layer serialises. */
export interface SeededNoiseConfig {
  name?: string;
  /** Drop probability (dropout family) or standard deviation (gaussian_noise). */
  rate: number;
  seed: number;
  inputShape?: (number | null)[];
}

/**
 * The `dropoutFunc` for a TF.js recurrent layer's input and state dropout. Without one, TF.js
 * draws those masks from `Math.random`, so two runs of one spec trained differently; with it each
 * mask has its own seed, derived from `seed` and a draw counter, so the sequence repeats run to run.
 */
export function seededDropoutFunction(seed: number): (ones: tf.Tensor, rate: number) => tf.Tensor {
  let draws = 0;
  return (ones, rate) => {
    draws += 1;
    return tf.dropout(ones, rate, undefined, stepSeed(seed, draws));
  };
}

abstract class SeededNoise extends tf.layers.Layer {
  protected readonly rate: number;
  protected readonly seed: number;
  private step = 0;

  constructor(config: SeededNoiseConfig) {
    super({ name: config.name, inputShape: config.inputShape ?? undefined } as ConstructorParameters<typeof tf.layers.Layer>[0]);
    this.rate = config.rate;
    this.seed = config.seed;
    this.supportsMasking = true;
  }

  /** The seed of this call's random draw: new at every training step, reproducible across runs. */
  protected nextSeed(): number {
    this.step += 1;
    return stepSeed(this.seed, this.step);
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    if (!kwargs.training || this.rate === 0) return tf.clone(x);
    return tf.tidy(() => this.noisy(x, this.nextSeed()));
  }

  protected abstract noisy(x: tf.Tensor, seed: number): tf.Tensor;

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }
}

/** Inverted dropout: zero each unit with probability `rate`, scale the rest by 1/(1-rate). */
export class SeededDropout extends SeededNoise {
  static className = 'NnspecDropout';
  protected noisy(x: tf.Tensor, seed: number): tf.Tensor {
    const keep = tf.cast(tf.greaterEqual(tf.randomUniform(x.shape, 0, 1, 'float32', seed), this.rate), 'float32');
    return tf.mul(x, tf.mul(keep, 1 / (1 - this.rate)));
  }
}

/** Drops whole feature channels of a `[time, channels]` input (one mask per sample and channel). */
export class SeededSpatialDropout1D extends SeededNoise {
  static className = 'NnspecSpatialDropout1D';
  protected noisy(x: tf.Tensor, seed: number): tf.Tensor {
    const [batch, , channels] = x.shape as number[];
    const keep = tf.cast(tf.greaterEqual(tf.randomUniform([batch!, 1, channels!], 0, 1, 'float32', seed), this.rate), 'float32');
    return tf.mul(x, tf.mul(keep, 1 / (1 - this.rate)));
  }
}

/**
 * Drops whole feature maps of a `[height, width, channels]` input (one mask per sample and
 * channel, as Keras's SpatialDropout2D): neighbouring pixels of a map are strongly correlated, so
 * dropping single pixels would barely regularise a convolution.
 */
export class SeededSpatialDropout2D extends SeededNoise {
  static className = 'NnspecSpatialDropout2D';
  protected noisy(x: tf.Tensor, seed: number): tf.Tensor {
    const [batch, , , channels] = x.shape as number[];
    const keep = tf.cast(tf.greaterEqual(tf.randomUniform([batch!, 1, 1, channels!], 0, 1, 'float32', seed), this.rate), 'float32');
    return tf.mul(x, tf.mul(keep, 1 / (1 - this.rate)));
  }
}

/** Multiplies by noise from N(1, rate / (1 - rate)), as Keras's GaussianDropout. */
export class SeededGaussianDropout extends SeededNoise {
  static className = 'NnspecGaussianDropout';
  protected noisy(x: tf.Tensor, seed: number): tf.Tensor {
    const stddev = Math.sqrt(this.rate / (1 - this.rate));
    return tf.mul(x, tf.randomNormal(x.shape, 1, stddev, 'float32', seed));
  }
}

/** Adds noise from N(0, rate): Keras's GaussianNoise, `rate` being its stddev. */
export class SeededGaussianNoise extends SeededNoise {
  static className = 'NnspecGaussianNoise';
  protected noisy(x: tf.Tensor, seed: number): tf.Tensor {
    return tf.add(x, tf.randomNormal(x.shape, 0, this.rate, 'float32', seed));
  }
}

/** Alpha dropout (for SELU networks): keeps mean and variance, as Keras's AlphaDropout. */
export class SeededAlphaDropout extends SeededNoise {
  static className = 'NnspecAlphaDropout';
  protected noisy(x: tf.Tensor, seed: number): tf.Tensor {
    const alphaP = -1.6732632423543772 * 1.0507009873554805;
    const keepProb = 1 - this.rate;
    const a = 1 / Math.sqrt(keepProb * (1 + this.rate * alphaP * alphaP));
    const b = -a * alphaP * this.rate;
    const keep = tf.cast(tf.greaterEqual(tf.randomUniform(x.shape, 0, 1, 'float32', seed), this.rate), 'float32');
    const dropped = tf.add(tf.mul(x, keep), tf.mul(tf.sub(1, keep), alphaP));
    return tf.add(tf.mul(dropped, a), b);
  }
}

/**
 * nnspec's noise classes and the standard TF.js class each exports as. TF.js has no
 * SpatialDropout2D class, so `spatial_dropout2d` exports as `Dropout`: both are the identity at
 * inference, which is all a loaded model does with them (retraining it in TF.js would drop single
 * units instead of whole channels).
 */
export const NOISE_EXPORT_CLASS: Record<string, string> = {
  NnspecDropout: 'Dropout',
  NnspecSpatialDropout1D: 'SpatialDropout1D',
  NnspecSpatialDropout2D: 'Dropout',
  NnspecGaussianDropout: 'GaussianDropout',
  NnspecGaussianNoise: 'GaussianNoise',
  NnspecAlphaDropout: 'AlphaDropout',
};

for (const layer of [SeededDropout, SeededSpatialDropout1D, SeededSpatialDropout2D, SeededGaussianDropout, SeededGaussianNoise, SeededAlphaDropout]) {
  tf.serialization.registerClass(layer);
}
