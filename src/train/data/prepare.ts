/**
 * From a loaded data set to training-ready splits: split (seeded, optionally stratified), limit
 * the training split, encode tables (one-hot, imputation), fit normalisation and target scaling
 * on the training split and apply them everywhere, and record what was fitted. Browser-safe.
 */
import type { Diagnostic, StageResult } from '../../diagnostics/diagnostic.js';
import { DATA_CODE } from '../../diagnostics/codes/data-codes.js';
import { Random } from '../../util/seeds.js';
import { FILE_START, listSome, specDiagnostic, type SpecLocation } from './data-diagnostic.js';
import type { Dataset, NormalizationKind, PreparedData } from './dataset.js';
import { applyNormalization, fitNormalization, normalizedSubset } from './normalize.js';
import { limitIndices, splitIndices, type SplitFractions } from './split.js';
import type { IrImpute } from '../../ir/schema.js';
import { encodeSources, type PrepareReport } from './prepare-tabular.js';
import { featureNamesOf, normalizationRecord, type ColumnEncoding, type Preprocessing, type TargetScaling, type UnseenCategories } from './preprocessing.js';

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
  /** How missing feature values of a table are filled (fitted on the training split); default none. */
  impute?: IrImpute | null;
  /** `standard`: fit the regression target's mean and std on the training split (recorded, see docs/data.md). */
  normalizeTarget?: 'standard' | 'none';
  /** Class names in class-index order, replacing the data's; their count must match. */
  classNames?: string[] | null;
}

