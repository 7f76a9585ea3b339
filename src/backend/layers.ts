/**
 * One IR layer as one TF.js layer. Parameter names are the catalogue's (docs/ir.md); the TF.js
 * names are camelCase. Initializers get seeds derived from the spec's seed and the layer's name,
 * so adding a layer does not change the others' initial weights.
 */
import * as tf from '@tensorflow/tfjs';
import type { IrNode, IrValue } from '../ir/schema.js';
import { createInitializer, createRegularizer } from './initializers.js';
import {
  SeededAlphaDropout,
  SeededDropout,
  SeededGaussianDropout,
  SeededGaussianNoise,
  SeededSpatialDropout1D,
  seededDropoutFunction,
} from './seeded-noise.js';

type AnyLayer = tf.layers.Layer;
type Activation = NonNullable<Parameters<typeof tf.layers.dense>[0]['activation']>;

/** Derives a stable 31-bit seed from the spec seed and a label (FNV-1a). */
export function deriveSeed(seed: number, label: string): number {
  let hash = 0x811c9dc5 ^ (seed >>> 0);
  for (let index = 0; index < label.length; index++) {
    hash ^= label.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % 2147483647;
}

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

/** Typed access to an IR layer's resolved parameters. */
class Params {
  constructor(private readonly layer: IrNode) {}
  number(key: string): number {
    const value = this.layer.params[key];
    if (typeof value !== 'number') throw new Error(`nnspec backend: ${this.layer.name}.${key} is not a number`);
    return value;
  }
  bool(key: string, fallback: boolean): boolean {
    const value = this.layer.params[key];
    return typeof value === 'boolean' ? value : fallback;
  }
  string<T extends string>(key: string, fallback: T): T {
    const value = this.layer.params[key];
    return (typeof value === 'string' ? value : fallback) as T;
  }
  sizes(key: string): number[] {
    const value = this.layer.params[key];
    if (typeof value === 'number') return [value];
    if (!Array.isArray(value)) throw new Error(`nnspec backend: ${this.layer.name}.${key} is not a list of sizes`);
    return value.map((item) => Number(item));
  }
  raw(key: string): IrValue | undefined {
    return this.layer.params[key];
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
 * Creates the TF.js layer for one IR layer (not the `input` layer, which becomes the model's
 * input). `seed` is the spec's seed.
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
        useBias: p.bool('use_bias', true),
        ...weightOptions(p, seed, name, DENSE_WEIGHTS),
      });
    case 'activation':
      return tf.layers.activation({ name, activation: activationOf(p.raw('activation'))! });
    case 'flatten':
      return tf.layers.flatten({ name });
    case 'reshape':
      return tf.layers.reshape({ name, targetShape: p.sizes('target_shape') });
    case 'dropout':
      return new SeededDropout({ name, rate: p.number('rate'), seed: noiseSeed }) ;
    case 'spatial_dropout1d':
      return new SeededSpatialDropout1D({ name, rate: p.number('rate'), seed: noiseSeed }) ;
    case 'gaussian_dropout':
      return new SeededGaussianDropout({ name, rate: p.number('rate'), seed: noiseSeed }) ;
    case 'alpha_dropout':
      return new SeededAlphaDropout({ name, rate: p.number('rate'), seed: noiseSeed }) ;
    case 'gaussian_noise':
      return new SeededGaussianNoise({ name, rate: p.number('stddev'), seed: noiseSeed }) ;
    case 'batch_norm':
      return tf.layers.batchNormalization({
        name,
        momentum: p.number('momentum'),
        epsilon: p.number('epsilon'),
        center: p.bool('center', true),
        scale: p.bool('scale', true),
      });
    case 'layer_norm':
      return tf.layers.layerNormalization({ name, epsilon: p.number('epsilon'), center: p.bool('center', true), scale: p.bool('scale', true) });
    case 'conv1d':
    case 'conv2d': {
      const options = {
        name,
        filters: p.number('filters'),
        kernelSize: p.sizes('kernel_size'),
        strides: p.sizes('strides'),
        padding: p.string<'valid' | 'same'>('padding', 'valid'),
        dilationRate: p.sizes('dilation_rate'),
        activation: activationOf(p.raw('activation')),
        useBias: p.bool('use_bias', true),
        ...weightOptions(p, seed, name, DENSE_WEIGHTS),
      };
      if (layer.type === 'conv1d') {
        return tf.layers.conv1d({ ...options, kernelSize: options.kernelSize[0]!, strides: options.strides[0]!, dilationRate: options.dilationRate[0]! });
      }
      return tf.layers.conv2d(options as Parameters<typeof tf.layers.conv2d>[0]);
    }
    case 'max_pool1d':
    case 'avg_pool1d': {
      const options = { name, poolSize: p.sizes('pool_size')[0]!, strides: p.sizes('strides')[0]!, padding: p.string<'valid' | 'same'>('padding', 'valid') };
      return layer.type === 'max_pool1d' ? tf.layers.maxPooling1d(options) : tf.layers.averagePooling1d(options);
    }
    case 'max_pool2d':
    case 'avg_pool2d': {
      const options = {
        name,
        poolSize: p.sizes('pool_size') as [number, number],
        strides: p.sizes('strides') as [number, number],
        padding: p.string<'valid' | 'same'>('padding', 'valid'),
      };
      return layer.type === 'max_pool2d' ? tf.layers.maxPooling2d(options) : tf.layers.averagePooling2d(options);
    }
    case 'global_avg_pool1d':
      return tf.layers.globalAveragePooling1d({ name });
    case 'global_max_pool1d':
      return tf.layers.globalMaxPooling1d({ name });
    case 'global_avg_pool2d':
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
        useBias: p.bool('use_bias', true),
        returnSequences: p.bool('return_sequences', false),
        dropout: typeof p.raw('dropout') === 'number' ? p.number('dropout') : 0,
        recurrentDropout: typeof p.raw('recurrent_dropout') === 'number' ? p.number('recurrent_dropout') : 0,
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
