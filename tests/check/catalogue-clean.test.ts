import { describe, expect, it } from 'vitest';
import { defaultCatalogueView } from '../../src/catalogue/catalogue.js';
import { brief, checkText } from './helpers.js';

const catalogue = defaultCatalogueView();

/** A layer call that fits the input shape given, for every catalogue layer. */
const LAYER_CASES: Record<string, { input: string; call: string }> = {
  input: { input: '', call: 'input(shape: [4])' },
  dense: { input: '[4]', call: 'dense(8, activation: relu, use_bias: false, kernel_initializer: he_normal, kernel_regularizer: l2(0.001))' },
  activation: { input: '[4]', call: 'activation(tanh)' },
  flatten: { input: '[2, 2]', call: 'flatten()' },
  reshape: { input: '[4]', call: 'reshape([2, 2])' },
  dropout: { input: '[4]', call: 'dropout(0.5)' },
  gaussian_dropout: { input: '[4]', call: 'gaussian_dropout(0.1)' },
  alpha_dropout: { input: '[4]', call: 'alpha_dropout(0.1)' },
  gaussian_noise: { input: '[4]', call: 'gaussian_noise(0.1)' },
  spatial_dropout1d: { input: '[4, 2]', call: 'spatial_dropout1d(0.2)' },
  batch_norm: { input: '[4]', call: 'batch_norm(momentum: 0.9)' },
  layer_norm: { input: '[4]', call: 'layer_norm()' },
  conv1d: { input: '[8, 2]', call: 'conv1d(4, 3, strides: 1, padding: same, bias_initializer: constant(0.1))' },
  conv2d: { input: '[8, 8, 1]', call: 'conv2d(4, [3, 3], dilation_rate: 2, kernel_regularizer: l1l2(l1: 0.01, l2: 0.01))' },
  max_pool1d: { input: '[8, 2]', call: 'max_pool1d(2)' },
  max_pool2d: { input: '[8, 8, 1]', call: 'max_pool2d(2, strides: 1)' },
  avg_pool1d: { input: '[8, 2]', call: 'avg_pool1d(pool_size: 3, padding: same)' },
  avg_pool2d: { input: '[8, 8, 1]', call: 'avg_pool2d()' },
  global_avg_pool1d: { input: '[8, 2]', call: 'global_avg_pool1d()' },
  global_avg_pool2d: { input: '[8, 8, 1]', call: 'global_avg_pool2d()' },
  global_max_pool1d: { input: '[8, 2]', call: 'global_max_pool1d()' },
  global_max_pool2d: { input: '[8, 8, 1]', call: 'global_max_pool2d()' },
  embedding: { input: '[6]', call: 'embedding(50, 8)' },
  simple_rnn: { input: '[6, 3]', call: 'simple_rnn(8, return_sequences: true)' },
  lstm: { input: '[6, 3]', call: 'lstm(8, dropout: 0.1, recurrent_initializer: orthogonal(1))' },
  gru: { input: '[6, 3]', call: 'gru(8)' },
  spatial_dropout2d: { input: '[8, 8, 2]', call: 'spatial_dropout2d(0.2)' },
  // A merge reads the chain's output and the outputs it names.
  add: { input: '[4]', call: 'h = dense(4)\n  dense(4)\n  add(h)' },
  subtract: { input: '[4]', call: 'h = dense(4)\n  dense(4)\n  subtract(h)' },
  multiply: { input: '[4]', call: 'h = dense(4)\n  dense(4)\n  multiply(h)' },
  average: { input: '[4]', call: 'h = dense(4)\n  dense(4)\n  average(h)' },
  maximum: { input: '[4]', call: 'h = dense(4)\n  dense(4)\n  maximum(h)' },
  minimum: { input: '[4]', call: 'h = dense(4)\n  dense(4)\n  minimum(h)' },
  concatenate: { input: '[4]', call: 'h = dense(4)\n  dense(2)\n  concatenate(h, axis: -1)' },
};

const clean = (text: string) => checkText(text).diagnostics.map(brief);

