/** The training status line's words for an epoch. */
import type { EpochRecord } from '../../../src/report/report-schema.js';
import { monitoredValue } from '../../../src/train/monitor.js';
import type { RunJudge } from './protocol.js';

/** The status sentence of an epoch: `epoch 42 of 300, val_loss 0.1234`. */
export function epochSentence(record: EpochRecord, epochs: number, judge: RunJudge | null): string {
  const monitor = judge?.monitor ?? 'val_loss';
  const value = monitoredValue(record, monitor);
  return `epoch ${record.epoch} of ${epochs}${value === null ? '' : `, ${monitor} ${value.toFixed(4)}`}`;
}
