/** An ASCII chart of clean training loss and validation loss over the epochs, best epoch marked. */
import type { TrainingReport } from './report-schema.js';

/** Options for {@link renderLossChart}. */
export interface LossChartOptions {
  /** Plot columns (default 60). */
  width?: number;
  /** Plot rows (default 12). */
  height?: number;
}

const TRAIN = '*';
const VALIDATION = 'o';
const BOTH = '@';
const BEST = '|';

/**
 * The chart as text: a y axis with the loss range, one column per epoch bucket, `*` for clean
 * training loss, `o` for validation loss (`@` where they meet), a `|` column at the best epoch.
 */
export function renderLossChart(report: TrainingReport, options: LossChartOptions = {}): string {
  const history = report.history;
  const series = [
    history.map((record) => record.cleanTrainLoss),
    history.map((record) => record.valLoss),
  ];
  const values = series.flat().filter((value): value is number => value !== null && Number.isFinite(value));
  if (history.length < 2 || values.length === 0) return '';
  const width = Math.max(10, Math.min(options.width ?? 60, 200));
  const height = Math.max(4, Math.min(options.height ?? 12, 50));
  const columns = Math.min(width, history.length);
  let low = Math.min(...values);
  let high = Math.max(...values);
  if (high - low < 1e-12) {
    high += 0.5;
    low -= 0.5;
  }
  const grid = Array.from({ length: height }, () => new Array<string>(columns).fill(' '));
  const columnOf = (index: number): number => (history.length === 1 ? 0 : Math.round((index / (history.length - 1)) * (columns - 1)));
  const rowOf = (value: number): number => height - 1 - Math.round(((value - low) / (high - low)) * (height - 1));
  const bestIndex = report.summary.bestEpoch === null ? -1 : history.findIndex((record) => record.epoch === report.summary.bestEpoch);
  if (bestIndex >= 0) for (const row of grid) row[columnOf(bestIndex)] = BEST;
  series.forEach((points, which) => {
    points.forEach((value, index) => {
      if (value === null || !Number.isFinite(value)) return;
      const row = grid[rowOf(value)]!;
      const column = columnOf(index);
      const mark = which === 0 ? TRAIN : VALIDATION;
      row[column] = row[column] === TRAIN || row[column] === VALIDATION ? (row[column] === mark ? mark : BOTH) : mark;
    });
  });
  const labels = grid.map((_, row) => (row === 0 ? high : row === height - 1 ? low : row === Math.floor((height - 1) / 2) ? high - ((high - low) * row) / (height - 1) : null));
  const labelWidth = Math.max(...labels.map((label) => (label === null ? 0 : label.toFixed(4).length)));
  const lines = grid.map((row, index) => `${(labels[index] === null ? '' : labels[index]!.toFixed(4)).padStart(labelWidth)} |${row.join('')}`);
  const first = String(history[0]!.epoch);
  const last = String(history[history.length - 1]!.epoch);
  lines.push(`${' '.repeat(labelWidth)} +${'-'.repeat(columns)}`);
  lines.push(`${' '.repeat(labelWidth)}  ${first}${last.padStart(Math.max(1, columns - first.length))}  (epoch)`);
  const best = bestIndex >= 0 ? `   ${BEST} best epoch ${report.summary.bestEpoch}` : '';
  lines.push(`${' '.repeat(labelWidth)}  ${TRAIN} training loss (clean)   ${VALIDATION} validation loss${best}`);
  return lines.join('\n');
}
