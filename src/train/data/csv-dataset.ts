/**
 * A CSV text to a {@link Dataset}: a header row, feature columns (numbers, or text to one-hot
 * encode), one label column.
 * Every problem is a diagnostic naming the file, line and column; on any error nothing is
 * returned. Browser-safe (the text comes from the caller).
 */
import type { Diagnostic, StageResult } from '../../diagnostics/diagnostic.js';
import { DATA_CODE } from '../../diagnostics/codes/data-codes.js';
import { encodeNumericClasses, encodeTextClasses } from './class-labels.js';
import { selectColumns, type ColumnOptions } from './csv-columns.js';
import { readRows } from './csv-rows.js';
import { CsvScanner, type CsvCell } from './csv-tokenize.js';
import { headerProblem } from './csv-header-rule.js';
import { closeMatches } from '../../catalogue/catalogue.js';
import type { Range } from '../../diagnostics/diagnostic.js';
import { SourceText } from '../../diagnostics/source-text.js';
import type { IrData } from '../../ir/schema.js';
import { FILE_START, cellRange, fileDiagnostic, listSome, spanAt } from './data-diagnostic.js';
import type { DataTask, Dataset, FeatureTable, TableColumn } from './dataset.js';

/** Options of {@link parseCsvDataset}. */
export interface CsvDatasetOptions {
  /** The file's path as shown to the user and set as `Diagnostic.file`. */
  file: string;
  /** The header name of the label column. */
  label: string;
  /**
   * The task the spec declares. `null` infers it: a label column of numbers is a regression,
   * any text label makes a classification. `classification` with numeric labels makes each
   * distinct number a class.
   */
  task: DataTask | null;
  /** Stop after this many errors (default 20): a broken file should not flood the terminal. */
  maxErrors?: number;
  /**
   * Where the spec names the label column (the `label:` value), so an unknown label (NN4602) is
   * shown there; without it, at the header's first cell.
   */
  labelRange?: Range;
  /**
   * Where the spec names the file (the `path:` value): a file that does not look like a CSV file
   * (NN4635) is reported there, without `file`, so that no renderer shows a line of it.
   */
  pathRange?: Range;
  /** Which columns are features, and whether empty feature cells are missing values (docs/data.md). */
  columns?: ColumnOptions;
}

