/**
 * The study HTML report's charts, as chart specs: the validation curve (clean training,
 * validation and test loss against the varied value, with CI bands), the gaps against the
 * value, and each setting's mean learning curve. With two or more varied params, small
 * multiples: one panel per combination of the other params' values (a grid), or one panel per
 * param (random settings share no values, so each panel is a scatter).
 */
import { formatStudyValue } from '../../ir/study-plan.js';
import { defaultLossScale, finite, linearAxis, valueAxis } from '../chart-axis.js';
import { COLORS } from '../report-charts.js';
import { CLEAN_LOSS_LABEL, VALIDATION_LOSS_LABEL } from '../loss-names.js';
import type { ChartSpec } from '../svg-chart.js';
import type { FigureStatsJson, StudyReport, StudySettingReport } from './study-report-schema.js';
import type { ValueChartSpec, ValuePoint, ValueSeries, ValueXAxis } from './value-chart.js';
import { numericValues, valueScale } from './study-values.js';

/** The test loss's colour (the run report has no test curve). */
export const TEST_COLOR = '#8c564b';

/** Colours of the settings' learning curves, in setting order (repeating past ten). */
export const SETTING_COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'] as const;

/** The settings one panel shows, against one param. */
export interface StudyPanel {
  /** `units = 128` (the other params' values), the param's name for a random study's panels, null for a lone panel. */
  title: string | null;
  param: string;
  settings: StudySettingReport[];
  /** Whether the points are joined (a grid's line); false for a scatter. */
  connect: boolean;
}

/**
 * The param on the x axis: the first whose values are all numbers (a curve against it reads
 * best), else the first.
 */
export function xParamOf(report: StudyReport): string {
  return report.params.find((param) => numericValues(report, param) !== null) ?? report.params[0]!;
}

/** The panels of the value charts. */
export function studyPanels(report: StudyReport): StudyPanel[] {
  if (report.params.length <= 1) return [{ title: null, param: report.params[0] ?? '', settings: report.settings, connect: true }];
  if (report.kind === 'random') return report.params.map((param) => ({ title: param, param, settings: report.settings, connect: false }));
  const param = xParamOf(report);
  const others = report.params.filter((name) => name !== param);
  const panels = new Map<string, StudySettingReport[]>();
  for (const setting of report.settings) {
    const key = others.map((name) => `${name} = ${formatStudyValue(setting.values[name] ?? null)}`).join(', ');
    panels.set(key, [...(panels.get(key) ?? []), setting]);
  }
  return [...panels].map(([title, settings]) => ({ title, param, settings, connect: true }));
}

/** The x axis of a panel, and each of its settings' x position. */
function panelAxis(panel: StudyPanel): { axis: ValueXAxis; positions: number[] } {
  const numbers = numericValues({ settings: panel.settings }, panel.param);
  if (numbers !== null) {
    const values = [...new Set(numbers)].sort((a, b) => a - b);
    return { axis: { kind: valueScale(values), name: panel.param, values, labels: values.map((value) => formatStudyValue(value)) }, positions: numbers };
  }
  const labels: string[] = [];
  const positions = panel.settings.map((setting) => {
    const label = formatStudyValue(setting.values[panel.param] ?? null);
    if (!labels.includes(label)) labels.push(label);
    return labels.indexOf(label);
  });
  return { axis: { kind: 'categorical', name: panel.param, labels }, positions };
}

/** One series of a figure over the panel's settings (those with a mean). */
function figureSeries(
  panel: StudyPanel,
  positions: readonly number[],
  label: string,
  color: string,
  figure: (setting: StudySettingReport) => FigureStatsJson,
  dashed = false,
): ValueSeries {
  const points: ValuePoint[] = [];
  panel.settings.forEach((setting, index) => {
    const stats = figure(setting);
    if (stats.mean !== null) points.push({ x: positions[index]!, mean: stats.mean, low: stats.ci95?.[0] ?? null, high: stats.ci95?.[1] ?? null });
  });
  return { label, color, points, dashed };
}

/** The y axis over every mean and CI end of `series` (and 0 when asked). */
function seriesAxis(series: readonly ValueSeries[], withZero: boolean) {
  const values = series.flatMap((entry) => entry.points.flatMap((point) => finite([point.mean, point.low, point.high])));
  if (withZero) values.push(0);
  return linearAxis(values.length === 0 ? 0 : Math.min(...values), values.length === 0 ? 1 : Math.max(...values));
}

/** The validation curve of a panel: clean training, validation and test loss against the value. */
export function validationCurve(panel: StudyPanel, size: { width?: number; height?: number } = {}): ValueChartSpec {
  const { axis, positions } = panelAxis(panel);
  const series = [
    figureSeries(panel, positions, CLEAN_LOSS_LABEL, COLORS.clean, (setting) => setting.summary.trainLoss),
    figureSeries(panel, positions, VALIDATION_LOSS_LABEL, COLORS.validation, (setting) => setting.summary.validationLoss),
    figureSeries(panel, positions, 'test loss', TEST_COLOR, (setting) => setting.summary.testLoss),
  ];
  return {
    title: `final losses against ${panel.param}${panel.title ? ` (${panel.title})` : ''}`,
    x: axis,
    axis: seriesAxis(series, false),
    series,
    connect: panel.connect,
    ...size,
  };
}

/** The gaps of a panel against the value: validation and test minus clean training loss, with zero. */
export function gapCurve(panel: StudyPanel, size: { width?: number; height?: number } = {}): ValueChartSpec {
  const { axis, positions } = panelAxis(panel);
  const series = [
    figureSeries(panel, positions, 'test gap (test − clean training loss)', COLORS.gap, (setting) => setting.summary.testGap),
    figureSeries(panel, positions, 'validation gap (validation − clean training loss)', COLORS.validation, (setting) => setting.summary.valGap, true),
  ];
  return {
    title: `gaps against ${panel.param}${panel.title ? ` (${panel.title})` : ''}`,
    x: axis,
    axis: seriesAxis(series, true),
    series,
    connect: panel.connect,
    references: [{ value: 0, color: COLORS.zero }],
    ...size,
  };
}

/**
 * Each setting's mean validation loss per epoch, over its completed trials that reached that
 * epoch (a curve ends where the last of them stopped); null when no setting has a completed trial.
 */
export function learningCurves(report: StudyReport): ChartSpec | null {
  const curves = report.settings.map((setting) => {
    const histories = setting.trials.filter((trial) => trial.status === 'completed' && trial.report !== null).map((trial) => trial.report!.history);
    const last = Math.max(0, ...histories.map((history) => history.length));
    const means = Array.from({ length: last }, (_, index) => {
      const values = finite(histories.map((history) => history[index]?.valLoss));
      return values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;
    });
    return { setting, means };
  });
  const epochs = Math.max(0, ...curves.map((curve) => curve.means.length));
  const values = finite(curves.flatMap((curve) => curve.means));
  if (epochs === 0 || values.length === 0) return null;
  return {
    title: 'mean validation loss per epoch, one curve per setting',
    epochs: Array.from({ length: epochs }, (_, index) => index + 1),
    series: curves.map((curve) => ({
      label: curve.setting.label,
      color: SETTING_COLORS[curve.setting.index % SETTING_COLORS.length]!,
      values: Array.from({ length: epochs }, (_, index) => curve.means[index] ?? null),
    })),
    axis: valueAxis(defaultLossScale(values), values),
  };
}
