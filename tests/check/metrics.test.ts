import { describe, expect, it } from 'vitest';
import { lower } from '../../src/lower/index.js';
import { brief, checkText, diagnosticsOf } from './helpers.js';

/** A train block on `source` with an output fitting `loss`, and `metrics` on line 13. */
function spec(loss: string, metrics: string, options: { source?: string; output?: string; extra?: string } = {}): string {
  const regression = ['mean_squared_error', 'mean_absolute_error', 'huber'].includes(loss);
  const binary = loss === 'binary_crossentropy';
  const source = options.source ?? (regression ? 'synthetic.sine' : binary ? 'synthetic.moons' : 'builtin.iris');
  const input = regression ? 1 : binary ? 2 : 4;
  const output = options.output ?? (regression ? 'dense(1)' : binary ? 'dense(1, activation: sigmoid)' : 'dense(3, activation: softmax)');
  return `data d {\n  source: ${source}\n  split: { train: 0.8, validation: 0.2 }\n}\nmodel m {\n  input(shape: [${input}])\n  ${output}\n}\ntrain m on d {\n  loss: ${loss}\n  optimizer: adam\n  epochs: 5\n  metrics: ${metrics}${options.extra ? `\n  ${options.extra}` : ''}\n}\n`;
}

const CLASSIFICATION = ['accuracy', 'precision', 'recall', 'f1', 'auc', 'top_k_accuracy(k: 2)'];
const REGRESSION = ['mse', 'mae', 'rmse', 'r2'];

