/**
 * One line chart over the epochs as a static SVG element: gridlines and tick labels on both
 * axes, one polyline per series (with dots when there are few epochs), dashed vertical marks
 * (best epoch, overfitting onset, stop) and horizontal reference lines (zero, best value); its
 * legend is HTML above it, which the browser wraps. The left margin is sized from the longest
 * tick label, so no label is ever cut.
 */
import { epochTicks, type ValueAxis } from './chart-axis.js';
import { escapeHtml } from './escape-html.js';
import { f, svgStart, textWidth, TICK_GAP, TOP, valueGridlines } from './svg-parts.js';

/** One curve. */
export interface ChartSeries {
  label: string;
  color: string;
  values: readonly (number | null)[];
  /** A thinner, dashed line for a secondary curve. */
  dashed?: boolean;
}

/** A dashed vertical line at an epoch, named in the legend. */
export interface ChartMark {
  epoch: number;
  label: string;
  color: string;
  /** The SVG dash pattern (default `4 3`); marks at one epoch need different ones to both show. */
  dash?: string;
}

/** A horizontal line at a value (zero, the best value), named in the legend when labelled. */
export interface ChartReference {
  value: number;
  color: string;
  label?: string;
  dashed?: boolean;
}

/** Everything one chart shows. */
export interface ChartSpec {
  /** The accessible name of the SVG (`loss per epoch, log scale`). */
  title: string;
  epochs: readonly number[];
  series: readonly ChartSeries[];
  axis: ValueAxis;
  marks?: readonly ChartMark[];
  references?: readonly ChartReference[];
  /** Marks the SVG for the hover script (`data-chart`). */
  id?: string;
}

/** The chart's outer width in SVG units (the page's content width). */
const CHART_WIDTH = 900;
/** The plot area's height. */
const PLOT_HEIGHT = 240;
const LEGEND_SWATCH = 22;
/** Below this many epochs, each point is also drawn as a dot (one epoch is only a dot). */
const DOTS_UNTIL = 60;

/** The plot area of a chart: where its axes are, in SVG units. */
interface PlotArea {
  left: number;
  right: number;
  top: number;
  bottom: number;
  width: number;
  height: number;
}

/** A legend entry's sample of its line, as a small inline SVG. */
function swatch(color: string, dash: string | undefined, width = 2): string {
  return `<svg class="swatch" width="${LEGEND_SWATCH}" height="10" aria-hidden="true"><line x1="0" y1="5" x2="${LEGEND_SWATCH}" y2="5" stroke="${color}" stroke-width="${width}"${dash ? ` stroke-dasharray="${dash}"` : ''}/></svg>`;
}

/**
 * The chart's legend as HTML above it (series, labelled reference lines, marks): the browser
 * wraps it to the page's width, so no entry is cut or overlaps another. The study report's
 * value charts use it too: it reads only the series' and lines' labels, colours and dashes.
 */
export function renderChartLegend(
  spec: { series: readonly Pick<ChartSeries, 'label' | 'color' | 'dashed'>[] } & Pick<ChartSpec, 'references' | 'marks'>,
): string {
  const items = [
    ...spec.series.map((entry) => ({ label: entry.label, swatch: swatch(entry.color, entry.dashed ? '5 3' : undefined) })),
    ...(spec.references ?? [])
      .filter((line) => line.label)
      .map((line) => ({ label: line.label!, swatch: swatch(line.color, line.dashed ? '2 2' : undefined, 1.5) })),
    ...(spec.marks ?? []).map((mark) => ({ label: mark.label, swatch: swatch(mark.color, mark.dash ?? '4 3', 1.5) })),
  ];
  return `<div class="legend">${items.map((item) => `<span class="legend-item">${item.swatch} ${escapeHtml(item.label)}</span>`).join(' ')}</div>`;
}

/** The chart with its legend above it, as one `<figure>`. */
export function renderChartFigure(spec: ChartSpec): string {
  const svg = renderSvgChart(spec);
  return svg === '' ? '' : `<figure class="chart">\n${renderChartLegend(spec)}\n${svg}\n</figure>`;
}

