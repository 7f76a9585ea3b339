/**
 * Loading a data block, whatever reads its sources: the main source and an optional separate test
 * block, each checked against what the spec declares (task, feature shape, class count), then
 * split, limited and normalised by {@link prepareData}. Node's `loadData` and the playground's
 * loader are both built on it, with their own raw-source loaders, so that the same spec gets the
 * same diagnostics in both. Browser-safe: it reads no file itself.
 */
import type { Diagnostic, StageResult } from '../../diagnostics/diagnostic.js';
import { DATA_CODE } from '../../diagnostics/codes/data-codes.js';
import type { IrData, IrSourceSpan } from '../../ir/schema.js';
import type { DataFileFact } from '../../report/report-schema.js';
import { countNoun } from '../../util/count-noun.js';
import { dataBlockName, listSome, spanDiagnostic, specDiagnostic, type SpecLocation } from './data-diagnostic.js';
import { featureSize, type Dataset, type PreparedData } from './dataset.js';
import { prepareData } from './prepare.js';

/** What a loaded source is to the run, for messages. */
export type SourceRole = 'data' | 'test data';

/** What every block loader needs to know of the run, whatever else its options hold. */
export interface BlockLoadOptions {
  /** The run's seed: synthetic data (unless the source sets its own `seed`) and the split derive from it. */
  seed: number;
  /** The spec's text, to place diagnostics about the data block at its line and column (`data.sourceSpan`). */
  specText?: string;
  /**
   * The model's `input` layer in the spec (its IR `source` span), when the declared feature shape
   * (`data.featureShape`) is that input's shape: data that cannot take it is reported there.
   */
  inputSpan?: IrSourceSpan;
}

/**
 * Reads one source of a block as a whole data set, unchecked. `where` places diagnostics about the
 * block; `columnsWhere` is the block whose `features`, `drop` and `impute` choose a table's columns
 * (a separate test set takes the trained block's).
 */
export type RawSourceLoader<Options extends BlockLoadOptions> = (
  data: IrData,
  options: Options,
  where: SpecLocation,
  columnsWhere: SpecLocation,
) => Promise<StageResult<Dataset | undefined>>;

/** How a host reads sources: its raw loader, and how its messages name a block's data file. */
export interface SourceReader<Options extends BlockLoadOptions> {
  loadRaw: RawSourceLoader<Options>;
  /**
   * The file a block's examples are read from, as messages name it (Node resolves the written path
   * against the spec's folder). Absent: messages name no file, which is right for a host that reads
   * no file by path.
   */
  dataFileOf?: (data: IrData, options: Options) => string | undefined;
}

/** How a host loads a whole block: its {@link SourceReader}, and what it records of the files read. */
export interface BlockReader<Options extends BlockLoadOptions> extends SourceReader<Options> {
  /**
   * The options each source of the block loads with (Node gives the main and the test source their
   * own list of files read, to describe each under its block's name). Default: the block's options.
   */
  sourceOptions?: (role: SourceRole) => Options;
  /** The files read, called once the block has loaded (the report's `config.dataFiles`). Default: none. */
  files?: (data: IrData) => DataFileFact[];
}

/**
 * Loads, splits, limits and normalises a data block with `reader`. On any error the value is
 * `undefined` and the diagnostics say why (NN4808 task, NN4804 shape, NN4805 class count, besides
 * whatever the raw loader and {@link prepareData} report); warnings may accompany a value. The same
 * seed always gives the same data and the same splits.
 */
export async function loadBlock<Options extends BlockLoadOptions>(
  data: IrData,
  options: Options,
  reader: BlockReader<Options>,
): Promise<StageResult<PreparedData | undefined>> {
  const where: SpecLocation = { data, specText: options.specText };
  const optionsFor = (role: SourceRole): Options => reader.sourceOptions?.(role) ?? options;
  const main = await loadBlockSource(data, optionsFor('data'), reader);
  const diagnostics: Diagnostic[] = [...main.diagnostics];
  let testSet: Dataset | undefined;
  let testWhere: SpecLocation | undefined;
  let testFraction = 0;
  if (typeof data.split.test === 'number') testFraction = data.split.test;
  else {
    // A separate test set takes the model's input shape and the task by the same rule as the main
    // data set (its own block knows neither: lowering gives them to the tested block only), and it
    // is encoded like the training data, so it takes the main block's columns.
    const testBlock = data.split.test;
    testWhere = { data: testBlock, specText: options.specText };
    const test = await loadBlockSource(
      { ...testBlock, featureShape: data.featureShape ?? testBlock.featureShape, task: data.task ?? testBlock.task },
      optionsFor('test data'),
      reader,
      { role: 'test data', columnsFrom: data },
    );
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
    testWhere,
    impute: data.impute,
    normalizeTarget: data.normalizeTarget,
    classNames: data.classNames,
  });
  diagnostics.push(...prepared.diagnostics);
  let value = prepared.value;
  if (value === undefined) return { value: undefined, diagnostics };
  // An encoded table's width (one-hot columns) is only known now: check the declared shape here.
  if (main.value.table?.needsEncoding === true) {
    const shape = declaredShape(data, value.featureShape, 'data', options, reader);
    if ('code' in shape) {
      diagnostics.push(shape);
      return { value: undefined, diagnostics };
    }
    value = withFeatureShape(value, shape.featureShape);
  }
  return { value: { ...value, files: reader.files?.(data) ?? [] }, diagnostics };
}

