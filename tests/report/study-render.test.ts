import { describe, expect, test } from 'vitest';
import { buildStudyReport } from '../../src/report/study/build-study-report.js';
import { renderStudyReport } from '../../src/report/study/render-study-report.js';
import { renderStudyGapChart } from '../../src/report/study/study-gap-chart.js';
import { trialsDone, plusMinus } from '../../src/report/study/study-table.js';
import { dropoutStudy, studyPlan, trialResult } from '../support/study-fixtures.js';

function dropoutReport() {
  const { plan, trials } = dropoutStudy();
  return buildStudyReport(plan, trials, { spec: 'specs/dropout-study.nn' });
}

describe('the study table cells', () => {
  test('trials done say why the others do not count', () => {
    const counts = { total: 5, completed: 5, pruned: 0, diverged: 0, interrupted: 0, failed: 0 };
    expect(trialsDone(counts, 5)).toBe('5/5');
    expect(trialsDone({ ...counts, completed: 4, pruned: 1 }, 5)).toBe('4/5 (1 pruned)');
    expect(trialsDone({ ...counts, total: 3, completed: 1, diverged: 1, failed: 1 }, 5)).toBe('1/5 (1 diverged, 1 failed, 2 not run)');
  });

  test('a mean with its half-width, signed for gaps', () => {
    expect(plusMinus({ n: 3, mean: 0.0412, std: 0.01, ci95: [0.0164, 0.066], halfWidth: 0.02484 }, { signed: true })).toBe('+0.041 ± 0.025');
    expect(plusMinus({ n: 3, mean: -0.0412, std: 0.01, ci95: [-0.066, -0.0164], halfWidth: 0.02484 }, { signed: true })).toBe('-0.041 ± 0.025');
    expect(plusMinus({ n: 1, mean: 0.93, std: null, ci95: null, halfWidth: null })).toBe('0.930');
    expect(plusMinus({ n: 0, mean: null, std: null, ci95: null, halfWidth: null })).toBe('-');
  });
});

