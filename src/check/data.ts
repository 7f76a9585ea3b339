/**
 * Checks one `data` declaration: its source (with the shape and classes known before
 * loading), normalisation, split and limit.
 */
import type { DataDeclaration, Value } from '../syntax/ast.js';
import { DATA_CODE } from '../diagnostics/codes/data-codes.js';
import { NAME_CODE } from '../diagnostics/codes/names-codes.js';
import { TRAINING_CODE } from '../diagnostics/codes/training-codes.js';
import type { CheckContext } from './context.js';
import { reportUnknownName } from './context.js';
import type { CatalogueView } from '../catalogue/types.js';
import { bindProperties } from './arguments.js';
import { describeValue, numberOption, resolveEntryCall } from './values.js';
import type { CheckedData, CheckedSplit, GivenProperty } from './program.js';
import type { Range } from '../diagnostics/diagnostic.js';
import { COLUMN_OPTIONS, checkColumnOptions } from './data-columns.js';

const CUSTOM_DATA = new Set(['source', 'split', ...COLUMN_OPTIONS]);
const CUSTOM_SPLIT = new Set(['test']);

/** Checks a data declaration; `dataNames` are all declared data names (for `split.test`). */
export function checkData(ctx: CheckContext, catalogue: CatalogueView, declaration: DataDeclaration, name: string, dataNames: readonly string[]): CheckedData {
  const errorsBefore = ctx.errorCount;
  const nameRange = declaration.name?.range ?? declaration.keywordRange;
  const owner = `data \`${name}\``;
  const bound = bindProperties(ctx, catalogue, { name, params: catalogue.dataOptions, doc: '' }, declaration.properties, {
    owner,
    calleeRange: nameRange,
    custom: CUSTOM_DATA,
  });
  const data: CheckedData = {
    name,
    range: declaration.range,
    nameRange,
    properties: declaration.properties.map((property) => ({
      name: property.key.name,
      range: property.range,
      ...(property.value ? { valueRange: property.value.range } : {}),
    })),
    source: { type: '', params: {} },
    sourceParamRanges: {},
    normalize: 'none',
    split: { train: 1, validation: 0, test: 0, stratify: false },
    limit: null,
    featureShape: null,
    classes: null,
    task: null,
    features: null,
    drop: [],
    impute: null,
    normalizeTarget: 'none',
    classNames: null,
    optionRanges: {},
    complete: false,
  };
  const normalize = bound.params.normalize;
  if (normalize === 'minmax' || normalize === 'standard' || normalize === 'none') data.normalize = normalize;
  const limit = bound.params.limit;
  if (typeof limit === 'number') data.limit = limit;

  const sourceValue = bound.given.get('source');
  if (sourceValue) {
    const valueRanges: Record<string, Range> = {};
    const source = resolveEntryCall(ctx, catalogue, sourceValue, {
      what: 'data source',
      names: catalogue.sourceNames,
      lookup: (sourceName) => catalogue.source(sourceName),
      code: DATA_CODE.unknownSource,
      paramName: 'source',
      valueRanges,
    });
    if (source) {
      data.source = source;
      data.sourceParamRanges = valueRanges;
      const view = catalogue.source(source.type);
      if (view) {
        data.featureShape = view.featureShape(source.params);
        data.classes = view.classes(source.params);
        data.task = view.task;
      }
    }
  }

  checkColumnOptions(ctx, catalogue, bound.given, data, owner);
  const normalizeTarget = bound.params.normalize_target;
  if (normalizeTarget === 'standard') {
    data.normalizeTarget = 'standard';
    const range = bound.given.get('normalize_target')?.range;
    if (range) data.optionRanges.normalizeTarget = range;
    if (range && data.task === 'classification') {
      ctx.report({
        code: TRAINING_CODE.targetScalingOnClasses,
        message: `\`normalize_target\` on ${owner}, a classification`,
        range,
        label: 'class labels are not standardised',
        help: 'remove `normalize_target`: it is for a regression target',
      });
    }
  }

  const splitValue = bound.given.get('split');
  let splitComplete = true;
  if (splitValue) {
    const split = checkSplit(ctx, catalogue, splitValue, name, dataNames);
    if (split) data.split = split;
    else splitComplete = false;
    if (split && typeof split.test === 'string' && splitValue.kind === 'object') {
      const testRange = splitValue.entries.find((entry) => entry.key.name === 'test')?.value?.range;
      if (testRange) data.testRange = testRange;
    }
  } else {
    data.split = defaultSplit(catalogue);
  }
  if (data.split.stratify && data.task === 'regression' && splitValue) {
    ctx.report({
      code: TRAINING_CODE.stratifyRegression,
      message: `\`stratify\` is ignored: ${owner} is a regression`,
      range: splitValue.range,
      label: 'no classes to stratify',
      help: 'remove `stratify: true`',
    });
  }
  data.complete = ctx.errorCount === errorsBefore && bound.complete && splitComplete;
  return data;
}

