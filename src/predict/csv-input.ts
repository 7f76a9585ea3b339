/**
 * A CSV file as the input of `predict` and `evaluate`. A model with named features takes its
 * columns BY NAME (any order; the label column and other columns are ignored with a note); a
 * model with positional features takes every column but the label, in order. Cells are checked
 * before anything is encoded, so each bad one is an error at its line and column; the encoding and
 * normalisation are then the training run's own (`encodeRows` of the bundle's preprocessing
 * record). Browser-safe (the text comes from the caller).
 */
import type { Diagnostic, StageResult } from '../diagnostics/diagnostic.js';
import { hasErrors } from '../diagnostics/diagnostic.js';
import { PREDICT_CODE } from '../diagnostics/codes/predict-codes.js';
import type { BundleJson } from '../bundle/bundle-schema.js';
import { suggest } from '../catalogue/catalogue.js';
import { parseDecimal } from '../train/data/class-labels.js';
import { unterminatedQuote } from '../train/data/csv-dataset.js';
import { tokenizeCsv, type CsvCell, type CsvRecord } from '../train/data/csv-tokenize.js';
import { cellRange, listSome, spanAt } from '../train/data/data-diagnostic.js';
import { featureSize } from '../train/data/dataset.js';
import { encodeRows, type ColumnEncoding } from '../train/data/preprocessing.js';
import { countNoun } from '../util/count-noun.js';
import {
  DEFAULT_INPUT_NAME,
  classIndexOf,
  classesHelp,
  inputDiagnostic,
  labelName,
  normalizePositional,
  type InputOptions,
  type ModelInput,
} from './model-input.js';

/** Parses CSV text into model-ready examples for the bundle's model, or reports why it cannot. */
export function parseCsvInput(text: string, json: BundleJson, options: InputOptions = {}): StageResult<ModelInput | undefined> {
  const file = options.file ?? DEFAULT_INPUT_NAME;
  const records = tokenizeCsv(text);
  const diagnostics: Diagnostic[] = [];
  const first = records[0];
  if (first === undefined) {
    return {
      value: undefined,
      diagnostics: [
        inputDiagnostic(PREDICT_CODE.emptyInput, file, spanAt(0, 1, 1, 0), `\`${file}\` is empty`, {
          help: 'a CSV input needs a header row naming the columns, then one row per example',
        }),
      ],
    };
  }
  // A quote left open swallowed the rest of the file into one cell: that alone is reported.
  const open = records.at(-1)?.cells.find((cell) => cell.unterminated);
  if (open !== undefined) {
    diagnostics.push(unterminatedQuote(file, open));
    return { value: undefined, diagnostics };
  }
  const reader = new CsvReader(file, json, records, options, diagnostics);
  const value = json.preprocessing.columns !== null ? reader.named(json.preprocessing.columns) : reader.positional();
  return { value: hasErrors(diagnostics) ? undefined : value, diagnostics };
}

/** The state of one parse: the header, the rows, where errors go. */
class CsvReader {
  private readonly header: CsvCell[];
  private readonly names: string[];
  private readonly rows: CsvRecord[];
  private readonly labelIndex: number;
  private readonly maxErrors: number;
  private readonly wantLabels: boolean;

  constructor(
    private readonly file: string,
    private readonly json: BundleJson,
    records: CsvRecord[],
    options: InputOptions,
    private readonly diagnostics: Diagnostic[],
  ) {
    this.header = records[0]!.cells;
    this.names = this.header.map((cell) => cell.text);
    this.rows = records.slice(1);
    this.labelIndex = json.input.label === null ? -1 : this.names.indexOf(json.input.label);
    this.maxErrors = options.maxErrors ?? 20;
    this.wantLabels = options.labels === 'require';
  }

  private full(): boolean {
    return this.diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length >= this.maxErrors;
  }

