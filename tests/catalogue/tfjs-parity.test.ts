/**
 * The guarantee of the catalogue: for every layer, its output shape and parameter counts equal
 * what TF.js's own layer reports when built on the same input (cpu backend, symbolic inputs:
 * only the weights are allocated).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { IrValue } from '../../src/ir/schema.js';
import { defaultCatalogueView } from '../../src/catalogue/index.js';
import { layer, resolve, run } from './helpers.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

interface Case {
  layer: string;
  input: number[];
  params?: Record<string, IrValue>;
  /** The same layer in TF.js. */
  tfjs: () => tf.layers.Layer;
}

const L = tf.layers;
const CASES: Case[] = [
  { layer: 'dense', input: [64], params: { units: 256 }, tfjs: () => L.dense({ units: 256 }) },
  { layer: 'dense', input: [7], params: { units: 3, use_bias: false }, tfjs: () => L.dense({ units: 3, useBias: false }) },
  { layer: 'activation', input: [5, 4], params: { activation: 'relu' }, tfjs: () => L.activation({ activation: 'relu' }) },
  { layer: 'flatten', input: [8, 8, 3], tfjs: () => L.flatten() },
  { layer: 'reshape', input: [64], params: { target_shape: [8, 8, 1] }, tfjs: () => L.reshape({ targetShape: [8, 8, 1] }) },
  { layer: 'dropout', input: [10], params: { rate: 0.5 }, tfjs: () => L.dropout({ rate: 0.5 }) },
  { layer: 'gaussian_dropout', input: [10], params: { rate: 0.2 }, tfjs: () => L.gaussianDropout({ rate: 0.2 }) },
  { layer: 'alpha_dropout', input: [10], params: { rate: 0.1 }, tfjs: () => L.alphaDropout({ rate: 0.1 }) },
  { layer: 'gaussian_noise', input: [10], params: { stddev: 0.1 }, tfjs: () => L.gaussianNoise({ stddev: 0.1 }) },
  { layer: 'spatial_dropout1d', input: [12, 4], params: { rate: 0.2 }, tfjs: () => L.spatialDropout1d({ rate: 0.2 }) },
  { layer: 'batch_norm', input: [10], tfjs: () => L.batchNormalization() },
  { layer: 'batch_norm', input: [6, 6, 5], params: { center: false }, tfjs: () => L.batchNormalization({ center: false }) },
  { layer: 'layer_norm', input: [10], tfjs: () => L.layerNormalization() },
  { layer: 'layer_norm', input: [4, 10], params: { scale: false }, tfjs: () => L.layerNormalization({ scale: false }) },
  { layer: 'conv1d', input: [20, 8], params: { filters: 16, kernel_size: [3] }, tfjs: () => L.conv1d({ filters: 16, kernelSize: 3 }) },
  {
    layer: 'conv1d',
    input: [21, 3],
    params: { filters: 4, kernel_size: [5], strides: [2], padding: 'same' },
    tfjs: () => L.conv1d({ filters: 4, kernelSize: 5, strides: 2, padding: 'same' }),
  },
  {
    layer: 'conv1d',
    input: [20, 2],
    params: { filters: 4, kernel_size: [3], dilation_rate: [2], use_bias: false },
    tfjs: () => L.conv1d({ filters: 4, kernelSize: 3, dilationRate: 2, useBias: false }),
  },
  { layer: 'conv2d', input: [8, 8, 1], params: { filters: 16, kernel_size: [3, 3] }, tfjs: () => L.conv2d({ filters: 16, kernelSize: 3 }) },
  {
    layer: 'conv2d',
    input: [15, 9, 3],
    params: { filters: 8, kernel_size: [3, 2], strides: [2, 3], padding: 'valid' },
    tfjs: () => L.conv2d({ filters: 8, kernelSize: [3, 2], strides: [2, 3] }),
  },
  {
    layer: 'conv2d',
    input: [15, 9, 3],
    params: { filters: 8, kernel_size: [3, 3], strides: [2, 2], padding: 'same' },
    tfjs: () => L.conv2d({ filters: 8, kernelSize: 3, strides: 2, padding: 'same' }),
  },
  {
    layer: 'conv2d',
    input: [12, 12, 2],
    params: { filters: 3, kernel_size: [3, 3], dilation_rate: [2, 3] },
    tfjs: () => L.conv2d({ filters: 3, kernelSize: 3, dilationRate: [2, 3] }),
  },
  { layer: 'max_pool1d', input: [20, 8], params: { pool_size: [2] }, tfjs: () => L.maxPooling1d({ poolSize: 2 }) },
  {
    layer: 'avg_pool1d',
    input: [21, 8],
    params: { pool_size: [3], strides: [2], padding: 'same' },
    tfjs: () => L.averagePooling1d({ poolSize: 3, strides: 2, padding: 'same' }),
  },
  { layer: 'max_pool2d', input: [27, 26, 4], params: { pool_size: [2, 2] }, tfjs: () => L.maxPooling2d({ poolSize: 2 }) },
  {
    layer: 'avg_pool2d',
    input: [9, 7, 4],
    params: { pool_size: [3, 2], strides: [1, 2] },
    tfjs: () => L.averagePooling2d({ poolSize: [3, 2], strides: [1, 2] }),
  },
  { layer: 'max_pool2d', input: [9, 7, 4], params: { pool_size: [2, 2], padding: 'same' }, tfjs: () => L.maxPooling2d({ poolSize: 2, padding: 'same' }) },
  { layer: 'global_avg_pool1d', input: [20, 8], tfjs: () => L.globalAveragePooling1d() },
  { layer: 'global_max_pool1d', input: [20, 8], tfjs: () => L.globalMaxPooling1d() },
  { layer: 'global_avg_pool2d', input: [7, 7, 6], tfjs: () => L.globalAveragePooling2d({}) },
  { layer: 'global_max_pool2d', input: [7, 7, 6], tfjs: () => L.globalMaxPooling2d({}) },
  { layer: 'embedding', input: [20], params: { input_dim: 100, output_dim: 16 }, tfjs: () => L.embedding({ inputDim: 100, outputDim: 16 }) },
  { layer: 'simple_rnn', input: [10, 8], params: { units: 32 }, tfjs: () => L.simpleRNN({ units: 32 }) },
  {
    layer: 'simple_rnn',
    input: [10, 8],
    params: { units: 5, return_sequences: true, use_bias: false },
    tfjs: () => L.simpleRNN({ units: 5, returnSequences: true, useBias: false }),
  },
  { layer: 'lstm', input: [10, 8], params: { units: 32 }, tfjs: () => L.lstm({ units: 32 }) },
  { layer: 'lstm', input: [6, 3], params: { units: 4, return_sequences: true }, tfjs: () => L.lstm({ units: 4, returnSequences: true }) },
  { layer: 'gru', input: [10, 8], params: { units: 32 }, tfjs: () => L.gru({ units: 32 }) },
  {
    layer: 'gru',
    input: [6, 3],
    params: { units: 4, return_sequences: true, use_bias: false },
    tfjs: () => L.gru({ units: 4, returnSequences: true, useBias: false }),
  },
  // TF.js has no SpatialDropout2D: the same shape as a Dropout whose noise shape spans whole channels.
  { layer: 'spatial_dropout2d', input: [6, 5, 4], params: { rate: 0.2 }, tfjs: () => L.dropout({ rate: 0.2, noiseShape: [1, 1, 1, 4] }) },
];

