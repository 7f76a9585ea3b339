/** Rebuilding the optimizer in a worker, exactly as the main thread's. */
import * as tf from '@tensorflow/tfjs';

export interface OptimizerDescription {
  className: string;
  config: unknown;
  state: { name: string; shape: number[]; values: Float32Array }[];
}

/** What a worker needs to rebuild `optimizer` exactly (class, config and, when it has stepped, its state). */
export async function describeOptimizer(optimizer: tf.Optimizer): Promise<OptimizerDescription> {
  const weights = await optimizer.getWeights();
  const state = await Promise.all(weights.map(async (w) => ({ name: w.name, shape: w.tensor.shape, values: new Float32Array(await w.tensor.data()) })));
  // getWeights returns the slot variables themselves and a new scalar for the step count: the
  // scalar is ours to free (it leaked one tensor per parallel trainer and per thread measurement).
  for (const w of weights) if (!(w.tensor instanceof tf.Variable)) w.tensor.dispose();
  return { className: optimizer.getClassName(), config: optimizer.getConfig(), state };
}

export async function optimizerFromConfig(d: OptimizerDescription): Promise<tf.Optimizer> {
  const map = tf.serialization.SerializationMap.getMap().classNameMap as Record<
    string,
    [tf.serialization.SerializableConstructor<tf.serialization.Serializable>, tf.serialization.FromConfigMethod<tf.serialization.Serializable>]
  >;
  const entry = map[d.className];
  if (!entry) throw new Error(`optimizer class ${d.className} is not registered in the worker`);
  const optimizer = entry[1](entry[0], d.config as tf.serialization.ConfigDict) as unknown as tf.Optimizer;
  if (d.state.length > 0) {
    const tensors = d.state.map((w) => ({ name: w.name, tensor: tf.tensor(w.values, w.shape) }));
    await optimizer.setWeights(tensors);
    // setWeights reads the step count and makes its slot variables from these (a variable holds
    // its own reference to the data), so they are ours to free.
    tf.dispose(tensors.map((w) => w.tensor));
  }
  return optimizer;
}
