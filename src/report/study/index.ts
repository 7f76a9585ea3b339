/** The study report: its schema, statistics, builder and renderers (terminal, JSON, HTML). Pure. */
export * from './study-report-schema.js';
export { buildStudyReport } from './build-study-report.js';
export type { BuildStudyReportOptions } from './build-study-report.js';
export { CONFIDENCE, describeValues, includesZero, mean, median, sampleStd, tCritical } from './statistics.js';
export type { FigureStats } from './statistics.js';
export { tCdf, tQuantile } from './t-distribution.js';
export { renderStudyReport, renderStudyTable } from './render-study-report.js';
export type { StudyReportOptions } from './render-study-report.js';
export { renderStudyGapChart } from './study-gap-chart.js';
export { renderStudyHtml } from './study-html.js';
export { studyTable } from './study-table.js';
export type { StudyTable } from './study-table.js';
