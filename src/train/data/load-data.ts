/**
 * The Node entry of the data layer: resolves an `IrData` (files read relative to the spec's
 * folder), checks it against what the spec declares, then splits, limits and normalises it with
 * `prepareData`. The checks and the orchestration are `load-block.ts`'s, shared with the
 * playground; this file reads the sources (synthetic, bundled files, `csv`, `idx`).
 */
import type { Diagnostic, StageResult } from '../../diagnostics/diagnostic.js';
import { DATA_CODE } from '../../diagnostics/codes/data-codes.js';
import type { IrData, IrSourceSpan, IrValue } from '../../ir/schema.js';
import { BUILTIN_DATASETS, isBuiltinSource, loadBuiltin } from './builtin-node.js';
import { parseCsvDataset, specLabelRange, specParamRange } from './csv-dataset.js';
import { suggest } from '../../catalogue/catalogue.js';
import { atSpecPath, sourceFileOf, specDiagnostic, type SpecLocation } from './data-diagnostic.js';
import type { Dataset, PreparedData } from './dataset.js';
import { idxDataset, parseIdx } from './idx-parse.js';
import { loadBlock, loadBlockSource, type SourceReader, type SourceRole } from './load-block.js';
import { readDataFile, readDataText, resolveDataPath, type FileRead } from './read-file-node.js';
import { describeFileReads } from './file-facts-node.js';
import { dataRootDiagnostics } from './data-root-node.js';
import type { ReadLimits } from './read-limits.js';
import { SYNTHETIC_DEFAULTS, generateSynthetic, isSyntheticSource } from './synthetic-source.js';

/** Options of {@link loadData}. */
export interface LoadDataOptions {
  /** The folder of the spec file: relative `path`, `images` and `labels` resolve against it. */
  baseDir: string;
  /** The run's seed: synthetic data (unless the source sets its own `seed`) and the split derive from it. */
  seed: number;
  /** The spec's text, to place diagnostics about the data block at its line and column (`data.sourceSpan`). */
  specText?: string;
  /**
   * The model's `input` layer in the spec (its IR `source` span), when the declared feature shape
   * (`data.featureShape`) is that input's shape: data that cannot take it is reported there.
   */
  inputSpan?: IrSourceSpan;
  /** Where {@link loadSource} appends each file it reads (size and SHA-256); {@link loadData} sets its own. */
  reads?: FileRead[];
  /**
   * A folder data files must lie in, for specs from others: a `csv` or `idx` path that resolves
   * outside it (`..`, absolute, or through a symbolic link) is NN4504 and is not opened. Relative
   * to the working folder. Built-in and synthetic sources are always allowed. Default: no limit.
   */
  dataRoot?: string;
  /** How large a data file may be, on disk and decompressed: `DEFAULT_READ_LIMITS` (500 MiB each) for those not given. */
  readLimits?: Partial<ReadLimits>;
}

export type { SourceRole } from './load-block.js';

/** Every source type {@link loadSource} knows. */
export const SOURCE_TYPES: readonly string[] = [...Object.keys(SYNTHETIC_DEFAULTS), ...Object.keys(BUILTIN_DATASETS), 'csv', 'idx'];

/** How Node reads a block's sources: from files, named in messages as resolved against the spec's folder. */
const NODE_SOURCES: SourceReader<LoadDataOptions> = { loadRaw, dataFileOf };

/**
 * Loads, splits, limits and normalises a data block. On any error the value is `undefined`
 * and the diagnostics say why (file errors carry `file`, line and column); warnings may
 * accompany a value. The same seed always gives the same data and the same splits.
 */
export async function loadData(data: IrData, options: LoadDataOptions): Promise<StageResult<PreparedData | undefined>> {
  // Each source records its own reads, so the report names each file under the block that read it.
  const mainReads: FileRead[] = [];
  const testReads: FileRead[] = [];
  return loadBlock(data, options, {
    ...NODE_SOURCES,
    sourceOptions: (role) => ({ ...options, reads: role === 'data' ? mainReads : testReads }),
    files: () => [
      ...describeFileReads(mainReads, data.name, options.baseDir),
      ...(typeof data.split.test === 'number' ? [] : describeFileReads(testReads, data.split.test.name, options.baseDir)),
    ],
  });
}

/**
 * Loads one source as a whole data set (no split), and checks it against the block's declared
 * task, feature shape and class count. A declared shape with the same number of values as the
 * data's (`[8, 8, 1]` for digits' 64 pixels) reshapes it: the values are row-major either way.
 * `role` names the source in a shape mismatch (NN4804): the main data, or a separate test set;
 * `columnsFrom` is the block whose `features`, `drop` and `impute` choose its columns (a test set
 * takes the trained block's).
 */
export function loadSource(
  data: IrData,
  options: LoadDataOptions,
  context: { role?: SourceRole; columnsFrom?: IrData } = {},
): Promise<StageResult<Dataset | undefined>> {
  return loadBlockSource(data, options, NODE_SOURCES, context);
}