/** The chart as one `<svg>` element. Empty when there is nothing to draw. */
export function renderSvgChart(spec: ChartSpec): string {
  const { epochs, axis } = spec;
  if (epochs.length === 0) return '';
  const marks = spec.marks ?? [];
  const references = spec.references ?? [];
  const longestTick = Math.max(...axis.ticks.map((tick) => textWidth(tick.label)));
  const xTicks = epochTicks(epochs[0]!, epochs[epochs.length - 1]!);
  const lastTickHalf = textWidth(String(xTicks[xTicks.length - 1])) / 2;
  const left = Math.ceil(longestTick + TICK_GAP + 4);
  const right = CHART_WIDTH - Math.ceil(Math.max(16, lastTickHalf + 4));
  const plot: PlotArea = { left, right, top: TOP, bottom: TOP + PLOT_HEIGHT, width: right - left, height: PLOT_HEIGHT };
  const height = plot.bottom + 42;
  const first = epochs[0]!;
  const last = epochs[epochs.length - 1]!;
  const x = (epoch: number): number => (last === first ? plot.left + plot.width / 2 : plot.left + ((epoch - first) / (last - first)) * plot.width);
  const y = (value: number): number => plot.bottom - Math.min(1, Math.max(0, axis.fraction(value))) * plot.height;
  const data = spec.id
    ? ` data-chart="${escapeHtml(spec.id)}" data-left="${f(plot.left)}" data-right="${f(plot.right)}" data-top="${f(plot.top)}" data-bottom="${f(plot.bottom)}" data-first="${first}" data-last="${last}"`
    : '';
  // Gridlines first, so the curves draw over them.
  const parts: string[] = [...svgStart(spec.title, CHART_WIDTH, height, data), ...valueGridlines(axis, y, plot.left, plot.right)];
  for (const epoch of xTicks) {
    const at = x(epoch);
    parts.push(`<line class="grid" x1="${f(at)}" y1="${plot.top}" x2="${f(at)}" y2="${plot.bottom}" stroke="#f0f0f0"/>`);
    parts.push(`<line x1="${f(at)}" y1="${plot.bottom}" x2="${f(at)}" y2="${plot.bottom + 4}" stroke="#888"/>`);
    parts.push(`<text class="tick x" x="${f(at)}" y="${plot.bottom + 17}" text-anchor="middle" fill="#555">${epoch}</text>`);
  }
  parts.push(`<text x="${f(plot.left + plot.width / 2)}" y="${plot.bottom + 34}" text-anchor="middle" fill="#333">epoch</text>`);
  parts.push(`<line x1="${plot.left}" y1="${plot.bottom}" x2="${plot.right}" y2="${plot.bottom}" stroke="#888"/>`);
  parts.push(`<line x1="${plot.left}" y1="${plot.top}" x2="${plot.left}" y2="${plot.bottom}" stroke="#888"/>`);
  for (const line of references) {
    const at = y(line.value);
    parts.push(
      `<line class="reference" x1="${plot.left}" y1="${f(at)}" x2="${plot.right}" y2="${f(at)}" stroke="${line.color}" stroke-width="${line.dashed ? 1.5 : 1.2}"${line.dashed ? ' stroke-dasharray="2 2"' : ''}>${line.label ? `<title>${escapeHtml(line.label)}</title>` : ''}</line>`,
    );
  }
  for (const mark of marks) {
    const at = x(mark.epoch);
    parts.push(
      `<line class="mark" x1="${f(at)}" y1="${plot.top}" x2="${f(at)}" y2="${plot.bottom}" stroke="${mark.color}" stroke-width="1.5" stroke-dasharray="${mark.dash ?? '4 3'}"><title>${escapeHtml(mark.label)}</title></line>`,
    );
  }
  for (const entry of spec.series) {
    const points = entry.values
      .map((value, index) => (value === null || !Number.isFinite(value) || (axis.kind === 'log' && value <= 0) ? null : { x: x(epochs[index]!), y: y(value) }))
      .filter((point): point is { x: number; y: number } => point !== null);
    const dash = entry.dashed ? ' stroke-dasharray="5 3"' : '';
    parts.push(
      `<polyline class="series" fill="none" stroke="${entry.color}" stroke-width="${entry.dashed ? 1.5 : 2}"${dash} points="${points.map((point) => `${f(point.x)},${f(point.y)}`).join(' ')}"><title>${escapeHtml(entry.label)}</title></polyline>`,
    );
    if (epochs.length <= DOTS_UNTIL) {
      for (const point of points) parts.push(`<circle cx="${f(point.x)}" cy="${f(point.y)}" r="${epochs.length <= 3 ? 4 : 2.5}" fill="${entry.color}"/>`);
    }
  }
  // The hover script moves this line to the epoch under the pointer.
  if (spec.id) parts.push(`<line class="hover" x1="0" y1="${plot.top}" x2="0" y2="${plot.bottom}" stroke="#999" visibility="hidden"/>`);
  parts.push('</svg>');
  return parts.join('\n');
}
