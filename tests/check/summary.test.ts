import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/check/check.js';
import { renderSummary, summarizeModel } from '../../src/check/summary.js';
import { parseClean } from './parse-clean.js';

describe('model summary', () => {
  const program = check(parseClean(readFileSync('specs/digits.nn', 'utf8'))).value;
  const summary = summarizeModel(program.models[0], program.data[0]);

  it('gives rows, totals and the data as JSON-friendly values', () => {
    expect(summary.layers.map((row) => [row.name, row.type, row.outputShape, row.params])).toEqual([
      ['dense_1', 'dense', [256], 16_640],
      ['dropout_1', 'dropout', [256], 0],
      ['dense_2', 'dense', [128], 32_896],
      ['dropout_2', 'dropout', [128], 0],
      ['dense_3', 'dense', [10], 1_290],
    ]);
    expect(summary).toMatchObject({
      model: 'mlp',
      inputShape: [64],
      totalParams: 50_826,
      trainableParams: 50_826,
      nonTrainableParams: 0,
      weightBytes: 203_304,
    });
    expect(summary.data).toEqual({ name: 'digits', featureShape: [64], classes: 10, task: 'classification' });
    expect(JSON.parse(JSON.stringify(summary))).toEqual(summary);
  });

  it('renders a Keras-like table', () => {
    expect(renderSummary(summary, { ascii: true })).toBe(
      [
        'Model: "mlp"',
        'Input: (None, 64)',
        '============================================',
        'Layer (type)          Output Shape   Param #',
        '============================================',
        'dense_1 (dense)       (None, 256)     16,640',
        '--------------------------------------------',
        'dropout_1 (dropout)   (None, 256)          0',
        '--------------------------------------------',
        'dense_2 (dense)       (None, 128)     32,896',
        '--------------------------------------------',
        'dropout_2 (dropout)   (None, 128)          0',
        '--------------------------------------------',
        'dense_3 (dense)       (None, 10)       1,290',
        '============================================',
        'Total params: 50,826 (198.54 KB)',
        'Trainable params: 50,826 (198.54 KB)',
        'Non-trainable params: 0 (0.00 B)',
        'Data: "digits", features (None, 64), 10 classes',
      ].join('\n'),
    );
  });
});

describe('model summary of file data', () => {
  const spec = (loss: string): string => `data points {
  source: csv(path: "points.csv", label: "y")
}

model net {
  input(shape: [3])
  dense(1)
}

train net on points {
  loss: ${loss}
  optimizer: adam()
  epochs: 1
}
`;

  it('takes the task from the loss when the source does not say (csv), as training does', () => {
    const regression = check(parseClean(spec('mean_squared_error'))).value;
    const summary = summarizeModel(regression.models[0], regression.data[0], regression.trains[0]);
    expect(summary.data).toEqual({ name: 'points', featureShape: null, classes: null, task: 'regression' });
    expect(renderSummary(summary, { ascii: true }).split('\n').at(-1)).toBe('Data: "points", regression');
  });

  it('leaves the task unknown without a train declaration to take it from', () => {
    const program = check(parseClean(spec('mean_squared_error'))).value;
    expect(summarizeModel(program.models[0], program.data[0]).data?.task).toBeNull();
  });
});
