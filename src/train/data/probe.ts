/**
 * `nnspec check --data` and the language server's `checkData`: finds what training would say
 * about the data files (a missing file, an unknown label column, a bad IDX header, examples of
 * another shape than the model's input) by reading only their first bytes, never the whole
 * data. The reading is injected ({@link DataHeadReader}), so this stays browser-safe; the
 * parsing is the loader's own (`parseCsvDataset`, `parseIdxHeader`, `idxExamples`), so the codes,
 * messages and ranges are the ones `nnspec train` reports.
 */
import type { Diagnostic, Range, StageResult } from '../../diagnostics/diagnostic.js';
import { DATA_CODE } from '../../diagnostics/codes/data-codes.js';
import type { CheckedProgram } from '../../check/program.js';
import { lower } from '../../lower/index.js';
import type { IrData } from '../../ir/schema.js';
import { parseCsvDataset, specLabelRange, specParamRange } from './csv-dataset.js';
import { FILE_START, atSpecPath, dataBlockName, fileDiagnostic, sourceFileOf, specDiagnostic } from './data-diagnostic.js';
import { featureSize } from './dataset.js';
import { IDX_MAX_HEADER_BYTES, idxExamples, parseIdx, parseIdxHeader } from './idx-parse.js';
import type { DataPathCheck } from './data-root.js';

/** The first bytes of a file's content (decompressed when the file is gzip-compressed). */
export interface DataHead {
  bytes: Uint8Array;
  /** True when `bytes` is the whole content, false when the file goes on. */
  complete: boolean;
}

/**
 * Reads at most `maxBytes` bytes of a data file's content from its start, or reports why it
 * cannot with the loader's diagnostics (NN4501 missing, NN4502 a directory, NN4503 unreadable,
 * NN4613 bad gzip). `readDataHead` in `read-head-node.js` is the Node one.
 */
export type DataHeadReader = (path: string, maxBytes: number) => Promise<StageResult<DataHead | undefined>>;

/** How much of a CSV file is read by default: the header and the first rows. */
export const CSV_HEAD_BYTES = 64 * 1024;

/** How much of a CSV file is read at most when its header row is longer than {@link CSV_HEAD_BYTES}. */
export const CSV_MAX_HEADER_BYTES = 4 * 1024 * 1024;

/** Options of {@link probeData}. */
export interface ProbeDataOptions {
  readHead: DataHeadReader;
  /** Resolves a path written in the spec to the path to read (against the spec's folder). */
  resolvePath: (path: string) => string;
  /** The spec's text, to place diagnostics about a data block or a model's input. */
  specText: string;
  /** Bytes of a CSV file to read at most (default {@link CSV_HEAD_BYTES}). */
  csvHeadBytes?: number;
  /** Whether a source may read its paths (the data root); its diagnostics stop it before any read. Default: all may. */
  checkPaths?: DataPathCheck;
}

/** What {@link probeData} found. */
export interface DataProbe {
  /** In the order found: data files first to last, each train declaration's data, then its test data. */
  diagnostics: Diagnostic[];
  /**
   * For each diagnostic that points into a data file (`file` set): the name of the data block
   * in the spec that reads the file, where an editor shows it.
   */
  anchors: Map<Diagnostic, Range>;
  /** The text read of each CSV file, by resolved path: enough to show the lines the diagnostics point into. */
  texts: Map<string, string>;
  /** The feature shape of each data block whose files were read without error, by the block's name (as the files give it, before any reshape). */
  featureShapes: Map<string, number[]>;
}

/** The codes a CSV head cut short cannot decide: they depend on how the file ends. */
const DECIDED_BY_THE_END: ReadonlySet<string> = new Set([DATA_CODE.unterminatedQuote, DATA_CODE.noExamples]);

/**
 * Reads the heads of the data files each `train` declaration would load (its data and its
 * separate `test:` data) and reports what training would: the file's own problems, and a
 * feature shape that cannot become the model's input (NN4804, at the model's `input`; a shape
 * with as many values is reshaped, as training does). Synthetic and built-in sources need no
 * reading: the checker knows their shapes. Models the checker could not finish are skipped.
 */
