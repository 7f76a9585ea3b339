import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultCatalogueView, describeKind, describeParam, suggest } from '../../src/catalogue/index.js';
import type { EntryView, ParamView } from '../../src/catalogue/index.js';
import { createSchedule } from '../../src/train/schedules.js';
import type { IrValue } from '../../src/ir/schema.js';
import { SYNTHETIC_DEFAULTS } from '../../src/train/data/synthetic-source.js';
import { repoRoot } from '../support/repo-root.js';

const catalogue = defaultCatalogueView();

function defaults(entry: EntryView | undefined): Record<string, unknown> {
  if (!entry) throw new Error('missing entry');
  return Object.fromEntries(entry.params.filter((param) => !param.required).map((param) => [param.name, param.default]));
}

function paramOf(entry: EntryView | undefined, name: string): ParamView {
  const found = entry?.params.find((param) => param.name === name);
  if (!found) throw new Error(`no parameter ${name}`);
  return found;
}

describe('the catalogue matches docs/ir.md', () => {
  const irDoc = readFileSync(path.join(repoRoot, 'docs', 'ir.md'), 'utf8');

  it('every layer has exactly the parameters the IR contract lists, in its order', () => {
    const table = irDoc.slice(irDoc.indexOf('| layer | parameters |'), irDoc.indexOf('Activations:'));
    const rows = table.split('\n').filter((line) => /^\| `/.test(line));
    const expected = new Map<string, string[]>();
    for (const row of rows) {
      const [layers, params] = row
        .split('|')
        .slice(1, 3)
        .map((cell) => cell.trim());
      const names = [...params.matchAll(/`(\w+)`/g)].map((match) => match[1]);
      for (const layerMatch of layers.matchAll(/`([\w*]+)`/g)) {
        const pattern = layerMatch[1];
        for (const name of catalogue.layerNames.filter((candidate) => new RegExp(`^${pattern.replace('*', '\\w+')}$`).test(candidate))) {
          expected.set(name, params.startsWith('as `simple_rnn`') ? [...expected.get('simple_rnn')!, ...names.slice(1)] : names);
        }
      }
    }
    expect([...expected.keys()].sort()).toEqual([...catalogue.layerNames].sort());
    for (const [name, params] of expected) {
      expect(new Set(catalogue.layer(name)!.params.map((param) => param.name)), name).toEqual(new Set(params));
    }
  });

  it('activations and initializers are the IR lists', () => {
    const list = (label: string): string[] => {
      const line = irDoc.split('\n').find((text) => text.startsWith(label))!;
      return [...line.matchAll(/`(\w+)/g)].map((match) => match[1]);
    };
    expect(catalogue.activationNames).toEqual(list('Activations:'));
    expect(catalogue.initializerNames).toEqual(list('Initializers:'));
  });
});

