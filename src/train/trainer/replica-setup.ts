/** Rebuilding the optimizer and the per-replica random streams in a worker. */
import * as tf from '@tensorflow/tfjs';
import { createRandom } from '../random.js';

export interface OptimizerDescription {
  className: string;
  config: unknown;
  state: { name: string; shape: number[]; values: Float32Array }[];
}

/** What a worker needs to rebuild `optimizer` exactly (class, config and, when it has stepped, its state). */
export async function describeOptimizer(optimizer: tf.Optimizer): Promise<OptimizerDescription> {
  const weights = await optimizer.getWeights();
  const state = await Promise.all(
    weights.map(async (w) => ({ name: w.name, shape: w.tensor.shape, values: new Float32Array(await w.tensor.data()) })),
  );
  return { className: optimizer.getClassName(), config: optimizer.getConfig(), state };
}

export async function optimizerFromConfig(d: OptimizerDescription): Promise<tf.Optimizer> {
  const map = tf.serialization.SerializationMap.getMap().classNameMap as Record<string, [tf.serialization.SerializableConstructor<tf.serialization.Serializable>, tf.serialization.FromConfigMethod<tf.serialization.Serializable>]>;
  const entry = map[d.className];
  if (!entry) throw new Error(`optimizer class ${d.className} is not registered in the worker`);
  const optimizer = entry[1](entry[0], d.config as tf.serialization.ConfigDict) as unknown as tf.Optimizer;
  if (d.state.length > 0) {
    await optimizer.setWeights(d.state.map((w) => ({ name: w.name, tensor: tf.tensor(w.values, w.shape) })));
  }
  return optimizer;
}

/**
 * The model topology for replica `index` with every numeric `seed` in a layer config replaced
 * by one derived from (seed, replica): replicas then draw independent dropout masks for their
 * different rows instead of repeating replica 0's. Replica 0 keeps the original seeds.
 */
export function deriveReplicaSeeds(topology: unknown, seed: number, index: number): unknown {
  if (index === 0) return topology;
  const random = createRandom(seed).fork(`trainer/replica-${index}`);
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        out[k] = k === 'seed' && typeof v === 'number' ? (v + random.fork(String(v)).int(1 << 30)) % 2 ** 31 : walk(v);
      }
      return out;
    }
    return value;
  };
  return walk(topology);
}
