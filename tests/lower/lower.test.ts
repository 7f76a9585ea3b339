import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/check/check.js';
import { lower } from '../../src/lower/index.js';
import { validateIr } from '../../src/ir/validate.js';
import { parseClean } from '../check/parse-clean.js';

function lowerText(text: string) {
  const checked = check(parseClean(text));
  expect(checked.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return lower(checked.value);
}

describe('lowering specs/digits.nn', () => {
  const [document] = lowerText(readFileSync('specs/digits.nn', 'utf8')).value;

  it('names, shapes and counts every layer', () => {
    expect(document.model.nodes.map((layer) => [layer.name, layer.type, layer.outputShape, layer.trainableParams])).toEqual([
      ['input_1', 'input', [64], 0],
      ['dense_1', 'dense', [256], 16_640],
      ['dropout_1', 'dropout', [256], 0],
      ['dense_2', 'dense', [128], 32_896],
      ['dropout_2', 'dropout', [128], 0],
      ['dense_3', 'dense', [10], 1_290],
    ]);
    expect(document.model.trainableParams).toBe(50_826);
    expect(document.model.nonTrainableParams).toBe(0);
    expect(document.model.inputShape).toEqual([64]);
    expect(document.model.outputShape).toEqual([10]);
  });

  it('fills every parameter with its default, normalised as docs/ir.md says', () => {
    expect(document.model.nodes[1].params).toEqual({
      units: 256,
      activation: 'relu',
      use_bias: true,
      kernel_initializer: { type: 'glorot_uniform', params: {} },
      bias_initializer: { type: 'zeros', params: {} },
      kernel_regularizer: null,
      bias_regularizer: null,
    });
    expect(document.model.nodes[2].params).toEqual({ rate: 0.2 });
  });

  it('carries the training of the train declaration', () => {
    expect(document.training).toMatchObject({
      loss: { type: 'categorical_crossentropy', params: {} },
      metrics: ['accuracy'],
      optimizer: { type: 'adam', params: { learning_rate: 0.001, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7 } },
      schedule: null,
      epochs: 200,
      batchSize: 32,
      earlyStopping: {
        monitor: 'val_loss',
        mode: 'min',
        minDelta: 0.0001,
        patience: 20,
        baseline: null,
        restoreBestWeights: true,
        startFromEpoch: 0,
        rule: { type: 'patience', params: {} },
      },
      seed: 42,
      shuffle: true,
    });
    expect(document.training?.data).toMatchObject({
      name: 'digits',
      source: { type: 'builtin.digits', params: {} },
      normalize: 'minmax',
      split: { train: 0.6, validation: 0.2, test: 0.2, stratify: true },
      limit: null,
      featureShape: [64],
      classes: 10,
      task: 'classification',
    });
  });
});

describe('lowering normalisation', () => {
  it('lowers sizes to lists and pool strides to the pool size', () => {
    const [document] = lowerText(readFileSync('specs/digits-conv.nn', 'utf8')).value;
    const conv = document.model.nodes.find((layer) => layer.name === 'conv2d_1');
    expect(conv?.params).toMatchObject({ filters: 16, kernel_size: [3, 3], strides: [1, 1], padding: 'same', dilation_rate: [1, 1] });
    expect(conv?.trainableParams).toBe(160);
    const pool = document.model.nodes.find((layer) => layer.name === 'max_pool2d_1');
    expect(pool?.params).toEqual({ pool_size: [2, 2], strides: [2, 2], padding: 'valid' });
    expect(pool?.outputShape).toEqual([4, 4, 16]);
  });

  it('unrolls repeat blocks with per-type numbering', () => {
    const [document] = lowerText(readFileSync('specs/spirals.nn', 'utf8')).value;
    expect(document.model.nodes.map((layer) => layer.name)).toEqual(['input_1', 'dense_1', 'dense_2', 'dense_3']);
  });

  it('counts batch_norm weights as TF.js does (moving statistics not trainable)', () => {
    const text = 'model m {\n  input(shape: [8])\n  batch_norm()\n  dense(2)\n}\n';
    const [document] = lower(check(parseClean(text)).value).value;
    expect(document.model.nodes[1]).toMatchObject({ trainableParams: 16, nonTrainableParams: 16 });
    expect(document.training).toBeNull();
  });

  it('reports a model that does not exist', () => {
    const checked = check(parseClean(readFileSync('specs/iris.nn', 'utf8')));
    const result = lower(checked.value, { model: 'nope' });
    expect(result.value).toEqual([]);
    expect(result.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual(['NN4403 no model `nope` in the spec']);
  });
});

describe('validateIr', () => {
  const [document] = lowerText(readFileSync('specs/digits.nn', 'utf8')).value;
  const copy = () => JSON.parse(JSON.stringify(document));

  it('accepts a lowered document', () => {
    expect(validateIr(copy()).diagnostics).toEqual([]);
  });

  it('names the path of a bad value', () => {
    const bad = copy();
    bad.model.nodes[2].trainableParams = 'many';
    expect(validateIr(bad).diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual(['NN4401 model.nodes[2].trainableParams: expected a number']);
  });

  it('refuses a hand-written document deeper than TF.js can build (its stack overflows past about 4,400 layers)', () => {
    const deep = copy();
    const last = deep.model.nodes[deep.model.nodes.length - 1];
    deep.model.nodes = Array.from({ length: 3001 }, (_, index) => ({ ...last, name: `dense_${index + 1}` }));
    expect(validateIr(deep)).toMatchObject({
      value: undefined,
      diagnostics: [{ code: 'NN4401', message: 'model.nodes: 3,001 layers, more than the 3,000 TF.js can build' }],
    });
  });

  it('names the path of a missing field', () => {
    const bad = copy();
    delete bad.training.earlyStopping.patience;
    expect(validateIr(bad).diagnostics.map((d) => d.message)).toEqual([
      'training.earlyStopping.patience: missing (lowering writes every field and parameter; compile the spec again)',
    ]);
  });

  it('rejects older and newer versions clearly', () => {
    expect(validateIr({ ...copy(), version: 0 }).diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      'NN4402 version: IR version 0 is older than the version this nnspec reads (3)',
    ]);
    expect(validateIr({ ...copy(), version: 4 }).diagnostics[0].message).toBe('version: IR version 4 is newer than the version this nnspec reads (3)');
  });

  it('rejects something that is not an IR document', () => {
    expect(validateIr([]).diagnostics[0].message).toBe('an IR document must be a JSON object');
    expect(validateIr({ format: 'other' }).value).toBeUndefined();
  });
});

describe('lowering data and schedules', () => {
  it('tells the runner what the model expects of a CSV source', () => {
    const text = `data points {\n  source: csv(path: "points.csv", label: "kind")\n  split: { train: 0.8, validation: 0.2 }\n}\nmodel m {\n  input(shape: [3])\n  dense(4, activation: softmax)\n}\ntrain m on points {\n  loss: categorical_crossentropy\n  optimizer: adam\n  epochs: 4\n  schedule: cosine_decay(min_lr: 0.0001)\n}\n`;
    const [document] = lowerText(text).value;
    expect(document.training?.data).toMatchObject({
      source: { type: 'csv', params: { path: 'points.csv', label: 'kind' } },
      featureShape: [3],
      classes: 4,
      task: 'classification',
    });
    expect(document.training?.schedule).toEqual({ type: 'cosine_decay', params: { epochs: 4, min_lr: 0.0001 } });
  });

  it('nests a separate test set as its own data', () => {
    const text = `data t {\n  source: builtin.iris\n}\ndata d {\n  source: builtin.iris\n  split: { train: 0.8, validation: 0.2, test: t }\n}\nmodel m {\n  input(shape: [4])\n  dense(3, activation: softmax)\n}\ntrain m on d {\n  loss: sparse_categorical_crossentropy\n  optimizer: rmsprop\n  epochs: 2\n}\n`;
    const [document] = lowerText(text).value;
    const split = document.training?.data.split;
    expect(split?.train).toBe(0.8);
    expect(typeof split?.test === 'object' && split.test.name).toBe('t');
  });
});