/** Parses CSV text into a data set, or reports why it cannot. */
export function parseCsvDataset(text: string, options: CsvDatasetOptions): StageResult<Dataset | undefined> {
  const { file } = options;
  const maxErrors = options.maxErrors ?? 20;
  const diagnostics: Diagnostic[] = [];
  const scanner = new CsvScanner(text);
  // A quote left open swallowed the rest of the file: that alone is reported, whatever else was
  // found, so the rest of the file is scanned for one before any other error is returned.
  const fail = (): StageResult<Dataset | undefined> => {
    const open = scanner.openQuote();
    return { value: undefined, diagnostics: open !== undefined ? [unterminatedQuote(file, open)] : diagnostics };
  };

  if (!scanner.nextRecord()) {
    diagnostics.push(
      fileDiagnostic(DATA_CODE.emptyFile, file, FILE_START, `data file \`${file}\` is empty`, {
        help: 'a CSV source needs a header row naming the columns, then one row per example',
      }),
    );
    return { value: undefined, diagnostics };
  }
  const header: CsvCell[] = [];
  while (scanner.nextCell()) header.push(scanner.cell());
  const headerLine = scanner.recordLine;
  const headerEnd = spanAt(scanner.endOffset, scanner.endLine, scanner.endColumn, 0);

  // Nothing of the file is quoted (messages, help, code frames) before it looks like a CSV file.
  const problem = headerProblem(header, options.label);
  if (problem !== undefined) return { value: undefined, diagnostics: [notCsv(file, problem, options.pathRange)] };

  const names = header.map((cell) => cell.text);
  const seen = new Map<string, CsvCell>();
  for (const cell of header) {
    const first = seen.get(cell.text);
    if (first !== undefined) {
      diagnostics.push(
        fileDiagnostic(
          DATA_CODE.duplicateColumn,
          file,
          cellRange(cell),
          `column \`${cell.text}\` appears twice in the header of \`${file}\` (line ${cell.line}, column ${cell.column})`,
          {
            label: 'second column of this name',
            help: `the first is at column ${first.column}; rename one of them`,
          },
        ),
      );
    } else seen.set(cell.text, cell);
  }
  const labelIndex = names.indexOf(options.label);
  if (labelIndex < 0) diagnostics.push(unknownLabelColumn(options, names, headerLine, cellRange(header[0])));
  if (diagnostics.length > 0) return fail();

  if (!scanner.nextRecord()) {
    diagnostics.push(fileDiagnostic(DATA_CODE.noExamples, file, headerEnd, `data file \`${file}\` has a header but no data rows`));
    return { value: undefined, diagnostics };
  }
  const selected = selectColumns(names, options.label, file, options.columns, diagnostics);
  if (selected === undefined) return fail();

  const rows = readRows(scanner, { names, labelIndex, selected, allowMissing: options.columns?.allowMissing === true }, file, maxErrors, diagnostics);
  if (diagnostics.length > 0 || scanner.openQuote() !== undefined) return fail();
  const tableColumns: TableColumn[] = [];
  for (const collector of rows.columns) {
    if (diagnostics.length >= maxErrors) break;
    const column = collector.finish(file, diagnostics);
    if (column !== undefined) tableColumns.push(column);
  }
  if (diagnostics.length > 0) return fail();
  const { count } = rows;
  const table = tableFrom(file, options.label, tableColumns);
  const features = table.needsEncoding ? new Float32Array(0) : numericFeatures(tableColumns, count);

  // Labels: numbers or text, and the task that follows (see CsvDatasetOptions.task).
  const numericLabels = rows.labels.numbers.subarray(0, count);
  const firstText = rows.labels.firstText;
  // Kept for diagnostics about values (embedding indices) that name the column and the line; a
  // table still to encode (one-hot columns) has no name per feature value yet.
  const origin = { file, ...(table.needsEncoding ? {} : { featureNames: tableColumns.map((column) => column.name) }), rowSpans: rows.rowSpans };
  const base = { features, featureShape: [tableColumns.length], count, table, origin };
  if (options.task === 'regression' || (options.task === null && firstText === undefined)) {
    if (firstText !== undefined) {
      diagnostics.push(
        fileDiagnostic(
          DATA_CODE.taskMismatch,
          file,
          cellRange(firstText),
          `label \`${firstText.text}\` in \`${file}\` is not a number, but the spec trains a regression (line ${firstText.line}, column ${firstText.column})`,
          {
            label: 'text label',
            help: 'use a numeric label column for regression, or a classification loss for class labels',
          },
        ),
      );
      return { value: undefined, diagnostics };
    }
    return { value: { ...base, labels: Float32Array.from(numericLabels), task: 'regression', classNames: null }, diagnostics };
  }
  const encoded =
    firstText === undefined ? encodeNumericClasses(numericLabels) : encodeTextClasses(labelTexts(scanner, rows.labels.offsets.subarray(0, count)));
  return { value: { ...base, labels: encoded.labels, task: 'classification', classNames: encoded.classNames }, diagnostics };
}

/** The text of every label, read again from where each starts: class names, one string each (interned). */
function labelTexts(scanner: CsvScanner, offsets: Uint32Array): string[] {
  const interned = new Map<string, string>();
  return Array.from(offsets, (offset) => {
    const text = scanner.valueAt(offset);
    let kept = interned.get(text);
    if (kept === undefined) interned.set(text, (kept = text));
    return kept;
  });
}

