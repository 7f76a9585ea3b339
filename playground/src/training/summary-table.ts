/**
 * The summary of a finished run as table rows, like the terminal's `Summary` (src/report/run-summary.ts):
 * where and why it stopped, then loss and metrics of the training batches (dropout on), the clean
 * training split, validation and test, and the generalization gaps. Pure, so it is tested in Node.
 */
import type { Evaluation, TrainingReport } from '../../../src/report/report-schema.js';
import { fixed4, signed4 } from '../../../src/report/format-numbers.js';
import { describeTestGap } from '../../../src/report/test-gap.js';
import { batchMeanTag } from '../../../src/report/loss-names.js';
import { STOP_REASON_WORDS } from '../../../src/report/stop-reasons.js';

/** One row of the splits' table: its name, loss and each metric, formatted. */
export interface SummaryRow {
  split: string;
  cells: string[];
}

/** The summary as the page shows it. */
export interface SummaryTable {
  facts: { label: string; value: string }[];
  header: string[];
  rows: SummaryRow[];
  /** The test gap in one sentence (empty without a test split). */
  gapSentence: string;
}

function row(split: string, evaluation: Pick<Evaluation, 'loss' | 'metrics'> | null, metrics: readonly string[]): SummaryRow {
  return { split, cells: [fixed4(evaluation?.loss), ...metrics.map((metric) => fixed4(evaluation?.metrics[metric]))] };
}

/** The table of a report. */
export function summaryTable(report: TrainingReport): SummaryTable {
  const s = report.summary;
  const metrics = report.training.metrics;
  const bestRecord = report.history.find((record) => record.epoch === s.bestEpoch) ?? report.history.at(-1);
  const facts = [
    { label: 'epochs run', value: `${s.epochsRun} of ${report.training.epochs}` },
    // The runner words an interruption as the command line's Ctrl-C; here it is the Stop button: 'stopped'.
    {
      label: 'stopped',
      value: `epoch ${s.stopEpoch}: ${s.stopReason === 'interrupted' ? 'stopped' : STOP_REASON_WORDS[s.stopReason]} (${s.stopMessage.replace('(Ctrl-C)', '(Stop)')})`,
    },
    {
      label: 'best epoch',
      value: s.bestEpoch === null ? 'none' : `${s.bestEpoch}: ${s.monitor} ${fixed4(s.bestValue)}${s.restoredBestWeights ? ', weights restored' : ''}`,
    },
    { label: 'overfitting', value: s.overfittingOnset === null ? 'no sustained rise of validation loss' : `began after epoch ${s.overfittingOnset}` },
  ];
  const rows = [
    row(
      `training (${batchMeanTag(report.model.trainingOnly)}, epoch ${bestRecord?.epoch ?? '-'})`,
      bestRecord ? { loss: bestRecord.trainLoss, metrics: bestRecord.trainMetrics } : null,
      metrics,
    ),
    row(`training, clean (${report.data.sizes.train})`, s.train, metrics),
    row(`validation (${report.data.sizes.validation})`, s.validation, metrics),
    row(`test (${report.data.sizes.test})`, s.test, metrics),
  ];
  const validationGap = s.validation && s.train ? s.validation.loss - s.train.loss : null;
  if (validationGap !== null) facts.push({ label: 'validation gap', value: `${signed4(validationGap)} (validation − clean training loss)` });
  if (s.testMinusTrainGap !== null) facts.push({ label: 'test gap', value: `${signed4(s.testMinusTrainGap)} (test − clean training loss)` });
  return {
    facts,
    header: ['split', 'loss', ...metrics],
    rows,
    gapSentence: s.test && s.train ? describeTestGap(s.train.loss, s.test.loss).sentence : '',
  };
}
