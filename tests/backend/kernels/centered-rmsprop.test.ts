import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackends } from './helpers.js';

beforeAll(initBackends);

describe('centered RMSProp', () => {
  it.each(['cpu', 'wasm'])('on %s: a zero gradient leaves its weight alone instead of turning it NaN', async (backend) => {
    await tf.setBackend(backend);
    const v = tf.variable(tf.tensor1d([1, 2]));
    const optimizer = tf.train.rmsprop(0.03, 0.9, 0, 1e-7, true);
    // Only v[0] reaches the loss, so v[1]'s gradient is exactly 0.
    optimizer.minimize(() => tf.square(tf.sub(tf.slice(v, [0], [1]), 0.5)).sum() as tf.Scalar, false, [v]);
    const [a, b] = Array.from(await v.data());
    // g = 1: meanSquare 0.1, meanGrad 0.1, variance 0.09, step 0.03 / sqrt(0.09 + 1e-7) ≈ 0.1.
    expect(a).toBeCloseTo(1 - 0.03 / Math.sqrt(0.09 + 1e-7), 5);
    expect(b).toBe(2);
    optimizer.dispose();
    v.dispose();
  });

  it('keeps TF.js slot variables, so optimizer weights round-trip', async () => {
    await tf.setBackend('wasm');
    const v = tf.variable(tf.tensor1d([1, 2]), true, 'rmsprop_slot_test');
    const optimizer = tf.train.rmsprop(0.01, 0.9, 0.5, 1e-7, true);
    optimizer.minimize(() => tf.sum(tf.square(v)) as tf.Scalar, false, [v]);
    const weights = await optimizer.getWeights();
    expect(weights.map((w) => w.name)).toEqual(['iter', 'rmsprop_slot_test/rms', 'rmsprop_slot_test/momentum', 'rmsprop_slot_test/mg']);
    optimizer.dispose();
    v.dispose();
  });
});
