/**
 * IR initializers and regularizers as TF.js objects. Every random initializer gets a seed, so
 * the same spec always starts from the same weights (TF.js's unseeded ones use Math.random).
 */
import * as tf from '@tensorflow/tfjs';
import type { IrValue } from '../ir/schema.js';

type Initializer = ReturnType<typeof tf.initializers.zeros>;
type Regularizer = ReturnType<typeof tf.regularizers.l1l2>;

interface IrCallValue {
  type: string;
  params: Record<string, IrValue>;
}

function asCall(value: IrValue | undefined): IrCallValue | undefined {
  if (value === null || value === undefined || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const type = value['type'];
  const params = value['params'];
  if (typeof type !== 'string') return undefined;
  return { type, params: params !== null && typeof params === 'object' && !Array.isArray(params) ? params : {} };
}

function num(params: Record<string, IrValue>, key: string, fallback: number): number {
  const value = params[key];
  return typeof value === 'number' ? value : fallback;
}

/**
 * The TF.js initializer for an IR initializer `{ type, params }` with `seed`; undefined when
 * the value is absent (TF.js's default then applies, which never happens for lowered IR).
 *
 * @throws Error for an initializer the catalogue does not have (a bug: the checker rejects them).
 */
export function createInitializer(value: IrValue | undefined, seed: number): Initializer | undefined {
  const call = asCall(value);
  if (!call) return undefined;
  const p = call.params;
  switch (call.type) {
    case 'zeros':
      return tf.initializers.zeros();
    case 'ones':
      return tf.initializers.ones();
    case 'constant':
      return tf.initializers.constant({ value: num(p, 'value', 0) });
    case 'random_normal':
      return tf.initializers.randomNormal({ mean: num(p, 'mean', 0), stddev: num(p, 'stddev', 0.05), seed });
    case 'random_uniform':
      return tf.initializers.randomUniform({ minval: num(p, 'minval', -0.05), maxval: num(p, 'maxval', 0.05), seed });
    case 'truncated_normal':
      return tf.initializers.truncatedNormal({ mean: num(p, 'mean', 0), stddev: num(p, 'stddev', 0.05), seed });
    case 'glorot_uniform':
      return tf.initializers.glorotUniform({ seed });
    case 'glorot_normal':
      return tf.initializers.glorotNormal({ seed });
    case 'he_uniform':
      return tf.initializers.heUniform({ seed });
    case 'he_normal':
      return tf.initializers.heNormal({ seed });
    case 'lecun_uniform':
      return tf.initializers.leCunUniform({ seed });
    case 'lecun_normal':
      return tf.initializers.leCunNormal({ seed });
    case 'orthogonal':
      return tf.initializers.orthogonal({ gain: num(p, 'gain', 1), seed });
    default:
      throw new Error(`nnspec backend: unknown initializer '${call.type}'`);
  }
}

/** The TF.js regularizer for an IR regularizer (`l1`, `l2`, `l1l2`), or undefined for `null`. */
export function createRegularizer(value: IrValue | undefined): Regularizer | undefined {
  const call = asCall(value);
  if (!call) return undefined;
  const l1 = num(call.params, 'l1', 0);
  const l2 = num(call.params, 'l2', 0);
  switch (call.type) {
    case 'l1':
      return tf.regularizers.l1({ l1: l1 || num(call.params, 'value', 0) });
    case 'l2':
      return tf.regularizers.l2({ l2: l2 || num(call.params, 'value', 0) });
    case 'l1l2':
      return tf.regularizers.l1l2({ l1, l2 });
    default:
      throw new Error(`nnspec backend: unknown regularizer '${call.type}'`);
  }
}
