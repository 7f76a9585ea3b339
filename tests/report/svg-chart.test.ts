import { describe, expect, it } from 'vitest';
import { linearAxis, logAxis } from '../../src/report/chart-axis.js';
import { renderChartFigure, renderSvgChart, type ChartSpec } from '../../src/report/svg-chart.js';
import { reportCharts } from '../../src/report/report-charts.js';
import { scriptedReport } from './fixtures.js';

/** 0.6 em at the charts' 11px: wider than the digits of any common sans-serif font. */
const WIDE_CHARACTER = 0.6 * 11;

function yTickLabels(svg: string): { x: number; y: number; label: string }[] {
  return [...svg.matchAll(/<text class="tick y" x="([\d.]+)" y="([\d.-]+)" text-anchor="end"[^>]*>([^<]*)<\/text>/g)].map((m) => ({
    x: Number(m[1]),
    y: Number(m[2]),
    label: m[3]!,
  }));
}

function polylinePoints(svg: string): [number, number][][] {
  return [...svg.matchAll(/<polyline class="series"[^>]*points="([^"]*)"/g)].map((m) =>
    m[1]!
      .split(' ')
      .filter(Boolean)
      .map((point) => point.split(',').map(Number) as [number, number]),
  );
}

function regressionChart(): ChartSpec {
  return {
    title: 'loss per epoch',
    epochs: [1, 2, 3],
    series: [{ label: 'validation loss', color: '#e67e22', values: [29801.87, 29801.866, 29801.862] }],
    axis: linearAxis(29801.862, 29801.87),
  };
}

describe('SVG charts', () => {
  it('never cuts a tick label: the left margin fits the longest one (defect 2: 29801.862 lost its first digit)', () => {
    const svg = renderSvgChart(regressionChart());
    const ticks = yTickLabels(svg);
    expect(ticks.map((tick) => tick.label)).toEqual(['29801.862', '29801.864', '29801.866', '29801.868', '29801.870']);
    // Right-aligned at x: the text starts at x minus its width, which must stay inside the SVG.
    for (const tick of ticks) expect(tick.x - tick.label.length * WIDE_CHARACTER).toBeGreaterThanOrEqual(2);
    const left = Number(/data-left="([\d.]+)"/.exec(renderSvgChart({ ...regressionChart(), id: 'loss' }))?.[1]);
    expect(left).toBe(ticks[0]!.x + 8);
  });

  it('draws a gridline at every tick and an epoch tick under every labelled epoch', () => {
    const svg = renderSvgChart(regressionChart());
    expect(svg.match(/<line class="grid"/g)).toHaveLength(5 + 3);
    expect([...svg.matchAll(/<text class="tick x"[^>]*>(\d+)<\/text>/g)].map((m) => m[1])).toEqual(['1', '2', '3']);
  });

  it('places points on a log axis by their logarithm', () => {
    const svg = renderSvgChart({
      title: 'loss',
      epochs: [1, 2, 3],
      series: [{ label: 'loss', color: '#000', values: [1, 0.1, 0.01] }],
      axis: logAxis(0.01, 1),
    });
    const [points] = polylinePoints(svg);
    // The plot is 240 high from y = 12: a decade is 120.
    expect(points!.map(([, y]) => y)).toEqual([12, 132, 252]);
    expect(yTickLabels(svg).map((tick) => [tick.label, tick.y])).toEqual([
      ['0.01', 256],
      ['0.02', 219.9],
      ['0.05', 172.1],
      ['0.1', 136],
      ['0.2', 99.9],
      ['0.5', 52.1],
      ['1', 16],
    ]);
  });

  it('shows a one-epoch run as dots in the middle of the plot', () => {
    const svg = renderSvgChart({
      title: 'loss',
      id: 'loss',
      epochs: [1],
      series: [{ label: 'loss', color: '#000', values: [0.7] }],
      axis: linearAxis(0.7, 0.7),
    });
    const left = Number(/data-left="([\d.]+)"/.exec(svg)?.[1]);
    const right = Number(/data-right="([\d.]+)"/.exec(svg)?.[1]);
    expect([...svg.matchAll(/<circle cx="([\d.]+)" cy="([\d.]+)"/g)].map((m) => [Number(m[1]), Number(m[2])])).toEqual([[(left + right) / 2, 132]]);
  });

  it('puts the legend in HTML above the chart, naming series, reference lines and marks', () => {
    const figure = renderChartFigure(reportCharts(scriptedReport(), 'accuracy').loss.linear!);
    expect([...figure.matchAll(/<span class="legend-item">.*?<\/svg> ([^<]*)<\/span>/g)].map((m) => m[1])).toEqual([
      'training loss (batch mean, dropout on)',
      'training loss (clean)',
      'validation loss',
      'lowest validation loss 0.5000',
      'best epoch 4',
      'overfitting onset: after epoch 4',
      'stopped at epoch 6',
    ]);
  });
});

describe('the validation gap chart', () => {
  it('draws validation minus clean training loss per epoch over a zero line', () => {
    const gap = reportCharts(scriptedReport(), 'accuracy').gap!;
    expect(gap.title).toBe('validation gap per epoch (validation loss minus clean training loss)');
    const svg = renderSvgChart(gap);
    // Gaps 0.1, 0.1, 0.1, 0.1, 0.25, 0.4 on an axis from 0 to 0.4 (240 high from y = 12).
    expect(polylinePoints(svg)[0]!.map(([, y]) => y)).toEqual([192, 192, 192, 192, 102, 12]);
    expect(svg).toMatch(/<line class="reference" x1="[\d.]+" y1="252" x2="[\d.]+" y2="252" stroke="#555"/);
  });

  it('keeps zero on the axis when every gap is positive or negative', () => {
    const report = scriptedReport();
    for (const record of report.history) record.gap = -0.3 - record.epoch / 100;
    expect(reportCharts(report, undefined).gap!.axis.ticks.map((tick) => tick.label)).toEqual(['-0.4', '-0.3', '-0.2', '-0.1', '0']);
  });
});
