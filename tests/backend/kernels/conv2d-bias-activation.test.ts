import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONV_BUILDS, initBackends, maxAbsDiff, onConvBuild, seededValues } from './helpers.js';

beforeAll(initBackends);

/** A conv2d layer with seeded weights, its input, and the kernels one gradient step runs on `backend`. */
async function gradientStep(backend: string, activation: 'relu' | 'linear' | 'tanh') {
  await tf.setBackend(backend);
  const layer = tf.layers.conv2d({ filters: 6, kernelSize: 3, padding: 'same', activation, name: `conv_${activation}` });
  const x = tf.tensor4d(seededValues(2 * 6 * 5 * 3, 11), [2, 6, 5, 3]);
  layer.build(x.shape);
  layer.setWeights([tf.tensor4d(seededValues(3 * 3 * 3 * 6, 12), [3, 3, 3, 6]), tf.tensor1d(seededValues(6, 13))]);
  const kernels: string[] = [];
  let values: Float32Array[] = [];
  const profile = await tf.profile(() => {
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(layer.apply(x) as tf.Tensor)) as tf.Scalar);
    values = [value, ...Object.values(grads)].map((t) => t.dataSync() as Float32Array);
    tf.dispose([value, ...Object.values(grads)]);
  });
  kernels.push(...profile.kernels.map((k) => k.name));
  tf.dispose([x, ...layer.getWeights()]);
  return { kernels, values };
}

describe.each(CONV_BUILDS)('conv2d layers with a relu or linear activation on wasm ($name)', ({ fusedMultiplyAdd }) => {
  onConvBuild(fusedMultiplyAdd);

  it('run convolution, bias and relu as one kernel, and learn what the cpu backend learns', async () => {
    const wasm = await gradientStep('wasm', 'relu');
    const cpu = await gradientStep('cpu', 'relu');
    expect(wasm.kernels).toContain('NnspecConv2DBiasActivation');
    expect(wasm.kernels).not.toContain('Relu');
    expect(wasm.kernels).not.toContain('Conv2D');
    expect(cpu.kernels).not.toContain('NnspecConv2DBiasActivation');
    // The loss, then the kernel and bias gradients.
    expect(wasm.values.map((v) => v.length)).toEqual([1, 162, 6]);
    for (let i = 0; i < cpu.values.length; i++) {
      const scale = cpu.values[i]!.reduce((largest, v) => Math.max(largest, Math.abs(v)), 1);
      expect(maxAbsDiff(cpu.values[i]!, wasm.values[i]!) / scale).toBeLessThanOrEqual(1e-5);
    }
  });
});

describe('conv2d layers with other activations on wasm', () => {
  it('keep TF.js path', async () => {
    const wasm = await gradientStep('wasm', 'tanh');
    expect(wasm.kernels).not.toContain('NnspecConv2DBiasActivation');
    expect(wasm.kernels).toContain('Tanh');
  });
});
