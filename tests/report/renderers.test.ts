import { describe, expect, it } from 'vitest';
import { renderEpochLine, renderHtmlReport, renderLossChart, renderRunSummary, toReportJson } from '../../src/report/index.js';
import { scriptedReport } from './fixtures.js';

describe('terminal report', () => {
  it('prints one aligned line per epoch with both training losses, the gap and the rate', () => {
    const record = scriptedReport().history[4]!;
    expect(renderEpochLine(record, { color: false, metric: 'accuracy', epochWidth: 2 })).toBe(
      'epoch  5  loss 0.4000 (dropout) 0.3000 (clean)  val 0.5500  gap +0.2500  acc 0.750/0.660  lr 0.001  0.25s',
    );
  });

  it('summarizes where and why training stopped, the onset of overfitting and the final evaluation', () => {
    const text = renderRunSummary(scriptedReport(), { color: false });
    expect(text).toContain('stopped     epoch 6 of 10: early stopping: patience exhausted (val_loss did not improve by more than 0 for 2 epochs after epoch 4)');
    expect(text).toContain('best        epoch 4: val_loss 0.5000, weights restored');
    expect(text).toContain('overfitting began after epoch 4');
    expect(text).toContain('  test (20)         0.5200     0.6000');
    expect(text).toContain('test gap (test - train loss): +0.1200');
    expect(text).toContain('classes (3): 0, 1, 2');
  });

  it('draws training and validation loss with the best epoch marked', () => {
    expect(renderLossChart(scriptedReport(), { width: 10, height: 5 })).toBe(
      [
        '1.1000 |@  |  ',
        '       | o |  ',
        '0.6500 | *o|oo',
        '       |  *@  ',
        '0.2000 |   |**',
        '       +------',
        '        1    6  (epoch)',
        '        * training loss (clean)   o validation loss   | best epoch 4',
      ].join('\n'),
    );
  });
});

describe('JSON and HTML reports', () => {
  it('validates the JSON report against its schema', () => {
    expect(toReportJson(scriptedReport())).toEqual(scriptedReport());
    expect(() => toReportJson({ ...scriptedReport(), version: 1 } as never)).toThrow();
  });

  it('writes a self-contained, well-formed page with one SVG point per epoch and escaped text', () => {
    const html = renderHtmlReport(scriptedReport());
    expect(html).not.toMatch(/<script|<link|src=|href=/);
    expect(html).toContain('specs/&lt;demo&gt;.nn');
    const tags = [...html.matchAll(/<\/?([a-z0-9]+)[^>]*?(\/?)>/g)].filter((m) => !['meta', '!doctype'].includes(m[1]!) && m[2] !== '/');
    const stack: string[] = [];
    for (const match of tags) {
      if (match[0].startsWith('</')) expect(stack.pop()).toBe(match[1]);
      else stack.push(match[1]!);
    }
    expect(stack).toEqual([]);
    const polylines = [...html.matchAll(/<polyline[^>]*points="([^"]*)"/g)].map((m) => m[1]!.split(' ').length);
    expect(polylines).toEqual([6, 6, 6, 6, 6]);
    expect(html).toContain('best (4)');
    // The last epoch's mark is labelled to the left of its line, so the label stays in the chart.
    expect(html).toMatch(/<text x="[\d.]+" y="[\d.]+" font-size="11" fill="#c33" text-anchor="end">stop \(6\)<\/text>/);
    // The legend sits in the band above the plot (y < 34), not over the curves.
    const legendYs = [...html.matchAll(/<text x="[\d.]+" y="([\d.]+)" font-size="11" fill="#333">/g)].map((m) => Number(m[1]));
    expect(legendYs.length).toBeGreaterThanOrEqual(3);
    expect(legendYs.every((yValue) => yValue < 34)).toBe(true);
    expect(html.match(/<tr class="best">/g)).toHaveLength(1);
  });
});
