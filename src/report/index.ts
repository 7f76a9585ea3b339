/** The report: its schema and its renderers (terminal lines, summary, ASCII chart, JSON, HTML), and the study report's. Pure. */
import { trainingReportSchema, type TrainingReport } from './report-schema.js';

export * from './report-schema.js';
export { renderEpochLine } from './epoch-line.js';
export type { EpochLineOptions } from './epoch-line.js';
export { renderRunSummary } from './run-summary.js';
export { renderLossChart } from './loss-chart.js';
export type { LossChartOptions } from './loss-chart.js';
export { renderHtmlReport, escapeHtml } from './html-report.js';
export { parseReportJson } from './read-report.js';
export { renderSvgChart } from './svg-chart.js';
export type { ChartSpec, ChartSeries, ChartMark, ChartReference } from './svg-chart.js';
export * from './study/index.js';

/** The report as `--json` writes it, validated against its schema (a failure is a bug). */
export function toReportJson(report: TrainingReport): TrainingReport {
  return trainingReportSchema.parse(report);
}