/** A merge layer on several inputs, and the same merge in TF.js. */
interface MergeCase {
  layer: string;
  inputs: number[][];
  params?: Record<string, IrValue>;
  tfjs: () => tf.layers.Layer;
}

const MERGE_CASES: MergeCase[] = [
  { layer: 'add', inputs: [[8], [8], [8]], tfjs: () => L.add() },
  // TF.js 4 has no `tf.layers.subtract` (the backend builds it); its shape rule is `add`'s.
  {
    layer: 'subtract',
    inputs: [
      [4, 3],
      [4, 3],
    ],
    tfjs: () => L.add(),
  },
  {
    layer: 'multiply',
    inputs: [
      [6, 6, 2],
      [6, 6, 2],
    ],
    tfjs: () => L.multiply(),
  },
  { layer: 'average', inputs: [[5], [5]], tfjs: () => L.average() },
  { layer: 'maximum', inputs: [[5], [5], [5]], tfjs: () => L.maximum() },
  {
    layer: 'minimum',
    inputs: [
      [3, 2],
      [3, 2],
    ],
    tfjs: () => L.minimum(),
  },
  {
    layer: 'concatenate',
    inputs: [
      [8, 8, 16],
      [8, 8, 4],
    ],
    params: { axis: -1 },
    tfjs: () => L.concatenate({ axis: -1 }),
  },
  {
    layer: 'concatenate',
    inputs: [
      [3, 5],
      [7, 5],
    ],
    params: { axis: 1 },
    tfjs: () => L.concatenate({ axis: 1 }),
  },
  {
    layer: 'concatenate',
    inputs: [
      [4, 6, 2],
      [4, 1, 2],
      [4, 3, 2],
    ],
    params: { axis: -2 },
    tfjs: () => L.concatenate({ axis: -2 }),
  },
  { layer: 'concatenate', inputs: [[10], [3]], tfjs: () => L.concatenate() },
];

