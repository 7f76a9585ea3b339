/**
 * The terminal chart of a study with one numeric varied param: each setting's mean test gap
 * (`o`) at its value, with its 95% CI as a whisker (`|`), a dotted row at each gap tick and a
 * `-` row at zero. Settings without a completed trial are left out.
 */
import { linearAxis } from '../chart-axis.js';
import { formatStudyValue } from '../../ir/study-plan.js';
import { escapeControlChars } from '../../util/terminal-text.js';
import type { StudyReport } from './study-report-schema.js';
import { numericValues, valueScale } from './study-values.js';

const MEAN = 'o';
const WHISKER = '|';
const GRID = '·';
const ZERO = '-';

/** A point of the chart: a setting's value, its mean gap and CI. */
interface GapPoint {
  x: number;
  label: string;
  mean: number;
  low: number;
  high: number;
}

/** The chart as text, or empty when the study does not vary exactly one numeric param or fewer than two settings have a gap. */
export function renderStudyGapChart(report: StudyReport, options: { width?: number; height?: number } = {}): string {
  if (report.params.length !== 1) return '';
  const param = report.params[0]!;
  const xs = numericValues(report, param);
  if (xs === null) return '';
  const points: GapPoint[] = [];
  report.settings.forEach((setting, index) => {
    const gap = setting.summary.testGap;
    if (gap.mean === null) return;
    points.push({ x: xs[index]!, label: formatStudyValue(xs[index]!), mean: gap.mean, low: gap.ci95?.[0] ?? gap.mean, high: gap.ci95?.[1] ?? gap.mean });
  });
  if (new Set(points.map((point) => point.x)).size < 2) return '';
  const width = Math.max(20, Math.min(options.width ?? 60, 200));
  const height = Math.max(6, Math.min(options.height ?? 12, 40));
  const xValues = points.map((point) => point.x);
  const log = valueScale(xValues) === 'log';
  const yAxis = linearAxis(Math.min(0, ...points.map((point) => point.low)), Math.max(0, ...points.map((point) => point.high)), Math.max(2, Math.floor(height / 3)));
  // The x domain is the values' own range (not widened to ticks), so the first and last settings sit at the edges.
  const position = (x: number): number => (log ? Math.log10(x) : x);
  const xLow = position(Math.min(...xValues));
  const xHigh = position(Math.max(...xValues));
  // One free column either side, so no whisker merges with the y axis's `|`.
  const columnOf = (x: number): number => 1 + Math.round(((position(x) - xLow) / (xHigh - xLow)) * (width - 3));
  const rowOf = (value: number): number => height - 1 - Math.round(Math.min(1, Math.max(0, yAxis.fraction(value))) * (height - 1));
  const grid = Array.from({ length: height }, () => new Array<string>(width).fill(' '));
  const labels = new Array<string | null>(height).fill(null);
  for (const tick of yAxis.ticks) {
    const row = rowOf(tick.value);
    if (labels[row] !== null) continue;
    labels[row] = tick.label;
    grid[row]!.fill(GRID);
  }
  grid[rowOf(0)]!.fill(ZERO);
  for (const point of points) {
    const column = columnOf(point.x);
    for (let row = rowOf(point.high); row <= rowOf(point.low); row++) grid[row]![column] = WHISKER;
    grid[rowOf(point.mean)]![column] = MEAN;
  }
  const labelWidth = Math.max(...labels.map((label) => label?.length ?? 0));
  const lines = [`test gap (test - clean training loss) against ${escapeControlChars(param)}${log ? ' (log scale)' : ''}`];
  lines.push(...grid.map((row, index) => `${(labels[index] ?? '').padStart(labelWidth)} |${row.join('')}`));
  // The x axis: a `+` under each setting, its value centred below where it fits.
  const axisLine = new Array<string>(width).fill('-');
  const valueLine = new Array<string>(width + 8).fill(' ');
  let free = 0;
  for (const point of [...points].sort((a, b) => a.x - b.x)) {
    const column = columnOf(point.x);
    axisLine[column] = '+';
    const start = Math.max(0, column - Math.floor((point.label.length - 1) / 2));
    if (start < free || start + point.label.length > valueLine.length) continue;
    for (let offset = 0; offset < point.label.length; offset++) valueLine[start + offset] = point.label[offset]!;
    free = start + point.label.length + 1;
  }
  lines.push(`${' '.repeat(labelWidth)} +${axisLine.join('')}`);
  lines.push(`${' '.repeat(labelWidth)}  ${valueLine.join('').trimEnd()}  (${escapeControlChars(param)})`);
  lines.push(`  ${MEAN} mean test gap   ${WHISKER} its 95% confidence interval   ${ZERO} zero`);
  return lines.join('\n');
}
