/**
 * The messages between the training area (page) and its worker. Plain data only (structured
 * clone): reports, epoch records and the boundary's typed arrays.
 */
import type { EpochRecord, TrainingReport } from '../../../src/report/report-schema.js';
import type { StudyReport } from '../../../src/report/study/study-report-schema.js';

/** The page asks the worker. */
export type ToWorker =
  /** Train the spec's first `train` declaration, as `nnspec train` does; `seed` overrides the spec's (`--seed`). */
  | { kind: 'train'; text: string; seed: number | undefined }
  /** Run the spec's study, its trials one after the other. */
  | { kind: 'study'; text: string }
  | { kind: 'pause' }
  | { kind: 'resume' }
  /** Stop after the current batch: the run ends as `interrupted`, best weights restored, and is summarised. */
  | { kind: 'stop' };

/** A diagnostic as the page shows it: a spec error, a data error, a divergence. */
export interface ShownDiagnostic {
  code: string;
  severity: 'error' | 'warning' | 'info';
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  message: string;
  help?: string;
}

/** The quantity the run is judged by (early stopping's monitor, else `val_loss`, else `loss`), and its rule for the best epoch. */
export interface RunJudge {
  monitor: string;
  mode: 'min' | 'max';
  minDelta: number;
  /** Epochs up to this one never count as the best (early stopping's warm-up; 0 without). */
  startFromEpoch: number;
}

/** The decision boundary's grid: `columns` x `rows` cells over the raw coordinates' extent. */
export interface BoundaryGrid {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
  columns: number;
  rows: number;
}

/** A data point in raw coordinates, with its class index. */
export interface BoundaryPoint {
  x: number;
  y: number;
  label: number;
}

/** What the boundary shows before the first epoch: the grid, the classes and the points. */
export interface BoundaryFrame {
  grid: BoundaryGrid;
  classes: number;
  classNames: string[];
  train: BoundaryPoint[];
  test: BoundaryPoint[];
}

/** The model's verdict on every cell (row-major from the top-left): its class and the class's probability. */
export interface BoundaryCells {
  classes: Uint8Array;
  confidence: Float32Array;
}

/** The worker tells the page. */
export type FromWorker =
  | { kind: 'ready'; backend: string }
  /** The spec or its data has errors: nothing trains. */
  | { kind: 'problems'; diagnostics: ShownDiagnostic[] }
  | { kind: 'start'; epochs: number; judge: RunJudge; boundary: BoundaryFrame | null; lossLabel: string }
  /** `testLoss`: the test split's loss with this epoch's weights (shown live, as TensorFlow Playground does; nothing is decided by it). */
  | { kind: 'epoch'; record: EpochRecord; testLoss: number | null; cells: BoundaryCells | null }
  | { kind: 'paused' }
  | { kind: 'resumed' }
  /**
   * The run ended (all epochs, early stopping, divergence or stop); `diagnostics` are the run's (a
   * divergence); `cells` are the final model's (the best weights, when early stopping restored them).
   */
  | { kind: 'done'; report: TrainingReport; diagnostics: ShownDiagnostic[]; cells: BoundaryCells | null }
  | { kind: 'study-start'; name: string; settings: string[]; trials: number; epochs: number }
  | { kind: 'trial-start'; index: number; id: string; setting: number; seed: number }
  | { kind: 'trial-epoch'; index: number; setting: number; record: EpochRecord }
  | { kind: 'study-progress'; report: StudyReport; done: number; total: number }
  | { kind: 'study-done'; report: StudyReport; interrupted: boolean }
  /** A bug or a failure outside the spec (the backend could not start): one sentence. */
  | { kind: 'error'; message: string };
