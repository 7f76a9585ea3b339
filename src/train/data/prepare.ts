/**
 * From a loaded data set to training-ready splits: split (seeded, optionally stratified), limit
 * the training split, fit normalisation on it and apply it everywhere. Browser-safe.
 */
import type { Diagnostic, StageResult } from '../../diagnostics/diagnostic.js';
import { DATA_CODE } from '../../diagnostics/codes/data-codes.js';
import type { DataCode } from '../../diagnostics/codes/data-codes.js';
import { Random } from '../random.js';
import { FILE_START, specDiagnostic, type DiagnosticExtras, type SpecLocation } from './data-diagnostic.js';
import type { Dataset, NormalizationKind, PreparedData } from './dataset.js';
import { applyNormalization, fitNormalization } from './normalize.js';
import { limitIndices, splitIndices, subset, type SplitFractions } from './split.js';

/** Options of {@link prepareData}. */
export interface PrepareOptions {
  /** Fractions of `dataset` for each split; `test` must be 0 when `testSet` is given. */
  split: SplitFractions;
  /** Keep class proportions equal across splits (classification only; ignored with a warning otherwise). */
  stratify: boolean;
  normalize: NormalizationKind;
  /** Keep only this many training examples (after splitting; validation and test are unchanged). */
  limit: number | null;
  /** Seeds the split and the limit. */
  seed: number;
  /** A separate test set (from another source); its classes are matched to `dataset`'s by name. */
  testSet?: Dataset;
  /** Where diagnostics point in the spec; without it they point at its start. */
  where?: SpecLocation;
  /** Where the separate test set is declared: its mismatches with `dataset` (NN4802, NN4803, NN4808) point there, else at `where`. */
  testWhere?: SpecLocation;
}

/** Splits, limits and normalises an in-memory data set. On error the value is `undefined`. */
export function prepareData(dataset: Dataset, options: PrepareOptions): StageResult<PreparedData | undefined> {
  const diagnostics: Diagnostic[] = [];
  const reportAt = (where: SpecLocation | undefined) => (code: DataCode, message: string, extras: DiagnosticExtras = {}) => {
    diagnostics.push(
      where !== undefined
        ? specDiagnostic(code, where, message, extras)
        : { code, severity: extras.severity ?? 'error', message, range: FILE_START, ...(extras.help !== undefined ? { help: extras.help } : {}) },
    );
  };
  const report = reportAt(options.where);
  const fail = (): StageResult<PreparedData | undefined> => ({ value: undefined, diagnostics });
  const { split } = options;

  const sum = split.train + split.validation + split.test;
  if (sum > 1 + 1e-9) {
    report(DATA_CODE.badSplitFractions, `split fractions add up to ${Number(sum.toPrecision(6))}, more than 1 (train ${split.train}, validation ${split.validation}, test ${split.test})`, {
      help: 'make train, validation and test add up to 1',
    });
    return fail();
  }

  const classification = dataset.task === 'classification';
  if (options.stratify && !classification) {
    report(DATA_CODE.stratifyIgnored, '`stratify` has no effect on a regression data set; splitting at random', { severity: 'warning', help: 'remove `stratify`' });
  }
  const classCount = options.stratify && classification && dataset.classNames !== null ? dataset.classNames.length : null;

  const random = new Random(options.seed);
  const indices = splitIndices(dataset.labels, split, classCount, random.fork('split'));
  const emptySplits: string[] = [];
  if (indices.train.length === 0) emptySplits.push('train');
  if (split.validation > 0 && indices.validation.length === 0) emptySplits.push('validation');
  if (split.test > 0 && indices.test.length === 0) emptySplits.push('test');
  if (emptySplits.length > 0) {
    report(
      DATA_CODE.emptySplit,
      `the ${emptySplits.join(' and ')} split${emptySplits.length > 1 ? 's are' : ' is'} empty: ${dataset.count} examples are too few for fractions train ${split.train}, validation ${split.validation}, test ${split.test}`,
      { help: 'use larger fractions for the empty splits, or more data' },
    );
    return fail();
  }
  const trainIndices = options.limit !== null ? limitIndices(indices.train, dataset.labels, options.limit, classCount, random.fork('limit')) : indices.train;

  let test = subset(dataset, indices.test);
  if (options.testSet !== undefined) {
    const matched = matchTestSet(dataset, options.testSet, reportAt(options.testWhere ?? options.where));
    if (matched === undefined) return fail();
    test = matched;
  }

  const rawTrain = subset(dataset, trainIndices);
  const normalization = fitNormalization(options.normalize, rawTrain);
  return {
    value: {
      train: applyNormalization(normalization, rawTrain),
      validation: applyNormalization(normalization, subset(dataset, indices.validation)),
      test: applyNormalization(normalization, test),
      classNames: dataset.classNames,
      featureShape: [...dataset.featureShape],
      task: dataset.task,
      normalization,
    },
    diagnostics,
  };
}

/** Checks a separate test set against the main data set and maps its class indices onto the main one's. */
function matchTestSet(main: Dataset, testSet: Dataset, report: (code: DataCode, message: string, extras?: DiagnosticExtras) => void): Dataset | undefined {
  const same = main.featureShape.length === testSet.featureShape.length && main.featureShape.every((dim, axis) => dim === testSet.featureShape[axis]);
  if (!same) {
    report(DATA_CODE.testShapeMismatch, `the test data's examples have shape [${testSet.featureShape.join(', ')}], the training data's [${main.featureShape.join(', ')}]`, {
      help: 'both sources must produce examples of the same shape',
    });
    return undefined;
  }
  if (main.task !== testSet.task) {
    report(DATA_CODE.taskMismatch, `the test data is a ${testSet.task} data set, the training data a ${main.task} one`, {
      help: 'use the same kind of label column in both',
    });
    return undefined;
  }
  if (main.classNames === null || testSet.classNames === null) return testSet;
  const indexOf = new Map(main.classNames.map((name, index) => [name, index]));
  const unknown = testSet.classNames.filter((name) => !indexOf.has(name));
  if (unknown.length > 0) {
    report(
      DATA_CODE.testUnknownClass,
      `the test data has class${unknown.length > 1 ? 'es' : ''} ${unknown.map((name) => `\`${name}\``).join(', ')} that the training data lacks`,
      { help: `the training data's classes are ${main.classNames.map((name) => `\`${name}\``).join(', ')}` },
    );
    return undefined;
  }
  const mapping = testSet.classNames.map((name) => indexOf.get(name) as number);
  const labels = testSet.labels.map((label) => mapping[label]);
  return { ...testSet, labels, classNames: [...main.classNames] };
}