describe('every merge agrees with TF.js on output shape and parameter counts', () => {
  for (const entry of MERGE_CASES) {
    it(`${entry.layer}(${JSON.stringify(entry.params ?? {})}) on ${JSON.stringify(entry.inputs)}`, () => {
      const view = layer(entry.layer);
      const params = resolve(entry.layer, entry.params ?? {});
      const result = view.merge!.outputShape(entry.inputs, params);
      const built = entry.tfjs();
      const output = built.apply(entry.inputs.map((shape) => tf.input({ shape }))) as tf.SymbolicTensor;
      expect(result).toEqual({ shape: output.shape.slice(1) });
      expect(view.countParams(entry.inputs[0]!, params)).toEqual({ trainable: 0, nonTrainable: 0 });
      expect(built.countParams()).toBe(0);
    });
  }

  const refused: MergeCase[] = [
    { layer: 'add', inputs: [[128], [64]], tfjs: () => L.add() },
    {
      layer: 'multiply',
      inputs: [
        [4, 3],
        [4, 2],
      ],
      tfjs: () => L.multiply(),
    },
    {
      layer: 'concatenate',
      inputs: [
        [8, 8, 16],
        [4, 4, 16],
      ],
      tfjs: () => L.concatenate(),
    },
  ];
  for (const entry of refused) {
    it(`${entry.layer} refuses ${JSON.stringify(entry.inputs)}, as TF.js does`, () => {
      expect(() => entry.tfjs().apply(entry.inputs.map((shape) => tf.input({ shape })))).toThrow();
      const result = layer(entry.layer).merge!.outputShape(entry.inputs, resolve(entry.layer, entry.params ?? {}));
      expect(result).toMatchObject({ input: 1 });
    });
  }

  it('takes the inputs TF.js takes: subtract exactly two, the others two or more', () => {
    expect(layer('subtract').merge).toMatchObject({ minInputs: 2, maxInputs: 2 });
    expect(() => L.add().apply([tf.input({ shape: [2] })])).toThrow();
    for (const name of ['add', 'multiply', 'average', 'maximum', 'minimum', 'concatenate']) {
      expect(layer(name).merge!.minInputs, name).toBe(2);
      expect(layer(name).merge!.maxInputs, name).toBeUndefined();
    }
  });

  it('refuses the batch axis and axes past the rank for concatenate', () => {
    for (const axis of [0, 3, -3]) {
      expect(
        layer('concatenate').merge!.outputShape(
          [
            [4, 2],
            [4, 2],
          ],
          { axis },
        ),
        String(axis),
      ).toMatchObject({ param: 'axis' });
    }
  });
});

