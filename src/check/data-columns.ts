/**
 * Checks a data block's tabular options: `features`, `drop`, `impute`, `normalize_target` and
 * `class_names`. What can be known without reading the file is checked here (lists of strings,
 * names given twice, the label listed, options on sources without named columns, class counts
 * the source fixes); the loader checks the rest against the file (docs/data.md).
 */
import type { ListValue, Value } from '../syntax/ast.js';
import type { Range } from '../diagnostics/diagnostic.js';
import type { IrImpute } from '../ir/schema.js';
import { NAME_CODE } from '../diagnostics/codes/names-codes.js';
import { TRAINING_CODE } from '../diagnostics/codes/training-codes.js';
import type { CheckContext } from './context.js';
import { listNames, replaceFix } from './context.js';
import type { CatalogueView } from '../catalogue/types.js';
import { describeValue, isNone } from './values.js';
import type { CheckedData } from './program.js';

/** The options this module resolves itself (the binder only binds them). */
export const COLUMN_OPTIONS: readonly string[] = ['features', 'drop', 'impute', 'class_names'];

const IMPUTE_NAMES = ['mean', 'median', 'constant'];

/** A list of names as written: each name with where it was written. */
interface NameList {
  names: string[];
  ranges: Range[];
}

/**
 * Resolves the column options of one data block into `data` and reports what is wrong with
 * them. `given` holds each option's value node as bound; `data.source` must already be resolved.
 */
export function checkColumnOptions(ctx: CheckContext, catalogue: CatalogueView, given: ReadonlyMap<string, Value>, data: CheckedData, owner: string): void {
  const sourceView = data.source.type !== '' ? catalogue.source(data.source.type) : undefined;
  const label = typeof data.source.params.label === 'string' ? data.source.params.label : undefined;
  const namedColumns = sourceView?.namedColumns === true;

  const featuresValue = given.get('features');
  const dropValue = given.get('drop');
  const features = featuresValue && !isNone(featuresValue) ? nameList(ctx, featuresValue, 'features', 'column names') : undefined;
  const drop = dropValue && !isNone(dropValue) ? nameList(ctx, dropValue, 'drop', 'column names') : undefined;
  if (features && features.names.length === 0) {
    ctx.report({
      code: TRAINING_CODE.emptyNameList,
      message: '`features` keeps no column',
      range: featuresValue!.range,
      label: 'empty list',
      help: 'name the columns to keep, or remove `features` to keep every column',
    });
  }
  if (features && drop && featuresValue && dropValue) {
    ctx.report({
      code: TRAINING_CODE.featuresAndDrop,
      message: `${owner} gives both \`features\` and \`drop\``,
      range: dropValue.range,
      label: '`drop` as well as `features`',
      labels: [{ range: featuresValue.range, message: '`features` keeps only these columns' }],
      help: '`features` already leaves out every column it does not name: remove `drop`, or remove `features` and keep every column but those dropped',
    });
  }
  for (const [option, list] of [
    ['features', features],
    ['drop', drop],
  ] as const) {
    if (!list) continue;
    reportRepeated(ctx, list, option, 'column');
    if (label !== undefined) {
      list.names.forEach((name, index) => {
        if (name !== label) return;
        ctx.report({
          code: TRAINING_CODE.labelColumnSelected,
          message: `\`${name}\` is the label column of ${owner}; \`${option}\` lists feature columns`,
          range: list.ranges[index],
          label: 'the label column',
          help: `remove \`"${name}"\` from \`${option}\`: the label is never a feature`,
        });
      });
    }
  }
  if (features && features.names.length > 0) {
    data.features = features.names;
    data.optionRanges.features = features.ranges;
  }
  if (drop) {
    data.drop = drop.names;
    data.optionRanges.drop = drop.ranges;
  }

  const imputeValue = given.get('impute');
  if (imputeValue && !isNone(imputeValue)) {
    const impute = resolveImpute(ctx, catalogue, imputeValue);
    if (impute) data.impute = impute;
  }

  if (sourceView && !namedColumns) {
    for (const option of ['features', 'drop', 'impute']) {
      const value = given.get(option);
      if (!value || isNone(value)) continue;
      ctx.report({
        code: TRAINING_CODE.needsNamedColumns,
        message: `\`${option}\` needs a source with named columns, but ${owner} reads \`${data.source.type}\``,
        range: value.range,
        label: 'no named columns',
        help: `remove \`${option}\`: only a \`csv\` source has named columns`,
      });
    }
  }

  const classNamesValue = given.get('class_names');
  if (classNamesValue && !isNone(classNamesValue)) {
    const classNames = nameList(ctx, classNamesValue, 'class_names', 'class names');
    if (classNames) {
      data.optionRanges.classNames = classNamesValue.range;
      reportRepeated(ctx, classNames, 'class_names', 'class');
      if (classNames.names.length < 2) {
        ctx.report({
          code: TRAINING_CODE.emptyNameList,
          message: `\`class_names\` names ${classNames.names.length === 0 ? 'no class' : 'one class'}; a classification has at least two`,
          range: classNamesValue.range,
          label: 'too few names',
          help: 'name every class, in class-index order',
        });
      } else if (data.task === 'regression') {
        ctx.report({
          code: TRAINING_CODE.classNamesOnRegression,
          message: `\`class_names\` on ${owner}, a regression`,
          range: classNamesValue.range,
          label: 'a regression has no classes',
          help: 'remove `class_names`',
        });
      } else {
        data.classNames = classNames.names;
        reportClassNamesCount(ctx, data, data.classes, `\`${data.source.type}\` has ${data.classes} classes`);
      }
    }
  }
}