  /** The whole header row, where errors about the columns point. */
  private headerRange() {
    const firstCell = this.header[0]!;
    const last = this.header[this.header.length - 1]!;
    return spanAt(firstCell.offset, firstCell.line, firstCell.column, last.offset + last.length - firstCell.offset);
  }

  /** A model with named features: match the columns by name, check every cell, then encode. */
  named(encodings: readonly ColumnEncoding[]): ModelInput | undefined {
    const { file, names } = this;
    const index = new Map<string, number>();
    names.forEach((name, at) => {
      if (!index.has(name)) index.set(name, at);
    });
    const wanted = new Set(encodings.map((encoding) => encoding.name));
    for (const encoding of encodings) {
      if (index.has(encoding.name)) continue;
      const close = suggest(encoding.name, names);
      this.diagnostics.push(
        inputDiagnostic(
          PREDICT_CODE.missingColumn,
          file,
          this.headerRange(),
          `column \`${encoding.name}\` of the model is not in the header of \`${file}\` (line ${this.header[0]!.line})`,
          {
            label: close !== undefined ? `no \`${encoding.name}\` here; did you mean \`${close}\`?` : `no \`${encoding.name}\` here`,
            help: `the model reads the columns ${listSome(encodings.map((e) => e.name))}, by name, in any order`,
          },
        ),
      );
    }
    this.noteIgnored((name) => wanted.has(name));
    this.checkLabelColumn();
    if (hasErrors(this.diagnostics)) return undefined;

    const unseen = new Map<string, { count: number; first: CsvCell }>();
    const rows: Record<string, string>[] = [];
    const labels: number[] = [];
    for (const record of this.rows) {
      if (this.full()) break;
      if (!this.checkWidth(record)) continue;
      const row: Record<string, string> = {};
      for (const encoding of encodings) {
        const cell = record.cells[index.get(encoding.name)!]!;
        row[encoding.name] = cell.text;
        const problem = cellProblem(encoding, cell.text);
        if (problem === 'unseen') {
          const seen = unseen.get(encoding.name);
          if (seen === undefined) unseen.set(encoding.name, { count: 1, first: cell });
          else seen.count += 1;
        } else if (problem !== undefined) this.badCell(cell, encoding.name, problem);
      }
      rows.push(row);
      if (this.wantLabels) labels.push(this.label(record));
    }
    for (const [column, { count, first }] of unseen) {
      const categories = (encodings.find((encoding) => encoding.name === column) as Extract<ColumnEncoding, { kind: 'one-hot' }>).categories;
      this.diagnostics.push(
        inputDiagnostic(
          PREDICT_CODE.unseenCategory,
          file,
          cellRange(first),
          `${countNoun(count, 'row')} of column \`${column}\` in \`${file}\` hold${count === 1 ? 's' : ''} a category the training split never had, first \`${first.text}\` (line ${first.line}, column ${first.column}); encoded as all zeros`,
          { severity: 'warning', label: 'unseen category', help: `the categories seen in training are ${listSome(categories, 8)}` },
        ),
      );
    }
    if (hasErrors(this.diagnostics) || !this.hasRows(rows.length)) return undefined;
    return {
      features: encodeRows(this.json.preprocessing, rows),
      count: rows.length,
      shape: [...this.json.input.shape],
      labels: this.wantLabels ? Float32Array.from(labels) : null,
    };
  }

