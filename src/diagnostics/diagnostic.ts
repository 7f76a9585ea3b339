/**
 * The one diagnostics model of the whole compiler. Every stage reports problems
 * as plain data of this shape; renderers (terminal, JSON, LSP) are separate.
 */

/** A point in a document. `offset` counts UTF-16 code units from 0; `line` and `column` start at 1. */
export interface Position {
  offset: number;
  line: number;
  column: number;
}

/** A half-open span `[start, end)` of a document. */
export interface Range {
  start: Position;
  end: Position;
}

/** How serious a diagnostic is. Errors stop compilation; warnings and infos do not. */
export type Severity = 'error' | 'warning' | 'info';

/** A secondary span with a message that makes sense on its own ("first given here"). */
export interface Label {
  range: Range;
  message: string;
}

/** A replacement of one span by new text. */
export interface TextEdit {
  range: Range;
  newText: string;
}

/** A machine-applicable fix: editors offer it as a code action, `nnspec` names it in the help line. */
export interface Fix {
  title: string;
  edits: TextEdit[];
}

/**
 * One problem found in a document.
 *
 * - `code` is stable (`NN1xxx` syntax, `NN2xxx` names and types, `NN3xxx` shapes,
 *   `NN4xxx` training and data) and has an explanation page in `docs/errors/`.
 * - `message` is lowercase with no trailing period, code in backticks (rustc style).
 * - `label` is the text shown under the caret of the primary `range`.
 */
export interface Diagnostic {
  code: string;
  severity: Severity;
  message: string;
  range: Range;
  label?: string;
  labels?: Label[];
  help?: string;
  fixes?: Fix[];
  /**
   * The document `range` points into when it is not the spec being compiled: a data file
   * (CSV, IDX) read at run time, as the path the user gave resolved against the spec's folder.
   * Absent means the spec itself. Renderers that show source lines must read this file instead.
   */
  file?: string;
}

/** What every pipeline stage returns: its value (possibly partial) and what it found. */
export interface StageResult<T> {
  value: T;
  diagnostics: Diagnostic[];
}

/**
 * The empty range at a document's first character: where a diagnostic points when it concerns a
 * whole document (a file, the spec) rather than a place in it.
 */
export const DOCUMENT_START: Range = { start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } };

/** True when any diagnostic is an error. */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((diagnostic) => diagnostic.severity === 'error');
}

/** Sorts diagnostics by start offset, then by code, so output is stable. Returns a new array. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) => a.range.start.offset - b.range.start.offset || a.range.end.offset - b.range.end.offset || a.code.localeCompare(b.code),
  );
}
