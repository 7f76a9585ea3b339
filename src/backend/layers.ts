/**
 * One IR layer as one TF.js layer. Parameter names are the catalogue's (docs/ir.md); the TF.js
 * names are camelCase. Initializers get seeds derived from the spec's seed and the layer's name,
 * so adding a layer does not change the others' initial weights.
 */
import * as tf from '@tensorflow/tfjs';
import type { IrNode, IrValue } from '../ir/schema.js';
import { booleanParam, numberParam, sizesParam, stringParam } from '../ir/read-params.js';
import { deriveSeed } from '../util/seeds.js';
import { createInitializer, createRegularizer } from './initializers.js';
import {
  SeededAlphaDropout,
  SeededDropout,
  SeededGaussianDropout,
  SeededGaussianNoise,
  SeededSpatialDropout1D,
  SeededSpatialDropout2D,
  seededDropoutFunction,
} from './seeded-noise.js';

type AnyLayer = tf.layers.Layer;
type Activation = NonNullable<Parameters<typeof tf.layers.dense>[0]['activation']>;

const ACTIVATIONS: Record<string, Activation> = {
  linear: 'linear',
  relu: 'relu',
  relu6: 'relu6',
  elu: 'elu',
  selu: 'selu',
  sigmoid: 'sigmoid',
  hard_sigmoid: 'hardSigmoid',
  tanh: 'tanh',
  softmax: 'softmax',
  softplus: 'softplus',
  softsign: 'softsign',
  swish: 'swish',
  mish: 'mish',
  gelu: 'gelu',
};

/** The TF.js activation for a catalogue activation name. */
export function activationOf(value: IrValue | undefined): Activation | undefined {
  if (typeof value !== 'string') return undefined;
  const activation = ACTIVATIONS[value];
  if (!activation) throw new Error(`nnspec backend: unknown activation '${value}'`);
  return activation;
}

/**
 * Typed access to an IR node's parameters. The IR's parameters are complete and typed (lowering
 * fills every default from the catalogue, `validateIr` checks them), so a reader has no fallback
 * of its own: a missing or mistyped parameter is a bug, and throws.
 */
class Params {
  constructor(private readonly layer: IrNode) {}
  number(key: string): number {
    return numberParam(this.layer, key);
  }
  bool(key: string): boolean {
    return booleanParam(this.layer, key);
  }
  string<T extends string>(key: string): T {
    return stringParam(this.layer, key) as T;
  }
  sizes(key: string): number[] {
    return sizesParam(this.layer, key);
  }
  /** A parameter of any type (an activation name or null, an initializer call, a regularizer or null). */
  raw(key: string): IrValue {
    const value = this.layer.params[key];
    if (value === undefined) throw new Error(`nnspec backend: ${this.layer.name} (${this.layer.type}) has no parameter '${key}'`);
    return value;
  }
}

/** The weight options (initializers, regularizers) shared by dense, conv and recurrent layers. */
function weightOptions(p: Params, seed: number, name: string, keys: string[]): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const key of keys) {
    const camel = key.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
    if (key.endsWith('_initializer')) {
      const initializer = createInitializer(p.raw(key), deriveSeed(seed, `${name}/${key}`));
      if (initializer) options[camel] = initializer;
    } else {
      const regularizer = createRegularizer(p.raw(key));
      if (regularizer) options[camel] = regularizer;
    }
  }
  return options;
}

const DENSE_WEIGHTS = ['kernel_initializer', 'bias_initializer', 'kernel_regularizer', 'bias_regularizer'];
const RECURRENT_WEIGHTS = [...DENSE_WEIGHTS, 'recurrent_initializer', 'recurrent_regularizer'];

/**
 * Creates the TF.js layer for one IR node (not the `input` node, which becomes the model's
 * input); a merge node's layer (`add`, `concatenate`, ...) takes its inputs as a list. `seed` is
 * the spec's seed: each layer's seeds derive from it and the node's name, so two nodes of the same
 * type and parameters (a block used twice) start from different weights.
 *
 * @throws Error for a layer type the catalogue does not have (a bug: the checker rejects them).
 */
