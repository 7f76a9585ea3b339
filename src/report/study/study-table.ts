/**
 * The study table as text cells: one row per setting, the same columns in the terminal and the
 * HTML report (docs/report.md, "Study reports", explains each). Means are over completed trials;
 * `±` is the half-width of the 95% confidence interval.
 */
import { formatStudyValue } from '../../ir/study-plan.js';
import { fixed4 } from '../format-numbers.js';
import type { FigureStatsJson, StudyReport, StudySettingReport, TrialCounts } from './study-report-schema.js';

/** The table: a header, one row of cells per setting, which columns are numeric. */
export interface StudyTable {
  header: string[];
  /** Columns that identify a row (the varied values and the trials done): repeated when a narrow terminal splits the table. */
  keyColumns: number;
  numeric: boolean[];
  rows: string[][];
}

/** `5/5`, `4/5 (1 pruned)`, `2/5 (1 diverged, 2 not run)`: completed trials of the seeds, and why the rest are not counted. */
export function trialsDone(counts: TrialCounts, seeds: number): string {
  const others = (['pruned', 'diverged', 'interrupted', 'failed'] as const)
    .filter((status) => counts[status] > 0)
    .map((status) => `${counts[status]} ${status}`);
  if (counts.total < seeds) others.push(`${seeds - counts.total} not run`);
  return `${counts.completed}/${seeds}${others.length > 0 ? ` (${others.join(', ')})` : ''}`;
}

/** A mean with the half-width of its 95% CI, `+0.212 ± 0.010` (signed for gaps); just the mean for one trial; `-` for none. */
export function plusMinus(stats: FigureStatsJson, options: { signed?: boolean; decimals?: number } = {}): string {
  if (stats.mean === null) return '-';
  const decimals = options.decimals ?? 3;
  const center = `${options.signed && stats.mean >= 0 ? '+' : ''}${stats.mean.toFixed(decimals)}`;
  return stats.halfWidth === null ? center : `${center} ± ${stats.halfWidth.toFixed(decimals)}`;
}

/** A mean with one decimal (`34.2`), for epochs and seconds; `-` for none. */
function mean1(stats: FigureStatsJson): string {
  return stats.mean === null ? '-' : stats.mean.toFixed(1);
}

/** The cells of one setting, in {@link studyTable}'s column order. */
function settingRow(report: StudyReport, setting: StudySettingReport): string[] {
  const s = setting.summary;
  const onset = s.overfittingOnset;
  return [
    ...report.params.map((param) => {
      const value = setting.values[param];
      return value === undefined ? '-' : formatStudyValue(value);
    }),
    trialsDone(s.counts, report.seeds.length),
    mean1(s.bestEpoch),
    fixed4(s.trainLoss.mean),
    fixed4(s.validationLoss.mean),
    fixed4(s.testLoss.mean),
    plusMinus(s.valGap, { signed: true }),
    plusMinus(s.testGap, { signed: true }),
    ...(report.metric === null ? [] : [plusMinus(s.testMetric)]),
    // The onset is not seen in every trial: `12 (3/5)` is the median over the 3 that showed one.
    onset.median === null ? '-' : `${Number(onset.median.toFixed(1))}${onset.seen < onset.n ? ` (${onset.seen}/${onset.n})` : ''}`,
    mean1(s.epochsRun),
    mean1(s.seconds),
  ];
}

/** The study table of `report`. */
export function studyTable(report: StudyReport): StudyTable {
  const header = [
    ...report.params,
    'trials',
    'best epoch',
    'train loss',
    'val loss',
    'test loss',
    'val gap',
    'test gap',
    ...(report.metric === null ? [] : [`test ${report.metric}`]),
    'onset',
    'epochs',
    'seconds',
  ];
  const keyColumns = report.params.length + 1;
  return { header, keyColumns, numeric: header.map((_, column) => column >= keyColumns), rows: report.settings.map((setting) => settingRow(report, setting)) };
}
