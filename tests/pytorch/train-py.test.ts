/**
 * The generated train.py and README (no Python here): the spec's train block written out as
 * constants from the IR, for several optimizers, schedules, losses and early-stopping rules.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSource } from '../../src/check/index.js';
import { lower } from '../../src/lower/index.js';
import type { IrTrainingDocument } from '../../src/pytorch/project.js';
import { pythonBlock } from '../../src/pytorch/python-text.js';
import { generatePytorchReadme, generateTrainPy, trainPyConstants } from '../../src/pytorch/train-py.js';
import { repoRoot } from '../support/repo-root.js';

function documentOf(text: string): IrTrainingDocument {
  const checked = checkSource(text);
  expect(checked.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const documents = lower(checked.value).value.filter((document) => document.training !== null);
  expect(documents).toHaveLength(1);
  return documents[0] as IrTrainingDocument;
}

const spec = (name: string): string => readFileSync(path.join(repoRoot, 'specs', name), 'utf8');

/** A small spec with the given train-block lines. */
function blobs(trainLines: string[], model = 'dense(3, activation: softmax)'): string {
  return [
    'data points {',
    '  source: synthetic.blobs(samples: 60, classes: 3, features: 2, seed: 1)',
    '  split: { train: 0.6, validation: 0.2, test: 0.2 }',
    '}',
    'model net {',
    '  input(shape: [2])',
    `  ${model}`,
    '}',
    'train net on points {',
    ...trainLines.map((line) => `  ${line}`),
    '}',
    '',
  ].join('\n');
}

describe('train.py constants', () => {
  it('writes the digits spec as the IR has it, every parameter filled in', () => {
    const document = documentOf(spec('digits.nn'));
    const text = generateTrainPy(document, { specPath: 'specs/digits.nn', hasInitialWeights: false });
    for (const line of [
      'LOSS = {"type": "categorical_crossentropy", "params": {}}\n',
      'METRICS = ["accuracy"]\n',
      `OPTIMIZER = ${pythonBlock({ type: 'adam', params: document.training.optimizer.params })}\n`,
      'OPTIMIZER = {\n    "type": "adam",\n    "params": {"learning_rate": 0.001, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7},\n}\n',
      'SCHEDULE = None\n',
      'EPOCHS = 200\n',
      'BATCH_SIZE = 32\n',
      'SEED = 42\n',
      'SHUFFLE = True\n',
      'OUTPUT_UNITS = 10\n',
      'TARGET_UNIT_POWER = None\n',
      'HAS_INITIAL_WEIGHTS = False\n',
    ]) {
      expect(text).toContain(line);
    }
    expect(text).toContain(
      [
        'EARLY_STOPPING = {',
        '    "monitor": "val_loss",',
        '    "mode": "min",',
        '    "min_delta": 0.0001,',
        '    "patience": 20,',
        '    "baseline": None,',
        '    "restore_best_weights": True,',
        '    "start_from_epoch": 0,',
        '    "rule": {"type": "patience", "params": {}},',
        '}',
      ].join('\n'),
    );
    expect(text).toContain('from nnspec_torch.training import TrainingConfig, run_cli\n');
    expect(text).toContain('    return run_cli(CONFIG, model.build_model, data, Path(__file__).resolve().parent)\n');
    expect(text).toContain('if __name__ == "__main__":\n    raise SystemExit(main())\n');
  });

  it('writes a regression loss with its target unit power, and the schedule call', () => {
    const constants = trainPyConstants(documentOf(spec('sine.nn')), { specPath: 'specs/sine.nn', hasInitialWeights: true });
    expect(constants).toMatchObject({
      LOSS: { type: 'mean_squared_error', params: {} },
      METRICS: ['mae'],
      SCHEDULE: { type: 'exponential_decay', params: { rate: 0.97, steps: 1 } },
      OUTPUT_UNITS: 1,
      TARGET_UNIT_POWER: 2,
      HAS_INITIAL_WEIGHTS: true,
    });
  });

  it.each([
    ['sgd(learning_rate: 0.1, momentum: 0.9, nesterov: true)', { type: 'sgd', params: { learning_rate: 0.1, momentum: 0.9, nesterov: true } }],
    ['rmsprop(learning_rate: 0.01)', { type: 'rmsprop', params: { learning_rate: 0.01, rho: 0.9, momentum: 0, epsilon: 1e-7, centered: false } }],
    ['adagrad(learning_rate: 0.1)', { type: 'adagrad', params: { learning_rate: 0.1, initial_accumulator_value: 0.1 } }],
    ['adadelta()', { type: 'adadelta', params: { learning_rate: 0.001, rho: 0.95, epsilon: 1e-7 } }],
    ['adamax()', { type: 'adamax', params: { learning_rate: 0.002, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7 } }],
  ])('optimizer %s', (call, expected) => {
    const document = documentOf(blobs(['loss: categorical_crossentropy', `optimizer: ${call}`, 'epochs: 2']));
    // The expected parameters are the IR's (the catalogue's defaults as lowering filled them in).
    expect(document.training.optimizer).toMatchObject(expected);
    expect(trainPyConstants(document, { specPath: 'x.nn', hasInitialWeights: false }).OPTIMIZER).toEqual({
      type: expected.type,
      params: document.training.optimizer.params,
    });
  });

  it('resolves reduce_on_plateau(mode: auto) to the direction of its monitor, and keeps the other schedules as the IR has them', () => {
    const constants = (schedule: string) =>
      trainPyConstants(
        documentOf(blobs(['loss: categorical_crossentropy', 'metrics: [accuracy]', 'optimizer: adam()', `schedule: ${schedule}`, 'epochs: 9'])),
        {
          specPath: 'x.nn',
          hasInitialWeights: false,
        },
      ).SCHEDULE as { type: string; params: Record<string, unknown> };
    expect(constants('reduce_on_plateau(monitor: val_accuracy)').params.mode).toBe('max');
    expect(constants('reduce_on_plateau()').params).toMatchObject({ monitor: 'val_loss', mode: 'min' });
    expect(constants('cosine_decay()')).toEqual({ type: 'cosine_decay', params: { epochs: 9, min_lr: 0 } });
    expect(constants('step_decay(drop: 0.5, every: 3)')).toEqual({ type: 'step_decay', params: { drop: 0.5, every: 3 } });
  });

  it('writes the losses that take parameters, and each stopping rule', () => {
    const document = documentOf(
      [
        'data wave {',
        '  source: synthetic.sine(samples: 50, seed: 1)',
        '  split: { train: 0.6, validation: 0.2, test: 0.2 }',
        '}',
        'model net {',
        '  input(shape: [1])',
        '  dense(1)',
        '}',
        'train net on wave {',
        '  loss: huber(delta: 0.5)',
        '  metrics: [mae, r2]',
        '  optimizer: sgd()',
        '  early_stopping: { monitor: val_loss, rule: pq(alpha: 0.7, strip: 4), start_from_epoch: 2 }',
        '  epochs: 5',
        '}',
        '',
      ].join('\n'),
    );
    const constants = trainPyConstants(document, { specPath: 'x.nn', hasInitialWeights: false });
    expect(constants.LOSS).toEqual({ type: 'huber', params: { delta: 0.5 } });
    expect(constants.TARGET_UNIT_POWER).toBe(2);
    expect(constants.EARLY_STOPPING).toMatchObject({ start_from_epoch: 2, rule: { type: 'pq', params: { alpha: 0.7, strip: 4 } } });
  });

  it('writes metric parameters and a sparse loss', () => {
    const document = documentOf(
      blobs(['loss: sparse_categorical_crossentropy', 'metrics: [accuracy, top_k_accuracy(k: 2)]', 'optimizer: adam()', 'epochs: 3']),
    );
    const constants = trainPyConstants(document, { specPath: 'x.nn', hasInitialWeights: false });
    expect(constants.LOSS).toEqual({ type: 'sparse_categorical_crossentropy', params: {} });
    expect(constants.METRIC_PARAMS).toEqual({ top_k_accuracy: { k: 2 } });
    expect(constants.EARLY_STOPPING).toBeNull();
  });
});