export function createLayer(layer: IrNode, seed: number): AnyLayer {
  const p = new Params(layer);
  const name = layer.name;
  const noiseSeed = deriveSeed(seed, `${name}/noise`);
  switch (layer.type) {
    case 'dense':
      return tf.layers.dense({
        name,
        units: p.number('units'),
        activation: activationOf(p.raw('activation')),
        useBias: p.bool('use_bias'),
        ...weightOptions(p, seed, name, DENSE_WEIGHTS),
      });
    case 'activation':
      return tf.layers.activation({ name, activation: activationOf(p.raw('activation'))! });
    case 'flatten':
      return tf.layers.flatten({ name });
    case 'reshape':
      return tf.layers.reshape({ name, targetShape: p.sizes('target_shape') });
    case 'dropout':
      return new SeededDropout({ name, rate: p.number('rate'), seed: noiseSeed });
    case 'spatial_dropout1d':
      return new SeededSpatialDropout1D({ name, rate: p.number('rate'), seed: noiseSeed });
    case 'spatial_dropout2d':
      return new SeededSpatialDropout2D({ name, rate: p.number('rate'), seed: noiseSeed });
    case 'add':
      return tf.layers.add({ name });
    case 'subtract':
      throw new Error(`nnspec backend: ${name}: subtract is two layers (see applyNode), not one`);
    case 'multiply':
      return tf.layers.multiply({ name });
    case 'average':
      return tf.layers.average({ name });
    case 'maximum':
      return tf.layers.maximum({ name });
    case 'minimum':
      return tf.layers.minimum({ name });
    case 'concatenate': {
      // TF.js's concatenate turns every negative axis into the last one when it runs (while its
      // shape inference counts from the end), so a negative axis is passed counted from the batch.
      const axis = p.number('axis');
      const rank = (layer.inputShapes[0]?.length ?? 0) + 1;
      return tf.layers.concatenate({ name, axis: axis < 0 ? rank + axis : axis });
    }
    case 'gaussian_dropout':
      return new SeededGaussianDropout({ name, rate: p.number('rate'), seed: noiseSeed });
    case 'alpha_dropout':
      return new SeededAlphaDropout({ name, rate: p.number('rate'), seed: noiseSeed });
    case 'gaussian_noise':
      return new SeededGaussianNoise({ name, rate: p.number('stddev'), seed: noiseSeed });
    case 'batch_norm':
      return tf.layers.batchNormalization({
        name,
        momentum: p.number('momentum'),
        epsilon: p.number('epsilon'),
        center: p.bool('center'),
        scale: p.bool('scale'),
      });
    case 'layer_norm':
      return tf.layers.layerNormalization({ name, epsilon: p.number('epsilon'), center: p.bool('center'), scale: p.bool('scale') });
    case 'conv1d':
    case 'conv2d': {
      const options = {
        name,
        filters: p.number('filters'),
        kernelSize: p.sizes('kernel_size'),
        strides: p.sizes('strides'),
        padding: p.string<'valid' | 'same'>('padding'),
        dilationRate: p.sizes('dilation_rate'),
        activation: activationOf(p.raw('activation')),
        useBias: p.bool('use_bias'),
        ...weightOptions(p, seed, name, DENSE_WEIGHTS),
      };
      if (layer.type === 'conv1d') {
        return tf.layers.conv1d({ ...options, kernelSize: options.kernelSize[0]!, strides: options.strides[0]!, dilationRate: options.dilationRate[0]! });
      }
      return tf.layers.conv2d(options as Parameters<typeof tf.layers.conv2d>[0]);
    }
    case 'max_pool1d':
    case 'avg_pool1d': {
      const options = { name, poolSize: p.sizes('pool_size')[0]!, strides: p.sizes('strides')[0]!, padding: p.string<'valid' | 'same'>('padding') };
      return layer.type === 'max_pool1d' ? tf.layers.maxPooling1d(options) : tf.layers.averagePooling1d(options);
    }
    case 'max_pool2d':
    case 'avg_pool2d': {
      const options = {
        name,
        poolSize: p.sizes('pool_size') as [number, number],
        strides: p.sizes('strides') as [number, number],
        padding: p.string<'valid' | 'same'>('padding'),
      };
      return layer.type === 'max_pool2d' ? tf.layers.maxPooling2d(options) : tf.layers.averagePooling2d(options);
    }
    case 'global_avg_pool1d':
    case 'global_average_pool1d':
      return tf.layers.globalAveragePooling1d({ name });
    case 'global_max_pool1d':
      return tf.layers.globalMaxPooling1d({ name });
    case 'global_avg_pool2d':
    case 'global_average_pool2d':
      return tf.layers.globalAveragePooling2d({ name });
    case 'global_max_pool2d':
      return tf.layers.globalMaxPooling2d({ name });
    case 'embedding':
      return tf.layers.embedding({
        name,
        inputDim: p.number('input_dim'),
        outputDim: p.number('output_dim'),
        ...weightOptions(p, seed, name, ['embeddings_initializer', 'embeddings_regularizer']),
      });
    case 'simple_rnn':
    case 'lstm':
    case 'gru': {
      const options = {
        name,
        units: p.number('units'),
        activation: activationOf(p.raw('activation')),
        useBias: p.bool('use_bias'),
        returnSequences: p.bool('return_sequences'),
        dropout: p.number('dropout'),
        recurrentDropout: p.number('recurrent_dropout'),
        dropoutFunc: seededDropoutFunction(noiseSeed),
        ...weightOptions(p, seed, name, RECURRENT_WEIGHTS),
      };
      if (layer.type === 'simple_rnn') return tf.layers.simpleRNN(options);
      const recurrentActivation = activationOf(p.raw('recurrent_activation'));
      // Keras 2's GRU default (reset_after) differs from TF.js's; TF.js has only the original form.
      return layer.type === 'lstm' ? tf.layers.lstm({ ...options, recurrentActivation }) : tf.layers.gru({ ...options, recurrentActivation });
    }
    default:
      throw new Error(`nnspec backend: no TF.js mapping for layer type '${layer.type}'`);
  }
}

