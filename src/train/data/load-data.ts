/**
 * The Node entry of the data layer: resolves an `IrData` (files read relative to the spec's
 * folder), checks it against what the spec declares, then splits, limits and normalises it with
 * {@link prepareData}.
 */
import type { Diagnostic, StageResult } from '../../diagnostics/diagnostic.js';
import { DATA_CODE } from '../../diagnostics/codes/data-codes.js';
import type { IrData, IrValue } from '../../ir/schema.js';
import { BUILTIN_DATASETS, isBuiltinSource, loadBuiltin } from './builtin-node.js';
import { parseCsvDataset } from './csv-dataset.js';
import { closestName, specDiagnostic, type SpecLocation } from './data-diagnostic.js';
import { featureSize, type Dataset, type PreparedData } from './dataset.js';
import { idxDataset, parseIdx } from './idx-parse.js';
import { prepareData } from './prepare.js';
import { readDataFile, readDataText, resolveDataPath } from './read-file-node.js';
import { SYNTHETIC_DEFAULTS, generateSynthetic, isSyntheticSource } from './synthetic-source.js';

/** Options of {@link loadData}. */
export interface LoadDataOptions {
  /** The folder of the spec file: relative `path`, `images` and `labels` resolve against it. */
  baseDir: string;
  /** The run's seed: synthetic data (unless the source sets its own `seed`) and the split derive from it. */
  seed: number;
  /** The spec's text, to place diagnostics about the data block at its line and column (`data.sourceSpan`). */
  specText?: string;
}

/** Every source type {@link loadSource} knows. */
export const SOURCE_TYPES: readonly string[] = [...Object.keys(SYNTHETIC_DEFAULTS), ...Object.keys(BUILTIN_DATASETS), 'csv', 'idx'];

/**
 * Loads, splits, limits and normalises a data block. On any error the value is `undefined`
 * and the diagnostics say why (file errors carry `file`, line and column); warnings may
 * accompany a value. The same seed always gives the same data and the same splits.
 */
export async function loadData(data: IrData, options: LoadDataOptions): Promise<StageResult<PreparedData | undefined>> {
  const where: SpecLocation = { data, specText: options.specText };
  const main = await loadSource(data, options);
  const diagnostics: Diagnostic[] = [...main.diagnostics];
  let testSet: Dataset | undefined;
  let testFraction = 0;
  if (typeof data.split.test === 'number') testFraction = data.split.test;
  else {
    // The test file is encoded like the training data, so it takes the main block's columns.
    const test = await loadSource(data.split.test, options, data);
    diagnostics.push(...test.diagnostics);
    testSet = test.value;
    if (testSet === undefined) return { value: undefined, diagnostics };
  }
  if (main.value === undefined) return { value: undefined, diagnostics };
  const prepared = prepareData(main.value, {
    split: { train: data.split.train, validation: data.split.validation, test: testFraction },
    stratify: data.split.stratify,
    normalize: data.normalize,
    limit: data.limit,
    seed: options.seed,
    testSet,
    where,
    impute: data.impute,
    normalizeTarget: data.normalizeTarget,
    classNames: data.classNames,
  });
  diagnostics.push(...prepared.diagnostics);
  let value = prepared.value;
  // An encoded table's width (one-hot columns) is only known now: check the declared shape here.
  if (value !== undefined && main.value.table?.needsEncoding === true) {
    const shape = declaredShape(data, value.featureShape, where);
    if ('code' in shape) {
      diagnostics.push(shape);
      return { value: undefined, diagnostics };
    }
    value = withFeatureShape(value, shape.featureShape);
  }
  return { value, diagnostics };
}

function withFeatureShape(prepared: PreparedData, featureShape: number[]): PreparedData {
  const reshape = (split: Dataset): Dataset => ({ ...split, featureShape: [...featureShape] });
  return { ...prepared, featureShape: [...featureShape], train: reshape(prepared.train), validation: reshape(prepared.validation), test: reshape(prepared.test) };
}

/**
 * The shape examples take for the spec: the declared one when it holds as many values as the
 * data's (a row-major reshape), the data's when none is declared; NN4804 otherwise.
 */
function declaredShape(data: IrData, featureShape: number[], where: SpecLocation): { featureShape: number[] } | Diagnostic {
  if (data.featureShape === null || sameShape(data.featureShape, featureShape)) return { featureShape };
  if (featureSize(data.featureShape) !== featureSize(featureShape)) {
    return specDiagnostic(DATA_CODE.declaredShapeMismatch, where, `data \`${data.name}\` has examples of shape [${featureShape.join(', ')}], but the spec expects [${data.featureShape.join(', ')}]`, {
      help: `make the model's input shape [${featureShape.join(', ')}]`,
    });
  }
  return { featureShape: [...data.featureShape] };
}

/**
 * Loads one source as a whole data set (no split), and checks it against the block's declared
 * task, feature shape and class count. A declared shape with the same number of values as the
 * data's (`[8, 8, 1]` for digits' 64 pixels) reshapes it: the values are row-major either way.
 */
