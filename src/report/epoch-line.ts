/** One line per epoch in the terminal. */
import picocolors from 'picocolors';
import type { EpochRecord } from './report-schema.js';
import { fixed4, partialEpoch, rate, signed4 } from './format-numbers.js';
import { batchMeanTag, type TrainingOnly } from './loss-names.js';

/** Options for {@link renderEpochLine}. */
export interface EpochLineOptions {
  color: boolean;
  /** The metric shown next to the losses (`accuracy`), if any. */
  metric?: string;
  /** Digits of the largest epoch number, to align columns. */
  epochWidth?: number;
  /**
   * What the model does only while training (the catalogue's `trainingOnlyEffects` of its
   * layers); the running loss is labelled `dropout on` only when there is dropout. Default none.
   */
  trainingOnly?: TrainingOnly;
}

/**
 * `epoch  12  loss 0.2315 (batch mean, dropout on) 0.1874 (clean)  val 0.2211  val gap +0.0337  acc 0.951/0.944  lr 0.001  0.41s`
 * The training loss as the batches saw it (their mean over the epoch, with dropout on if the
 * model has dropout) and the clean (inference-mode) one side by side, as the validation gap is
 * only honest against the clean one.
 */
export function renderEpochLine(record: EpochRecord, options: EpochLineOptions): string {
  const c = picocolors.createColors(options.color);
  const epoch = String(record.epoch).padStart(options.epochWidth ?? 3);
  const parts = [
    `epoch ${c.bold(epoch)}`,
    `loss ${fixed4(record.trainLoss)} ${c.dim(`(${batchMeanTag(options.trainingOnly ?? [])})`)} ${fixed4(record.cleanTrainLoss)} ${c.dim('(clean)')}`,
    `val ${record.valLoss === null ? '     -' : c.cyan(fixed4(record.valLoss))}`,
    `val gap ${record.gap !== null && record.gap > 0 ? c.yellow(signed4(record.gap)) : signed4(record.gap)}`,
  ];
  if (options.metric) {
    const train = record.cleanTrainMetrics[options.metric];
    const validation = record.valMetrics[options.metric];
    const short = options.metric === 'accuracy' ? 'acc' : options.metric;
    parts.push(`${short} ${train === undefined ? '-' : train.toFixed(3)}/${validation === undefined ? '-' : validation.toFixed(3)}`);
  }
  parts.push(`lr ${rate(record.learningRate)}`, c.dim(`${record.seconds.toFixed(2)}s`));
  if (record.partial) parts.push(c.yellow(`(${partialEpoch(record.partial)})`));
  return parts.join('  ');
}
