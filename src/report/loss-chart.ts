/**
 * The terminal's charts after a run: clean training loss and validation loss per epoch (log
 * scale when the losses span a decade or more, as in the HTML report), then the validation gap
 * with its zero line. Both have tick labels, dotted gridlines at the ticks, epoch ticks and
 * the best epoch marked.
 */
import type { TrainingReport } from './report-schema.js';
import { defaultLossScale, epochTicks, finite, linearAxis, valueAxis, type ValueAxis } from './chart-axis.js';
import { asciiGrid, asciiPlotLines } from './ascii-plot.js';
import { CLEAN_LOSS_LABEL, VALIDATION_GAP_LABEL, VALIDATION_LOSS_LABEL } from './loss-names.js';

/** Options for {@link renderLossChart}. */
export interface LossChartOptions {
  /** Plot columns (default 60). */
  width?: number;
  /** Plot rows of the loss chart (default 12); the gap chart takes half as many. */
  height?: number;
}

const TRAIN = '*';
const VALIDATION = 'o';
const BOTH = '@';
const GAP = 'x';
const BEST = '|';
const ZERO = '-';

interface AsciiSeries {
  values: readonly (number | null)[];
  symbol: string;
}

interface AsciiPlot {
  epochs: readonly number[];
  series: readonly AsciiSeries[];
  axis: ValueAxis;
  width: number;
  height: number;
  bestEpoch: number | null;
  /** A value drawn as a full row of `-` (the gap's zero). */
  zero?: number;
}

/** One chart as lines: y tick labels, the plot, the x axis with epoch ticks. */
function renderAsciiPlot(plot: AsciiPlot): string[] {
  const { epochs, axis, height } = plot;
  // Fewer epochs than columns: the epochs are spread evenly over the width, not crowded left.
  const columns =
    epochs.length >= plot.width ? plot.width : Math.max(1, (epochs.length - 1) * Math.floor((plot.width - 1) / Math.max(1, epochs.length - 1)) + 1);
  const first = epochs[0]!;
  const last = epochs[epochs.length - 1]!;
  const columnOf = (epoch: number): number => (last === first ? 0 : Math.round(((epoch - first) / (last - first)) * (columns - 1)));
  const grid = asciiGrid(axis, height, columns);
  const { cells, rowOf } = grid;
  if (plot.zero !== undefined) cells[rowOf(plot.zero)]!.fill(ZERO);
  if (plot.bestEpoch !== null && epochs.includes(plot.bestEpoch)) for (const row of cells) row[columnOf(plot.bestEpoch)] = BEST;
  const drawn = new Set(plot.series.map((entry) => entry.symbol));
  for (const entry of plot.series) {
    entry.values.forEach((value, index) => {
      if (value === null || !Number.isFinite(value) || (axis.kind === 'log' && value <= 0)) return;
      const row = cells[rowOf(value)]!;
      const column = columnOf(epochs[index]!);
      const here = row[column]!;
      row[column] = drawn.has(here) && here !== entry.symbol ? BOTH : entry.symbol;
    });
  }
  // About one tick per label's width plus three spaces, so the labels have room to breathe.
  const ticks = epochTicks(first, last, Math.max(1, Math.floor(columns / (String(last).length + 3))));
  return asciiPlotLines(
    grid,
    ticks.map((epoch) => ({ column: columnOf(epoch), label: String(epoch) })),
    'epoch',
  );
}

/**
 * The charts as text: clean training loss `*` and validation loss `o` (`@` where they meet)
 * on a log axis when the losses span a decade or more, then the validation gap `x` with its
 * zero line; a `|` column at the best epoch; `·` rows at the ticks. Empty for fewer than two
 * epochs.
 */
export function renderLossChart(report: TrainingReport, options: LossChartOptions = {}): string {
  const history = report.history;
  const epochs = history.map((record) => record.epoch);
  const clean = history.map((record) => record.cleanTrainLoss);
  const validation = history.map((record) => record.valLoss);
  const losses = finite([...clean, ...validation]);
  if (history.length < 2 || losses.length === 0) return '';
  const width = Math.max(10, Math.min(options.width ?? 60, 200));
  const height = Math.max(4, Math.min(options.height ?? 12, 50));
  const best = report.summary.bestEpoch;
  const scale = defaultLossScale(losses);
  const ticks = Math.max(2, Math.floor(height / 3));
  const lines = [`loss (${scale} scale)`];
  lines.push(
    ...renderAsciiPlot({
      epochs,
      series: [
        { values: clean, symbol: TRAIN },
        { values: validation, symbol: VALIDATION },
      ],
      axis: valueAxis(scale, losses, ticks),
      width,
      height,
      bestEpoch: best,
    }),
  );
  const bestNote = best !== null && epochs.includes(best) ? `   ${BEST} best epoch ${best}` : '';
  lines.push(`  ${TRAIN} ${CLEAN_LOSS_LABEL}   ${VALIDATION} ${VALIDATION_LOSS_LABEL}${bestNote}`);
  const gaps = finite(history.map((record) => record.gap));
  if (gaps.length > 0) {
    const gapHeight = Math.max(4, Math.round(height / 2));
    lines.push('', `${VALIDATION_GAP_LABEL} (validation - clean training loss)`);
    lines.push(
      ...renderAsciiPlot({
        epochs,
        series: [{ values: history.map((record) => record.gap), symbol: GAP }],
        axis: linearAxis(Math.min(0, ...gaps), Math.max(0, ...gaps), Math.max(2, Math.floor(gapHeight / 2))),
        width,
        height: gapHeight,
        bestEpoch: best,
        zero: 0,
      }),
    );
  }
  return lines.join('\n');
}