export async function probeData(program: CheckedProgram, options: ProbeDataOptions): Promise<DataProbe> {
  const probe: DataProbe = { diagnostics: [], anchors: new Map(), texts: new Map(), featureShapes: new Map() };
  const seen = new Set<string>();
  const add = (diagnostic: Diagnostic, dataName: string): void => {
    const key = JSON.stringify([diagnostic.code, diagnostic.file, diagnostic.range.start.offset, diagnostic.message]);
    if (seen.has(key)) return;
    seen.add(key);
    probe.diagnostics.push(diagnostic);
    const anchor = program.data.find((data) => data.name === dataName)?.nameRange;
    if (diagnostic.file !== undefined && anchor !== undefined) probe.anchors.set(diagnostic, anchor);
  };
  const shapes = new Map<string, Promise<StageResult<number[] | undefined>>>();
  const shapeOf = (data: IrData): Promise<StageResult<number[] | undefined>> => {
    const key = JSON.stringify([data.source, data.task]);
    let found = shapes.get(key);
    if (found === undefined) shapes.set(key, (found = probeSource(data, options, probe.texts)));
    return found;
  };

  for (const document of lower(program).value) {
    const training = document.training;
    if (training === null) continue;
    const main = training.data;
    const sources = typeof main.split.test === 'object' ? [main, main.split.test] : [main];
    for (const data of sources) {
      const probed = await shapeOf(data);
      for (const diagnostic of probed.diagnostics) add(diagnostic, data.name);
      if (probed.value !== undefined) probe.featureShapes.set(data.name, probed.value);
      const declared = main.featureShape;
      if (probed.value === undefined || declared === null || featureSize(declared) === featureSize(probed.value)) continue;
      const what = dataBlockName(data === main ? 'data' : 'test data', data.name, sourceFileOf(data, options.resolvePath));
      add(shapeMismatch(program, document.model.name, data, what, probed.value, declared, options.specText), data.name);
    }
  }
  return probe;
}

/**
 * Where the whole lines of a CSV head end: all of it when it is the whole file, else just after
 * its last line break (`\n`, or `\r` as old files end lines), 0 when it holds none. The rows
 * before it are whole, but for a quoted cell spanning that break, which {@link DECIDED_BY_THE_END} forgives.
 */
function wholeLinesEnd(head: DataHead): number {
  if (head.complete) return head.bytes.length;
  return Math.max(head.bytes.lastIndexOf(0x0a), head.bytes.lastIndexOf(0x0d)) + 1;
}

