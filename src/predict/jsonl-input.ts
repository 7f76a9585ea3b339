/**
 * JSON lines as the input of `predict` and `evaluate` (a `.jsonl` file, or standard input given
 * as `-`): one JSON value a line, blank lines skipped. A model with named features takes objects
 * `{"column": value}` (numbers or text; `null` or a missing optional key is a missing value, filled
 * as in training when the model has a fill); a model with positional features takes arrays of
 * numbers. Errors point at the line and, where a key is at fault, at the key. Browser-safe.
 */
import type { Diagnostic, Range, StageResult } from '../diagnostics/diagnostic.js';
import { hasErrors } from '../diagnostics/diagnostic.js';
import { PREDICT_CODE } from '../diagnostics/codes/predict-codes.js';
import type { BundleJson } from '../bundle/bundle-schema.js';
import { listSome, spanAt } from '../train/data/data-diagnostic.js';
import { featureSize } from '../train/data/dataset.js';
import { encodeRows } from '../train/data/preprocessing.js';
import { parseDecimal } from '../train/data/class-labels.js';
import { countNoun } from '../util/count-noun.js';
import type { CsvCell } from '../train/data/csv-tokenize.js';
import { labelValue } from './csv-input.js';
import { DEFAULT_INPUT_NAME, inputDiagnostic, normalizePositional, type InputOptions, type ModelInput } from './model-input.js';

/** One non-blank line: its text and where it starts. */
interface Line {
  text: string;
  offset: number;
  line: number;
}

function linesOf(text: string): Line[] {
  const lines: Line[] = [];
  let offset = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let number = 1;
  while (offset <= text.length) {
    let end = text.indexOf('\n', offset);
    if (end < 0) end = text.length;
    const raw = text.slice(offset, end).replace(/\r$/, '');
    if (raw.trim() !== '') lines.push({ text: raw, offset, line: number });
    offset = end + 1;
    number += 1;
  }
  return lines;
}

/** The range of `line`'s text, or of a key's name in it when the key is given and found. */
function placeOf(line: Line, key?: string): Range {
  if (key !== undefined) {
    const at = line.text.indexOf(JSON.stringify(key));
    if (at >= 0) return spanAt(line.offset + at, line.line, at + 1, JSON.stringify(key).length);
  }
  const start = line.text.length - line.text.trimStart().length;
  return spanAt(line.offset + start, line.line, start + 1, line.text.trim().length);
}

/** A JSON value as a cell's text: numbers and strings as written, `null` as missing (empty). */
function cellText(value: unknown): string | undefined {
  if (value === null) return '';
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string') return value;
  return undefined;
}

