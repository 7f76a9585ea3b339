/**
 * The frame of the terminal's charts (the run's loss charts and a study's gap chart): a grid of
 * character cells with the value axis's tick labels on the left and `·` rows at the ticks, and
 * the x axis below it with `+` at each tick and the tick labels centred where they fit.
 */
import type { ValueAxis } from './chart-axis.js';

const GRID = '·';

/** A chart's cells, row 0 at the top, with each row's tick label (or null). */
export interface AsciiGrid {
  cells: string[][];
  labels: (string | null)[];
  /** The row of a value (clamped to the grid). */
  rowOf(value: number): number;
}

/**
 * An empty grid of `height` rows and `columns` columns for `axis`. Each tick's label goes on the
 * row nearest its value and that row is dotted; a tick that lands on a row already labelled is
 * dropped, so labels never overwrite each other.
 */
export function asciiGrid(axis: ValueAxis, height: number, columns: number): AsciiGrid {
  const rowOf = (value: number): number => height - 1 - Math.round(Math.min(1, Math.max(0, axis.fraction(value))) * (height - 1));
  const cells = Array.from({ length: height }, () => new Array<string>(columns).fill(' '));
  const labels = new Array<string | null>(height).fill(null);
  for (const tick of axis.ticks) {
    const row = rowOf(tick.value);
    if (labels[row] !== null) continue;
    labels[row] = tick.label;
    cells[row]!.fill(GRID);
  }
  return { cells, labels, rowOf };
}

/**
 * The grid as lines: each row after its label and a `|`, then the x axis with a `+` under each
 * tick's column and the tick labels centred under them (a label that would overlap the one
 * before it, or run past the line, is left out), then `(unit)`.
 */
export function asciiPlotLines(grid: AsciiGrid, ticks: readonly { column: number; label: string }[], unit: string): string[] {
  const columns = grid.cells[0]?.length ?? 0;
  const labelWidth = Math.max(...grid.labels.map((label) => label?.length ?? 0));
  const lines = grid.cells.map((row, index) => `${(grid.labels[index] ?? '').padStart(labelWidth)} |${row.join('')}`);
  const axisLine = new Array<string>(columns).fill('-');
  const tickLine = new Array<string>(columns + 8).fill(' ');
  let free = 0;
  for (const { column, label } of [...ticks].sort((a, b) => a.column - b.column)) {
    axisLine[column] = '+';
    const start = Math.max(0, column - Math.floor((label.length - 1) / 2));
    if (start < free || start + label.length > tickLine.length) continue;
    for (let offset = 0; offset < label.length; offset++) tickLine[start + offset] = label[offset]!;
    free = start + label.length + 1;
  }
  lines.push(`${' '.repeat(labelWidth)} +${axisLine.join('')}`);
  lines.push(`${' '.repeat(labelWidth)}  ${tickLine.join('').trimEnd()}  (${unit})`);
  return lines;
}