/** The file a block's examples are read from, resolved as the loader reads it (none for generated and bundled data). */
function dataFileOf(data: IrData, options: LoadDataOptions): string | undefined {
  return sourceFileOf(data, (path) => resolveDataPath(path, options.baseDir));
}

/** A required string parameter, or a diagnostic naming it. */
function stringParam(
  params: Readonly<Record<string, IrValue>>,
  name: string,
  type: string,
  where: SpecLocation,
  diagnostics: Diagnostic[],
): string | undefined {
  const value = params[name];
  if (typeof value === 'string' && value.length > 0) return value;
  diagnostics.push(
    specDiagnostic(
      DATA_CODE.badSourceParam,
      where,
      value === undefined || value === null
        ? `\`${type}\` needs the parameter \`${name}\``
        : `\`${name}\` of \`${type}\` must be a non-empty string, got \`${JSON.stringify(value)}\``,
    ),
  );
  return undefined;
}

async function loadRaw(data: IrData, options: LoadDataOptions, where: SpecLocation, columnsWhere: SpecLocation): Promise<StageResult<Dataset | undefined>> {
  const { type, params } = data.source;
  if (isSyntheticSource(type)) return generateSynthetic(type, params, options.seed, where);
  if (isBuiltinSource(type)) return loadBuiltin(type, options.reads, options.readLimits);
  const diagnostics: Diagnostic[] = [];
  if (type === 'csv') {
    const path = stringParam(params, 'path', type, where, diagnostics);
    const label = stringParam(params, 'label', type, where, diagnostics);
    if (path === undefined || label === undefined) return { value: undefined, diagnostics };
    const file = resolveDataPath(path, options.baseDir);
    const outside = dataRootDiagnostics(data, [{ param: 'path', written: path, file }], options.dataRoot, options.specText);
    if (outside.length > 0) return { value: undefined, diagnostics: outside };
    const text = await readDataText(file, options.reads, options.readLimits);
    if (text.value === undefined) return { value: undefined, diagnostics: atSpecPath(text.diagnostics, specParamRange(data, options.specText, 'path')) };
    const columns = columnsWhere.data;
    const labelRange = specLabelRange(data, options.specText);
    const pathRange = specParamRange(data, options.specText, 'path');
    return parseCsvDataset(text.value, {
      file,
      label,
      task: data.task,
      ...(labelRange !== undefined ? { labelRange } : {}),
      ...(pathRange !== undefined ? { pathRange } : {}),
      columns: { features: columns.features, drop: columns.drop, allowMissing: columns.impute !== null, where: columnsWhere, spans: columns.optionSpans },
    });
  }
  if (type === 'idx') {
    const images = stringParam(params, 'images', type, where, diagnostics);
    const labels = stringParam(params, 'labels', type, where, diagnostics);
    if (images === undefined || labels === undefined) return { value: undefined, diagnostics };
    const files = { images: resolveDataPath(images, options.baseDir), labels: resolveDataPath(labels, options.baseDir) };
    const outside = dataRootDiagnostics(
      data,
      [
        { param: 'images', written: images, file: files.images },
        { param: 'labels', written: labels, file: files.labels },
      ],
      options.dataRoot,
      options.specText,
    );
    if (outside.length > 0) return { value: undefined, diagnostics: outside };
    const [imageBytes, labelBytes] = await Promise.all([
      readDataFile(files.images, options.reads, options.readLimits),
      readDataFile(files.labels, options.reads, options.readLimits),
    ]);
    diagnostics.push(
      ...atSpecPath(imageBytes.diagnostics, specParamRange(data, options.specText, 'images')),
      ...atSpecPath(labelBytes.diagnostics, specParamRange(data, options.specText, 'labels')),
    );
    if (imageBytes.value === undefined || labelBytes.value === undefined) return { value: undefined, diagnostics };
    const imageArray = parseIdx(imageBytes.value, files.images, specParamRange(data, options.specText, 'images'));
    const labelArray = parseIdx(labelBytes.value, files.labels, specParamRange(data, options.specText, 'labels'));
    diagnostics.push(...imageArray.diagnostics, ...labelArray.diagnostics);
    if (imageArray.value === undefined || labelArray.value === undefined) return { value: undefined, diagnostics };
    return idxDataset(imageArray.value, labelArray.value, files);
  }
  const suggestion = suggest(type, SOURCE_TYPES);
  diagnostics.push(
    specDiagnostic(DATA_CODE.unknownSource, where, `unknown data source \`${type}\``, {
      help: `${suggestion !== undefined ? `did you mean \`${suggestion}\`? ` : ''}known sources: ${SOURCE_TYPES.map((name) => `\`${name}\``).join(', ')}`,
    }),
  );
  return { value: undefined, diagnostics };
}
