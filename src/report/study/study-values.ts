/** The varied values of a study as chart positions: numbers on a linear or log axis, or categories. */
import { defaultLossScale, type ScaleKind } from '../chart-axis.js';
import type { StudyReport } from './study-report-schema.js';

/** Each setting's value of `param` when every one is a finite number; null when any is not (a rule name, a list). */
export function numericValues(report: Pick<StudyReport, 'settings'>, param: string): number[] | null {
  const values = report.settings.map((setting) => setting.values[param]);
  return values.every((value): value is number => typeof value === 'number' && Number.isFinite(value)) ? values : null;
}

/**
 * The scale of a numeric varied value: log when every value is positive and they span a decade
 * or more (`limit: [100, 300, 1000]`, a learning rate), linear otherwise (`rate: [0, 0.1, 0.5]`),
 * the same rule as a loss axis.
 */
export function valueScale(values: readonly number[]): ScaleKind {
  return defaultLossScale(values);
}