/**
 * The suffix of the layer that negates a `subtract` node's second input. TF.js has no Subtract
 * layer, and an nnspec class would not load in plain TF.js, so `subtract(a, b)` is built from two
 * standard, weightless layers: `b` scaled by -1 (`Rescaling`, named `<node>_negate`), then `Add`
 * (named as the node). The parameter count is unchanged (0).
 */
export const NEGATE_SUFFIX = '_negate';

/**
 * Applies one IR node (not the `input` node) to its inputs' symbolic tensors, in the order of
 * `node.inputs`: {@link createLayer}'s layer, called on one tensor or, for a merge, on the list.
 */
export function applyNode(node: IrNode, inputs: tf.SymbolicTensor[], seed: number): tf.SymbolicTensor {
  if (node.type === 'subtract') {
    if (inputs.length !== 2) throw new Error(`nnspec backend: ${node.name} subtracts ${inputs.length} inputs; subtract takes exactly 2`);
    const negated = tf.layers.rescaling({ name: `${node.name}${NEGATE_SUFFIX}`, scale: -1, offset: 0 }).apply(inputs[1]!) as tf.SymbolicTensor;
    return tf.layers.add({ name: node.name }).apply([inputs[0]!, negated]) as tf.SymbolicTensor;
  }
  const layer = createLayer(node, seed);
  return layer.apply(inputs.length === 1 ? inputs[0]! : inputs) as tf.SymbolicTensor;
}