describe('python blocks', () => {
  it('keep a literal that fits on one line, and break a long one an item a line, nested ones indented', () => {
    expect(pythonBlock({ a: null, b: [true, false], c: 1e-7 })).toBe('{"a": None, "b": [True, False], "c": 1e-7}');
    expect(pythonBlock({ long: Array.from({ length: 30 }, (_, i) => i * 1000), short: 'x' })).toMatch(/^\{\n {4}"long": \[\n {8}0,\n {8}1000,\n/);
    expect(pythonBlock({ long: Array.from({ length: 30 }, (_, i) => i * 1000), short: 'x' })).toMatch(/\n {4}\],\n {4}"short": "x",\n\}$/);
  });
});

describe('the project README', () => {
  it('says how to run on one process, N processes, a cluster and GPUs, and the global-batch rule', () => {
    const text = generatePytorchReadme(documentOf(spec('digits.nn')), { specPath: 'specs/digits.nn', hasInitialWeights: true });
    for (const line of [
      "# mlp: nnspec's training in PyTorch",
      'python3 train.py                    # writes report.json and trained/',
      'torchrun --nproc_per_node=2 train.py',
      'torchrun --nnodes=M --node_rank=R --nproc_per_node=N --master_addr=HOST --master_port=29500 train.py',
      "**The spec's `batch_size` (32) is the global batch**",
      '(here: 1, 2, 4, 8, 16, 32)',
      '| `initial/` | the starting weights',
      'nnspec report report.json --html report.html',
      'nnspec predict trained/ rows.csv',
    ]) {
      expect(text).toContain(line);
    }
  });
});
