import { describe, expect, it } from 'vitest';
import { renderRunSummary, toReportJson } from '../../src/report/index.js';
import { scriptedReport } from './fixtures.js';

describe('terminal report', () => {
  it('summarizes where and why training stopped, the onset of overfitting and the final evaluation', () => {
    const text = renderRunSummary(scriptedReport(), { color: false });
    expect(text).toContain(
      'stopped     epoch 6 of 10: early stopping: patience exhausted (val_loss did not improve by more than 0 for 2 epochs after epoch 4)',
    );
    expect(text).toContain('best        epoch 4: val_loss 0.5000, weights restored');
    expect(text).toContain('overfitting began after epoch 4');
    expect(text).toContain('  test (20)         0.5200     0.6000');
    expect(text).toContain('test gap (test - train loss): +0.1200');
    expect(text).toContain('classes (3): 0, 1, 2');
  });
});

describe('JSON report', () => {
  it('validates the JSON report against its schema', () => {
    expect(toReportJson(scriptedReport())).toEqual(scriptedReport());
    expect(() => toReportJson({ ...scriptedReport(), version: 1 } as never)).toThrow();
  });
});