/** Parses JSON-lines text into model-ready examples for the bundle's model, or reports why it cannot. */
export function parseJsonLinesInput(text: string, json: BundleJson, options: InputOptions = {}): StageResult<ModelInput | undefined> {
  const file = options.file ?? DEFAULT_INPUT_NAME;
  const maxErrors = options.maxErrors ?? 20;
  const wantLabels = options.labels === 'require';
  const diagnostics: Diagnostic[] = [];
  const errors = () => diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length;
  const lines = linesOf(text);
  const encodings = json.preprocessing.columns;
  const size = featureSize(json.input.shape);
  const named = encodings !== null;
  const label = json.input.label;
  const rows: Record<string, string>[] = [];
  const values = named ? new Float32Array(0) : new Float32Array(lines.length * size);
  const labels: number[] = [];
  const extra = new Map<string, Line>();
  const fail = (line: Line, code: (typeof PREDICT_CODE)[keyof typeof PREDICT_CODE], message: string, help: string, key?: string, label = 'here') =>
    diagnostics.push(inputDiagnostic(code, file, placeOf(line, key), `${message} (line ${line.line} of \`${file}\`)`, { label, help }));

  for (const line of lines) {
    if (errors() >= maxErrors) break;
    let value: unknown;
    try {
      value = JSON.parse(line.text);
    } catch (error) {
      fail(
        line,
        PREDICT_CODE.badJsonLine,
        `line ${line.line} is not valid JSON: ${(error as Error).message}`,
        'write one JSON value per line',
        undefined,
        'not JSON',
      );
      continue;
    }
    if (named) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        fail(
          line,
          PREDICT_CODE.badJsonLine,
          'expected an object of column values',
          `this model reads the columns ${listSome(encodings.map((e) => e.name))} by name: write \`{"${encodings[0]?.name ?? 'column'}": ...}\``,
        );
        continue;
      }
      const object = value as Record<string, unknown>;
      const row: Record<string, string> = {};
      let ok = true;
      for (const encoding of encodings) {
        if (!Object.hasOwn(object, encoding.name)) {
          if (encoding.fill !== null) continue;
          fail(
            line,
            PREDICT_CODE.missingColumn,
            `column \`${encoding.name}\` of the model is missing`,
            `every line needs the keys ${listSome(encodings.map((e) => e.name))}`,
          );
          ok = false;
          continue;
        }
        const cell = cellText(object[encoding.name]);
        const problem =
          cell === undefined
            ? 'neither a number nor text'
            : cell === ''
              ? encoding.fill === null
                ? 'missing (null), and the model has no fill value'
                : undefined
              : encoding.kind === 'numeric' && parseDecimal(cell) === undefined
                ? 'not a number'
                : undefined;
        if (problem !== undefined) {
          fail(
            line,
            PREDICT_CODE.badCell,
            `the value of \`${encoding.name}\` is ${problem}`,
            encoding.kind === 'numeric' ? 'give a number' : 'give the category as text',
            encoding.name,
            problem,
          );
          ok = false;
          continue;
        }
        row[encoding.name] = cell!;
      }
      for (const key of Object.keys(object)) {
        if (!encodings.some((encoding) => encoding.name === key) && !(wantLabels && key === label) && !extra.has(key)) extra.set(key, line);
      }
      if (wantLabels) labels.push(lineLabel(json, object, line, file, diagnostics));
      if (ok) rows.push(row);
      continue;
    }
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'number' && Number.isFinite(item))) {
      fail(line, PREDICT_CODE.badJsonLine, 'expected an array of numbers', `this model takes ${countNoun(size, 'value')} an example, as an array \`[...]\``);
      continue;
    }
    if (value.length !== size) {
      fail(
        line,
        PREDICT_CODE.wrongFeatureCount,
        `the array has ${countNoun(value.length, 'value')}, the model takes ${size} (shape [${json.input.shape.join(', ')}])`,
        'give one number per input value, row-major',
      );
      continue;
    }
    if (wantLabels) {
      fail(line, PREDICT_CODE.missingLabels, 'an array has no label', 'label positional examples with IDX labels, or evaluate with `--split`');
      continue;
    }
    values.set(value as number[], rows.length * size);
    rows.push({});
  }
  if (extra.size > 0) {
    const [firstKey, firstLine] = [...extra.entries()][0]!;
    const names = [...extra.keys()];
    diagnostics.push(
      inputDiagnostic(
        PREDICT_CODE.ignoredColumn,
        file,
        placeOf(firstLine, firstKey),
        `${names.length === 1 ? 'key' : 'keys'} ${listSome(names)} of \`${file}\` ${names.length === 1 ? 'is' : 'are'} not read by the model: ignored`,
        {
          severity: 'info',
          label: 'ignored',
          help:
            label !== null && names.includes(label)
              ? 'the label is not an input of the model (`nnspec evaluate` reads it)'
              : 'only the feature columns of the training data are read',
        },
      ),
    );
  }
  if (!hasErrors(diagnostics) && rows.length === 0) {
    diagnostics.push(
      inputDiagnostic(PREDICT_CODE.emptyInput, file, spanAt(0, 1, 1, 0), `\`${file}\` has no JSON lines`, {
        help: 'give one JSON value per example, one a line',
      }),
    );
  }
  if (hasErrors(diagnostics)) return { value: undefined, diagnostics };
  const count = rows.length;
  return {
    value: {
      features: named ? encodeRows(json.preprocessing, rows) : normalizePositional(json, values.subarray(0, count * size), count),
      count,
      shape: [...json.input.shape],
      labels: wantLabels ? Float32Array.from(labels) : null,
    },
    diagnostics,
  };
}

/** The label of an object line (NN5109 when its key is missing). */
function lineLabel(json: BundleJson, object: Record<string, unknown>, line: Line, file: string, diagnostics: Diagnostic[]): number {
  const key = json.input.label;
  const text = key === null || !Object.hasOwn(object, key) ? undefined : cellText(object[key]);
  const range = placeOf(line, key ?? undefined);
  if (text === undefined) {
    diagnostics.push(
      inputDiagnostic(PREDICT_CODE.missingLabels, file, range, `line ${line.line} of \`${file}\` has no label${key !== null ? ` \`${key}\`` : ''}`, {
        label: 'no label',
        help: key !== null ? `add \`"${key}": ...\` with the true label` : 'the training data had no named label column',
      }),
    );
    return NaN;
  }
  const cell: CsvCell = { text, offset: range.start.offset, line: range.start.line, column: range.start.column, length: range.end.offset - range.start.offset };
  return labelValue(json, cell, file, diagnostics);
}