describe('defaults are Keras/TF.js defaults and what the runner implements', () => {
  it('layers', () => {
    expect(defaults(catalogue.layer('dense'))).toEqual({
      activation: 'linear',
      use_bias: true,
      kernel_initializer: { type: 'glorot_uniform', params: {} },
      bias_initializer: { type: 'zeros', params: {} },
      kernel_regularizer: null,
      bias_regularizer: null,
    });
    expect(defaults(catalogue.layer('conv2d'))).toMatchObject({ strides: [1, 1], padding: 'valid', dilation_rate: [1, 1] });
    expect(defaults(catalogue.layer('conv1d'))).toMatchObject({ strides: [1], dilation_rate: [1] });
    expect(defaults(catalogue.layer('batch_norm'))).toEqual({ momentum: 0.99, epsilon: 0.001, center: true, scale: true });
    expect(defaults(catalogue.layer('layer_norm'))).toEqual({ epsilon: 0.001, center: true, scale: true });
    expect(defaults(catalogue.layer('lstm'))).toMatchObject({
      activation: 'tanh',
      recurrent_activation: 'sigmoid',
      return_sequences: false,
      dropout: 0,
      recurrent_dropout: 0,
    });
    expect(defaults(catalogue.layer('embedding'))).toEqual({
      embeddings_initializer: { type: 'random_uniform', params: { minval: -0.05, maxval: 0.05 } },
      embeddings_regularizer: null,
    });
    // A pool's strides default to its pool size.
    const pool = catalogue.layer('max_pool2d')!;
    expect(pool.completeParams?.({ pool_size: [3, 3], strides: null, padding: 'valid' })).toEqual({ pool_size: [3, 3], strides: [3, 3], padding: 'valid' });
  });

  it('optimizers', () => {
    expect(defaults(catalogue.optimizer('sgd'))).toEqual({ learning_rate: 0.01, momentum: 0, nesterov: false });
    expect(defaults(catalogue.optimizer('adam'))).toEqual({ learning_rate: 0.001, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7 });
    expect(defaults(catalogue.optimizer('adamax'))).toEqual({ learning_rate: 0.002, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7 });
    expect(defaults(catalogue.optimizer('rmsprop'))).toEqual({ learning_rate: 0.001, rho: 0.9, momentum: 0, epsilon: 1e-7, centered: false });
    expect(defaults(catalogue.optimizer('adagrad'))).toEqual({ learning_rate: 0.01, initial_accumulator_value: 0.1 });
    expect(defaults(catalogue.optimizer('adadelta'))).toEqual({ learning_rate: 0.001, rho: 0.95, epsilon: 1e-7 });
  });

  it('the trainer implements every catalogue schedule, from its defaults alone', () => {
    for (const name of catalogue.scheduleNames) {
      const created = createSchedule(
        { type: name, params: defaults(catalogue.schedule(name)) as Record<string, IrValue> },
        { initialLearningRate: 0.1, epochs: 5 },
      );
      expect(created.diagnostics, name).toEqual([]);
      expect(created.value?.rateForEpoch(1), name).toBe(0.1);
    }
  });

  it("synthetic sources use the generator's names and defaults", () => {
    for (const [name, values] of Object.entries(SYNTHETIC_DEFAULTS)) {
      const entry = catalogue.source(name);
      expect(defaults(entry), name).toEqual({ ...values, seed: null });
    }
  });

  it("early stopping has Keras's fields and defaults", () => {
    expect(Object.fromEntries(catalogue.earlyStoppingOptions.map((option) => [option.name, option.default]))).toEqual({
      monitor: 'val_loss',
      mode: 'auto',
      min_delta: 0,
      patience: 0,
      baseline: null,
      restore_best_weights: false,
      start_from_epoch: 0,
      rule: { type: 'patience', params: {} },
    });
  });

  it("stopping rules: Keras's patience and Prechelt's gl, pq and up, with the defaults of his comparison", () => {
    expect(catalogue.stoppingRuleNames).toEqual(['patience', 'gl', 'pq', 'up']);
    expect(defaults(catalogue.stoppingRule('patience'))).toEqual({});
    expect(defaults(catalogue.stoppingRule('gl'))).toEqual({ alpha: 2 });
    expect(defaults(catalogue.stoppingRule('pq'))).toEqual({ alpha: 0.5, strip: 5 });
    expect(defaults(catalogue.stoppingRule('up'))).toEqual({ strips: 3, strip: 5 });
    expect(['patience', 'gl', 'pq', 'up'].filter((name) => catalogue.stoppingRule(name)!.minimisedMonitorOnly)).toEqual(['gl', 'pq']);
    // The first epoch each can stop at: up(3, 5) needs 4 strip ends, (3 + 1) * 5 = 20.
    expect(catalogue.stoppingRule('up')!.firstStop({ strips: 3, strip: 5 }, 0)).toBe(20);
    expect(catalogue.stoppingRule('pq')!.firstStop({ alpha: 0.5, strip: 5 }, 0)).toBe(5);
    expect(catalogue.stoppingRule('gl')!.firstStop({ alpha: 2 }, 0)).toBe(2);
    expect(catalogue.stoppingRule('patience')!.firstStop({}, 3)).toBe(4);
  });

  it('losses, with aliases that find the canonical entry', () => {
    expect(catalogue.lossNames).toEqual([
      'categorical_crossentropy',
      'sparse_categorical_crossentropy',
      'binary_crossentropy',
      'mean_squared_error',
      'mean_absolute_error',
      'huber',
    ]);
    expect(catalogue.loss('mse')?.name).toBe('mean_squared_error');
    expect(catalogue.loss('mae')?.task).toBe('regression');
    expect(defaults(catalogue.loss('huber'))).toEqual({ delta: 1 });
    expect(catalogue.metricNames).toEqual(['accuracy', 'precision', 'recall', 'f1', 'auc', 'top_k_accuracy', 'mse', 'mae', 'rmse', 'r2']);
    expect(catalogue.metric('mean_absolute_error')?.name).toBe('mae');
  });

  it('losses say which output layer and labels they fit', () => {
    const fitOf = (name: string) => {
      const entry = catalogue.loss(name)!;
      return { labels: entry.labels, ...entry.output };
    };
    expect(fitOf('categorical_crossentropy')).toEqual({ labels: 'one-hot', activation: 'softmax', units: 'classes' });
    expect(fitOf('sparse_categorical_crossentropy')).toEqual({ labels: 'index', activation: 'softmax', units: 'classes' });
    expect(fitOf('binary_crossentropy')).toEqual({ labels: 'binary', activation: 'sigmoid', units: 'one' });
    expect(fitOf('huber')).toEqual({ labels: 'value', activation: 'linear', units: 'targets' });
  });
});