/** Splits, limits and normalises an in-memory data set. On error the value is `undefined`. */
export function prepareData(dataset: Dataset, options: PrepareOptions): StageResult<PreparedData | undefined> {
  const diagnostics: Diagnostic[] = [];
  const reportAt =
    (where: SpecLocation | undefined): PrepareReport =>
    (code, message, extras = {}, at) => {
      diagnostics.push(
        where !== undefined
          ? specDiagnostic(code, where, message, extras, at)
          : { code, severity: extras.severity ?? 'error', message, range: FILE_START, ...(extras.help !== undefined ? { help: extras.help } : {}) },
      );
    };
  const report = reportAt(options.where);
  const fail = (): StageResult<PreparedData | undefined> => ({ value: undefined, diagnostics });
  const { split } = options;

  const sum = split.train + split.validation + split.test;
  if (sum > 1 + 1e-9) {
    report(
      DATA_CODE.badSplitFractions,
      `split fractions add up to ${Number(sum.toPrecision(6))}, more than 1 (train ${split.train}, validation ${split.validation}, test ${split.test})`,
      {
        help: 'make train, validation and test add up to 1',
      },
    );
    return fail();
  }

  const classification = dataset.task === 'classification';
  if (options.stratify && !classification) {
    report(DATA_CODE.stratifyIgnored, '`stratify` has no effect on a regression data set; splitting at random', {
      severity: 'warning',
      help: 'remove `stratify`',
    });
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

  // Tables (CSV columns) are encoded with what the training rows alone give: one-hot
  // vocabularies and imputation values never see validation or test rows.
  let source = dataset;
  let testSet = options.testSet;
  let columns: ColumnEncoding[] | null = null;
  let unseen: UnseenCategories[] = [];
  if (dataset.table !== undefined) {
    const encoded = encodeSources(
      dataset,
      options.testSet,
      { train: trainIndices, validation: indices.validation, test: indices.test },
      options.impute ?? null,
      report,
    );
    if (encoded === undefined) return fail();
    source = encoded.dataset;
    columns = encoded.columns;
    unseen = encoded.unseen;
    if (encoded.testSet !== undefined) testSet = encoded.testSet;
  }
  let separateTest: Dataset | undefined;
  if (testSet !== undefined) {
    separateTest = matchTestSet(source, testSet, reportAt(options.testWhere ?? options.where));
    if (separateTest === undefined) return fail();
  }

  // The training rows are read in place (no unscaled copy): each split is gathered and scaled in one pass below.
  const target = fitTargetScaling(options.normalizeTarget ?? 'none', source, trainIndices, report);
  const classNames = renamedClasses(source, options, report);
  if (target === undefined || classNames === undefined) return fail();
  const normalization = fitNormalization(options.normalize, source, trainIndices);
  const renamed = (split: Dataset): Dataset => (classNames === source.classNames ? split : { ...split, classNames });
  const preprocessing: Preprocessing = {
    label: dataset.table?.label ?? null,
    columns,
    featureNames: columns !== null ? featureNamesOf(columns) : null,
    normalization: normalizationRecord(normalization),
    target,
    classNames,
    unseenCategories: unseen,
    impute: options.impute ?? null,
  };
  return {
    value: {
      train: renamed(normalizedSubset(normalization, source, trainIndices)),
      validation: renamed(normalizedSubset(normalization, source, indices.validation)),
      test: renamed(separateTest !== undefined ? applyNormalization(normalization, separateTest) : normalizedSubset(normalization, source, indices.test)),
      classNames,
      dataClassNames: source.classNames,
      featureShape: [...source.featureShape],
      task: source.task,
      normalization,
      preprocessing,
    },
    diagnostics,
  };
}

/** Mean and population std of the training targets (the rows `train` of `dataset`) when asked (std 1 for constant targets). */
function fitTargetScaling(kind: 'standard' | 'none', dataset: Dataset, train: ArrayLike<number>, report: PrepareReport): TargetScaling | undefined {
  if (kind === 'none') return { kind: 'none' };
  if (dataset.task !== 'regression') {
    report(DATA_CODE.taskMismatch, `\`normalize_target\` standardises a regression target, but the data is a classification`, {
      help: 'remove `normalize_target`',
    });
    return undefined;
  }
  const count = train.length;
  let sum = 0;
  for (let row = 0; row < count; row++) sum += dataset.labels[train[row]];
  const mean = count > 0 ? sum / count : 0;
  let squares = 0;
  for (let row = 0; row < count; row++) squares += (dataset.labels[train[row]] - mean) * (dataset.labels[train[row]] - mean);
  const std = count > 0 ? Math.sqrt(squares / count) : 0;
  // Stored as float32 like the model's weights, so the recorded numbers are the ones the model uses.
  return { kind: 'standard', mean: Math.fround(mean), std: std > 0 ? Math.fround(std) : 1 };
}

/** The data's class names, or `options.classNames` when given and their count matches (NN4632 otherwise). */
function renamedClasses(dataset: Dataset, options: PrepareOptions, report: PrepareReport): string[] | null | undefined {
  const names = options.classNames ?? null;
  if (names === null) return dataset.classNames;
  const at = options.where?.data.optionSpans?.classNames;
  if (dataset.classNames === null) {
    report(DATA_CODE.classNamesMismatch, `\`class_names\` names ${names.length} classes, but the data is a regression`, { help: 'remove `class_names`' }, at);
    return undefined;
  }
  if (names.length !== dataset.classNames.length) {
    report(
      DATA_CODE.classNamesMismatch,
      `\`class_names\` names ${names.length} classes, but the data has ${dataset.classNames.length} (${listSome(dataset.classNames, 8)})`,
      { help: `give one name per class, ${dataset.classNames.length} in all, in class-index order` },
      at,
    );
    return undefined;
  }
  return [...names];
}

/** Checks a separate test set against the main data set and maps its class indices onto the main one's. */
function matchTestSet(main: Dataset, testSet: Dataset, report: PrepareReport): Dataset | undefined {
  const same = main.featureShape.length === testSet.featureShape.length && main.featureShape.every((dim, axis) => dim === testSet.featureShape[axis]);
  if (!same) {
    report(
      DATA_CODE.testShapeMismatch,
      `the test data's examples have shape [${testSet.featureShape.join(', ')}], the training data's [${main.featureShape.join(', ')}]`,
      {
        help: 'both sources must produce examples of the same shape',
      },
    );
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