describe('renderStudyReport', () => {
  const report = dropoutReport();
  const text = renderStudyReport(report, { color: false, width: 200 });
  const lines = text.split('\n');

  test('the headline and one row per setting with the figures', () => {
    expect(lines[0]).toBe('Study dropout: net, grid over rate; 3 settings x 3 seeds = 9 trials');
    const header = lines.find((line) => line.trimStart().startsWith('rate'))!;
    expect(header.trim().split(/\s{2,}/)).toEqual([
      'rate',
      'trials',
      'best epoch',
      'train loss',
      'val loss',
      'test loss',
      'val gap',
      'test gap',
      'test accuracy',
      'onset',
      'epochs',
      'seconds',
    ]);
    const row = (value: string): string[] =>
      lines
        .find((line) => line.startsWith(`  ${value} `))!
        .trim()
        .split(/\s{2,}/);
    // rate 0: gaps 0.37, 0.39, 0.36 (mean 0.373 ± 0.038), validation gaps 0.35 each; onsets 5 and 6 of 3 trials.
    expect(row('0')).toEqual(['0', '3/3', '3.0', '0.0500', '0.4000', '0.4233', '+0.350 ± 0.000', '+0.373 ± 0.038', '0.900 ± 0.025', '5.5 (2/3)', '8.0', '3.0']);
    expect(row('0.5')).toEqual(['0.5', '1/3 (1 pruned, 1 not run)', '3.0', '0.2000', '0.3300', '0.3400', '+0.130', '+0.140', '0.930', '-', '5.0', '1.0']);
  });

  test('the best setting by validation and the paired comparisons in words', () => {
    expect(text).toContain('Best by validation: rate = 0.5 (val_loss 0.3300, mean of 1 trial; lower is better)');
    expect(text).toContain(
      'Against the control (rate = 0), paired by seed:\n  rate = 0.2 shrinks the test-train gap by 0.110 ± 0.025 against rate = 0 (3 paired seeds)\n    validation gap: shrinks by 0.110 ± 0.043; test accuracy: rises by 0.020 ± 0.012',
    );
  });

  test('a narrow terminal splits the table into blocks that repeat the varied values and trials', () => {
    const narrow = renderStudyReport(report, { color: false, width: 70 }).split('\n');
    const headers = narrow.filter((line) => line.startsWith('  rate  trials'));
    expect(headers.length).toBeGreaterThan(1);
    const tableLines = narrow.filter((line) => /^ {2}(rate {2}trials|(0|0\.2|0\.5) +\d\/3)/.test(line));
    expect(tableLines.length).toBe(headers.length * 4);
    for (const line of tableLines) expect(line.length).toBeLessThanOrEqual(70);
    expect(headers.join(' ')).toContain('test gap');
  });

  test('colour only when asked', () => {
    expect(text).not.toContain('\u001b[');
    expect(renderStudyReport(report, { color: true, width: 200 })).toContain('\u001b[1mStudy dropout');
  });

  test('the gap chart: one whisker column per setting, the values under the axis', () => {
    const chart = renderStudyGapChart(report, { width: 41, height: 12 });
    const chartLines = chart.split('\n');
    expect(chartLines[0]).toBe('test gap (test - clean training loss) against rate');
    const plot = chartLines.slice(1, 13);
    // Columns 1 + round(x / 0.5 * 38): rate 0 at 1, 0.2 at 16, 0.5 at 39 (after the `|` axis).
    const columnOf = (index: number): string => plot.map((line) => line.slice(line.indexOf('|') + 1)[index] ?? ' ').join('');
    // rate 0: mean 0.373 ± 0.038 on an axis from 0 to 0.6, 0.05 a row: a whisker of a row either side.
    expect(columnOf(1)).toMatch(/^[ ·]*\|o\|[ ·]*-$/);
    expect(columnOf(16)).toMatch(/o/);
    // One trial: a mean without a whisker.
    expect(columnOf(39).replace(/[ ·-]/g, '')).toBe('o');
    expect(chartLines.at(-2)).toMatch(/^\s+0\s+0\.2\s+0\.5 {2}\(rate\)$/);
    expect(chartLines.at(-1)).toBe('  o mean test gap   | its 95% confidence interval   - zero');
    expect(text).toContain(chartLines[0]!);
  });

  test('values spanning a decade or more go on a log axis', () => {
    const limits = buildStudyReport(
      studyPlan([{ limit: 100 }, { limit: 300 }, { limit: 1000 }], [1]),
      [
        trialResult(0, 1, { train: 0.05, validation: 0.5, test: 0.6 }),
        trialResult(1, 1, { train: 0.1, validation: 0.4, test: 0.45 }),
        trialResult(2, 1, { train: 0.15, validation: 0.3, test: 0.3 }),
      ],
      { spec: 's.nn' },
    );
    const chart = renderStudyGapChart(limits, { width: 43, height: 8 }).split('\n');
    expect(chart[0]).toBe('test gap (test - clean training loss) against limit (log scale)');
    // Columns 1 + round(log10(x / 100) * 40): 100 at 1, 300 at 1 + round(0.4771 * 40) = 20, 1000 at 41.
    const axis = chart.find((line) => /^\s+\+/.test(line))!;
    const plusColumns = [...axis.slice(axis.indexOf('+') + 1)].flatMap((char, index) => (char === '+' ? [index] : []));
    expect(plusColumns).toEqual([1, 20, 41]);
    expect(chart.at(-2)).toMatch(/^\s+100\s+300\s+1000 {2}\(limit\)$/);
  });

  test('no chart for a categorical param or for two params', () => {
    const rules = buildStudyReport(
      studyPlan([{ stop: 'patience' }, { stop: { type: 'gl', params: { alpha: 2 } } }], [1]),
      [trialResult(0, 1, { train: 0.1, validation: 0.3, test: 0.35 }), trialResult(1, 1, { train: 0.1, validation: 0.3, test: 0.32 })],
      { spec: 's.nn' },
    );
    expect(renderStudyGapChart(rules)).toBe('');
    const rulesText = renderStudyReport(rules, { color: false });
    expect(rulesText).toContain('  gl(alpha: 2)  1/1');
    expect(rulesText).not.toContain('test gap (test - clean training loss) against');
    const two = buildStudyReport(
      studyPlan(
        [
          { rate: 0, units: 64 },
          { rate: 0.5, units: 64 },
        ],
        [1],
      ),
      [trialResult(0, 1, { train: 0.1, validation: 0.3, test: 0.35 }), trialResult(1, 1, { train: 0.1, validation: 0.3, test: 0.32 })],
      { spec: 's.nn' },
    );
    expect(renderStudyGapChart(two)).toBe('');
  });

  test('control characters in names and values are shown escaped', () => {
    const odd = buildStudyReport(studyPlan([{ act: 'relu' }, { act: 'x\u001b[2J' }], [1]), [], { spec: 's.nn' });
    const rendered = renderStudyReport(odd, { color: false });
    expect(rendered).not.toContain('\u001b');
    expect(rendered).toContain('x\\x1b[2J');
  });
});