/**
 * Reports `class_names` whose count differs from a class count known statically (`classes`,
 * `null` when unknown). `why` says where the count comes from.
 */
export function reportClassNamesCount(ctx: CheckContext, data: CheckedData, classes: number | null, why: string): void {
  if (data.classNames === null || classes === null || data.classNames.length === classes || !data.optionRanges.classNames) return;
  ctx.report({
    code: TRAINING_CODE.classNamesCount,
    message: `\`class_names\` gives ${data.classNames.length} names, but ${why}`,
    range: data.optionRanges.classNames,
    label: `${data.classNames.length} names for ${classes} classes`,
    help: `give one name per class, ${classes} in all, in class-index order`,
  });
}

/** A list of non-empty strings, or a report of what else it is. */
function nameList(ctx: CheckContext, value: Value, option: string, what: string): NameList | undefined {
  if (value.kind !== 'list') {
    ctx.report({
      code: NAME_CODE.wrongType,
      message: `\`${option}\` must be a list of ${what}, got ${describeValue(value)}`,
      range: value.range,
      label: 'expected a list of strings',
      help: value.kind === 'string' ? `write a list: \`${option}: [${value.raw}]\`` : `write the names as strings in a list: \`${option}: ["a", "b"]\``,
      fixes: value.kind === 'string' ? [replaceFix('wrap it in a list', value.range, `[${value.raw}]`)] : undefined,
    });
    return undefined;
  }
  return stringItems(ctx, value, option, what);
}

function stringItems(ctx: CheckContext, list: ListValue, option: string, what: string): NameList | undefined {
  const result: NameList = { names: [], ranges: [] };
  let ok = true;
  for (const item of list.items) {
    if (item.kind !== 'string' || item.value === '') {
      ok = false;
      ctx.report({
        code: NAME_CODE.wrongType,
        message: `\`${option}\` must be a list of ${what}, got ${item.kind === 'string' ? 'an empty string' : describeValue(item)}`,
        range: item.range,
        label: 'expected a non-empty string',
        help: item.kind === 'name' ? `quote it: \`"${item.name}"\`` : `names are written in quotes: \`${option}: ["a", "b"]\``,
        fixes: item.kind === 'name' ? [replaceFix('quote it', item.range, JSON.stringify(item.name))] : undefined,
      });
      continue;
    }
    result.names.push(item.value);
    result.ranges.push(item.range);
  }
  return ok ? result : undefined;
}

