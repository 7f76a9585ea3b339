/**
 * Hand-built study inputs for the study report's tests: a plan over given values (every setting
 * the same small IR document) and trial results whose training reports carry chosen final losses.
 */
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
      label: Object.entries(entry).map(([name, value]) => `${name} = ${formatStudyValue(value)}`).join(', '),
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
    version: 2,
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