/** NN4608: a quoted cell never closed (it ran to the end of the file). Also what `nnspec predict` reports for its CSV input. */
export function unterminatedQuote(file: string, open: CsvCell): Diagnostic {
  return fileDiagnostic(
    DATA_CODE.unterminatedQuote,
    file,
    spanAt(open.offset, open.line, open.column, 1),
    `the quoted cell at line ${open.line}, column ${open.column} of \`${file}\` is never closed`,
    {
      label: 'this quote has no closing `"`',
      help: 'close the quote (inside a quoted cell, write a quote as `""`); everything after it was read as one cell',
    },
  );
}

/** Most close matches a "did you mean" names for an unknown label column. */
const MAX_SUGGESTIONS = 3;

/**
 * NN4602: the close matches and a short list of the header's columns (a header may have
 * hundreds), placed under the spec's `label:` value when known, else at the header's first cell.
 */
function unknownLabelColumn(options: CsvDatasetOptions, names: readonly string[], headerLine: number, firstCell: Range): Diagnostic {
  const { file, label } = options;
  const close = closeMatches(label, names, MAX_SUGGESTIONS);
  const matches = close.map((name) => `\`${name}\``);
  const didYouMean =
    matches.length > 0 ? `did you mean ${matches.length === 1 ? matches[0] : `${matches.slice(0, -1).join(', ')} or ${matches[matches.length - 1]}`}? ` : '';
  const columns = names.length > 10 ? `the ${names.length} columns are` : 'the columns are';
  const message = `label column \`${label}\` is not in the header of \`${file}\` (line ${headerLine})`;
  const extras = { label: `not a column of \`${file}\``, help: `${didYouMean}${columns} ${listSome(names)}` };
  if (options.labelRange !== undefined) {
    const range = options.labelRange;
    const fixes = close.length > 0 ? [{ title: `use \`${close[0]}\``, edits: [{ range, newText: JSON.stringify(close[0]) }] }] : undefined;
    return { code: DATA_CODE.unknownLabelColumn, severity: 'error', message, range, ...extras, ...(fixes ? { fixes } : {}) };
  }
  return fileDiagnostic(DATA_CODE.unknownLabelColumn, file, firstCell, message, { ...extras, label: 'the header starts here' });
}

/**
 * NN4635 for a file that does not look like a CSV file: it says what is wrong without quoting the
 * file, and carries no `file` (a renderer would print the line a file range points into), at the
 * spec's `path:` value when known.
 */
export function notCsv(file: string, problem: string, at: Range | undefined): Diagnostic {
  return {
    code: DATA_CODE.notCsv,
    severity: 'error',
    message: `data file \`${file}\` does not look like a CSV file: ${problem}`,
    range: at ?? FILE_START,
    ...(at !== undefined ? { label: 'not a CSV file' } : {}),
    help: 'a CSV file starts with a header row of column names separated by commas; check the path (nothing of a file that is not CSV is shown)',
  };
}

/**
 * Where a source parameter's value (`label`, `path`, `images`, `labels`) is written in the spec,
 * so a diagnostic about it (NN4602, NN4635, NN4610) is reported there; undefined without the
 * spec's text or the IR's span. The loader and `check --data` both ask this, so both place them alike.
 */
export function specParamRange(data: IrData, specText: string | undefined, param: string): Range | undefined {
  const span = data.sourceParamSpans?.[param];
  return span !== undefined && specText !== undefined ? new SourceText(specText).rangeOf(span.start, span.end) : undefined;
}

/** {@link specParamRange} of the `label` value: where an unknown label column (NN4602) is reported. */
export function specLabelRange(data: IrData, specText: string | undefined): Range | undefined {
  return specParamRange(data, specText, 'label');
}

function tableFrom(file: string, label: string, columns: TableColumn[]): FeatureTable {
  return { file, label, columns, needsEncoding: columns.some((column) => column.kind === 'text' || column.missing > 0) };
}

/** Row-major features of numeric columns without missing values. */
function numericFeatures(columns: readonly TableColumn[], count: number): Float32Array {
  const width = columns.length;
  const features = new Float32Array(count * width);
  columns.forEach((column, j) => {
    const values = column.values as Float64Array;
    for (let row = 0; row < count; row++) features[row * width + j] = values[row];
  });
  return features;
}
