/**
 * The terminal chart of a study with one numeric varied param: each setting's mean test gap
 * (`o`) at its value, with its 95% CI as a whisker (`|`), a dotted row at each gap tick and a
 * `-` row at zero. Settings without a completed trial are left out.
 */
import { linearAxis } from '../chart-axis.js';
import { asciiGrid, asciiPlotLines } from '../ascii-plot.js';
import { formatStudyValue } from '../../ir/study-plan.js';
import { escapeControlChars } from '../../util/terminal-text.js';
import type { StudyReport } from './study-report-schema.js';
import { numericValues, valueScale } from './study-values.js';

const MEAN = 'o';
const WHISKER = '|';
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
  const yAxis = linearAxis(
    Math.min(0, ...points.map((point) => point.low)),
    Math.max(0, ...points.map((point) => point.high)),
    Math.max(2, Math.floor(height / 3)),
  );
  // The x domain is the values' own range (not widened to ticks), so the first and last settings sit at the edges.
  const position = (x: number): number => (log ? Math.log10(x) : x);
  const xLow = position(Math.min(...xValues));
  const xHigh = position(Math.max(...xValues));
  // One free column either side, so no whisker merges with the y axis's `|`.
  const columnOf = (x: number): number => 1 + Math.round(((position(x) - xLow) / (xHigh - xLow)) * (width - 3));
  const grid = asciiGrid(yAxis, height, width);
  const { cells, rowOf } = grid;
  cells[rowOf(0)]!.fill(ZERO);
  for (const point of points) {
    const column = columnOf(point.x);
    for (let row = rowOf(point.high); row <= rowOf(point.low); row++) cells[row]![column] = WHISKER;
    cells[rowOf(point.mean)]![column] = MEAN;
  }
  const lines = [`test gap (test - clean training loss) against ${escapeControlChars(param)}${log ? ' (log scale)' : ''}`];
  // The x axis: a `+` under each setting, its value centred below where it fits.
  lines.push(
    ...asciiPlotLines(
      grid,
      points.map((point) => ({ column: columnOf(point.x), label: point.label })),
      escapeControlChars(param),
    ),
  );
  lines.push(`  ${MEAN} mean test gap   ${WHISKER} its 95% confidence interval   ${ZERO} zero`);
  return lines.join('\n');
}
