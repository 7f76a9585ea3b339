import { describe, expect, it } from 'vitest';
import { renderEpochLine } from '../../src/report/index.js';
import { scriptedReport } from './fixtures.js';

describe('the epoch line', () => {
  const record = scriptedReport().history[4]!;

  it('calls the running loss a batch mean, without dropout when the model has none', () => {
    expect(renderEpochLine(record, { color: false, metric: 'accuracy', epochWidth: 2, trainingOnly: [] })).toBe(
      'epoch  5  loss 0.4000 (batch mean) 0.3000 (clean)  val 0.5500  val gap +0.2500  acc 0.750/0.660  lr 0.001  0.25s',
    );
    expect(renderEpochLine(record, { color: false, epochWidth: 2 })).toBe(
      'epoch  5  loss 0.4000 (batch mean) 0.3000 (clean)  val 0.5500  val gap +0.2500  lr 0.001  0.25s',
    );
  });

  it('says dropout (and noise) were on when the model has such layers', () => {
    expect(renderEpochLine(record, { color: false, metric: 'accuracy', epochWidth: 2, trainingOnly: ['dropout'] })).toBe(
      'epoch  5  loss 0.4000 (batch mean, dropout on) 0.3000 (clean)  val 0.5500  val gap +0.2500  acc 0.750/0.660  lr 0.001  0.25s',
    );
    expect(renderEpochLine(record, { color: false, epochWidth: 2, trainingOnly: ['dropout', 'noise'] })).toBe(
      'epoch  5  loss 0.4000 (batch mean, dropout and noise on) 0.3000 (clean)  val 0.5500  val gap +0.2500  lr 0.001  0.25s',
    );
  });
});