function defaultSplit(catalogue: CatalogueView): CheckedSplit {
  const value = (option: string, fallback: number): number => {
    const found = catalogue.splitOptions.find((param) => param.name === option)?.default;
    return typeof found === 'number' ? found : fallback;
  };
  const stratify = catalogue.splitOptions.find((param) => param.name === 'stratify')?.default;
  const validation = value('validation', 0);
  const test = value('test', 0);
  return { train: value('train', 1 - validation - test), validation, test, stratify: stratify === true };
}

function checkSplit(ctx: CheckContext, catalogue: CatalogueView, value: Value, dataName: string, dataNames: readonly string[]): CheckedSplit | undefined {
  if (value.kind !== 'object') {
    ctx.report({
      code: NAME_CODE.wrongType,
      message: `\`split\` must be an object like \`{ train: 0.8, validation: 0.2 }\`, got ${describeValue(value)}`,
      range: value.range,
      label: 'expected an object',
    });
    return undefined;
  }
  const errorsBefore = ctx.errorCount;
  const bound = bindProperties(ctx, catalogue, { name: 'split', params: catalogue.splitOptions, doc: '' }, value.entries, {
    owner: '`split`',
    calleeRange: value.range,
    custom: CUSTOM_SPLIT,
  });
  const validation = numberOption(catalogue.splitOptions, 'validation', bound.params.validation);
  let test: number | string = 0;
  const testValue = bound.given.get('test');
  if (testValue) {
    if (testValue.kind === 'number') {
      if (testValue.value < 0 || testValue.value >= 1) {
        ctx.report({
          code: NAME_CODE.outOfRange,
          message: `\`test\` must be at least 0 and below 1, got ${testValue.raw}`,
          range: testValue.range,
          label: 'out of range',
          help: '`test` is a fraction of the data, or the name of another data declaration',
        });
      } else test = testValue.value;
    } else if (testValue.kind === 'name' && testValue.path.length === 1) {
      if (testValue.name === dataName) {
        ctx.report({
          code: NAME_CODE.unknownData,
          message: `data \`${dataName}\` cannot be its own test set`,
          range: testValue.range,
          label: 'the data being split',
          help: 'name another data declaration, or give a fraction',
        });
      } else if (!dataNames.includes(testValue.name)) {
        const suggestion = catalogue.suggest(
          testValue.name,
          dataNames.filter((other) => other !== dataName),
        );
        reportUnknownName(ctx, {
          code: NAME_CODE.unknownData,
          message: `unknown data \`${testValue.name}\``,
          range: testValue.range,
          suggestion,
          label: 'not declared',
          help: '`test` is a fraction, or the name of a declared `data` block',
        });
      } else test = testValue.name;
    } else {
      ctx.report({
        code: NAME_CODE.wrongType,
        message: `\`test\` must be a fraction or the name of a data declaration, got ${describeValue(testValue)}`,
        range: testValue.range,
        label: 'expected a number or a name',
      });
    }
  } else test = numberOption(catalogue.splitOptions, 'test', undefined);
  const testFraction = typeof test === 'number' ? test : 0;
  const trainGiven = bound.params.train;
  const train = typeof trainGiven === 'number' ? trainGiven : Math.max(0, 1 - validation - testFraction);
  const stratify = bound.params.stratify === true;
  // A fraction the parser could not read (a number too large, NN1013) leaves the sum unknown: say nothing more.
  if (ctx.errorCount !== errorsBefore || !bound.complete) return undefined;
  const sum = train + validation + testFraction;
  const written = typeof test === 'number' ? `${train} + ${validation} + ${testFraction}` : `${train} + ${validation}`;
  if (sum > 1 + 1e-9) {
    ctx.report({
      code: DATA_CODE.badSplitFractions,
      message: `split fractions add up to ${round(sum)} (${written}), more than 1`,
      range: value.range,
      label: `adds up to ${round(sum)}`,
      help: 'make `train`, `validation` and `test` add up to 1',
    });
    return undefined;
  }
  if (typeof trainGiven !== 'number' && train <= 0) {
    ctx.report({
      code: NAME_CODE.outOfRange,
      message: `\`validation\` and \`test\` leave nothing for \`train\``,
      range: value.range,
      label: 'no training data',
    });
    return undefined;
  }
  if (sum < 1 - 1e-9) {
    ctx.report({
      code: TRAINING_CODE.splitLeavesDataUnused,
      message: `split fractions add up to ${round(sum)} (${written}): ${round((1 - sum) * 100)}% of the data is never used`,
      range: value.range,
      label: `adds up to ${round(sum)}`,
      help: 'make the fractions add up to 1, or use `limit` to train on fewer examples',
    });
  }
  return { train, validation, test, stratify };
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/**
 * A separate test set must fit the data it tests: same feature shape and task. Known before
 * loading for synthetic and built-in sources; the runner checks the rest (NN4802, NN4808).
 */
export function checkTestSets(ctx: CheckContext, data: ReadonlyMap<string, CheckedData>): void {
  for (const main of data.values()) {
    if (typeof main.split.test !== 'string' || !main.testRange) continue;
    const test = data.get(main.split.test);
    if (!test || !main.complete || !test.complete) continue;
    const labels = [{ range: test.nameRange, message: `data \`${test.name}\` declared here` }];
    if (main.featureShape && test.featureShape && main.featureShape.join(',') !== test.featureShape.join(',')) {
      ctx.report({
        code: DATA_CODE.testShapeMismatch,
        message: `test set \`${test.name}\` has features [${test.featureShape.join(', ')}], but data \`${main.name}\` has [${main.featureShape.join(', ')}]`,
        range: main.testRange,
        label: 'different feature shape',
        labels,
        help: 'a test set must have the same features as the data it tests',
      });
    } else if (main.task && test.task && main.task !== test.task) {
      ctx.report({
        code: DATA_CODE.taskMismatch,
        message: `test set \`${test.name}\` is a ${test.task}, but data \`${main.name}\` is a ${main.task}`,
        range: main.testRange,
        label: `a ${test.task}`,
        labels,
        help: 'use a test set of the same kind as the data it tests',
      });
    }
  }
}

/**
 * The properties of a data block that change nothing when the block is used as another's
 * `test:`, and why. The loader (`loadData` in `train/data/load-data.ts`) reads only the test
 * block's `source` (with the task, shape and classes that follow from it); the rest is the
 * tested block's.
 */
const IGNORED_IN_TEST_SET: ReadonlyMap<string, (main: string) => string> = new Map([
  ['normalize', (main: string) => `the test set is scaled with the normalisation fitted on the training split of \`${main}\``],
  ['split', (main: string) => `the test set of \`${main}\` is used whole, never split`],
  ['limit', (main: string) => `\`limit\` applies only to the training split of \`${main}\``],
  // A test file is encoded like the training data: the trained block's columns, fills and names.
  ['features', (main: string) => `the test set takes the columns of \`${main}\`, by name`],
  ['drop', (main: string) => `the test set takes the columns of \`${main}\`, by name`],
  ['impute', (main: string) => `missing values of the test set are filled with what \`${main}\`'s \`impute\` fitted on its training split`],
  ['normalize_target', (main: string) => `the target is scaled as \`${main}\`'s \`normalize_target\` says`],
  ['class_names', (main: string) => `the test set's classes take the names of \`${main}\``],
]);

/**
 * Warns (NN4021) at each property of a data block that is ignored because the block is only
 * used as another block's test set; a block also trained on directly is left alone.
 */
export function checkTestSetProperties(ctx: CheckContext, data: ReadonlyMap<string, CheckedData>, trainedOn: ReadonlySet<string>): void {
  // A block that is the test set of several others is warned about once, for the first.
  const warned = new Set<string>();
  for (const main of data.values()) {
    if (typeof main.split.test !== 'string' || !main.testRange) continue;
    const test = data.get(main.split.test);
    if (!test || trainedOn.has(test.name) || warned.has(test.name)) continue;
    warned.add(test.name);
    test.properties.forEach((property, index) => {
      const why = IGNORED_IN_TEST_SET.get(property.name);
      if (why === undefined || test.properties.findIndex((other) => other.name === property.name) !== index) return;
      ctx.report({
        code: TRAINING_CODE.testBlockPropertyIgnored,
        message: `\`${property.name}\` of data \`${test.name}\` is ignored: \`${test.name}\` is the test set of data \`${main.name}\``,
        range: property.range,
        label: `ignored: ${why(main.name)}`,
        labels: [{ range: main.testRange!, message: `\`${test.name}\` used as the test set here` }],
        help:
          property.name === 'normalize'
            ? `remove \`normalize\`: the test set gets data \`${main.name}\`'s \`normalize: ${main.normalize}\``
            : `remove \`${property.name}\``,
        fixes: [{ title: `remove \`${property.name}\``, edits: [{ range: removalRange(test.properties, index), newText: '' }] }],
      });
    });
  }
}

/**
 * What to delete to remove one property and its separator: up to the next property's start, or
 * for the last one from the previous property's end, so no blank line or stray comma is left.
 */
function removalRange(properties: readonly GivenProperty[], index: number): Range {
  const { range } = properties[index];
  if (index + 1 < properties.length) return { start: range.start, end: properties[index + 1].range.start };
  if (index > 0) return { start: properties[index - 1].range.end, end: range.end };
  return range;
}
