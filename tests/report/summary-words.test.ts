import { describe, expect, it } from 'vitest';
import { renderEpochLine, renderHtmlReport, renderRunSummary } from '../../src/report/index.js';
import { describeTestGap } from '../../src/report/test-gap.js';
import type { TrainingReport } from '../../src/report/report-schema.js';
import { scriptedReport } from './fixtures.js';

/** The scripted report with its final evaluation replaced, and no overfitting onset seen. */
function withFinal(train: number, test: number): TrainingReport {
  const report = scriptedReport();
  return {
    ...report,
    summary: {
      ...report.summary,
      overfittingOnset: null,
      train: { loss: train, metrics: { accuracy: 1 } },
      test: { loss: test, metrics: { accuracy: 0.97 } },
      testMinusTrainGap: test - train,
    },
  };
}

describe('the test gap in words', () => {
  it('states the ratio to the training loss and calls 3x or more memorization', () => {
    expect(describeTestGap(0.0042, 0.1116)).toEqual({
      size: 'large',
      ratio: 0.1116 / 0.0042,
      sentence:
        'test loss is 27x the training loss (0.1116 vs 0.0042): the model fits its training data much better than new data, a sign of memorization; dropout, more data or earlier stopping narrow the gap',
    });
    expect(describeTestGap(0.1, 0.301).size).toBe('large');
    expect(describeTestGap(0.1, 0.299).size).toBe('moderate');
  });

  it('calls 1.5x to 3x moderate, below 1.5x small, and no gap none', () => {
    expect(describeTestGap(0.2, 0.5)).toMatchObject({
      size: 'moderate',
      sentence:
        'test loss is 2.5x the training loss (0.5000 vs 0.2000): the model fits its training data noticeably better than new data; dropout, more data or earlier stopping would narrow the gap',
    });
    expect(describeTestGap(0.2, 0.301).size).toBe('moderate');
    expect(describeTestGap(0.4, 0.52)).toMatchObject({
      size: 'small',
      sentence: 'test loss is 1.3x the training loss (0.5200 vs 0.4000): a small gap, as expected of a model evaluated on data it has not seen',
    });
    expect(describeTestGap(0.2, 0.299).size).toBe('small');
    expect(describeTestGap(0.3, 0.25)).toMatchObject({
      size: 'none',
      sentence: 'test loss is not above the training loss (0.2500 vs 0.3000): no sign of overfitting on the test split',
    });
  });

  it('has no ratio over a training loss of zero or below', () => {
    expect(describeTestGap(0, 0.05)).toEqual({
      size: 'large',
      ratio: null,
      sentence:
        'test loss is above a training loss of 0 (0.0500 vs 0.0000): the model fits its training data much better than new data, a sign of memorization; dropout, more data or earlier stopping narrow the gap',
    });
    expect(describeTestGap(-0.5, -0.4)).toMatchObject({
      size: 'small',
      ratio: null,
      sentence: 'test loss is 0.1000 above the training loss (-0.4000 vs -0.5000); with a loss below zero a ratio says nothing',
    });
  });

  it('names the summary\'s gap the test gap, explains it, and does not say "no overfitting" over a large one', () => {
    const text = renderRunSummary(withFinal(0.0042, 0.1116), { color: false });
    expect(text).toContain(
      '  test gap (test - train loss): +0.1074\n  test loss is 27x the training loss (0.1116 vs 0.0042): the model fits its training data much better than new data',
    );
    expect(text).toContain(
      '  overfitting no sustained rise of validation loss was seen, but the large test gap below says the model fits its training data much better than new data',
    );
    expect(text).not.toContain('generalization gap');
    const small = renderRunSummary(withFinal(0.4, 0.44), { color: false });
    expect(small).toContain('  overfitting no sustained rise of validation loss was seen\n');
    expect(small).toContain('test loss is 1.1x the training loss (0.4400 vs 0.4000): a small gap');
    expect(renderRunSummary(withFinal(0.2, 0.5), { color: false })).toContain(
      '  overfitting no sustained rise of validation loss was seen, but the moderate test gap below says the model fits its training data noticeably better than new data',
    );
  });

  it('puts the test gap and its sentence in the HTML summary', () => {
    const html = renderHtmlReport(withFinal(0.0042, 0.1116));
    expect(html).toContain('<tr><th>test gap (test - train loss)</th><td>+0.1074: test loss is 27x the training loss (0.1116 vs 0.0042): the model fits');
  });
});

describe('counts and partial epochs in every output', () => {
  it('says "1 epoch" and "1 thread", and the effective epoch count in the HTML', () => {
    const report = scriptedReport();
    const one: TrainingReport = {
      ...report,
      training: { ...report.training, epochs: 3 },
      history: report.history.slice(0, 1),
      summary: { ...report.summary, epochsRun: 1, stopEpoch: 1, stopReason: 'interrupted', stopMessage: 'interrupted after epoch 1 (Ctrl-C)' },
    };
    expect(renderRunSummary(one, { color: false })).toContain('  1 epoch in 1.5 s on wasm, 1 thread');
    expect(renderRunSummary(one, { color: false })).toContain('  stopped     epoch 1 of 3: interrupted');
    expect(renderHtmlReport(one)).toContain('<tr><th>stopped</th><td>epoch 1 of 3 (interrupted)');
  });

  it('marks an epoch cut short on its line, as the best epoch, in the footer and in the HTML table', () => {
    const report = scriptedReport();
    const history = report.history.slice(0, 4).map((record) => (record.epoch === 4 ? { ...record, partial: { batchesRun: 12, batches: 47 } } : record));
    const partial: TrainingReport = { ...report, history, summary: { ...report.summary, epochsRun: 4, stopEpoch: 4, stopReason: 'interrupted' } };
    expect(renderEpochLine(history[3]!, { color: false, metric: 'accuracy', epochWidth: 2 })).toMatch(/ 0\.25s {2}\(partial: 12\/47 batches\)$/);
    const text = renderRunSummary(partial, { color: false });
    expect(text).toContain('  best        epoch 4 (partial: 12/47 batches): val_loss 0.5000, weights restored');
    expect(text).toContain('  4 epochs (the last partial: 12/47 batches) in 1.5 s');
    expect(renderHtmlReport(partial)).toContain('<td class="n">4 (partial: 12/47 batches)</td>');
  });
});