/** One source's feature shape as its files' heads tell it, with the loader's diagnostics. */
async function probeSource(data: IrData, options: ProbeDataOptions, texts: Map<string, string>): Promise<StageResult<number[] | undefined>> {
  const { type, params } = data.source;
  if (type === 'csv' && typeof params.path === 'string' && typeof params.label === 'string') {
    const file = options.resolvePath(params.path);
    const refused = options.checkPaths?.(data, [{ param: 'path', written: params.path, file }]) ?? [];
    if (refused.length > 0) return { value: undefined, diagnostics: refused };
    const limit = options.csvHeadBytes ?? CSV_HEAD_BYTES;
    let head = await options.readHead(file, limit);
    // A header row longer than the head (thousands of columns) gets one larger read.
    if (head.value !== undefined && wholeLinesEnd(head.value) === 0 && limit < CSV_MAX_HEADER_BYTES) head = await options.readHead(file, CSV_MAX_HEADER_BYTES);
    if (head.value === undefined) return { value: undefined, diagnostics: atSpecPath(head.diagnostics, specParamRange(data, options.specText, 'path')) };
    const end = wholeLinesEnd(head.value);
    if (end === 0) {
      const message = `the header row of \`${file}\` is longer than ${head.value.bytes.length} bytes, so \`check --data\` did not read its columns`;
      return {
        value: undefined,
        diagnostics: [
          fileDiagnostic(DATA_CODE.headerNotRead, file, FILE_START, message, {
            severity: 'info',
            help: '`nnspec train` reads the whole file and checks it there',
          }),
        ],
      };
    }
    const text = new TextDecoder('utf-8').decode(head.value.bytes.subarray(0, end));
    const labelRange = specLabelRange(data, options.specText);
    const pathRange = specParamRange(data, options.specText, 'path');
    const parsed = parseCsvDataset(text, {
      file,
      label: params.label,
      task: data.task,
      ...(labelRange !== undefined ? { labelRange } : {}),
      ...(pathRange !== undefined ? { pathRange } : {}),
    });
    // The text shows the lines diagnostics point into: never that of a file that is not CSV (NN4635).
    if (!parsed.diagnostics.some((diagnostic) => diagnostic.code === DATA_CODE.notCsv)) texts.set(file, text);
    const diagnostics = head.value.complete ? parsed.diagnostics : parsed.diagnostics.filter((diagnostic) => !DECIDED_BY_THE_END.has(diagnostic.code));
    return { value: parsed.value?.featureShape, diagnostics };
  }
  if (type === 'idx' && typeof params.images === 'string' && typeof params.labels === 'string') {
    const files = { images: options.resolvePath(params.images), labels: options.resolvePath(params.labels) };
    const refused =
      options.checkPaths?.(data, [
        { param: 'images', written: params.images, file: files.images },
        { param: 'labels', written: params.labels, file: files.labels },
      ]) ?? [];
    if (refused.length > 0) return { value: undefined, diagnostics: refused };
    const heads = await Promise.all([options.readHead(files.images, IDX_MAX_HEADER_BYTES), options.readHead(files.labels, IDX_MAX_HEADER_BYTES)]);
    const diagnostics = heads.flatMap((head, index) => atSpecPath(head.diagnostics, specParamRange(data, options.specText, index === 0 ? 'images' : 'labels')));
    const [imageHead, labelHead] = heads.map((head) => head.value);
    if (imageHead === undefined || labelHead === undefined) return { value: undefined, diagnostics };
    // A file no longer than a header is read whole: then its size is checked too (NN4611).
    const dims = (head: DataHead, file: string, param: string): StageResult<{ dims: number[] } | undefined> => {
      const at = specParamRange(data, options.specText, param);
      return head.complete ? parseIdx(head.bytes, file, at) : parseIdxHeader(head.bytes, file, at);
    };
    const images = dims(imageHead, files.images, 'images');
    const labels = dims(labelHead, files.labels, 'labels');
    diagnostics.push(...images.diagnostics, ...labels.diagnostics);
    if (images.value === undefined || labels.value === undefined) return { value: undefined, diagnostics };
    const examples = idxExamples(images.value.dims, labels.value.dims, files);
    return { value: examples.value?.featureShape, diagnostics: [...diagnostics, ...examples.diagnostics] };
  }
  return { value: undefined, diagnostics: [] };
}

/** NN4804 at the model's `input`: the data's examples cannot be reshaped to it (another number of values). `what` names the block and its file. */
function shapeMismatch(
  program: CheckedProgram,
  modelName: string,
  data: IrData,
  what: string,
  shape: number[],
  declared: number[],
  specText: string,
): Diagnostic {
  const message = `${what} has examples of shape [${shape.join(', ')}] (${featureSize(shape)} values), but model \`${modelName}\`'s input is [${declared.join(', ')}] (${featureSize(declared)} values)`;
  const help = `give the model \`input(shape: [${shape.join(', ')}])\`, or another shape of ${featureSize(shape)} values`;
  const model = program.models.find((candidate) => candidate.name === modelName);
  const input = model?.layers.find((layer) => layer.type === 'input');
  const checkedData = program.data.find((candidate) => candidate.name === data.name);
  if (input === undefined || checkedData === undefined) return specDiagnostic(DATA_CODE.declaredShapeMismatch, { data, specText }, message, { help });
  return {
    code: DATA_CODE.declaredShapeMismatch,
    severity: 'error',
    message,
    range: input.range,
    label: `expects [${declared.join(', ')}]`,
    labels: [{ range: checkedData.nameRange, message: `${what} has examples of shape [${shape.join(', ')}]` }],
    help,
  };
}
