/** The messages between a study and its trial workers (plain, structured-cloneable data). */
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { IrDocument } from '../../ir/schema.js';
import type { EpochRecord, TrainingReport } from '../../report/report-schema.js';
import type { PreparedData } from '../data/dataset.js';

/** Index of the stop flag in the shared Int32Array: non-zero stops every trial after its current batch. */
export const STOP_FLAG = 0;

/** Study to worker. */
export type ToTrialWorker =
  /** Start the backend; `stop` is the study's shared stop flag (an Int32Array's buffer). */
  | { kind: 'init'; backend: 'wasm' | 'cpu'; stop: SharedArrayBuffer }
  /** Prepared data, sent once per worker and data key, before the first trial that reads it. */
  | { kind: 'data'; key: string; data: PreparedData }
  | {
      kind: 'trial';
      /** Run-order index: every message about the trial names it. */
      index: number;
      document: IrDocument;
      dataKey: string;
      baseDir: string;
      specName?: string;
      specText?: string;
      /** The median rule's first epoch; absent without pruning (the worker then never asks). */
      pruneAfter?: number;
    }
  /** The answer to an `ask`: prune now (`reason` says why) or go on. */
  | { kind: 'verdict'; index: number; epoch: number; prune: boolean; reason: string }
  | { kind: 'close' };

/** Worker to study. */
export type FromTrialWorker =
  | { kind: 'ready' }
  | { kind: 'epoch'; index: number; record: EpochRecord }
  /** Whether to prune after `epoch` (its record was sent first); the worker waits for the `verdict`. */
  | { kind: 'ask'; index: number; epoch: number }
  /** The trial's run returned: its report (null when it never trained) and diagnostics. */
  | { kind: 'done'; index: number; report: TrainingReport | null; diagnostics: Diagnostic[] }
  /** An exception: the trial failed; the worker goes on with the next one. */
  | { kind: 'failed'; index: number; message: string }
  /** The backend did not start: the worker is unusable. */
  | { kind: 'broken'; message: string };
