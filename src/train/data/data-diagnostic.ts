/**
 * Building diagnostics for the data layer: ones that point into a data file (with `file` set)
 * and ones that point at the spec's data block. Browser-safe.
 */
import { DOCUMENT_START, type Diagnostic, type Range, type Severity } from '../../diagnostics/diagnostic.js';
import { SourceText } from '../../diagnostics/source-text.js';
import { DATA_CODE, type DataCode } from '../../diagnostics/codes/data-codes.js';
import type { IrData, IrSourceSpan } from '../../ir/schema.js';

/** Extra fields of a diagnostic besides code, message and range. */
export interface DiagnosticExtras {
  severity?: Severity;
  label?: string;
  help?: string;
}

/** A range of `length` characters starting at a known offset/line/column of a document. */
export function spanAt(offset: number, line: number, column: number, length: number): Range {
  return { start: { offset, line, column }, end: { offset: offset + length, line, column: column + length } };
}

/** The range of a cell of a CSV file (or any span with a start and a length on one line). */
export function cellRange(cell: { offset: number; line: number; column: number; length: number }): Range {
  return spanAt(cell.offset, cell.line, cell.column, cell.length);
}

/** The range of a whole file (used when a problem concerns the file, not a place in it). */
export const FILE_START: Range = DOCUMENT_START;

/** A diagnostic about a data file: `range` points into `file`, whose path is also named in the message. */
export function fileDiagnostic(code: DataCode, file: string, range: Range, message: string, extras: DiagnosticExtras = {}): Diagnostic {
  const diagnostic: Diagnostic = {
    code,
    severity: extras.severity ?? 'error',
    message,
    range,
    file,
  };
  if (extras.label !== undefined) diagnostic.label = extras.label;
  if (extras.help !== undefined) diagnostic.help = extras.help;
  return diagnostic;
}

/** Where diagnostics about a data block (not a file) point in the spec. */
export interface SpecLocation {
  data: IrData;
  /** The spec's text; without it the range is the spec's start (line 1, column 1). */
  specText?: string;
}

/**
 * A diagnostic about the spec's data block, placed at `at` (a span inside the block, such as one
 * name of `features`) or else at `data.sourceSpan`, when the spec text is known.
 */
export function specDiagnostic(code: DataCode, where: SpecLocation, message: string, extras: DiagnosticExtras = {}, at?: IrSourceSpan): Diagnostic {
  return spanDiagnostic(code, at ?? where.data.sourceSpan, where.specText, message, extras);
}

/** A diagnostic at a span of the spec (an IR `source` span), or at its start when the span or the text is unknown. */
export function spanDiagnostic(
  code: DataCode,
  span: IrSourceSpan | undefined,
  specText: string | undefined,
  message: string,
  extras: DiagnosticExtras = {},
): Diagnostic {
  const range = span !== undefined && specText !== undefined ? new SourceText(specText).rangeOf(span.start, span.end) : FILE_START;
  const diagnostic: Diagnostic = { code, severity: extras.severity ?? 'error', message, range };
  if (extras.label !== undefined) diagnostic.label = extras.label;
  if (extras.help !== undefined) diagnostic.help = extras.help;
  return diagnostic;
}

/**
 * Names for a help line, quoted: all of a few, the first `max` of many then "and N more" (a wide
 * CSV header has hundreds of columns, a regression column read as classes thousands of values).
 */
export function listSome(names: readonly string[], max = 10): string {
  const shown = names.slice(0, max).map((name) => `\`${JSON.stringify(name).slice(1, -1)}\``);
  return names.length > max ? `${shown.join(', ')} and ${names.length - max} more` : shown.join(', ');
}

/**
 * How a message names a data block with the file it was read from (NN4804, NN4805): "data `d`
 * from `path`", or "data `d`" for generated and bundled data. `role` is `data` or `test data`.
 */
export function dataBlockName(role: string, name: string, file: string | undefined): string {
  return file !== undefined ? `${role} \`${name}\` from \`${file}\`` : `${role} \`${name}\``;
}

/**
 * The file a `csv` or `idx` source reads its examples from (an `idx` source's images), resolved
 * with `resolve`; `undefined` for other sources.
 */
export function sourceFileOf(data: IrData, resolve: (path: string) => string): string | undefined {
  const { type, params } = data.source;
  const path = type === 'csv' ? params.path : type === 'idx' ? params.images : undefined;
  return typeof path === 'string' && path.length > 0 ? resolve(path) : undefined;
}

/** The label a file-reading failure gets when it is moved to the path written in the spec. */
const READ_FAILURE_LABELS: Partial<Record<string, string>> = {
  [DATA_CODE.fileNotFound]: 'no such file',
  [DATA_CODE.pathIsDirectory]: 'a directory',
  [DATA_CODE.fileUnreadable]: 'cannot be read',
  [DATA_CODE.badGzip]: 'damaged gzip file',
  [DATA_CODE.fileTooLarge]: 'too large',
  [DATA_CODE.expandsTooLarge]: 'expands past the limit',
  [DATA_CODE.notRegularFile]: 'not a regular file',
};

/**
 * Moves the diagnostics of a failed read (a missing file, a device, a file over the size limit)
 * from the file's first line to the path as written in the spec (`at`), and drops their `file`:
 * the spec's path is what the user edits, and a renderer shows nothing of a file it was not
 * asked to read. Diagnostics about the file's content, and all of them when `at` is unknown,
 * stay as they are.
 */
export function atSpecPath(diagnostics: readonly Diagnostic[], at: Range | undefined): Diagnostic[] {
  if (at === undefined) return [...diagnostics];
  return diagnostics.map((diagnostic) => {
    const label = READ_FAILURE_LABELS[diagnostic.code];
    if (label === undefined || diagnostic.file === undefined) return diagnostic;
    const { file: _file, ...rest } = diagnostic;
    return { ...rest, range: at, label };
  });
}