function reportRepeated(ctx: CheckContext, list: NameList, option: string, what: string): void {
  const first = new Map<string, number>();
  list.names.forEach((name, index) => {
    const earlier = first.get(name);
    if (earlier === undefined) {
      first.set(name, index);
      return;
    }
    ctx.report({
      code: TRAINING_CODE.repeatedName,
      message: `${what} \`${name}\` is listed twice in \`${option}\``,
      range: list.ranges[index],
      label: 'listed again',
      labels: [{ range: list.ranges[earlier], message: 'first listed here' }],
      help: `remove the second \`"${name}"\``,
    });
  });
}

/** `mean`, `median` or `constant(x)`. */
function resolveImpute(ctx: CheckContext, catalogue: CatalogueView, value: Value): IrImpute | undefined {
  if (value.kind === 'name' && (value.name === 'mean' || value.name === 'median')) return { strategy: value.name };
  if (value.kind === 'call' && value.callee.name === 'constant') {
    const args = value.args;
    const only = args.length === 1 && (args[0].name === undefined || args[0].name.name === 'value') ? args[0].value : undefined;
    if (only && only.kind === 'number') return { strategy: 'constant', value: only.value };
    ctx.report({
      code: NAME_CODE.wrongType,
      message: '`constant` takes one number, the value that fills missing cells',
      range: value.argsRange,
      label: 'expected one number',
      help: 'write `impute: constant(0)`',
    });
    return undefined;
  }
  const name = value.kind === 'name' ? value.name : value.kind === 'call' ? value.callee.name : undefined;
  const suggestion = name !== undefined ? catalogue.suggest(name, IMPUTE_NAMES) : undefined;
  const range = value.kind === 'call' ? value.callee.range : value.range;
  ctx.report({
    code: NAME_CODE.wrongType,
    message: `\`impute\` must be ${listNames(['mean', 'median', 'constant(x)'])}, got ${describeValue(value)}`,
    range,
    label: suggestion ? `did you mean \`${suggestion}\`?` : 'unknown imputation',
    help: 'write `impute: mean`, `impute: median` or `impute: constant(0)`',
    fixes: suggestion && suggestion !== 'constant' ? [replaceFix(`replace with \`${suggestion}\``, range, suggestion)] : undefined,
  });
  return undefined;
}

/**
 * The column options that depend on the loss a `train` uses: `normalize_target` needs a
 * regression loss, `class_names` a classification one, and a classification loss with the model's output units fixes the class
 * count `class_names` must match (when the source does not fix it already).
 */
export function checkColumnOptionsAgainstLoss(
  ctx: CheckContext,
  catalogue: CatalogueView,
  lossType: string,
  outputUnits: number | null,
  data: CheckedData | undefined,
): void {
  const lossView = lossType !== '' ? catalogue.loss(lossType) : undefined;
  if (!data || !lossView) return;
  const scaling = data.optionRanges.normalizeTarget;
  if (scaling && data.normalizeTarget === 'standard' && lossView.task === 'classification' && data.task !== 'classification') {
    ctx.report({
      code: TRAINING_CODE.targetScalingOnClasses,
      message: `\`normalize_target\` on data \`${data.name}\`, trained with the classification loss \`${lossType}\``,
      range: scaling,
      label: 'class labels are not standardised',
      help: 'remove `normalize_target`, or train with a regression loss such as `mean_squared_error`',
    });
  }
  if (lossView.task === 'regression' && data.classNames !== null && data.optionRanges.classNames && data.task === null) {
    ctx.report({
      code: TRAINING_CODE.classNamesOnRegression,
      message: `\`class_names\` on data \`${data.name}\`, trained with the regression loss \`${lossType}\``,
      range: data.optionRanges.classNames,
      label: 'a regression has no classes',
      help: 'remove `class_names`, or train with a classification loss',
    });
  }
  if (lossView.task === 'classification' && data.classes === null) {
    const binary = lossType === 'binary_crossentropy';
    const classes = binary ? 2 : outputUnits;
    reportClassNamesCount(ctx, data, classes, binary ? '`binary_crossentropy` trains two classes' : `the model outputs ${classes} classes for \`${lossType}\``);
  }
}
