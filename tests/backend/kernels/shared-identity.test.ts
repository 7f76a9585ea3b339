import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackends, seededValues } from './helpers.js';

beforeAll(initBackends);

describe('Identity on wasm shares the data instead of copying it', () => {
  it('a clone holds the same data, without new wasm memory, and outlives its source', async () => {
    await tf.setBackend('wasm');
    const values = seededValues(4096, 3);
    const x = tf.tensor(values, [64, 64]);
    const buffersBefore = (tf.memory() as { numDataBuffers: number }).numDataBuffers;
    const clone = tf.clone(x);
    // One more tensor, but no new data buffer: the clone has its source's data id.
    expect((clone as unknown as { dataId: object }).dataId).toBe((x as unknown as { dataId: object }).dataId);
    expect((tf.memory() as { numDataBuffers: number }).numDataBuffers).toBe(buffersBefore);
    x.dispose();
    expect(Array.from(await clone.data())).toEqual(Array.from(values));
    clone.dispose();
    expect(tf.memory().numTensors).toBe(0);
  });

  it('a variable assigned after a clone leaves the clone as it was', async () => {
    await tf.setBackend('wasm');
    const variable = tf.variable(tf.tensor([1, 2, 3, 4]));
    const snapshot = tf.clone(variable);
    variable.assign(tf.tensor([5, 6, 7, 8]));
    expect(Array.from(await snapshot.data())).toEqual([1, 2, 3, 4]);
    expect(Array.from(await variable.data())).toEqual([5, 6, 7, 8]);
    tf.dispose([variable, snapshot]);
  });

  it('gradients through saved tensors are the cpu backend values, with no tensor left over', async () => {
    const gradients: Float32Array[] = [];
    for (const backend of ['cpu', 'wasm']) {
      await tf.setBackend(backend);
      const before = tf.memory().numTensors;
      const x = tf.tensor4d(seededValues(2 * 6 * 6 * 3, 5), [2, 6, 6, 3]);
      const filter = tf.tensor4d(seededValues(3 * 3 * 3 * 4, 6), [3, 3, 3, 4]);
      // conv2d and relu save their inputs and outputs for the backward pass: the engine clones them.
      const loss = (f: tf.Tensor) =>
        tf
          .relu(tf.conv2d(x, f as tf.Tensor4D, 1, 'valid'))
          .square()
          .sum();
      const grad = tf.grad(loss)(filter);
      gradients.push(new Float32Array(await grad.data()));
      tf.dispose([x, filter, grad]);
      expect(tf.memory().numTensors).toBe(before);
    }
    const [cpu, wasm] = gradients;
    for (let i = 0; i < cpu!.length; i++) expect(Math.abs(cpu![i]! - wasm![i]!)).toBeLessThan(1e-4);
  });
});
