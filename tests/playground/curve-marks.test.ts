import { describe, expect, it } from 'vitest';
import type { EpochRecord, TrainingReport } from '../../src/report/report-schema.js';
import { bestEpochSoFar, curveMarkEpochs, curveMarks, overfittingOnsetSoFar } from '../../playground/src/training/curve-marks.js';
import { epochSentence } from '../../playground/src/training/epoch-sentence.js';

function history(clean: number[], validation: (number | null)[], accuracy: number[] = []): EpochRecord[] {
  return clean.map(
    (loss, index): EpochRecord => ({
      epoch: index + 1,
      trainLoss: loss + 0.05,
      trainMetrics: {},
      cleanTrainLoss: loss,
      cleanTrainMetrics: {},
      valLoss: validation[index] ?? null,
      valMetrics: Object.fromEntries(accuracy[index] === undefined ? [] : [['accuracy', accuracy[index]!]]),
      gap: null,
      learningRate: 0.01,
      seconds: 0.1,
    }),
  );
}

const valLoss = { monitor: 'val_loss', mode: 'min' as const, minDelta: 0, startFromEpoch: 0 };

describe('the live curves marks', () => {
  it('find the best epoch by the runner rule: min_delta, warm-up and mode', () => {
    const records = history([1, 0.8, 0.6, 0.5, 0.4], [0.9, 0.7, 0.69, 0.75, 0.68], [0.5, 0.6, 0.7, 0.7, 0.65]);
    expect(bestEpochSoFar(records, valLoss)).toBe(5);
    // 0.69 and 0.68 are not better than 0.7 by more than 0.05.
    expect(bestEpochSoFar(records, { ...valLoss, minDelta: 0.05 })).toBe(2);
    expect(bestEpochSoFar(records, { ...valLoss, startFromEpoch: 2 })).toBe(5);
    expect(bestEpochSoFar(records, { monitor: 'val_accuracy', mode: 'max', minDelta: 0, startFromEpoch: 0 })).toBe(3);
    expect(bestEpochSoFar(history([1], [null]), valLoss)).toBeNull();
  });

  it('mark the overfitting onset once validation loss has risen for three epochs while training loss fell', () => {
    const rising = history([1, 0.8, 0.6, 0.5, 0.4, 0.3], [0.9, 0.7, 0.5, 0.6, 0.65, 0.7]);
    expect(overfittingOnsetSoFar(rising.slice(0, 5))).toBeNull();
    expect(overfittingOnsetSoFar(rising)).toBe(3);
  });

  it("take the report's best epoch, onset and stop once the run has ended", () => {
    const records = history([1, 0.8, 0.6], [0.9, 0.7, 0.8]);
    const report = { summary: { bestEpoch: 2, overfittingOnset: null, stopEpoch: 3 } } as unknown as TrainingReport;
    expect(curveMarkEpochs(records, valLoss, null)).toEqual({ best: 2, onset: null, stop: null });
    expect(curveMarkEpochs(records, valLoss, report)).toEqual({ best: 2, onset: null, stop: 3 });
    expect(curveMarks({ best: 2, onset: 2, stop: 3 })).toEqual([
      { epoch: 2, label: 'best epoch 2', color: '#1e9e5a' },
      { epoch: 2, label: 'overfitting onset: after epoch 2', color: '#d63384', dash: '1.5 4.5' },
      { epoch: 3, label: 'stopped at epoch 3', color: '#c0392b' },
    ]);
  });

  it("word the status line with the run's monitor", () => {
    const [record] = history([0.5], [0.123456], [0.9]);
    expect(epochSentence(record!, 300, valLoss)).toBe('epoch 1 of 300, val_loss 0.1235');
    expect(epochSentence(record!, 300, { ...valLoss, monitor: 'val_accuracy', mode: 'max' })).toBe('epoch 1 of 300, val_accuracy 0.9000');
    expect(epochSentence({ ...record!, valLoss: null }, 10, valLoss)).toBe('epoch 1 of 10');
  });
});
