/**
 * The marks on the live loss curves, from the history so far: the best epoch (the runner's rule:
 * the monitored value, min_delta and warm-up), the onset of overfitting (the report's rule,
 * `findOverfittingOnset` on clean training and validation loss) and, once the run has ended, the
 * epoch it stopped at. Pure: recomputed after every epoch.
 */
import type { EpochRecord, TrainingReport } from '../../../src/report/report-schema.js';
import { COLORS } from '../../../src/report/report-charts.js';
import type { ChartMark } from '../../../src/report/svg-chart.js';
import { monitoredValue } from '../../../src/train/monitor.js';
import { findOverfittingOnset } from '../../../src/train/overfitting.js';
import type { RunJudge } from './protocol.js';

/** Where the curves' marks go; null where there is none (yet). */
export interface CurveMarkEpochs {
  best: number | null;
  onset: number | null;
  stop: number | null;
}

/** The best epoch so far by the run's rule: the first to beat every earlier one by more than min_delta, after the warm-up. */
export function bestEpochSoFar(history: readonly EpochRecord[], judge: RunJudge): number | null {
  let best: { epoch: number; value: number } | undefined;
  for (const record of history) {
    const value = monitoredValue(record, judge.monitor);
    if (value === null || !Number.isFinite(value) || record.epoch <= judge.startFromEpoch) continue;
    const better = best === undefined || (judge.mode === 'min' ? value < best.value - judge.minDelta : value > best.value + judge.minDelta);
    if (better) best = { epoch: record.epoch, value };
  }
  return best?.epoch ?? null;
}

/** The onset of overfitting in the history so far (null until the divergence has lasted its window). */
export function overfittingOnsetSoFar(history: readonly EpochRecord[]): number | null {
  const onset = findOverfittingOnset(
    history.map((record) => record.cleanTrainLoss ?? Number.NaN),
    history.map((record) => record.valLoss ?? Number.NaN),
  );
  return onset?.epoch ?? null;
}

/**
 * The marks' epochs: during the run from the history, once it ends from its report (which is
 * the authority: early stopping's own best epoch, the weights restored).
 */
export function curveMarkEpochs(history: readonly EpochRecord[], judge: RunJudge, report: TrainingReport | null): CurveMarkEpochs {
  if (report) return { best: report.summary.bestEpoch, onset: report.summary.overfittingOnset, stop: report.summary.stopEpoch };
  return { best: bestEpochSoFar(history, judge), onset: overfittingOnsetSoFar(history), stop: null };
}

/** The marks as the report's charts draw them (same colours and dashes, same words). */
export function curveMarks(epochs: CurveMarkEpochs): ChartMark[] {
  return [
    ...(epochs.best !== null ? [{ epoch: epochs.best, label: `best epoch ${epochs.best}`, color: COLORS.best }] : []),
    ...(epochs.onset !== null ? [{ epoch: epochs.onset, label: `overfitting onset: after epoch ${epochs.onset}`, color: COLORS.onset, dash: '1.5 4.5' }] : []),
    ...(epochs.stop !== null ? [{ epoch: epochs.stop, label: `stopped at epoch ${epochs.stop}`, color: COLORS.stop }] : []),
  ];
}
