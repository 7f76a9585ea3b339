import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NNSPEC_WASM_KERNELS, registerMissingWasmKernels } from '../../../src/backend/kernels/index.js';
import { seededValues } from './helpers.js';

// This file (its own process) registers only after the wasm backend is running, the opposite
// order to the other kernel tests.
describe('registerMissingWasmKernels after the wasm backend is set', () => {
  it('registers everything and both Conv2DBackpropInput paths work', async () => {
    const require = createRequire(import.meta.url);
    setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'))}/dist/`);
    await tf.setBackend('wasm');
    await tf.ready();
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined();
    registerMissingWasmKernels();
    registerMissingWasmKernels();
    for (const k of NNSPEC_WASM_KERNELS) expect(tf.getKernel(k.kernelName, 'wasm')).toBe(k);

    const dy = tf.tensor4d(seededValues(16, 1), [1, 2, 2, 4]);
    const filter = tf.tensor4d(seededValues(3 * 3 * 2 * 4, 2), [3, 3, 2, 4]);
    const nhwc = tf
      .engine()
      .runKernel('Conv2DBackpropInput', { dy, filter }, { strides: 2, pad: 'same', dataFormat: 'NHWC', inputShape: [1, 4, 4, 2] }) as tf.Tensor;
    const nchw = tf
      .engine()
      .runKernel(
        'Conv2DBackpropInput',
        { dy: tf.transpose(dy, [0, 3, 1, 2]), filter },
        { strides: 2, pad: 'same', dataFormat: 'NCHW', inputShape: [1, 2, 4, 4] },
      ) as tf.Tensor;
    const a = await nhwc.data();
    const b = await tf.transpose(nchw, [0, 2, 3, 1]).data();
    expect(Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i]!)))).toBeLessThan(1e-4);
  });
});
