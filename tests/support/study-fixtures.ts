/**
 * Hand-built study inputs for the study report's tests: a plan over given values (every setting
 * the same small IR document) and trial results whose training reports carry chosen final losses.
 */
import { REPORT_VERSION } from '../../src/report/report-schema.js';
import type { IrDocument, IrValue } from '../../src/ir/schema.js';
import { formatStudyValue, type StudyPlan } from '../../src/ir/study-plan.js';
import type { EpochRecord, TrainingReport } from '../../src/report/report-schema.js';
import type { TrialResult, TrialStatus } from '../../src/report/study/study-report-schema.js';
import { blobsSpec, documentOf } from '../runner/helpers.js';

let cachedDocument: IrDocument | undefined;

/** A small IR document with early stopping on `val_loss` (compiled once). */
export function studyDocument(): IrDocument {
  cachedDocument ??= documentOf(blobsSpec('optimizer: adam()\n  epochs: 10\n  early_stopping: { monitor: val_loss, patience: 2, restore_best_weights: true }'));
  return cachedDocument;
}

/** A plan with one setting per entry of `values` (params in the first entry's key order) and the given seeds. */
export function studyPlan(values: Record<string, IrValue>[], seeds: number[] = [1, 2, 3], kind: StudyPlan['kind'] = 'grid'): StudyPlan {
  const document = studyDocument();
  return {
    format: 'nnspec-study-plan',
    version: 1,
    name: 'dropout',
    model: 'net',
    kind,
    params: Object.keys(values[0] ?? {}),
    settings: values.map((entry, index) => ({
      index,
      values: entry,
      label: Object.entries(entry)
        .map(([name, value]) => `${name} = ${formatStudyValue(value)}`)
        .join(', '),
      document,
    })),
    seeds,
    prune: null,
  };
}

/** The final figures a hand-built trial reports. */
export interface TrialNumbers {
  train: number;
  validation: number;
  test: number;
  accuracy?: number;
  bestEpoch?: number;
  /** Default: the validation loss (the report's best `val_loss`). */
  bestValue?: number;
  onset?: number | null;
  epochsRun?: number;
  seconds?: number;
  /** Validation loss per epoch (default: falling to `validation` at `bestEpoch`, then flat). */
  valLosses?: number[];
}

/** A training report with these final figures (everything else small and plausible). */
export function trialReport(numbers: TrialNumbers, seed = 1): TrainingReport {
  const bestEpoch = numbers.bestEpoch ?? 3;
  const epochsRun = numbers.epochsRun ?? bestEpoch + 2;
  const valLosses = numbers.valLosses ?? Array.from({ length: epochsRun }, (_, index) => numbers.validation + Math.max(0, bestEpoch - 1 - index) * 0.1);
  const history: EpochRecord[] = valLosses.map((valLoss, index) => ({
    epoch: index + 1,
    trainLoss: numbers.train + 0.05,
    trainMetrics: {},
    cleanTrainLoss: numbers.train,
    cleanTrainMetrics: {},
    valLoss,
    valMetrics: {},
    gap: valLoss - numbers.train,
    learningRate: 0.001,
    seconds: 0.1,
  }));
  const accuracy = numbers.accuracy ?? 0.9;
  return {
    format: 'nnspec-report',
    version: REPORT_VERSION,
    spec: 'study.nn',
    model: { name: 'net', trainableParams: 100, nonTrainableParams: 0, trainingOnly: ['dropout'] },
    data: { name: 'blobs', featureShape: [4], task: 'classification', classNames: null, sizes: { train: 120, validation: 60, test: 60 } },
    training: { backend: 'wasm', threads: 1, seed, epochs: 10, batchSize: 16, optimizer: 'adam', loss: 'categorical_crossentropy', metrics: ['accuracy'] },
    config: { specSha256: null, overrides: { epochs: null, seed: null }, ir: studyDocument(), dataFiles: [] },
    history,
    summary: {
      monitor: 'val_loss',
      mode: 'min',
      bestEpoch,
      bestValue: numbers.bestValue ?? numbers.validation,
      epochsRun: valLosses.length,
      stopEpoch: valLosses.length,
      stopReason: 'patience',
      stopMessage: 'patience exhausted',
      restoredBestWeights: true,
      overfittingOnset: numbers.onset ?? null,
      train: { loss: numbers.train, metrics: { accuracy: Math.min(1, accuracy + 0.05) } },
      validation: { loss: numbers.validation, metrics: { accuracy } },
      test: { loss: numbers.test, metrics: { accuracy } },
      testMinusTrainGap: numbers.test - numbers.train,
      seconds: numbers.seconds ?? 1,
    },
  };
}

/** A trial result of `setting` with `seed`; `failed` has no report. */
export function trialResult(setting: number, seed: number, numbers: TrialNumbers, status: TrialStatus = 'completed'): TrialResult {
  return {
    id: `s${setting}-seed${seed}`,
    setting,
    seed,
    status,
    report: status === 'failed' ? null : trialReport(numbers, seed),
    prunedAtEpoch: status === 'pruned' ? (numbers.epochsRun ?? 5) : null,
    message: status === 'completed' ? null : `trial ${status}`,
  };
}

/**
 * Three dropout rates over seeds 1-3, results in no particular order. Test gaps (test - train):
 * rate 0: 0.37, 0.39, 0.36; rate 0.2: 0.27, 0.28, 0.24; rate 0.5: 0.14 (seed 1; seed 2 pruned,
 * with the lowest validation loss of all, 0.20; seed 3 not run).
 */
export function dropoutStudy(): { plan: StudyPlan; trials: TrialResult[] } {
  return {
    plan: studyPlan([{ rate: 0 }, { rate: 0.2 }, { rate: 0.5 }], [1, 2, 3]),
    trials: [
      trialResult(0, 1, { train: 0.05, validation: 0.4, test: 0.42, accuracy: 0.9, onset: 5, epochsRun: 8, seconds: 2 }),
      trialResult(0, 2, { train: 0.06, validation: 0.41, test: 0.45, accuracy: 0.89, onset: 6, epochsRun: 9, seconds: 3 }),
      trialResult(0, 3, { train: 0.04, validation: 0.39, test: 0.4, accuracy: 0.91, epochsRun: 7, seconds: 4 }),
      trialResult(1, 1, { train: 0.1, validation: 0.35, test: 0.37, accuracy: 0.92 }),
      trialResult(1, 2, { train: 0.11, validation: 0.36, test: 0.39, accuracy: 0.915 }),
      trialResult(1, 3, { train: 0.12, validation: 0.34, test: 0.36, accuracy: 0.925 }),
      trialResult(2, 2, { train: 0.21, validation: 0.2, test: 0.25, accuracy: 0.99, epochsRun: 4 }, 'pruned'),
      trialResult(2, 1, { train: 0.2, validation: 0.33, test: 0.34, accuracy: 0.93 }),
    ],
  };
}
