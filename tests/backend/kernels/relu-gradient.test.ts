import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { reluGradient } from '../../../src/backend/kernels/relu-gradient.js';
import { initBackends, seededValues } from './helpers.js';

beforeAll(async () => {
  await initBackends();
  await tf.setBackend('wasm');
});

describe('relu gradient on wasm: one kernel, the bits of Step and Multiply', () => {
  it.each([1, 4, 7, 4099])('%i values, with NaN, +-0, +-Infinity in y and dy', async (size) => {
    const y = seededValues(size, 31);
    const dy = seededValues(size, 32);
    const specials = [Number.NaN, 0, -0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e-45, -1e-45];
    for (let i = 0; i < size; i += 3) y[i] = specials[(i / 3) % specials.length]!;
    for (let i = 1; i < size; i += 5) dy[i] = specials[(i * 7) % specials.length]!;
    const [yt, dyt] = [tf.tensor(y), tf.tensor(dy)];
    const ours = reluGradient(dyt, yt);
    const theirs = tf.mul(dyt, tf.step(yt));
    const [a, b] = [new Float32Array(await ours.data()), new Float32Array(await theirs.data())];
    expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
    // dy passes where y > 0 and is zeroed (keeping dy's sign) where it is not.
    const last = size - 1;
    expect(a[last]).toBe(Number.isNaN(y[last]!) ? Number.NaN : y[last]! > 0 ? dy[last] : dy[last]! * 0);
    tf.dispose([yt, dyt, ours, theirs]);
  });

  it('runs as one NnspecReluGradient kernel on wasm', async () => {
    const [y, dy] = [tf.tensor([1, -1, 2]), tf.tensor([3, 4, 5])];
    let dz: tf.Tensor | undefined;
    const profile = await tf.profile(() => {
      dz = reluGradient(dy, y);
    });
    expect(profile.kernels.map((k) => k.name)).toEqual(['NnspecReluGradient']);
    expect(Array.from(dz!.dataSync())).toEqual([3, 0, 5]);
    tf.dispose([y, dy, dz!]);
  });
});
