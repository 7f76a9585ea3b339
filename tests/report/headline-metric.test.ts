import { describe, expect, it } from 'vitest';
import { mainMetric } from '../../src/report/format-numbers.js';
import { renderHtmlReport, renderRunSummary } from '../../src/report/index.js';
import type { TrainingReport } from '../../src/report/report-schema.js';
import { scriptedReport } from './fixtures.js';

describe('the headline metric follows the task', () => {
  it.each([
    [['f1', 'accuracy'], 'classification', 'accuracy'],
    [['precision', 'f1'], 'classification', 'precision'],
    [[], 'classification', undefined],
    [['rmse', 'mae', 'r2'], 'regression', 'mae'],
    [['rmse', 'r2'], 'regression', undefined],
    [['accuracy'], 'regression', undefined],
    [['mse', 'accuracy'], 'regression', undefined],
    [['r2', 'mae'], null, 'mae'],
  ] as const)('%j for a %s: %s', (metrics, task, expected) => {
    expect(mainMetric(metrics, task)).toBe(expected);
  });

  /** The scripted report as a regression with `metrics`, each valued by `value(name)`. */
  function regression(metrics: string[], value: (name: string) => number): TrainingReport {
    const report = scriptedReport();
    const values = Object.fromEntries(metrics.map((name) => [name, value(name)]));
    report.data = { ...report.data, task: 'regression', classNames: null };
    report.training = { ...report.training, loss: 'mean_squared_error', metrics };
    report.history = report.history.map((record) => ({ ...record, trainMetrics: values, cleanTrainMetrics: values, valMetrics: values }));
    for (const split of ['train', 'validation', 'test'] as const) report.summary[split] = { loss: 0.52, metrics: values };
    return report;
  }

  it('ends a regression with its MAE, or its loss without one, never accuracy', () => {
    const values = (name: string) => ({ mae: 0.25, rmse: 0.5, r2: 0.875 })[name] ?? 1;
    const text = renderRunSummary(regression(['mae', 'rmse', 'r2'], values), { color: false });
    expect(text).toContain('  split               loss      mae     rmse       r2');
    expect(text).toContain('  test (20)         0.5200   0.2500   0.5000   0.8750');
    expect(text).toContain('  test mae: 0.2500');
    const withoutMae = renderRunSummary(regression(['rmse', 'r2'], values), { color: false });
    expect(withoutMae).toContain('  test loss: 0.5200');
    expect(withoutMae).not.toContain('test r2');
    expect(withoutMae).not.toMatch(/accuracy/);
  });

  it('charts the regression headline in the HTML report', () => {
    const html = renderHtmlReport(regression(['rmse', 'mae'], () => 0.3));
    expect(html).toContain('mae per epoch');
    expect(html).toContain('<th>rmse</th><th>mae</th>');
    expect(html).not.toMatch(/accuracy/);
  });
});