function size(shape: readonly (number | null)[]): number {
  return shape.reduce<number>((a, b) => a * (b ?? 0), 1);
}

describe('every layer agrees with TF.js on output shape and parameter counts', () => {
  it('covers every layer of the catalogue except input', () => {
    const covered = new Set([...CASES, ...MERGE_CASES].map((entry) => entry.layer));
    expect(defaultCatalogueView().layerNames.filter((name) => name !== 'input' && !covered.has(name))).toEqual([]);
  });

  for (const entry of CASES) {
    it(`${entry.layer}(${JSON.stringify(entry.params ?? {})}) on [${entry.input.join(', ')}]`, () => {
      const { result, counts } = run(entry.layer, entry.input, entry.params ?? {});
      const built = entry.tfjs();
      const output = built.apply(tf.input({ shape: entry.input })) as tf.SymbolicTensor;
      expect(result).toEqual({ shape: output.shape.slice(1) });
      expect(counts).toEqual({
        trainable: built.trainableWeights.reduce((sum, weight) => sum + size(weight.shape), 0),
        nonTrainable: built.nonTrainableWeights.reduce((sum, weight) => sum + size(weight.shape), 0),
      });
      expect(counts.trainable + counts.nonTrainable).toBe(built.countParams());
      built.dispose();
    });
  }

  it('input keeps the declared shape, like a TF.js input', () => {
    expect(run('input', [8, 8, 1], { shape: [8, 8, 1] }).result).toEqual({ shape: tf.input({ shape: [8, 8, 1] }).shape.slice(1) });
  });
});

describe('where TF.js refuses an input (or builds an empty output), the catalogue reports a shape error first', () => {
  const refused: Case[] = [
    { layer: 'flatten', input: [64], tfjs: () => L.flatten() },
    { layer: 'conv2d', input: [28, 28], params: { filters: 2, kernel_size: [3, 3] }, tfjs: () => L.conv2d({ filters: 2, kernelSize: 3 }) },
    { layer: 'conv1d', input: [64], params: { filters: 2, kernel_size: [3] }, tfjs: () => L.conv1d({ filters: 2, kernelSize: 3 }) },
    { layer: 'max_pool2d', input: [8, 8], params: { pool_size: [2, 2] }, tfjs: () => L.maxPooling2d({ poolSize: 2 }) },
    { layer: 'global_avg_pool1d', input: [8], tfjs: () => L.globalAveragePooling1d() },
    { layer: 'lstm', input: [8], params: { units: 2 }, tfjs: () => L.lstm({ units: 2 }) },
  ];
  for (const entry of refused) {
    it(`${entry.layer} on [${entry.input.join(', ')}]`, () => {
      expect(() => entry.tfjs().apply(tf.input({ shape: entry.input }))).toThrow();
      expect(run(entry.layer, entry.input, entry.params ?? {}).result).toHaveProperty('error');
    });
  }

  it('conv2d with a kernel larger than its input: TF.js builds an empty output', () => {
    const output = L.conv2d({ filters: 2, kernelSize: 3 }).apply(tf.input({ shape: [2, 2, 1] })) as tf.SymbolicTensor;
    expect(output.shape).toEqual([null, 0, 0, 2]);
    expect(run('conv2d', [2, 2, 1], { filters: 2, kernel_size: [3, 3] }).result).toMatchObject({ problem: 'window' });
  });

  it('reshape to another element count: TF.js fails only on real data', () => {
    const x = tf.zeros([1, 64]);
    expect(() => L.reshape({ targetShape: [8, 9] }).apply(x)).toThrow();
    x.dispose();
    expect(run('reshape', [64], { target_shape: [8, 9] }).result).toMatchObject({ problem: 'reshape' });
  });
});

