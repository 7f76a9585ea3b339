/**
 * The HTML report's charts, as chart specs made from a report: the losses (on a log and a
 * linear axis, one of them shown), the validation gap with its zero line, and the main
 * metric. The marks (best epoch, overfitting onset, stop) are the same on every chart.
 */
import type { TrainingReport } from './report-schema.js';
import { defaultLossScale, finite, canUseLog, linearAxis, valueAxis, type ScaleKind } from './chart-axis.js';
import { fixed4 } from './format-numbers.js';
import { batchMeanLossLabel, CLEAN_LOSS_LABEL, VALIDATION_GAP_LABEL, VALIDATION_LOSS_LABEL } from './loss-names.js';
import type { ChartMark, ChartSpec } from './svg-chart.js';

/** The colours of the report's quantities, the same on every chart. */
export const COLORS = {
  batchMean: '#9a9a9a',
  clean: '#1f6fb2',
  validation: '#e67e22',
  /** The playground's live test-loss curve (reports show test results only at the end). */
  test: '#7a5c00',
  gap: '#6f42c1',
  best: '#1e9e5a',
  onset: '#d63384',
  stop: '#c0392b',
  zero: '#555',
} as const;

/** The charts of one report. */
export interface ReportCharts {
  /** The loss chart on each scale it can take (log only when every loss is positive). */
  loss: Partial<Record<ScaleKind, ChartSpec>>;
  /** The scale the loss chart opens with. */
  lossScale: ScaleKind;
  /** Validation loss from the best epoch on, on its own axis; `null` when the best epoch is the last. */
  afterBest: ChartSpec | null;
  gap: ChartSpec | null;
  metric: ChartSpec | null;
}

/**
 * The best epoch, the overfitting onset and the stopping epoch, where the history has them.
 * The onset is usually the best epoch too: its line is dotted, so the best epoch's dashes show
 * between its dots.
 */
export function chartMarks(report: TrainingReport): ChartMark[] {
  const s = report.summary;
  const epochs = report.history.map((record) => record.epoch);
  const within = (epoch: number | null): epoch is number => epoch !== null && epochs.includes(epoch);
  return [
    ...(within(s.bestEpoch) ? [{ epoch: s.bestEpoch, label: `best epoch ${s.bestEpoch}`, color: COLORS.best }] : []),
    ...(within(s.overfittingOnset)
      ? [{ epoch: s.overfittingOnset, label: `overfitting onset: after epoch ${s.overfittingOnset}`, color: COLORS.onset, dash: '1.5 4.5' }]
      : []),
    ...(within(s.stopEpoch) ? [{ epoch: s.stopEpoch, label: `stopped at epoch ${s.stopEpoch}`, color: COLORS.stop }] : []),
  ];
}

/** The charts for `report`. */
export function reportCharts(report: TrainingReport, metric: string | undefined): ReportCharts {
  const history = report.history;
  const epochs = history.map((record) => record.epoch);
  const marks = chartMarks(report);
  const lossSeries = [
    { label: batchMeanLossLabel(report.model.trainingOnly), color: COLORS.batchMean, dashed: true, values: history.map((record) => record.trainLoss) },
    { label: CLEAN_LOSS_LABEL, color: COLORS.clean, values: history.map((record) => record.cleanTrainLoss) },
    { label: VALIDATION_LOSS_LABEL, color: COLORS.validation, values: history.map((record) => record.valLoss) },
  ];
  const losses = finite(lossSeries.flatMap((entry) => entry.values));
  // A line at the lowest validation loss: a later rise of a fraction of a percent shows as
  // the curve leaving the line, which no axis scale shows as clearly.
  const validation = finite(history.map((record) => record.valLoss));
  const lowest = validation.length > 1 ? Math.min(...validation) : null;
  const references = lowest === null ? [] : [{ value: lowest, color: COLORS.validation, dashed: true, label: `lowest validation loss ${fixed4(lowest)}` }];
  const loss: ReportCharts['loss'] = {};
  for (const kind of canUseLog(losses) ? (['log', 'linear'] as const) : (['linear'] as const)) {
    loss[kind] = { title: `loss per epoch, ${kind} scale`, id: `loss-${kind}`, epochs, series: lossSeries, axis: valueAxis(kind, losses), marks, references };
  }
  // After the best epoch, validation loss on its own axis: a rise of a few percent that the
  // whole run's axis flattens fills this chart's height.
  const bestIndex = history.findIndex((record) => record.epoch === report.summary.bestEpoch);
  const tail = bestIndex >= 0 && bestIndex < history.length - 1 ? history.slice(bestIndex) : [];
  const tailValues = finite(tail.map((record) => record.valLoss));
  const afterBest: ChartSpec | null =
    tailValues.length < 2
      ? null
      : {
          title: `validation loss from the best epoch (${report.summary.bestEpoch}) on`,
          id: 'after-best',
          epochs: tail.map((record) => record.epoch),
          series: [{ label: VALIDATION_LOSS_LABEL, color: COLORS.validation, values: tail.map((record) => record.valLoss) }],
          axis: linearAxis(Math.min(...tailValues), Math.max(...tailValues)),
          marks: marks.filter((mark) => mark.epoch >= tail[0]!.epoch),
        };
  const gaps = finite(history.map((record) => record.gap));
  const gap: ChartSpec | null =
    gaps.length === 0
      ? null
      : {
          title: `${VALIDATION_GAP_LABEL} per epoch (validation loss minus clean training loss)`,
          id: 'gap',
          epochs,
          series: [{ label: `${VALIDATION_GAP_LABEL} (validation − clean training loss)`, color: COLORS.gap, values: history.map((record) => record.gap) }],
          // Zero is always on the axis: the gap's sign is half of what it says.
          axis: linearAxis(Math.min(0, ...gaps), Math.max(0, ...gaps)),
          marks,
          references: [{ value: 0, color: COLORS.zero }],
        };
  let metricChart: ChartSpec | null = null;
  if (metric) {
    const series = [
      { label: `training ${metric} (clean)`, color: COLORS.clean, values: history.map((record) => record.cleanTrainMetrics[metric] ?? null) },
      { label: `validation ${metric}`, color: COLORS.validation, values: history.map((record) => record.valMetrics[metric] ?? null) },
    ];
    const values = finite(series.flatMap((entry) => entry.values));
    if (values.length > 0)
      metricChart = { title: `${metric} per epoch`, id: 'metric', epochs, series, axis: linearAxis(Math.min(...values), Math.max(...values)), marks };
  }
  return { loss, lossScale: defaultLossScale(losses), afterBest, gap, metric: metricChart };
}