describe('data sources know their shapes statically', () => {
  const source = (name: string, params: Record<string, number> = {}) => {
    const entry = catalogue.source(name)!;
    const resolved = { ...defaults(entry), ...params } as Record<string, number | null>;
    return { shape: entry.featureShape(resolved), classes: entry.classes(resolved), task: entry.task };
  };
  it.each([
    ['builtin.digits', {}, [64], 10, 'classification'],
    ['builtin.iris', {}, [4], 3, 'classification'],
    ['synthetic.spirals', { classes: 5 }, [2], 5, 'classification'],
    ['synthetic.moons', {}, [2], 2, 'classification'],
    ['synthetic.blobs', { features: 7, classes: 4 }, [7], 4, 'classification'],
    ['synthetic.sine', {}, [1], null, 'regression'],
    ['csv', {}, null, null, null],
    ['idx', {}, null, null, 'classification'],
  ] as const)('%s', (name, params, shape, classes, task) => {
    expect(source(name, params)).toEqual({ shape, classes, task });
  });
});

describe('every entry documents itself in one line', () => {
  const all: EntryView[] = [
    ...catalogue.layerNames.map((name) => catalogue.layer(name)!),
    ...catalogue.optimizerNames.map((name) => catalogue.optimizer(name)!),
    ...catalogue.scheduleNames.map((name) => catalogue.schedule(name)!),
    ...catalogue.lossNames.map((name) => catalogue.loss(name)!),
    ...catalogue.metricNames.map((name) => catalogue.metric(name)!),
    ...catalogue.activationNames.map((name) => catalogue.activation(name)!),
    ...catalogue.initializerNames.map((name) => catalogue.initializer(name)!),
    ...catalogue.regularizerNames.map((name) => catalogue.regularizer(name)!),
    ...catalogue.sourceNames.map((name) => catalogue.source(name)!),
  ];
  it('entries and parameters', () => {
    // 26 single-input layers and spatial_dropout2d, then the 7 merges.
    expect(all.length).toBe(27 + 7 + 6 + 4 + 6 + 10 + 14 + 13 + 3 + 10);
    for (const entry of all) {
      expect(entry.doc, entry.name).toMatch(/^[^\n]{3,}$/);
      for (const param of entry.params) expect(param.doc, `${entry.name}.${param.name}`).toMatch(/^[^\n]{3,}$/);
    }
    for (const option of [...catalogue.dataOptions, ...catalogue.trainOptions, ...catalogue.splitOptions, ...catalogue.earlyStoppingOptions]) {
      expect(option.doc, option.name).toMatch(/^[^\n]{3,}$/);
    }
  });
  it('layers say their shape rule and TF.js class', () => {
    for (const name of catalogue.layerNames) {
      const layer = catalogue.layer(name)!;
      expect(layer.shapeRule.length, name).toBeGreaterThan(8);
      expect(layer.tfjs.className, name).toMatch(/^[A-Z]\w+$/);
    }
  });
});