/**
 * Loads one source as a whole data set (no split) with `reader`, and checks it against the block's
 * declared task (NN4808), feature shape (NN4804) and class count (NN4805). A declared shape with the
 * same number of values as the data's (`[8, 8, 1]` for digits' 64 pixels) reshapes it: the values
 * are row-major either way. `role` names the source in a shape mismatch: the main data, or a
 * separate test set; `columnsFrom` is the block whose `features`, `drop` and `impute` choose its
 * columns (a test set takes the trained block's).
 */
export async function loadBlockSource<Options extends BlockLoadOptions>(
  data: IrData,
  options: Options,
  reader: SourceReader<Options>,
  { role = 'data', columnsFrom = data }: { role?: SourceRole; columnsFrom?: IrData } = {},
): Promise<StageResult<Dataset | undefined>> {
  const where: SpecLocation = { data, specText: options.specText };
  const loaded = await reader.loadRaw(data, options, where, { data: columnsFrom, specText: options.specText });
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
    const shape = declaredShape(data, featureShape, role, options, reader);
    if ('code' in shape) {
      diagnostics.push(shape);
      return fail();
    }
    featureShape = shape.featureShape;
  }
  if (data.classes !== null && dataset.classNames !== null && data.classes !== dataset.classNames.length) {
    diagnostics.push(
      specDiagnostic(
        DATA_CODE.declaredClassesMismatch,
        where,
        `${dataBlockName('data', data.name, reader.dataFileOf?.(data, options))} has ${countNoun(dataset.classNames.length, 'class', 'classes')}, but the spec expects ${data.classes}`,
        {
          help: `the classes found are ${listSome(dataset.classNames)}`,
        },
      ),
    );
    return fail();
  }
  return { value: { ...dataset, featureShape }, diagnostics };
}

function withFeatureShape(prepared: PreparedData, featureShape: number[]): PreparedData {
  const reshape = (split: Dataset): Dataset => ({ ...split, featureShape: [...featureShape] });
  return {
    ...prepared,
    featureShape: [...featureShape],
    train: reshape(prepared.train),
    validation: reshape(prepared.validation),
    test: reshape(prepared.test),
  };
}

/**
 * The shape examples take for the spec: the declared one when it holds as many values as the
 * data's (a row-major reshape), the data's when none is declared; NN4804 otherwise.
 */
function declaredShape<Options extends BlockLoadOptions>(
  data: IrData,
  featureShape: number[],
  role: SourceRole,
  options: Options,
  reader: SourceReader<Options>,
): { featureShape: number[] } | Diagnostic {
  if (data.featureShape === null || sameShape(data.featureShape, featureShape)) return { featureShape };
  if (featureSize(data.featureShape) !== featureSize(featureShape)) {
    return shapeMismatch(data, featureShape, data.featureShape, role, options, reader.dataFileOf?.(data, options));
  }
  return { featureShape: [...data.featureShape] };
}

/**
 * Data whose examples cannot be reshaped to the declared shape: at the model's `input` when that
 * is what declared it (the same rule for the main and the test data), else at the data block.
 */
function shapeMismatch(
  data: IrData,
  actual: readonly number[],
  declared: readonly number[],
  role: SourceRole,
  options: BlockLoadOptions,
  file: string | undefined,
): Diagnostic {
  const described = (shape: readonly number[]) => `[${shape.join(', ')}] (${countNoun(featureSize(shape), 'value')})`;
  const found = `${dataBlockName(role, data.name, file)} has examples of shape ${described(actual)}`;
  const help =
    role === 'data'
      ? `make the model's input shape [${actual.join(', ')}]`
      : `a test set needs examples of the training data's size: ${countNoun(featureSize(declared), 'value')} each`;
  if (options.inputSpan !== undefined && options.specText !== undefined) {
    return spanDiagnostic(
      DATA_CODE.declaredShapeMismatch,
      options.inputSpan,
      options.specText,
      `${found}, which does not fit the model's input ${described(declared)}`,
      {
        label: `takes ${described(declared)}`,
        help,
      },
    );
  }
  return specDiagnostic(DATA_CODE.declaredShapeMismatch, { data, specText: options.specText }, `${found}, but the spec expects ${described(declared)}`, {
    help,
  });
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((dim, axis) => dim === b[axis]);
}