export async function loadSource(data: IrData, options: LoadDataOptions, columnsFrom: IrData = data): Promise<StageResult<Dataset | undefined>> {
  const where: SpecLocation = { data, specText: options.specText };
  const loaded = await loadRaw(data, options, where, { data: columnsFrom, specText: options.specText });
  const dataset = loaded.value;
  if (dataset === undefined) return loaded;
  const diagnostics = [...loaded.diagnostics];
  const fail = (): StageResult<Dataset | undefined> => ({ value: undefined, diagnostics });
  if (data.task !== null && data.task !== dataset.task) {
    diagnostics.push(
      specDiagnostic(DATA_CODE.taskMismatch, where, `data \`${data.name}\` is a ${dataset.task} data set, but the spec trains a ${data.task}`, {
        help: dataset.task === 'classification' ? 'use a classification loss such as `categorical_crossentropy`' : 'use a regression loss such as `mse`',
      }),
    );
    return fail();
  }
  let featureShape = dataset.featureShape;
  if (dataset.table?.needsEncoding !== true) {
    const shape = declaredShape(data, featureShape, where);
    if ('code' in shape) {
      diagnostics.push(shape);
      return fail();
    }
    featureShape = shape.featureShape;
  }
  if (data.classes !== null && dataset.classNames !== null && data.classes !== dataset.classNames.length) {
    diagnostics.push(
      specDiagnostic(DATA_CODE.declaredClassesMismatch, where, `data \`${data.name}\` has ${countOf(dataset.classNames.length, 'class', 'classes')}, but the spec expects ${data.classes}`, {
        help: `the classes found are ${listClasses(dataset.classNames)}`,
      }),
    );
    return fail();
  }
  return { value: { ...dataset, featureShape }, diagnostics };
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((dim, axis) => dim === b[axis]);
}

/** A required string parameter, or a diagnostic naming it. */
function stringParam(params: Readonly<Record<string, IrValue>>, name: string, type: string, where: SpecLocation, diagnostics: Diagnostic[]): string | undefined {
  const value = params[name];
  if (typeof value === 'string' && value.length > 0) return value;
  diagnostics.push(
    specDiagnostic(
      DATA_CODE.badSourceParam,
      where,
      value === undefined || value === null ? `\`${type}\` needs the parameter \`${name}\`` : `\`${name}\` of \`${type}\` must be a non-empty string, got \`${JSON.stringify(value)}\``,
    ),
  );
  return undefined;
}

async function loadRaw(data: IrData, options: LoadDataOptions, where: SpecLocation, columnsWhere: SpecLocation): Promise<StageResult<Dataset | undefined>> {
  const { type, params } = data.source;
  if (isSyntheticSource(type)) return generateSynthetic(type, params, options.seed, where);
  if (isBuiltinSource(type)) return loadBuiltin(type);
  const diagnostics: Diagnostic[] = [];
  if (type === 'csv') {
    const path = stringParam(params, 'path', type, where, diagnostics);
    const label = stringParam(params, 'label', type, where, diagnostics);
    if (path === undefined || label === undefined) return { value: undefined, diagnostics };
    const file = resolveDataPath(path, options.baseDir);
    const text = await readDataText(file);
    if (text.value === undefined) return { value: undefined, diagnostics: text.diagnostics };
    const columns = columnsWhere.data;
    return parseCsvDataset(text.value, {
      file,
      label,
      task: data.task,
      columns: { features: columns.features, drop: columns.drop, allowMissing: columns.impute !== null, where: columnsWhere, spans: columns.optionSpans },
    });
  }
  if (type === 'idx') {
    const images = stringParam(params, 'images', type, where, diagnostics);
    const labels = stringParam(params, 'labels', type, where, diagnostics);
    if (images === undefined || labels === undefined) return { value: undefined, diagnostics };
    const files = { images: resolveDataPath(images, options.baseDir), labels: resolveDataPath(labels, options.baseDir) };
    const [imageBytes, labelBytes] = await Promise.all([readDataFile(files.images), readDataFile(files.labels)]);
    diagnostics.push(...imageBytes.diagnostics, ...labelBytes.diagnostics);
    if (imageBytes.value === undefined || labelBytes.value === undefined) return { value: undefined, diagnostics };
    const imageArray = parseIdx(imageBytes.value, files.images);
    const labelArray = parseIdx(labelBytes.value, files.labels);
    diagnostics.push(...imageArray.diagnostics, ...labelArray.diagnostics);
    if (imageArray.value === undefined || labelArray.value === undefined) return { value: undefined, diagnostics };
    return idxDataset(imageArray.value, labelArray.value, files);
  }
  const suggestion = closestName(type, SOURCE_TYPES);
  diagnostics.push(
    specDiagnostic(DATA_CODE.unknownSource, where, `unknown data source \`${type}\``, {
      help: `${suggestion !== undefined ? `did you mean \`${suggestion}\`? ` : ''}known sources: ${SOURCE_TYPES.map((name) => `\`${name}\``).join(', ')}`,
    }),
  );
  return { value: undefined, diagnostics };
}

function countOf(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** The class names for a help line: all of a few, the first ten of many (a regression column read as classes has thousands). */
function listClasses(names: readonly string[]): string {
  const shown = names.slice(0, 10).map((name) => `\`${JSON.stringify(name).slice(1, -1)}\``);
  return names.length > 10 ? `${shown.join(', ')} and ${names.length - 10} more` : shown.join(', ');
}
