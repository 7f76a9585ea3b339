/**
 * The words for the report's losses and gaps, shared by the terminal and HTML renderers so
 * both name a quantity the same way (docs/report.md explains each).
 */
import type { TrainingReport } from './report-schema.js';

/** What the model does only while training (`model.trainingOnly` of the report). */
export type TrainingOnly = TrainingReport['model']['trainingOnly'];

/**
 * How the running training loss was measured: the mean over the epoch's batches, with the
 * model's training-only layers on when it has any (`batch mean, dropout on`).
 */
export function batchMeanTag(trainingOnly: TrainingOnly): string {
  return trainingOnly.length === 0 ? 'batch mean' : `batch mean, ${trainingOnly.join(' and ')} on`;
}

/** The legend and tooltip name of `trainLoss`: `training loss (batch mean, dropout on)`. */
export function batchMeanLossLabel(trainingOnly: TrainingOnly): string {
  return `training loss (${batchMeanTag(trainingOnly)})`;
}

/** The legend and tooltip name of `cleanTrainLoss`. */
export const CLEAN_LOSS_LABEL = 'training loss (clean)';
/** The legend and tooltip name of `valLoss`. */
export const VALIDATION_LOSS_LABEL = 'validation loss';
/** The playground's live per-epoch test loss (the runner looks at the test split only at the end; the page shows it as training goes). */
export const TEST_LOSS_LABEL = 'test loss';
/** The per-epoch gap, `valLoss - cleanTrainLoss` (the summary's test - train one is the test gap). */
export const VALIDATION_GAP_LABEL = 'validation gap';
