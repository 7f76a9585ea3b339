import { describe, expect, it } from 'vitest';
import { lossChartSpec } from '../../playground/src/training/curves-view.js';
import type { EpochRecord } from '../../src/report/report-schema.js';

function record(epoch: number, valLoss: number): EpochRecord {
  return {
    epoch,
    trainLoss: 1 / epoch,
    trainMetrics: {},
    cleanTrainLoss: 0.9 / epoch,
    cleanTrainMetrics: {},
    valLoss,
    valMetrics: {},
    gap: valLoss - 0.9 / epoch,
    learningRate: 0.01,
    seconds: 0.1,
  };
}

const JUDGE = { monitor: 'val_loss', mode: 'min', minDelta: 0, startFromEpoch: 0 } as const;
const HISTORY = [record(1, 0.8), record(2, 0.5), record(3, 0.6)];

describe('the playground: the live loss chart', () => {
  it('draws the batch, clean and validation losses, and the test loss when the worker sent it', () => {
    const without = lossChartSpec(HISTORY, JUDGE, 'training loss (batch mean, dropout on)', null)!;
    expect(without.series.map((series) => series.label)).toEqual(['training loss (batch mean, dropout on)', 'training loss (clean)', 'validation loss']);
    const spec = lossChartSpec(HISTORY, JUDGE, 'training loss (batch mean, dropout on)', null, [0.85, 0.55, null])!;
    expect(spec.series.map((series) => series.label)).toEqual([
      'training loss (batch mean, dropout on)',
      'training loss (clean)',
      'validation loss',
      'test loss',
    ]);
    expect(spec.series[3]!.values).toEqual([0.85, 0.55, null]);
    expect(spec.epochs).toEqual([1, 2, 3]);
  });

  it('marks the best epoch by the run judge, and draws nothing before the first epoch', () => {
    const spec = lossChartSpec(HISTORY, JUDGE, 'loss', null, [0.85, 0.55, 0.7])!;
    expect(spec.marks!.find((mark) => mark.label.startsWith('best'))?.epoch).toBe(2);
    expect(lossChartSpec([], JUDGE, 'loss', null)).toBeNull();
  });
});
