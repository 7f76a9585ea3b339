/**
 * Building diagnostics for the data layer: ones that point into a data file (with `file` set)
 * and ones that point at the spec's data block. Browser-safe.
 */
import type { Diagnostic, Range, Severity } from '../../diagnostics/diagnostic.js';
import { SourceText } from '../../diagnostics/source-text.js';
import type { DataCode } from '../../diagnostics/codes/data-codes.js';
import type { IrData } from '../../ir/schema.js';

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

/** The range of a whole file (used when a problem concerns the file, not a place in it). */
export const FILE_START: Range = spanAt(0, 1, 1, 0);

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
export function specDiagnostic(code: DataCode, where: SpecLocation, message: string, extras: DiagnosticExtras = {}, at?: { start: number; end: number }): Diagnostic {
  const span = at ?? where.data.sourceSpan;
  const range = span !== undefined && where.specText !== undefined ? new SourceText(where.specText).rangeOf(span.start, span.end) : FILE_START;
  const diagnostic: Diagnostic = { code, severity: extras.severity ?? 'error', message, range };
  if (extras.label !== undefined) diagnostic.label = extras.label;
  if (extras.help !== undefined) diagnostic.help = extras.help;
  return diagnostic;
}

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
    }
    previous = current;
  }
  return previous[b.length];
}

/** The candidate closest to `name` (case-insensitive first), if it is plausibly a typo of it. */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  const exactIgnoringCase = candidates.find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  if (exactIgnoringCase !== undefined) return exactIgnoringCase;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  // A third of the name (at least 1, at most 3 edits) separates typos from different words.
  return bestDistance <= Math.min(3, Math.max(1, Math.floor(name.length / 3))) ? best : undefined;
}
