import { describe, expect, it } from 'vitest';
import { renderLossChart } from '../../src/report/index.js';
import { scriptedReport } from './fixtures.js';

describe('terminal charts', () => {
  it('draws the losses on a linear axis with tick labels and gridlines, then the validation gap over its zero line', () => {
    expect(renderLossChart(scriptedReport(), { width: 16, height: 6 }).split('\n')).toEqual([
      'loss (linear scale)',
      '1.5 |·········|······',
      '    |o        |      ',
      '1.0 |*··o·····|······',
      '0.5 |···*··@··o··o··o',
      '    |         *  *  *',
      '  0 |·········|······',
      '    ++--+-----+-----+',
      '     1  2     4     6  (epoch)',
      '  * training loss (clean)   o validation loss   | best epoch 4',
      '',
      'validation gap (validation - clean training loss)',
      '0.4 |·········|·····x',
      '0.2 |·········|··x···',
      '    |x  x  x  x      ',
      '  0 |---------|------',
      '    ++--+-----+-----+',
      '     1  2     4     6  (epoch)',
    ]);
  });

  it('uses a log axis with 1-2-5 ticks when the losses span a decade', () => {
    const report = scriptedReport();
    report.history.forEach((record, index) => {
      record.cleanTrainLoss = [1.0, 0.5, 0.2, 0.1, 0.05, 0.02][index]!;
      record.gap = record.valLoss! - record.cleanTrainLoss;
    });
    const lines = renderLossChart(report, { width: 21, height: 8 }).split('\n');
    expect(lines.slice(0, 11)).toEqual([
      'loss (log scale)',
      '   1 |@···········|········',
      ' 0.5 |····@···o···o···o···o',
      '     |            |        ',
      ' 0.2 |········*···|········',
      ' 0.1 |············*········',
      '0.05 |············|···*····',
      '     |            |        ',
      '0.02 |············|·······*',
      '     ++---+---+---+---+---+',
      '      1   2   3   4   5   6  (epoch)',
    ]);
  });

  it('labels epoch ticks of a long run at round numbers without overlapping', () => {
    const report = scriptedReport();
    report.history = Array.from({ length: 300 }, (_, index) => ({
      ...scriptedReport().history[0]!,
      epoch: index + 1,
      cleanTrainLoss: 1 / (index + 1),
      valLoss: 0.5,
      gap: 0.5 - 1 / (index + 1),
    }));
    report.summary.bestEpoch = 120;
    const lines = renderLossChart(report, { width: 60, height: 12 }).split('\n');
    expect(lines[13]).toBe('      ++---------+---------+--------+---------+---------+---------+');
    expect(lines[14]).toBe('       1         50       100      150       200       250       300  (epoch)');
  });

  it('draws nothing for fewer than two epochs', () => {
    const report = scriptedReport();
    report.history = report.history.slice(0, 1);
    expect(renderLossChart(report)).toBe('');
  });
});