  /** A model with positional features: every column but the label, in order, all numbers. */
  positional(): ModelInput | undefined {
    const { file } = this;
    const size = featureSize(this.json.input.shape);
    const columns = this.names.map((_, at) => at).filter((at) => at !== this.labelIndex);
    this.checkLabelColumn();
    if (columns.length !== size) {
      this.diagnostics.push(
        inputDiagnostic(
          PREDICT_CODE.wrongFeatureCount,
          file,
          this.headerRange(),
          `\`${file}\` has ${countNoun(columns.length, 'feature column')}, but the model takes ${countNoun(size, 'value')} an example (shape [${this.json.input.shape.join(', ')}])`,
          {
            label: `${columns.length} columns`,
            help: `give one column per value, in the order of training${this.json.input.label !== null ? ` (a \`${this.json.input.label}\` column is the label and not counted)` : ''}`,
          },
        ),
      );
    }
    if (this.labelIndex >= 0 && !this.wantLabels) {
      const cell = this.header[this.labelIndex]!;
      this.diagnostics.push(ignoredNote(file, cell, [cell.text], true));
    }
    if (hasErrors(this.diagnostics)) return undefined;
    const values = new Float32Array(this.rows.length * size);
    const labels: number[] = [];
    let count = 0;
    for (const record of this.rows) {
      if (this.full()) break;
      if (!this.checkWidth(record)) continue;
      columns.forEach((at, j) => {
        const cell = record.cells[at]!;
        const value = parseDecimal(cell.text);
        if (value === undefined) this.badCell(cell, this.names[at]!, cell.text === '' ? 'empty' : 'not a number');
        else values[count * size + j] = value;
      });
      if (this.wantLabels) labels.push(this.label(record));
      count += 1;
    }
    if (hasErrors(this.diagnostics) || !this.hasRows(count)) return undefined;
    return {
      features: normalizePositional(this.json, values.subarray(0, count * size), count),
      count,
      shape: [...this.json.input.shape],
      labels: this.wantLabels ? Float32Array.from(labels) : null,
    };
  }

  /** NN5102 for the columns the model does not read (the label too, unless it is evaluated). */
  private noteIgnored(isFeature: (name: string) => boolean): void {
    const ignored = this.header.filter((cell, at) => !isFeature(cell.text) && !(this.wantLabels && at === this.labelIndex));
    if (ignored.length === 0) return;
    this.diagnostics.push(
      ignoredNote(
        this.file,
        ignored[0]!,
        ignored.map((cell) => cell.text),
        ignored.some((cell) => cell.text === this.json.input.label),
      ),
    );
  }

  /** NN5109 when labels are wanted and there is no label column. */
  private checkLabelColumn(): void {
    if (!this.wantLabels || this.labelIndex >= 0) return;
    const label = this.json.input.label;
    this.diagnostics.push(
      inputDiagnostic(
        PREDICT_CODE.missingLabels,
        this.file,
        this.headerRange(),
        label === null
          ? `the model's training data had no named label column, so \`${this.file}\` cannot give labels by name`
          : `\`${this.file}\` has no label column \`${label}\`, which evaluation needs`,
        {
          label: 'no label column',
          help:
            label === null
              ? "evaluate with the run's own data: `nnspec evaluate DIR --split test`"
              : `add the column \`${label}\` with each example's true label`,
        },
      ),
    );
  }

  /** False (after NN5104) when a row has not as many cells as the header. */
  private checkWidth(record: CsvRecord): boolean {
    const width = this.names.length;
    if (record.cells.length === width) return true;
    const extra = record.cells[width];
    const range = extra !== undefined ? cellRange(extra) : spanAt(record.endOffset, record.endLine, record.endColumn, 0);
    const at = extra ?? { line: record.endLine, column: record.endColumn };
    this.diagnostics.push(
      inputDiagnostic(
        PREDICT_CODE.raggedRow,
        this.file,
        range,
        `row at line ${record.line} of \`${this.file}\` has ${countNoun(record.cells.length, 'cell')} but the header has ${width} columns (line ${at.line}, column ${at.column})`,
        {
          label: extra !== undefined ? 'first extra cell' : 'row ends here',
          help: extra !== undefined ? 'remove the extra cells, or quote a value that contains a comma' : 'add the missing cells',
        },
      ),
    );
    return false;
  }

  private badCell(cell: CsvCell, column: string, problem: string): void {
    const what =
      problem === 'empty'
        ? `empty cell in column \`${column}\` of \`${this.file}\``
        : `\`${cell.text}\` in column \`${column}\` of \`${this.file}\` is ${problem}`;
    this.diagnostics.push(
      inputDiagnostic(PREDICT_CODE.badCell, this.file, cellRange(cell), `${what} (line ${cell.line}, column ${cell.column})`, {
        label: problem,
        help:
          problem === 'empty'
            ? 'fill in the value: the model was trained without `impute`, so it has no fill value for a missing one'
            : `column \`${column}\` holds numbers: write the value as a decimal number (\`3.5\`, \`-2e-3\`)`,
      }),
    );
  }

  /** The row's label as the model's target (NaN after reporting a bad one). */
  private label(record: CsvRecord): number {
    const cell = record.cells[this.labelIndex]!;
    return labelValue(this.json, cell, this.file, this.diagnostics);
  }

  private hasRows(count: number): boolean {
    if (count > 0) return true;
    const last = this.header[this.header.length - 1]!;
    this.diagnostics.push(
      inputDiagnostic(
        PREDICT_CODE.emptyInput,
        this.file,
        spanAt(last.offset + last.length, last.line, last.column + last.length, 0),
        `\`${this.file}\` has a header but no rows`,
        {
          help: 'add one row per example',
        },
      ),
    );
    return false;
  }
}

/** What is wrong with a cell for its column's encoding, or `unseen` for a category not in training (all zeros). */
function cellProblem(encoding: ColumnEncoding, text: string): string | undefined {
  if (text === '') return encoding.fill === null ? 'empty' : undefined;
  if (encoding.kind === 'numeric') return parseDecimal(text) === undefined ? 'not a number' : undefined;
  return encoding.categories.includes(text) ? undefined : 'unseen';
}

/** NN5102: columns the model does not read. */
function ignoredNote(file: string, first: CsvCell, names: readonly string[], hasLabel: boolean): ReturnType<typeof inputDiagnostic> {
  return inputDiagnostic(
    PREDICT_CODE.ignoredColumn,
    file,
    cellRange(first),
    `${names.length === 1 ? 'column' : 'columns'} ${listSome(names)} of \`${file}\` ${names.length === 1 ? 'is' : 'are'} not read by the model: ignored`,
    {
      severity: 'info',
      label: 'ignored',
      help: hasLabel ? 'the label column is not an input of the model (`nnspec evaluate` reads it)' : 'only the feature columns of the training data are read',
    },
  );
}

/**
 * A label cell as the model's target: a class index (NN5108 for a name that is no class), or a
 * regression value (NN5103 for text); NaN after reporting. An empty label is NN5109.
 */
export function labelValue(json: BundleJson, cell: CsvCell, file: string, diagnostics: Diagnostic[]): number {
  const at = `(line ${cell.line}, column ${cell.column})`;
  if (cell.text === '') {
    diagnostics.push(
      inputDiagnostic(PREDICT_CODE.missingLabels, file, cellRange(cell), `empty label in column \`${labelName(json)}\` of \`${file}\` ${at}`, {
        label: 'no label',
        help: 'every example evaluated needs its true label; remove the row or fill it in',
      }),
    );
    return NaN;
  }
  if (json.classNames !== null) {
    const index = classIndexOf(json.classNames, cell.text);
    if (index !== undefined) return index;
    const close = suggest(cell.text, json.classNames);
    diagnostics.push(
      inputDiagnostic(PREDICT_CODE.unknownClass, file, cellRange(cell), `label \`${cell.text}\` in \`${file}\` is not a class of the model ${at}`, {
        label: close !== undefined ? `did you mean \`${close}\`?` : 'unknown class',
        help: classesHelp(json.classNames),
      }),
    );
    return NaN;
  }
  const value = parseDecimal(cell.text);
  if (value !== undefined) return value;
  diagnostics.push(
    inputDiagnostic(PREDICT_CODE.badCell, file, cellRange(cell), `label \`${cell.text}\` in \`${file}\` is not a number, but the model is a regression ${at}`, {
      label: 'not a number',
      help: 'write the target value as a decimal number',
    }),
  );
  return NaN;
}
