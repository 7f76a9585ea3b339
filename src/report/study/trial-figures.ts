/**
 * The figures a study report takes from one trial's training report: all of them of the final
 * model (the restored best weights when early stopping restored them), so a setting's means
 * compare what each setting would hand over.
 */
import { monitorDirection } from '../../catalogue/catalogue.js';
import type { IrDocument } from '../../ir/schema.js';
import type { TrainingReport } from '../report-schema.js';
import { mainMetric } from '../format-numbers.js';

/** One trial's figures; null where its report has none (no test split, no onset seen). */
export interface TrialFigures {
  bestEpoch: number | null;
  /** The validation quantity the best setting is ranked by (see {@link rankingOf}). */
  monitored: number | null;
  trainLoss: number | null;
  validationLoss: number | null;
  testLoss: number | null;
  /** Validation minus clean training loss. */
  valGap: number | null;
  /** Test minus clean training loss (`summary.testMinusTrainGap`). */
  testGap: number | null;
  testMetric: number | null;
  overfittingOnset: number | null;
  epochsRun: number;
  stopEpoch: number;
  seconds: number;
}

/** What the best setting is ranked by: a validation quantity and its direction. */
export interface Ranking {
  /** `val_loss`, `val_accuracy`: never a training or test quantity. */
  by: string;
  mode: 'min' | 'max';
}

/**
 * The ranking of a study's settings: the early-stopping monitor when it is a validation
 * quantity; the validation side of a training one (`loss` ranks by `val_loss`); `val_loss`
 * without early stopping. Ranking by test would choose on the data that is meant to judge the choice.
 */
export function rankingOf(document: IrDocument): Ranking {
  const monitor = document.training?.earlyStopping?.monitor ?? 'val_loss';
  const by = monitor.startsWith('val_') ? monitor : `val_${monitor}`;
  return { by, mode: monitorDirection(by) };
}

/**
 * The figure `testMetric` holds: the headline metric of the run, as `nnspec train` prints it
 * (`accuracy`, `mae`), else the first listed metric; null when the training lists none.
 */
export function studyMetricOf(document: IrDocument): string | null {
  const training = document.training;
  if (!training) return null;
  return mainMetric(training.metrics, training.data.task) ?? training.metrics[0] ?? null;
}

/** The figures of one trial's report. */
export function trialFigures(report: TrainingReport, metric: string | null, ranking: Ranking): TrialFigures {
  const s = report.summary;
  const trainLoss = s.train?.loss ?? null;
  const validationLoss = s.validation?.loss ?? null;
  return {
    bestEpoch: s.bestEpoch,
    monitored: monitoredValue(report, ranking),
    trainLoss,
    validationLoss,
    testLoss: s.test?.loss ?? null,
    valGap: trainLoss !== null && validationLoss !== null ? validationLoss - trainLoss : null,
    testGap: s.testMinusTrainGap,
    testMetric: metric === null ? null : (s.test?.metrics[metric] ?? null),
    overfittingOnset: s.overfittingOnset,
    epochsRun: s.epochsRun,
    stopEpoch: s.stopEpoch,
    seconds: s.seconds,
  };
}

/** The monitored value at the best epoch when the run monitored `ranking.by`, else the final model's validation value of it. */
function monitoredValue(report: TrainingReport, ranking: Ranking): number | null {
  const s = report.summary;
  if (s.monitor === ranking.by && s.bestValue !== null) return s.bestValue;
  const base = ranking.by.slice('val_'.length);
  return base === 'loss' ? (s.validation?.loss ?? null) : (s.validation?.metrics[base] ?? null);
}
