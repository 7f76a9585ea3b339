/**
 * The monitored quantity of a run, read from an epoch record: one reading for the report's best
 * epoch and for the study's median pruning rule, so both rank epochs by the same number.
 */
import type { EpochRecord } from '../report/report-schema.js';
import type { IrEarlyStopping } from '../ir/schema.js';

/**
 * The quantity a run is judged by, and whether lower or higher is better: early stopping's
 * monitor and mode, else `val_loss` when the run has validation values, else the training `loss`.
 */
export function runMonitor(earlyStopping: IrEarlyStopping | null | undefined, hasValidation: boolean): { monitor: string; mode: 'min' | 'max' } {
  return { monitor: earlyStopping?.monitor ?? (hasValidation ? 'val_loss' : 'loss'), mode: earlyStopping?.mode ?? 'min' };
}

/**
 * The value of `monitor` (`loss`, `val_loss`, `accuracy`, `val_accuracy`, ...) at `record`;
 * null when that epoch did not report it (no validation split, a non-finite validation loss).
 */
export function monitoredValue(record: EpochRecord, monitor: string): number | null {
  if (monitor === 'loss') return record.trainLoss;
  if (monitor === 'val_loss') return record.valLoss;
  if (monitor.startsWith('val_')) return record.valMetrics[monitor.slice(4)] ?? null;
  return record.trainMetrics[monitor] ?? null;
}
