import { describe, expect, test } from 'vitest';
import { buildStudyReport } from '../../src/report/study/build-study-report.js';
import { renderStudyHtml } from '../../src/report/study/study-html.js';
import { learningCurves, studyPanels, xParamOf } from '../../src/report/study/study-charts.js';
import { renderValueChart } from '../../src/report/study/value-chart.js';
import { linearAxis } from '../../src/report/chart-axis.js';
import type { IrValue } from '../../src/ir/schema.js';
import { studyPlan, trialResult } from '../support/study-fixtures.js';

function rateReport() {
  return buildStudyReport(
    studyPlan([{ rate: 0 }, { rate: 0.2 }, { rate: 0.5 }], [1, 2]),
    [
      trialResult(0, 1, { train: 0.05, validation: 0.4, test: 0.42, valLosses: [0.9, 0.5, 0.4, 0.45] }),
      trialResult(0, 2, { train: 0.06, validation: 0.41, test: 0.45, valLosses: [0.8, 0.5, 0.41] }),
      trialResult(1, 1, { train: 0.1, validation: 0.35, test: 0.37 }),
      trialResult(1, 2, { train: 0.11, validation: 0.36, test: 0.39 }),
      trialResult(2, 1, { train: 0.2, validation: 0.33, test: 0.34 }),
      trialResult(2, 2, { train: 0.21, validation: 0.34, test: 0.35 }, 'pruned'),
    ],
    { spec: 'specs/<dropout>.nn' },
  );
}

/** A study of these settings over seed 1, every trial completed, setting i's test loss 0.3 + i/100. */
function oneSeedReport(values: Record<string, IrValue>[], kind: 'grid' | 'random' = 'grid') {
  return buildStudyReport(
    studyPlan(values, [1], kind),
    values.map((_, index) => trialResult(index, 1, { train: 0.1, validation: 0.3, test: 0.3 + index / 100 })),
    { spec: 's.nn' },
  );
}

describe('renderStudyHtml', () => {
  const report = rateReport();
  const html = renderStudyHtml(report);

  test('a self-contained page: no script, stylesheet or image is fetched', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/\b(src|href)=/);
    expect(html).toContain('<title>nnspec study: dropout (net)</title>');
    // The spec name is escaped.
    expect(html).toContain('specs/&lt;dropout&gt;.nn: grid over rate; 3 settings x 2 seeds = 6 trials');
  });

  test('the best setting, the comparisons and the table', () => {
    expect(html).toContain('<h2>Best setting by validation</h2>\n<p>rate = 0.5: val_loss 0.3300 (mean of 1 trial; lower is better)</p>');
    expect(html).toContain('<li>rate = 0.2 shrinks the test-train gap by 0.105 ± 0.064 against rate = 0 (2 paired seeds)<br/>');
    // One row per setting, the best one marked; numbers right-aligned.
    const rows = html.match(/<tr( class="best")?><td>[^<]*<\/td><td>[^<]*<\/td>/g)!;
    expect(rows).toEqual(['<tr><td>0</td><td>2/2</td>', '<tr><td>0.2</td><td>2/2</td>', '<tr class="best"><td>0.5</td><td>1/2 (1 pruned)</td>']);
    // rate 0's test gaps 0.37 and 0.39: mean 0.38, std 0.0141421, half-width 12.7062 * 0.0141421 / sqrt(2) = 0.127.
    expect(html).toContain('<td class="n">+0.380 ± 0.127</td>');
    expect(html).toContain('<li>rate = 0.5, seed 2: pruned at epoch 5 (trial pruned)</li>');
  });

  test('the validation curve: three series with CI bands against the numeric value', () => {
    const section = html.slice(html.indexOf('<h2>Validation curve</h2>'), html.indexOf('<h2>Gaps</h2>'));
    expect(section).toContain('aria-label="final losses against rate"');
    // Bands for the settings with two trials: clean train, validation and test.
    expect(section.match(/<polygon class="band"/g)).toHaveLength(3);
    expect(section.match(/<polyline class="series"/g)).toHaveLength(3);
    expect(section).toContain('training loss (clean)');
    expect(section).toMatch(/<text class="tick x"[^>]*>0\.2<\/text>/);
  });

  test('the gap chart has a zero line', () => {
    const section = html.slice(html.indexOf('<h2>Gaps</h2>'), html.indexOf('<h2>Learning curves</h2>'));
    expect(section).toContain('aria-label="gaps against rate"');
    expect(section).toContain('class="reference"');
    expect(section).toContain('test gap (test − clean training loss)');
  });

  test("each setting's mean learning curve over its completed trials", () => {
    const curves = learningCurves(report)!;
    expect(curves.epochs).toEqual([1, 2, 3, 4, 5]);
    // rate 0: epochs 1-3 the mean of both trials, epoch 4 only the first (the second stopped at 3).
    expect(curves.series[0]!.values.slice(0, 4).map((value) => value!.toFixed(3))).toEqual(['0.850', '0.500', '0.405', '0.450']);
    expect(curves.series[0]!.values[4]).toBeNull();
    expect(curves.series.map((entry) => entry.label)).toEqual(['rate = 0', 'rate = 0.2', 'rate = 0.5']);
    expect(html.slice(html.indexOf('<h2>Learning curves</h2>')).match(/<polyline class="series"/g)).toHaveLength(3);
  });
});

