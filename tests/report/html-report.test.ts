import { describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../src/report/index.js';
import { epochTooltips } from '../../src/report/html-tooltips.js';
import type { TrainingReport } from '../../src/report/report-schema.js';
import { scriptedReport } from './fixtures.js';

function tooltipData(html: string): { epoch: number; rows: [string, string][] }[] {
  const json = /<script type="application\/json" id="nnspec-epochs">([^<]*)<\/script>/.exec(html)?.[1];
  return JSON.parse(json!) as { epoch: number; rows: [string, string][] }[];
}

/** A report whose losses span more than a decade (1.1 down to 0.02). */
function wideReport(): TrainingReport {
  const report = scriptedReport();
  report.history.forEach((record, index) => {
    record.cleanTrainLoss = [1.0, 0.5, 0.2, 0.1, 0.05, 0.02][index]!;
  });
  return report;
}

describe('HTML report', () => {
  it('is one well-formed, self-contained page: inline SVG, CSS and script, nothing fetched, text escaped', () => {
    const html = renderHtmlReport(scriptedReport());
    expect(html).not.toMatch(/<link|\ssrc=|href=|url\(|@import|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(html).toContain('specs/&lt;demo&gt;.nn');
    const tags = [...html.matchAll(/<\/?([a-z0-9]+)[^>]*?(\/?)>/g)].filter((m) => !['!doctype'].includes(m[1]!) && m[2] !== '/');
    const stack: string[] = [];
    for (const match of tags) {
      if (match[0].startsWith('</')) expect(stack.pop()).toBe(match[1]);
      else stack.push(match[1]!);
    }
    expect(stack).toEqual([]);
    expect(html.match(/<tr class="best">/g)).toHaveLength(1);
  });

  it('draws the losses, the validation loss after the best epoch, the validation gap and the metric, one point per epoch', () => {
    const html = renderHtmlReport(scriptedReport());
    const charts = [...html.matchAll(/<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]*aria-label="([^"]*)"/g)].map((m) => m[1]);
    expect(charts).toEqual([
      'loss per epoch, log scale',
      'loss per epoch, linear scale',
      'validation loss from the best epoch (4) on',
      'validation gap per epoch (validation loss minus clean training loss)',
      'accuracy per epoch',
    ]);
    const points = [...html.matchAll(/<polyline class="series"[^>]*points="([^"]*)"/g)].map((m) => m[1]!.split(' ').length);
    expect(points).toEqual([6, 6, 6, 6, 6, 6, 3, 6, 6, 6]);
  });

  it('opens the loss chart on a log axis when the losses span a decade, on a linear one otherwise, with a switch that needs no script', () => {
    const narrow = renderHtmlReport(scriptedReport());
    expect(narrow).toContain('<input type="radio" name="loss-scale" id="loss-scale-linear" value="linear" checked/>');
    expect(narrow).toContain('<input type="radio" name="loss-scale" id="loss-scale-log" value="log"/>');
    const wide = renderHtmlReport(wideReport());
    expect(wide).toContain('<input type="radio" name="loss-scale" id="loss-scale-log" value="log" checked/>');
    expect(wide).toContain('#loss-scale-log:checked ~ .scale-linear, #loss-scale-linear:checked ~ .scale-log { display: none; }');
  });

  it('has no switch when a loss is not positive (a log axis cannot show it)', () => {
    const report = scriptedReport();
    report.history[5]!.cleanTrainLoss = 0;
    const html = renderHtmlReport(report);
    expect(html).not.toContain('name="loss-scale"');
    expect(html).toContain('aria-label="loss per epoch, linear scale"');
  });

  it("embeds every epoch's values for the hover tooltips", () => {
    const html = renderHtmlReport(scriptedReport());
    const data = tooltipData(html);
    expect(data.map((entry) => entry.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(data[4]).toEqual({
      epoch: 5,
      rows: [
        ['training loss (batch mean, dropout on)', '0.4000'],
        ['training loss (clean)', '0.3000'],
        ['validation loss', '0.5500'],
        ['validation gap', '+0.2500'],
        ['accuracy (clean train / validation)', '0.7500 / 0.6600'],
        ['learning rate', '0.001'],
      ],
    });
    expect(html).toContain("document.querySelectorAll('svg[data-chart]')");
    expect(html.match(/<svg [^>]*data-chart="/g)).toHaveLength(5);
  });

  it('keeps a closing tag in a value from ending the tooltip data early', () => {
    const report = scriptedReport();
    report.training.metrics = ['</script><b>'];
    const html = renderHtmlReport(report);
    expect(tooltipData(html)[0]!.rows[4]![0]).toBe('</script><b> (clean train / validation)');
  });

  it('says "dropout on" only for a model with dropout', () => {
    const report = scriptedReport();
    report.model.trainingOnly = [];
    const html = renderHtmlReport(report);
    expect(html).not.toContain('dropout');
    expect(html).toContain('<th>loss (batch mean)</th>');
    expect(epochTooltips(report)[0]!.rows[0]).toEqual(['training loss (batch mean)', '1.1000']);
    expect(renderHtmlReport(scriptedReport())).toContain('<th>loss (batch mean, dropout on)</th>');
  });

  it("names the per-epoch gap the validation gap and the summary's the test gap", () => {
    const html = renderHtmlReport(scriptedReport());
    expect(html).toContain('<th>val gap</th>');
    expect(html).toContain(
      '<tr><th>test gap (test - train loss)</th><td>+0.1200: test loss is 1.3x the training loss (0.5200 vs 0.4000): a small gap, as expected of a model evaluated on data it has not seen</td></tr>',
    );
  });

  it('draws no chart for a run without epochs', () => {
    const report = scriptedReport();
    report.history = [];
    expect(renderHtmlReport(report)).not.toContain('<svg xmlns');
  });

  it('keeps every tick label of a regression with losses near 29801.862 whole (defect 2)', () => {
    const report = scriptedReport();
    report.history.forEach((record, index) => {
      record.trainLoss = 29801.87 - index * 0.0012;
      record.cleanTrainLoss = 29801.869 - index * 0.0013;
      record.valLoss = 29801.868 - index * 0.001;
      record.gap = record.valLoss - record.cleanTrainLoss;
    });
    const html = renderHtmlReport(report);
    const ticks = [...html.matchAll(/<text class="tick y" x="([\d.]+)"[^>]*>([^<]*)<\/text>/g)].map((m) => ({ x: Number(m[1]), label: m[2]! }));
    expect(ticks.map((tick) => tick.label)).toContain('29801.862');
    // 0.6 em of the 11px labels per character: wider than any common font's digits.
    for (const tick of ticks) expect(tick.x - tick.label.length * 0.6 * 11).toBeGreaterThanOrEqual(2);
  });

  it('leaves out the validation charts of a run without a validation split', () => {
    const report = scriptedReport();
    for (const record of report.history) {
      record.valLoss = null;
      record.valMetrics = {};
      record.gap = null;
    }
    report.summary.bestEpoch = 6;
    const html = renderHtmlReport(report);
    expect([...html.matchAll(/<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]*aria-label="([^"]*)"/g)].map((m) => m[1])).toEqual([
      'loss per epoch, log scale',
      'loss per epoch, linear scale',
      'accuracy per epoch',
    ]);
    expect(tooltipData(html)[0]!.rows.slice(2, 4)).toEqual([
      ['validation loss', '-'],
      ['validation gap', '-'],
    ]);
  });
});