describe('a metric fits the task of the loss (NN4010)', () => {
  it('reports accuracy on a regression at the metric, with the metrics that fit and a fix to mae', () => {
    const [diagnostic, ...rest] = checkText(spec('mean_squared_error', '[accuracy]')).diagnostics;
    expect(rest).toEqual([]);
    expect(brief(diagnostic)).toBe('NN4010 13:13-13:21 `accuracy` is a classification metric, but the loss `mean_squared_error` trains a regression');
    expect(diagnostic.severity).toBe('error');
    expect(diagnostic.label).toBe('does not fit `mean_squared_error`');
    expect(diagnostic.labels).toEqual([
      { range: expect.objectContaining({ start: expect.objectContaining({ line: 10, column: 9 }) }), message: 'a regression loss' },
    ]);
    expect(diagnostic.help).toBe('use `mae`; metrics that fit `mean_squared_error`: `mse`, `mae`, `rmse` and `r2`');
    expect(diagnostic.fixes).toEqual([{ title: 'replace with `mae`', edits: [{ range: diagnostic.range, newText: 'mae' }] }]);
  });

  it('reports mse on a classification, with a fix to accuracy', () => {
    const [diagnostic] = checkText(spec('categorical_crossentropy', '[mse]')).diagnostics;
    expect(brief(diagnostic)).toBe('NN4010 13:13-13:16 `mse` is a regression metric, but the loss `categorical_crossentropy` trains a classification');
    expect(diagnostic.help).toBe('use `accuracy`; metrics that fit `categorical_crossentropy`: `accuracy`, `precision`, `recall`, `f1` and `top_k_accuracy`');
    expect(diagnostic.fixes?.[0].edits[0].newText).toBe('accuracy');
  });

  it('offers no fix to a metric that is already listed (`metrics: [mae, accuracy]` on a regression)', () => {
    const [diagnostic] = checkText(spec('mean_squared_error', '[mae, accuracy]')).diagnostics;
    expect(brief(diagnostic)).toBe('NN4010 13:18-13:26 `accuracy` is a classification metric, but the loss `mean_squared_error` trains a regression');
    expect(diagnostic.help).toBe('metrics that fit `mean_squared_error`: `mse`, `mae`, `rmse` and `r2`');
    expect(diagnostic.fixes).toBeUndefined();
  });

  it.each(['mean_squared_error', 'mean_absolute_error', 'huber'])('reports every classification metric with %s', (loss) => {
    expect(diagnosticsOf(spec(loss, `[${CLASSIFICATION.join(', ')}]`))).toEqual([
      `NN4010 13:13-13:21 \`accuracy\` is a classification metric, but the loss \`${loss}\` trains a regression`,
      `NN4010 13:23-13:32 \`precision\` is a classification metric, but the loss \`${loss}\` trains a regression`,
      `NN4010 13:34-13:40 \`recall\` is a classification metric, but the loss \`${loss}\` trains a regression`,
      `NN4010 13:42-13:44 \`f1\` is a classification metric, but the loss \`${loss}\` trains a regression`,
      `NN4010 13:46-13:49 \`auc\` is a classification metric, but the loss \`${loss}\` trains a regression`,
      `NN4010 13:51-13:71 \`top_k_accuracy\` is a classification metric, but the loss \`${loss}\` trains a regression`,
    ]);
  });

  it.each(['categorical_crossentropy', 'sparse_categorical_crossentropy', 'binary_crossentropy'])('reports every regression metric with %s', (loss) => {
    expect(diagnosticsOf(spec(loss, `[${REGRESSION.join(', ')}]`))).toEqual([
      `NN4010 13:13-13:16 \`mse\` is a regression metric, but the loss \`${loss}\` trains a classification`,
      `NN4010 13:18-13:21 \`mae\` is a regression metric, but the loss \`${loss}\` trains a classification`,
      `NN4010 13:23-13:27 \`rmse\` is a regression metric, but the loss \`${loss}\` trains a classification`,
      `NN4010 13:29-13:31 \`r2\` is a regression metric, but the loss \`${loss}\` trains a classification`,
    ]);
  });

  it('reports auc with a loss over many classes, explained, without a fix', () => {
    const [diagnostic] = checkText(spec('categorical_crossentropy', '[accuracy, auc]')).diagnostics;
    expect(brief(diagnostic)).toBe(
      'NN4010 13:23-13:26 `auc` does not fit the loss `categorical_crossentropy`: it ranks the positive class of a two-class loss',
    );
    expect(diagnostic.help).toBe('metrics that fit `categorical_crossentropy`: `accuracy`, `precision`, `recall`, `f1` and `top_k_accuracy`');
    expect(diagnostic.fixes).toBeUndefined();
    expect(diagnosticsOf(spec('sparse_categorical_crossentropy', '[auc]'))).toEqual([
      'NN4010 13:13-13:16 `auc` does not fit the loss `sparse_categorical_crossentropy`: it ranks the positive class of a two-class loss',
    ]);
  });

  it('reports top_k_accuracy with binary_crossentropy', () => {
    const [diagnostic] = checkText(spec('binary_crossentropy', '[top_k_accuracy]')).diagnostics;
    expect(brief(diagnostic)).toBe(
      'NN4010 13:13-13:27 `top_k_accuracy` does not fit the loss `binary_crossentropy`: it ranks the probabilities of many classes (with two, any `k` of 2 or more is always right)',
    );
    expect(diagnostic.help).toBe('metrics that fit `binary_crossentropy`: `accuracy`, `precision`, `recall`, `f1` and `auc`');
  });

  it('accepts the metrics of each task, and aliases as their canonical names', () => {
    expect(diagnosticsOf(spec('binary_crossentropy', '[accuracy, precision, recall, f1, auc]'))).toEqual([]);
    const result = checkText(spec('mean_squared_error', '[mean_absolute_error, rmse, r2, mae]'));
    expect(result.diagnostics).toEqual([]);
    expect(result.value.trains[0].metrics).toEqual(['mae', 'rmse', 'r2']);
  });
});