describe('every catalogue entry checks clean', () => {
  it('has a case for every layer', () => {
    expect(Object.keys(LAYER_CASES).sort()).toEqual([...catalogue.layerNames].sort());
  });

  it.each(Object.entries(LAYER_CASES))('layer %s', (_name, { input, call }) => {
    const body = input ? `  input(shape: ${input})\n  ${call}` : `  ${call}\n  dense(1)`;
    expect(clean(`model m {\n${body}\n}\n`).filter((line) => !line.startsWith('NN2050'))).toEqual([]);
  });

  const trainWith = (settings: string, source = 'synthetic.blobs(classes: 3, features: 4)') =>
    `data d {\n  source: ${source}\n  split: { train: 0.8, validation: 0.2 }\n}\nmodel m {\n  input(shape: [4])\n  dense(3, activation: softmax)\n}\ntrain m on d {\n  epochs: 3\n  ${settings}\n}\n`;

  it.each(catalogue.optimizerNames)('optimizer %s', (name) => {
    expect(clean(trainWith(`loss: categorical_crossentropy\n  optimizer: ${name}(learning_rate: 0.01)`))).toEqual([]);
  });

  it.each(catalogue.scheduleNames)('schedule %s', (name) => {
    expect(clean(trainWith(`loss: categorical_crossentropy\n  optimizer: adam\n  schedule: ${name}()`))).toEqual([]);
  });

  it.each(['categorical_crossentropy', 'sparse_categorical_crossentropy'])('loss %s', (name) => {
    expect(clean(trainWith(`loss: ${name}\n  optimizer: adam\n  metrics: [accuracy, precision, recall, f1, top_k_accuracy(k: 2)]`))).toEqual([]);
  });

  it('loss binary_crossentropy', () => {
    const text = `data d {\n  source: synthetic.moons\n  split: { train: 0.8, validation: 0.2 }\n}\nmodel m {\n  input(shape: [2])\n  dense(1, activation: sigmoid)\n}\ntrain m on d {\n  loss: binary_crossentropy\n  metrics: [accuracy, precision, recall, f1, auc]\n  optimizer: adam\n  epochs: 3\n}\n`;
    expect(clean(text)).toEqual([]);
  });

  it.each(['mean_squared_error', 'mean_absolute_error', 'huber(delta: 0.5)'])('loss %s', (loss) => {
    const text = `data d {\n  source: synthetic.sine\n  split: { train: 0.8, validation: 0.2 }\n}\nmodel m {\n  input(shape: [1])\n  dense(1)\n}\ntrain m on d {\n  loss: ${loss}\n  metrics: [mse, mae, rmse, r2]\n  optimizer: adam\n  epochs: 3\n}\n`;
    expect(clean(text)).toEqual([]);
  });

  const SOURCES: Record<string, { source: string; input: string; units: number }> = {
    'synthetic.spirals': { source: 'synthetic.spirals(samples: 100, classes: 4, noise: 0.1, seed: 1)', input: '[2]', units: 4 },
    'synthetic.moons': { source: 'synthetic.moons(samples: 100)', input: '[2]', units: 2 },
    'synthetic.circles': { source: 'synthetic.circles(factor: 0.3)', input: '[2]', units: 2 },
    'synthetic.xor': { source: 'synthetic.xor', input: '[2]', units: 2 },
    'synthetic.blobs': { source: 'synthetic.blobs(features: 5, classes: 2)', input: '[5]', units: 2 },
    'builtin.digits': { source: 'builtin.digits', input: '[8, 8, 1]', units: 10 },
    'builtin.iris': { source: 'builtin.iris', input: '[4]', units: 3 },
    csv: { source: 'csv(path: "points.csv", label: "y")', input: '[3]', units: 3 },
    idx: { source: 'idx(images: "i.gz", labels: "l.gz")', input: '[28, 28, 1]', units: 10 },
  };

  it('has a case for every classification source', () => {
    expect(Object.keys(SOURCES).sort()).toEqual(catalogue.sourceNames.filter((name) => name !== 'synthetic.sine').sort());
  });

  it.each(Object.entries(SOURCES))('source %s', (_name, { source, input, units }) => {
    const flatten = input.includes(',') ? '\n  flatten()' : '';
    const text = `data d {\n  source: ${source}\n  normalize: standard\n  split: { train: 0.7, validation: 0.15, test: 0.15, stratify: true }\n  limit: 50\n}\nmodel m {\n  input(shape: ${input})${flatten}\n  dense(${units}, activation: softmax)\n}\ntrain m on d {\n  loss: sparse_categorical_crossentropy\n  optimizer: sgd(momentum: 0.9, nesterov: true)\n  epochs: 3\n  batch_size: 8\n  seed: 4\n  shuffle: false\n  early_stopping: { monitor: val_loss, mode: min, min_delta: 0.001, patience: 2, baseline: 1.5, restore_best_weights: true, start_from_epoch: 1 }\n}\n`;
    expect(clean(text)).toEqual([]);
  });
});