describe('conv with both strides and dilation', () => {
  it('TF.js fails when it runs; the catalogue says so first, at dilation_rate', () => {
    const x = tf.zeros([1, 12, 12, 2]);
    expect(() => L.conv2d({ filters: 2, kernelSize: 3, strides: 2, dilationRate: 2 }).apply(x)).toThrow(/strides or dilations must be 1/);
    x.dispose();
    expect(run('conv2d', [12, 12, 2], { filters: 2, kernel_size: [3, 3], strides: [2, 2], dilation_rate: [2, 2] }).result).toEqual({
      error: '`conv2d` cannot combine `strides` [2, 2] with `dilation_rate` [2, 2]: one of them must be all 1s',
      problem: 'other',
      param: 'dilation_rate',
      help: 'use strides of 1 with a dilation, or a dilation of 1 with strides',
    });
    expect(run('conv1d', [12, 2], { filters: 2, kernel_size: [3], strides: [2], dilation_rate: [1] }).result).toEqual({ shape: [5, 2] });
  });
});

describe("every layer default is TF.js's default, except where the catalogue documents why not", () => {
  const camel = (name: string): string => name.replace(/_(\w)/g, (_match, letter: string) => letter.toUpperCase());
  /** Differences chosen on purpose (each is stated in the layer's `tfjs.note`). */
  const CHOSEN: Record<string, string[]> = { lstm: ['recurrent_activation'], gru: ['recurrent_activation'] };
  const required: Record<string, Record<string, IrValue>> = {
    dense: { units: 2 },
    activation: { activation: 'relu' },
    reshape: { target_shape: [4] },
    dropout: { rate: 0.5 },
    gaussian_dropout: { rate: 0.5 },
    alpha_dropout: { rate: 0.5 },
    gaussian_noise: { stddev: 0.5 },
    spatial_dropout1d: { rate: 0.5 },
    conv1d: { filters: 2, kernel_size: [3] },
    conv2d: { filters: 2, kernel_size: [3, 3] },
    embedding: { input_dim: 3, output_dim: 2 },
    simple_rnn: { units: 2 },
    lstm: { units: 2 },
    gru: { units: 2 },
  };
  const factories: Record<string, (config: Record<string, unknown>) => tf.layers.Layer> = {
    dense: (c) => L.dense(c as never),
    batch_norm: (c) => L.batchNormalization(c as never),
    layer_norm: (c) => L.layerNormalization(c as never),
    conv1d: (c) => L.conv1d(c as never),
    conv2d: (c) => L.conv2d(c as never),
    max_pool1d: () => L.maxPooling1d({ poolSize: 2 }),
    max_pool2d: () => L.maxPooling2d({ poolSize: [2, 2] }),
    avg_pool1d: () => L.averagePooling1d({ poolSize: 2 }),
    avg_pool2d: () => L.averagePooling2d({ poolSize: [2, 2] }),
    embedding: (c) => L.embedding(c as never),
    simple_rnn: (c) => L.simpleRNN(c as never),
    lstm: (c) => L.lstm(c as never),
    gru: (c) => L.gru(c as never),
  };
  for (const [name, make] of Object.entries(factories)) {
    it(name, () => {
      const given = { ...(required[name] ?? {}), ...(name.includes('pool') ? { pool_size: name.endsWith('1d') ? [2] : [2, 2] } : {}) };
      const resolved = resolve(name, given);
      const config = make(Object.fromEntries(Object.entries(required[name] ?? {}).map(([key, value]) => [camel(key), value]))).getConfig() as Record<
        string,
        unknown
      >;
      const layer = defaultCatalogueView().layer(name)!;
      let compared = 0;
      for (const param of layer.params) {
        const value = resolved[param.name];
        // Initializers serialise as TF.js class trees; the backend maps them, so only plain values are compared.
        if (param.type.kind === 'initializer' || CHOSEN[name]?.includes(param.name) || !(camel(param.name) in config)) continue;
        expect(value, `${name}.${param.name}`).toEqual(config[camel(param.name)]);
        compared++;
      }
      expect(compared, name).toBeGreaterThan(0);
      if (CHOSEN[name]) expect(layer.tfjs.note, name).toContain(CHOSEN[name][0]);
    });
  }
});