describe('the value charts', () => {
  test('a categorical param: dots with whiskers, no band or line', () => {
    const report = buildStudyReport(
      studyPlan([{ stop: 'patience' }, { stop: { type: 'gl', params: { alpha: 2 } } }], [1, 2]),
      [
        trialResult(0, 1, { train: 0.1, validation: 0.3, test: 0.35 }),
        trialResult(0, 2, { train: 0.1, validation: 0.32, test: 0.36 }),
        trialResult(1, 1, { train: 0.12, validation: 0.3, test: 0.32 }),
        trialResult(1, 2, { train: 0.11, validation: 0.31, test: 0.33 }),
      ],
      { spec: 's.nn' },
    );
    const html = renderStudyHtml(report);
    const section = html.slice(html.indexOf('<h2>Validation curve</h2>'), html.indexOf('<h2>Gaps</h2>'));
    expect(section).not.toContain('<polygon');
    expect(section).not.toContain('<polyline');
    expect(section).toContain('class="whisker"');
    expect(section).toMatch(/<text class="tick x"[^>]*>patience<\/text>/);
    expect(section).toMatch(/<text class="tick x"[^>]*>gl\(alpha: 2\)<\/text>/);
  });

  test('text from the spec is escaped everywhere', () => {
    const report = oneSeedReport([{ act: 'relu' }, { act: '<script>x</script>' }]);
    const html = renderStudyHtml(report);
    expect(html).not.toContain('<script>x');
    expect(html).toContain('act = &lt;script&gt;x&lt;/script&gt;');
    expect(html).toContain('<td>&lt;script&gt;x&lt;/script&gt;</td>');
  });

  test('two params of a grid: one panel per value of the other param', () => {
    const report = oneSeedReport([
      { units: 64, rate: 0 },
      { units: 64, rate: 0.5 },
      { units: 128, rate: 0 },
      { units: 128, rate: 0.5 },
    ]);
    // The first numeric param is on the x axis; the other one names the panels.
    expect(xParamOf(report)).toBe('units');
    expect(studyPanels(report).map((panel) => [panel.title, panel.settings.map((setting) => setting.index)])).toEqual([
      ['rate = 0', [0, 2]],
      ['rate = 0.5', [1, 3]],
    ]);
    const html = renderStudyHtml(report);
    expect(html.match(/<div class="panel"><h4>rate = 0<\/h4>/g)).toHaveLength(2);
    expect(html).toContain('aria-label="final losses against units (rate = 0.5)"');
  });

  test('two params of a random study: one scatter panel per param', () => {
    const report = oneSeedReport(
      [
        { lr: 0.001, units: 64 },
        { lr: 0.01, units: 128 },
        { lr: 0.05, units: 64 },
      ],
      'random',
    );
    const panels = studyPanels(report);
    expect(panels.map((panel) => [panel.title, panel.connect])).toEqual([
      ['lr', false],
      ['units', false],
    ]);
    const html = renderStudyHtml(report);
    // lr spans 50x: a log axis.
    expect(html).toContain('lr (log scale)');
    expect(html.slice(html.indexOf('<h2>Validation curve</h2>'), html.indexOf('<h2>Learning curves</h2>'))).not.toContain('<polyline');
  });

  test('a chart with nothing to draw is empty', () => {
    expect(
      renderValueChart({
        title: 't',
        x: { kind: 'categorical', name: 'x', labels: ['a'] },
        axis: linearAxis(0, 1),
        series: [{ label: 's', color: '#000', points: [] }],
      }),
    ).toBe('');
  });
});
