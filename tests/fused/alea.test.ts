import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { alea, dropoutMask, gaussianNoise, seeded } from '../../src/backend/fused/alea.js';
import { createDenseStepKernels, RESERVED_BYTES } from '../../src/backend/fused/dense-step-kernels.js';
import { SeededDropout } from '../../src/backend/seeded-noise.js';
import { initBackend } from '../../src/backend/index.js';
import { stepSeed } from '../../src/util/seeds.js';

beforeAll(async () => {
  await initBackend('wasm');
});

describe('the fused step draws TF.js dropout masks', () => {
  it('alea gives the floats of tf.randomUniform for a seed', () => {
    for (const seed of [0, 1, 12345, 2147483646]) {
      const expected = tf.tidy(() => tf.randomUniform([257], 0, 1, 'float32', seed).dataSync());
      const next = alea(seed.toString());
      const drawn = Float32Array.from({ length: 257 }, () => next());
      expect(drawn).toEqual(expected);
    }
  });

  it('dropoutMask is what SeededDropout multiplies by, for rates 0.1, 0.5 and 0.9', () => {
    for (const rate of [0.1, 0.5, 0.9]) {
      const layer = new SeededDropout({ rate, seed: 77 });
      const ones = tf.ones([8, 33]);
      const applied = tf.tidy(() => (layer.apply(ones, { training: true }) as tf.Tensor).dataSync());
      ones.dispose();
      // The layer's first call draws with stepSeed(77, 1); the mask is the same stream.
      const mask = new Float32Array(8 * 33);
      dropoutMask(mask, stepSeed(77, 1), rate);
      expect(mask).toEqual(applied);
      expect(mask.filter((value) => value === 0).length).toBeGreaterThan(0);
    }
  });

  it('gaussianNoise gives the floats of tf.randomNormal, odd lengths included', () => {
    for (const [seed, mean, std] of [
      [3, 0, 0.5],
      [991, 1, 0.3],
    ] as const) {
      const expected = tf.tidy(() => tf.randomNormal([5, 41], mean, std, 'float32', seed).dataSync());
      const drawn = new Float32Array(5 * 41);
      gaussianNoise(drawn, seed, mean, std);
      expect(drawn).toEqual(expected);
    }
  });

  it("the kernels' dropout_mask draws the same masks as dropoutMask (and so as TF.js)", () => {
    const kernels = createDenseStepKernels(4 * 10_000);
    for (const [seed, rate] of [
      [stepSeed(77, 1), 0.5],
      [stepSeed(123456, 9), 0.2],
      [1, 0.9],
    ] as const) {
      const expected = new Float32Array(9_999);
      dropoutMask(expected, seed, rate);
      const { s0, s1, s2, c } = seeded(seed.toString());
      kernels.exports.dropout_mask(RESERVED_BYTES, 9_999, s0, s1, s2, c, Math.fround(rate), Math.fround(1 / (1 - rate)));
      expect(kernels.heap.slice(RESERVED_BYTES / 4, RESERVED_BYTES / 4 + 9_999)).toEqual(expected);
    }
  });
});