describe('parameters described and validated generically', () => {
  const dense = catalogue.layer('dense');
  const conv2d = catalogue.layer('conv2d');
  const dropout = catalogue.layer('dropout');

  it('describes kinds and bounds in words', () => {
    expect(describeParam(paramOf(dense, 'units'))).toBe('a whole number >= 1');
    expect(describeParam(paramOf(dropout, 'rate'))).toBe('a number in [0, 1)');
    expect(describeParam(paramOf(conv2d, 'kernel_size'))).toBe('a whole number or a list of 2 whole numbers, each >= 1');
    expect(describeParam(paramOf(conv2d, 'padding'))).toBe('`valid` or `same`');
    expect(describeParam(paramOf(dense, 'kernel_regularizer'))).toBe('a regularizer, or `none`');
    expect(describeParam(paramOf(catalogue.optimizer('adam'), 'learning_rate'))).toBe('a number > 0');
    expect(describeKind({ kind: 'enum', values: ['a', 'b', 'c'] })).toBe('`a`, `b` or `c`');
    expect(describeKind({ kind: 'enum', values: ['relu'], group: 'activation' })).toBe('an activation (see Activations)');
  });
});

describe('did you mean', () => {
  it('suggests close names and prefixes, nothing for unrelated ones', () => {
    expect(suggest('dnese', catalogue.layerNames)).toBe('dense');
    expect(suggest('conv_2d', catalogue.layerNames)).toBe('conv2d');
    expect(suggest('Dense', catalogue.layerNames)).toBe('dense');
    expect(suggest('acc', catalogue.metricNames)).toBe('accuracy');
    expect(suggest('transformer', catalogue.layerNames)).toBeUndefined();
    expect(catalogue.suggest('adamw', catalogue.optimizerNames)).toBe('adam');
  });
});

describe('layer aliases', () => {
  it('global_average_pool1d/2d find the global_avg_pool entries, and are not listed as layers of their own', () => {
    expect(catalogue.layer('global_average_pool2d')?.name).toBe('global_avg_pool2d');
    expect(catalogue.layer('global_average_pool1d')?.name).toBe('global_avg_pool1d');
    expect(catalogue.layer('global_avg_pool2d')?.aliases).toEqual(['global_average_pool2d']);
    expect(catalogue.layerNames).not.toContain('global_average_pool2d');
    expect(catalogue.layer('global_maximum_pool2d')).toBeUndefined();
  });

  it('merges say how many inputs they take; no other layer is a merge', () => {
    const merges = catalogue.layerNames.filter((name) => catalogue.layer(name)!.merge);
    expect(merges).toEqual(['add', 'subtract', 'multiply', 'average', 'maximum', 'minimum', 'concatenate']);
    expect(catalogue.layer('concatenate')!.params.map((param) => [param.name, param.default])).toEqual([['axis', -1]]);
    expect(catalogue.layer('spatial_dropout2d')!.trainingOnly).toEqual({ effect: 'dropout', whenPositive: ['rate'] });
  });
});
