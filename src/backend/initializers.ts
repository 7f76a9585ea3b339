/**
 * IR initializers and regularizers as TF.js objects. Every random initializer gets a seed, so
 * the same spec always starts from the same weights (TF.js's unseeded ones use Math.random).
 */
import * as tf from '@tensorflow/tfjs';
import type { IrValue } from '../ir/schema.js';
import { numberParam } from '../ir/read-params.js';

type Initializer = ReturnType<typeof tf.initializers.zeros>;
type Regularizer = ReturnType<typeof tf.regularizers.l1l2>;

interface IrCallValue {
  type: string;
  params: Record<string, IrValue>;
}

function asCall(value: IrValue | undefined): IrCallValue | undefined {
  if (value === null || value === undefined || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const type = value.type;
  const params = value.params;
  if (typeof type !== 'string') return undefined;
  return { type, params: params !== null && typeof params === 'object' && !Array.isArray(params) ? params : {} };
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
  // A validated call carries every parameter (lowering filled the catalogue's defaults).
  const n = (name: string): number => numberParam(call, name);
  switch (call.type) {
    case 'zeros':
      return tf.initializers.zeros();
    case 'ones':
      return tf.initializers.ones();
    case 'constant':
      return tf.initializers.constant({ value: n('value') });
    case 'random_normal':
      return tf.initializers.randomNormal({ mean: n('mean'), stddev: n('stddev'), seed });
    case 'random_uniform':
      return tf.initializers.randomUniform({ minval: n('minval'), maxval: n('maxval'), seed });
    case 'truncated_normal':
      return tf.initializers.truncatedNormal({ mean: n('mean'), stddev: n('stddev'), seed });
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
      return tf.initializers.orthogonal({ gain: n('gain'), seed });
    default:
      throw new Error(`nnspec backend: unknown initializer '${call.type}'`);
  }
}

/** The TF.js regularizer for an IR regularizer (`l1`, `l2`, `l1l2`), or undefined for `null`. */
export function createRegularizer(value: IrValue | undefined): Regularizer | undefined {
  const call = asCall(value);
  if (!call) return undefined;
  switch (call.type) {
    case 'l1':
      return tf.regularizers.l1({ l1: numberParam(call, 'l1') });
    case 'l2':
      return tf.regularizers.l2({ l2: numberParam(call, 'l2') });
    case 'l1l2':
      return tf.regularizers.l1l2({ l1: numberParam(call, 'l1'), l2: numberParam(call, 'l2') });
    default:
      throw new Error(`nnspec backend: unknown regularizer '${call.type}'`);
  }
}
