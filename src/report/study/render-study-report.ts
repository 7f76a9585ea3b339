/**
 * The study report in the terminal: a headline, the table (split into stacked blocks when wider
 * than the terminal), the best setting by validation, the paired comparisons with the control,
 * and for one numeric varied param an ASCII chart of the test gap against its value.
 */
import picocolors from 'picocolors';
import { countNoun, fixed4 } from '../format-numbers.js';
import { escapeControlChars } from '../../util/terminal-text.js';
import type { StudyReport } from './study-report-schema.js';
import { studyTable, type StudyTable } from './study-table.js';
import { renderStudyGapChart } from './study-gap-chart.js';

/** Options for {@link renderStudyReport}. */
export interface StudyReportOptions {
  color: boolean;
  /** The terminal's width in columns (default 100): the table splits past it, and the chart fits in it. */
  width?: number;
}

const COLUMN_GAP = '  ';

/** The table as lines; the columns past `width` go to further blocks, each repeating the key columns. */
export function renderStudyTable(table: StudyTable, width: number, bold: (text: string) => string): string[] {
  const cells = [table.header, ...table.rows].map((row) => row.map(escapeControlChars));
  const widths = table.header.map((_, column) => Math.max(...cells.map((row) => row[column]!.length)));
  const keys = [...Array(table.keyColumns).keys()];
  const keyWidth = keys.reduce((sum, column) => sum + widths[column]! + COLUMN_GAP.length, 2);
  const blocks: number[][] = [];
  let current: number[] = [];
  let used = keyWidth;
  for (let column = table.keyColumns; column < table.header.length; column++) {
    const needed = widths[column]! + COLUMN_GAP.length;
    if (current.length > 0 && used + needed > width) {
      blocks.push(current);
      current = [];
      used = keyWidth;
    }
    current.push(column);
    used += needed;
  }
  blocks.push(current);
  const lines: string[] = [];
  blocks.forEach((block, index) => {
    if (index > 0) lines.push('');
    cells.forEach((row, rowIndex) => {
      const text = [...keys, ...block]
        .map((column) => (table.numeric[column] ? row[column]!.padStart(widths[column]!) : row[column]!.padEnd(widths[column]!)))
        .join(COLUMN_GAP)
        .trimEnd();
      lines.push(`  ${rowIndex === 0 ? bold(text) : text}`);
    });
  });
  return lines;
}

/** The whole terminal report. */
export function renderStudyReport(report: StudyReport, options: StudyReportOptions): string {
  const c = picocolors.createColors(options.color);
  const width = Math.max(40, options.width ?? 100);
  const settings = report.settings.length;
  const trials = settings * report.seeds.length;
  const lines: string[] = [
    `${c.bold(`Study ${escapeControlChars(report.study)}`)}: ${escapeControlChars(report.model)}, ${report.kind} over ${report.params.map(escapeControlChars).join(', ')}; ${countNoun(settings, 'setting')} x ${countNoun(report.seeds.length, 'seed')} = ${countNoun(trials, 'trial')}`,
    c.dim(`  means over completed trials, ± the 95% confidence interval (Student's t over seeds); losses of the final model, training loss clean`),
    '',
    ...renderStudyTable(studyTable(report), width, c.bold),
  ];
  lines.push('');
  if (report.best) {
    const value = report.best.value;
    const spread = value.halfWidth === null ? '' : ` ± ${fixed4(value.halfWidth)}`;
    lines.push(
      `${c.bold('Best by validation')}: ${c.green(escapeControlChars(report.best.label))} (${escapeControlChars(report.best.by)} ${fixed4(value.mean)}${spread}, mean of ${countNoun(value.n, 'trial')}; ${report.best.mode === 'min' ? 'lower' : 'higher'} is better)`,
    );
  } else {
    lines.push(`${c.bold('Best by validation')}: none (no completed trial has a validation value)`);
  }
  if (report.comparisons.length > 0) {
    lines.push('', `${c.bold('Against the control')} (${escapeControlChars(report.settings[0]!.label)}), paired by seed:`);
    for (const comparison of report.comparisons) {
      lines.push(`  ${escapeControlChars(comparison.sentence)}`);
      if (comparison.details !== '') lines.push(c.dim(`    ${escapeControlChars(comparison.details)}`));
    }
  }
  const chart = renderStudyGapChart(report, { width: Math.min(60, width - 12) });
  if (chart !== '') lines.push('', chart);
  return lines.join('\n');
}