describe('metric parameters', () => {
  it('carries top_k_accuracy(k) into the IR by name, defaults filled in', () => {
    const checked = checkText(
      spec('categorical_crossentropy', '[accuracy, top_k_accuracy(2)]', { source: 'builtin.digits', output: 'dense(10, activation: softmax)' }).replace(
        '[4]',
        '[64]',
      ),
    );
    expect(checked.diagnostics).toEqual([]);
    const [document] = lower(checked.value).value;
    expect(document.training?.metrics).toEqual(['accuracy', 'top_k_accuracy']);
    expect(document.training?.metricParams).toEqual({ top_k_accuracy: { k: 2 } });
  });

  it('leaves metricParams out when no metric takes parameters', () => {
    const [document] = lower(checkText(spec('categorical_crossentropy', '[accuracy, f1]')).value).value;
    expect(document.training?.metrics).toEqual(['accuracy', 'f1']);
    expect(document.training).not.toHaveProperty('metricParams');
  });

  it('reports k at or above the class count at k, with a fix (NN4011)', () => {
    const [diagnostic, ...rest] = checkText(spec('categorical_crossentropy', '[top_k_accuracy(k: 3)]')).diagnostics;
    expect(rest).toEqual([]);
    expect(brief(diagnostic)).toBe('NN4011 13:31-13:32 `top_k_accuracy` with k of 3 counts every example as right: data `d` has 3 classes');
    expect(diagnostic.help).toBe('use a `k` below 3: `top_k_accuracy(k: 2)`');
    expect(diagnostic.fixes?.[0].edits[0]).toEqual({ range: diagnostic.range, newText: '2' });
  });

  it('reports the default k of 5 on 3 classes at the metric, with a fix that writes k', () => {
    const [diagnostic] = checkText(spec('sparse_categorical_crossentropy', '[top_k_accuracy]')).diagnostics;
    expect(brief(diagnostic)).toBe('NN4011 13:13-13:27 `top_k_accuracy` with the default `k` of 5 counts every example as right: data `d` has 3 classes');
    expect(diagnostic.fixes?.[0].edits[0].newText).toBe('top_k_accuracy(k: 2)');
  });

  it('does not know the class count of a CSV file, so says nothing about k', () => {
    expect(diagnosticsOf(spec('categorical_crossentropy', '[top_k_accuracy(k: 7)]', { source: 'csv("x.csv", label: "y")' }))).toEqual([]);
  });

  it('reports a metric listed twice with different parameters (NN4012), and merges identical ones', () => {
    const text = spec('categorical_crossentropy', '[top_k_accuracy(k: 1), top_k_accuracy(k: 2)]');
    const [diagnostic] = checkText(text).diagnostics;
    expect(brief(diagnostic)).toBe('NN4012 13:35-13:55 `top_k_accuracy` is listed twice with different parameters');
    expect(diagnostic.labels?.[0]).toMatchObject({ message: 'first listed here', range: { start: { line: 13, column: 13 } } });
    const merged = checkText(spec('categorical_crossentropy', '[accuracy, top_k_accuracy(k: 2), top_k_accuracy(2), accuracy]'));
    expect(merged.diagnostics).toEqual([]);
    expect(merged.value.trains[0].metrics).toEqual(['accuracy', 'top_k_accuracy']);
  });

  it('checks the parameters of a metric call', () => {
    expect(diagnosticsOf(spec('categorical_crossentropy', '[top_k_accuracy(k: 0)]'))).toEqual(['NN2031 13:31-13:32 `k` must be at least 1, got 0']);
    expect(diagnosticsOf(spec('categorical_crossentropy', '[f1(k: 2)]'))).toEqual(['NN2002 13:16-13:17 unknown parameter `k` for `f1`']);
  });
});

describe('unknown metric (NN2007)', () => {
  it('says "did you mean" once, in the help, and keeps the fix', () => {
    const [diagnostic] = checkText(spec('categorical_crossentropy', '[acc]')).diagnostics;
    expect(brief(diagnostic)).toBe('NN2007 13:13-13:16 unknown metric `acc`');
    expect(diagnostic.label).toBe('unknown metric');
    expect(diagnostic.help).toBe('did you mean `accuracy`?');
    expect(diagnostic.fixes?.[0]).toEqual({ title: 'replace with `accuracy`', edits: [{ range: diagnostic.range, newText: 'accuracy' }] });
  });

  it('lists the metrics that fit the loss when nothing is close', () => {
    const [diagnostic] = checkText(spec('categorical_crossentropy', '[kappa]')).diagnostics;
    expect(diagnostic.help).toBe('metrics that fit `categorical_crossentropy`: `accuracy`, `precision`, `recall`, `f1` and `top_k_accuracy`');
    expect(diagnostic.fixes).toBeUndefined();
  });

  it('never suggests a metric that does not fit the loss (`acc` on a regression)', () => {
    const [diagnostic] = checkText(spec('mean_squared_error', '[acc]')).diagnostics;
    expect(brief(diagnostic)).toBe('NN2007 13:13-13:16 unknown metric `acc`');
    expect(diagnostic.help).toBe('metrics that fit `mean_squared_error`: `mse`, `mae`, `rmse` and `r2`');
    expect(diagnostic.fixes).toBeUndefined();
    expect(checkText(spec('mean_squared_error', '[rmes]')).diagnostics[0]?.help).toBe('did you mean `rmse`?');
  });

  it('lists every metric when the loss is unknown', () => {
    const messages = checkText(spec('categorical_crossentropy', '[kappa]').replace('loss: categorical_crossentropy', 'loss: crossentropy')).diagnostics.map(
      (d) => d.help,
    );
    expect(messages).toContain('metrics: `accuracy`, `precision`, `recall`, `f1`, `auc`, `top_k_accuracy`, `mse`, `mae`, `rmse` and `r2`');
  });

  it.each([
    ['layer', 'model m {\n  input(shape: [4])\n  dens(3)\n}\n', 'unknown layer'],
    ['parameter', 'model m {\n  input(shape: [4])\n  dense(3, activaton: relu)\n}\n', 'unknown parameter'],
    ['value', 'model m {\n  input(shape: [4])\n  dense(3, activation: rellu)\n}\n', 'unknown value'],
    ['optimizer', spec('categorical_crossentropy', '[accuracy]').replace('optimizer: adam', 'optimizer: adamw'), 'unknown optimizer'],
    ['model', spec('categorical_crossentropy', '[accuracy]').replace('train m on', 'train n on'), 'no model of this name'],
    [
      'test data',
      `data other {\n  source: builtin.iris\n}\n${spec('categorical_crossentropy', '[accuracy]').replace('validation: 0.2 }', 'validation: 0.2, test: othr }')}`,
      'not declared',
    ],
  ])('does the same for an unknown %s', (_what, text, label) => {
    const found = checkText(text).diagnostics.filter((d) => d.code.startsWith('NN20') && d.fixes);
    expect(found.length).toBe(1);
    expect(found[0].label).toBe(label);
    expect(found[0].help).toMatch(/^did you mean `[a-z_]+`\?/);
  });
});

