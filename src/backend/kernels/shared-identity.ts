/**
 * `Identity` on the wasm backend without a copy: the output shares the input's data and adds one
 * reference to it, as TF.js's cpu backend and the wasm package's own `Reshape` do.
 *
 * Why: in a recorded step TF.js clones every tensor a gradient will need (the engine's
 * `saveTensorsForBackwardMode`), and the wasm package's Identity copies the data each time. For
 * the benchmark's conv net that copied a conv layer's whole output several times per step (4% of
 * its training time). Sharing is safe because a tensor's data never changes after it is written:
 * kernels write only the outputs they allocate, and a variable's `assign` takes new data rather
 * than writing into the old.
 */
import type * as tf from '@tensorflow/tfjs';
import { replacementKernel } from './tensor-info.js';

interface RefCounting {
  incRef(dataId: tf.DataId): void;
}

/** The replacement for the wasm package's `Identity` (strings still go to `replaced`). */
export function sharedIdentityConfig(replaced: tf.KernelConfig): tf.KernelConfig {
  return replacementKernel(replaced, (args) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    if (x.dtype === 'string') return replaced.kernelFunc(args);
    (args.backend as unknown as RefCounting).incRef(x.dataId);
    return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
  });
}
