import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackends, maxAbsDiff, seededValues } from './helpers.js';

beforeAll(async () => {
  await initBackends();
  await tf.setBackend('wasm');
});

const x = () => tf.tensor2d(seededValues(8 * 5, 41), [8, 5]);
const r = () => tf.tensor2d(seededValues(8 * 5, 42), [8, 5]);

/** Gradient of Σ r·f(x) with respect to x, flattened. */
async function inputGradient(f: (t: tf.Tensor) => tf.Tensor): Promise<Float32Array> {
  const g = tf.tidy(() => {
    const weights = r();
    return tf.grad((t: tf.Tensor) => tf.sum(tf.mul(f(t), weights)))(x());
  });
  const values = new Float32Array(await g.data());
  g.dispose();
  return values;
}

describe('normalisation layers without center or scale', () => {
  it('layer_norm(center: false, scale: false) has the plain normalisation gradient', async () => {
    const layer = tf.layers.layerNormalization({ center: false, scale: false, epsilon: 1e-3 });
    const viaLayer = await inputGradient((t) => layer.apply(t, { training: true }) as tf.Tensor);
    const manual = await inputGradient((t) => {
      const { mean, variance } = tf.moments(t, -1, true);
      return tf.div(tf.sub(t, mean), tf.sqrt(tf.add(variance, 1e-3)));
    });
    expect(maxAbsDiff(viaLayer, manual)).toBeLessThan(1e-4);
    expect(layer.getWeights()).toHaveLength(0);
  });

  it('batch_norm(scale: false) trains its beta and keeps three weights', async () => {
    const layer = tf.layers.batchNormalization({ scale: false, epsilon: 1e-3, momentum: 0.5 });
    const viaLayer = await inputGradient((t) => layer.apply(t, { training: true }) as tf.Tensor);
    const manual = await inputGradient((t) => {
      const { mean, variance } = tf.moments(t, 0);
      return tf.div(tf.sub(t, mean), tf.sqrt(tf.add(variance, 1e-3)));
    });
    expect(maxAbsDiff(viaLayer, manual)).toBeLessThan(1e-4);
    expect(layer.weights.map((w) => w.name.split('/').pop())).toEqual(['beta', 'moving_mean', 'moving_variance']);
    // The moving statistics still update in training mode (momentum 0.5 moves them halfway).
    const movingMean = await layer.getWeights()[1]!.data();
    expect(Math.max(...Array.from(movingMean, Math.abs))).toBeGreaterThan(0);
  });

  it('leaves layers with both center and scale to TF.js and restores the flags after a call', () => {
    const layer = tf.layers.batchNormalization({ center: false });
    tf.tidy(() => {
      layer.apply(x(), { training: true });
    });
    expect(layer.getConfig().center).toBe(false);
    expect(layer.getConfig().scale).toBe(true);
  });
});