describe('monitors (NN4002) and mode auto', () => {
  const monitored = (monitor: string, metrics: string, loss = 'categorical_crossentropy') =>
    checkText(spec(loss, metrics, { extra: `early_stopping: { monitor: ${monitor} }` }));

  it('suggests `val_accuracy` for `val_acc`, with a fix', () => {
    const [diagnostic, ...rest] = monitored('val_acc', '[accuracy]').diagnostics;
    expect(rest).toEqual([]);
    expect(brief(diagnostic)).toBe('NN4002 14:30-14:37 early stopping monitors `val_acc`, which is not computed');
    expect(diagnostic.help).toBe('did you mean `val_accuracy`?');
    expect(diagnostic.fixes).toEqual([{ title: 'replace with `val_accuracy`', edits: [{ range: diagnostic.range, newText: 'val_accuracy' }] }]);
  });

  it('suggests the report name for an alias of a computed metric', () => {
    const [diagnostic] = monitored('val_mean_absolute_error', '[mae]', 'mean_squared_error').diagnostics;
    expect(diagnostic.help).toBe('did you mean `val_mae`?');
  });

  it('suggests adding only a real catalogue metric that fits the task', () => {
    const [diagnostic] = monitored('val_acc', '[f1]').diagnostics;
    expect(diagnostic.help).toBe('add `accuracy` to `metrics` and monitor `val_accuracy`, or monitor one of `loss`, `val_loss`, `f1` or `val_f1`');
    const [regression] = monitored('val_accuracy', '[mae]', 'mean_squared_error').diagnostics;
    expect(regression.help).toBe('monitor one of `loss`, `val_loss`, `mae` or `val_mae`');
    const [rmse] = monitored('val_rmse', '[mae]', 'mean_squared_error').diagnostics;
    expect(rmse.help).toBe('add `rmse` to `metrics` and monitor `val_rmse`, or monitor one of `loss`, `val_loss`, `mae` or `val_mae`');
  });

  it('says the same for reduce_on_plateau', () => {
    const result = checkText(spec('categorical_crossentropy', '[accuracy]', { extra: 'schedule: reduce_on_plateau(monitor: val_acc)' }));
    expect(result.diagnostics.map((d) => `${d.code} ${d.help}`)).toEqual(['NN4002 did you mean `val_accuracy`?']);
  });

  it.each([
    ['val_accuracy', '[accuracy]', 'categorical_crossentropy', 'max'],
    ['val_f1', '[f1]', 'categorical_crossentropy', 'max'],
    ['val_top_k_accuracy', '[top_k_accuracy(k: 2)]', 'categorical_crossentropy', 'max'],
    ['val_auc', '[auc]', 'binary_crossentropy', 'max'],
    ['val_r2', '[r2]', 'mean_squared_error', 'max'],
    ['val_rmse', '[rmse]', 'mean_squared_error', 'min'],
    ['val_mae', '[mae]', 'mean_squared_error', 'min'],
    ['val_loss', '[r2]', 'mean_squared_error', 'min'],
  ])('resolves mode auto for %s from the catalogue', (monitor, metrics, loss, mode) => {
    const result = monitored(monitor, metrics, loss);
    expect(result.diagnostics).toEqual([]);
    expect(result.value.trains[0].earlyStopping?.mode).toBe(mode);
  });
});
