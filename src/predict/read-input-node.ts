/**
 * Reading the input of `nnspec predict` and `nnspec evaluate` from files (or standard input's
 * text) and parsing it by kind: IDX when the bytes start as IDX files do (gzip allowed), JSON
 * lines for `.jsonl`/`.ndjson` files and text whose first value starts with `{` or `[`, CSV
 * otherwise. Node-only.
 */
import type { StageResult } from '../diagnostics/diagnostic.js';
import type { BundleJson } from '../bundle/bundle-schema.js';
import { readDataFile } from '../train/data/read-file-node.js';
import { PREDICT_CODE } from '../diagnostics/codes/predict-codes.js';
import { FILE_START } from '../train/data/data-diagnostic.js';
import { parseCsvInput } from './csv-input.js';
import { parseJsonLinesInput } from './jsonl-input.js';
import { parseIdxInput } from './idx-input.js';
import { inputDiagnostic, type InputOptions, type ModelInput } from './model-input.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** `bytes` as UTF-8 text, or undefined when they are not. */
function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** Options of {@link readModelInput}. */
export interface ReadInputOptions {
  labels?: InputOptions['labels'];
  /** An IDX labels file (for `evaluate` of IDX images), read as given. */
  labelsFile?: string;
  /** How messages name the input (`Diagnostic.file`); default: the path read. */
  displayName?: string;
}

/** Whether text is JSON lines rather than CSV: by the file's extension, else by its first character. */
export function looksLikeJsonLines(path: string, text: string): boolean {
  if (/\.(jsonl|ndjson)$/i.test(path)) return true;
  if (/\.csv$/i.test(path)) return false;
  const first = text.replace(/^\uFEFF/, '').trimStart()[0];
  return first === '{' || first === '[';
}

/** Parses text from standard input (JSON lines or CSV, by the first character) as `<stdin>`. */
export function parseTextInput(text: string, json: BundleJson, name: string, options: ReadInputOptions = {}): StageResult<ModelInput | undefined> {
  const inputOptions: InputOptions = { file: name, labels: options.labels ?? 'ignore' };
  return looksLikeJsonLines(name, text) ? parseJsonLinesInput(text, json, inputOptions) : parseCsvInput(text, json, inputOptions);
}

/** Reads `path` (resolved by the caller) and parses it for the bundle's model. */
export async function readModelInput(path: string, json: BundleJson, options: ReadInputOptions = {}): Promise<StageResult<ModelInput | undefined>> {
  const name = options.displayName ?? path;
  const read = await readDataFile(path);
  if (read.value === undefined) return { value: undefined, diagnostics: read.diagnostics };
  const bytes = read.value;
  if (bytes.length >= 4 && bytes[0] === 0 && bytes[1] === 0) {
    let labels: { bytes: Uint8Array; file: string } | undefined;
    if (options.labelsFile !== undefined) {
      const labelBytes = await readDataFile(options.labelsFile);
      if (labelBytes.value === undefined) return { value: undefined, diagnostics: labelBytes.diagnostics };
      labels = { bytes: labelBytes.value, file: options.labelsFile };
    } else if (options.labels === 'require') {
      return {
        value: undefined,
        diagnostics: [
          inputDiagnostic(PREDICT_CODE.missingLabels, name, FILE_START, `\`${name}\` holds IDX images, whose labels are in a file of their own`, {
            help: 'give the labels file with `--labels FILE`',
          }),
        ],
      };
    }
    return parseIdxInput(bytes, json, { file: name, ...(labels !== undefined ? { labels } : {}) });
  }
  const text = decodeUtf8(bytes);
  if (text === undefined) {
    return {
      value: undefined,
      diagnostics: [
        inputDiagnostic(PREDICT_CODE.wrongInputKind, name, FILE_START, `\`${name}\` is neither IDX images nor UTF-8 text (CSV or JSON lines)`, {
          help: 'give a CSV file, a .jsonl file, or IDX images (gzip allowed)',
        }),
      ],
    };
  }
  return parseTextInput(text, json, name, options);
}
