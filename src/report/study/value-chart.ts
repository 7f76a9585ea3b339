/**
 * A chart of figures against a study's varied value, as static SVG: each series' means with
 * their 95% CIs, as a line over a shaded band when the values are numbers, as dots with
 * whiskers when they are categories (a rule name: nothing lies between two rules). Gridlines
 * and labels as in the run report's charts (svg-chart.ts), whose legend it shares.
 */
import type { ValueAxis } from '../chart-axis.js';
import { escapeHtml } from '../escape-html.js';
import { renderChartLegend, type ChartReference } from '../svg-chart.js';
import { f, svgStart, textWidth, TICK_GAP, TOP, valueGridlines } from '../svg-parts.js';

/** One mean and its CI at an x position (a value, or a category's index). */
export interface ValuePoint {
  x: number;
  mean: number;
  /** The CI's ends; null for a mean of one trial. */
  low: number | null;
  high: number | null;
}

/** One series: its points, drawn in x order. */
export interface ValueSeries {
  label: string;
  color: string;
  points: readonly ValuePoint[];
  dashed?: boolean;
}

/** The x axis: numbers on a linear or log scale, or categories in order (points' x is the index). */
export type ValueXAxis =
  | { kind: 'linear' | 'log'; name: string; values: readonly number[]; labels: readonly string[] }
  | { kind: 'categorical'; name: string; labels: readonly string[] };

/** Everything one value chart shows. */
export interface ValueChartSpec {
  title: string;
  x: ValueXAxis;
  axis: ValueAxis;
  series: readonly ValueSeries[];
  /** Whether a numeric series' points are joined (false for a scatter: random settings of several params). */
  connect?: boolean;
  references?: readonly ChartReference[];
  /** Outer width in SVG units (default 900; a small multiple takes less). */
  width?: number;
  /** Plot height (default 220). */
  height?: number;
}

/** The chart with its legend above it, as one `<figure>`; empty when no series has a point. */
export function renderValueChartFigure(spec: ValueChartSpec): string {
  const svg = renderValueChart(spec);
  return svg === ''
    ? ''
    : `<figure class="chart">\n${renderChartLegend({ series: spec.series, references: spec.references?.filter((line) => line.label) })}\n${svg}\n</figure>`;
}

/** The chart as one `<svg>` element. */
export function renderValueChart(spec: ValueChartSpec): string {
  if (spec.series.every((entry) => entry.points.length === 0)) return '';
  const width = spec.width ?? 900;
  const plotHeight = spec.height ?? 220;
  const { axis, x: xAxis } = spec;
  const left = Math.ceil(Math.max(...axis.ticks.map((tick) => textWidth(tick.label))) + TICK_GAP + 4);
  const lastLabel = xAxis.labels[xAxis.labels.length - 1] ?? '';
  const right = width - Math.ceil(Math.max(16, textWidth(lastLabel) / 2 + 4));
  const bottom = TOP + plotHeight;
  const height = bottom + 42;
  // Numbers fill the plot's width with a small margin; n categories sit at the middles of n equal slots.
  let x: (value: number) => number;
  let ticks: { at: number; label: string }[];
  if (xAxis.kind === 'categorical') {
    const slot = (right - left) / Math.max(1, xAxis.labels.length);
    x = (index) => left + slot * (index + 0.5);
    ticks = xAxis.labels.map((label, index) => ({ at: x(index), label }));
  } else {
    const position = (value: number): number => (xAxis.kind === 'log' ? Math.log10(value) : value);
    const low = Math.min(...xAxis.values.map(position));
    const high = Math.max(...xAxis.values.map(position));
    const margin = (right - left) * 0.04;
    x = (value) => (high === low ? (left + right) / 2 : left + margin + ((position(value) - low) / (high - low)) * (right - left - 2 * margin));
    ticks = xAxis.values.map((value, index) => ({ at: x(value), label: xAxis.labels[index]! }));
  }
  const y = (value: number): number => bottom - Math.min(1, Math.max(0, axis.fraction(value))) * plotHeight;
  const parts: string[] = [...svgStart(spec.title, width, height), ...valueGridlines(axis, y, left, right)];
  // A value label that would overlap the previous one is left out (its tick stays).
  let free = -Infinity;
  for (const tick of [...ticks].sort((a, b) => a.at - b.at)) {
    parts.push(`<line x1="${f(tick.at)}" y1="${bottom}" x2="${f(tick.at)}" y2="${bottom + 4}" stroke="#888"/>`);
    const half = textWidth(tick.label) / 2;
    if (tick.at - half < free) continue;
    parts.push(`<text class="tick x" x="${f(tick.at)}" y="${bottom + 17}" text-anchor="middle" fill="#555">${escapeHtml(tick.label)}</text>`);
    free = tick.at + half + 6;
  }
  parts.push(
    `<text x="${f((left + right) / 2)}" y="${bottom + 34}" text-anchor="middle" fill="#333">${escapeHtml(xAxis.name)}${xAxis.kind === 'log' ? ' (log scale)' : ''}</text>`,
  );
  parts.push(`<line x1="${left}" y1="${bottom}" x2="${right}" y2="${bottom}" stroke="#888"/>`);
  parts.push(`<line x1="${left}" y1="${TOP}" x2="${left}" y2="${bottom}" stroke="#888"/>`);
  for (const line of spec.references ?? []) {
    parts.push(
      `<line class="reference" x1="${left}" y1="${f(y(line.value))}" x2="${right}" y2="${f(y(line.value))}" stroke="${line.color}" stroke-width="1.2"${line.dashed ? ' stroke-dasharray="2 2"' : ''}/>`,
    );
  }
  const joined = xAxis.kind !== 'categorical' && spec.connect !== false;
  for (const entry of spec.series) {
    const points = [...entry.points].sort((a, b) => a.x - b.x);
    const withCi = points.filter((point): point is ValuePoint & { low: number; high: number } => point.low !== null && point.high !== null);
    if (joined && withCi.length >= 2) {
      // The band: along the upper ends, back along the lower ones.
      const outline = [
        ...withCi.map((point) => `${f(x(point.x))},${f(y(point.high))}`),
        ...[...withCi].reverse().map((point) => `${f(x(point.x))},${f(y(point.low))}`),
      ];
      parts.push(
        `<polygon class="band" points="${outline.join(' ')}" fill="${entry.color}" fill-opacity="0.15" stroke="none"><title>${escapeHtml(`${entry.label}: 95% confidence interval`)}</title></polygon>`,
      );
    } else {
      for (const point of withCi) {
        parts.push(
          `<line class="whisker" x1="${f(x(point.x))}" y1="${f(y(point.low))}" x2="${f(x(point.x))}" y2="${f(y(point.high))}" stroke="${entry.color}" stroke-width="1.5"/>`,
        );
      }
    }
    if (joined && points.length >= 2) {
      const dash = entry.dashed ? ' stroke-dasharray="5 3"' : '';
      parts.push(
        `<polyline class="series" fill="none" stroke="${entry.color}" stroke-width="2"${dash} points="${points.map((point) => `${f(x(point.x))},${f(y(point.mean))}`).join(' ')}"><title>${escapeHtml(entry.label)}</title></polyline>`,
      );
    }
    for (const point of points) parts.push(`<circle cx="${f(x(point.x))}" cy="${f(y(point.mean))}" r="3.5" fill="${entry.color}"/>`);
  }
  parts.push('</svg>');
  return parts.join('\n');
}
