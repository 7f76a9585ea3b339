/**
 * Validates {@link FormatOptions}: a bad option (a negative, fractional, infinite or huge
 * indent, a NaN width) is a diagnostic, never a RangeError from deep in the printer.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { SYNTAX_CODE } from '../diagnostics/codes/syntax-codes.js';
import type { PrintOptions } from './printer.js';

/** Options for `format`. */
export interface FormatOptions {
  /** Spaces per indentation level: a whole number from 0 to {@link MAX_FORMAT_INDENT} (default 2). */
  indent?: number;
  /**
   * Width past which lists, objects and calls are broken one entry per line: a whole number of
   * at least 1, or `Infinity` to never break (default 100).
   */
  maxWidth?: number;
}

/** The largest `indent` the formatter takes; more is no layout anyone wants, and 1e9 cannot be printed. */
export const MAX_FORMAT_INDENT = 16;

const START = { offset: 0, line: 1, column: 1 };

function optionProblem(name: string, expected: string, got: unknown, example: string): Diagnostic {
  return {
    code: SYNTAX_CODE.invalidFormatOption,
    severity: 'error',
    message: `format option \`${name}\` must be ${expected}, got ${describe(got)}`,
    range: { start: START, end: START },
    help: `pass e.g. \`{ ${name}: ${example} }\`, or leave it out for the default; the text was not formatted`,
  };
}

function describe(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}...` : value);
  return value === null ? 'null' : typeof value;
}

/** The print options for `options`, or the diagnostics saying which option is invalid. */
export function resolveFormatOptions(options: FormatOptions | null | undefined): { options?: PrintOptions; diagnostics: Diagnostic[] } {
  // Called from JavaScript too: `null` is no options, like `undefined`.
  const given: FormatOptions = options ?? {};
  const diagnostics: Diagnostic[] = [];
  const indent: unknown = given.indent ?? 2;
  const maxWidth: unknown = given.maxWidth ?? 100;
  if (typeof indent !== 'number' || !Number.isInteger(indent) || indent < 0 || indent > MAX_FORMAT_INDENT) {
    diagnostics.push(optionProblem('indent', `a whole number from 0 to ${MAX_FORMAT_INDENT}`, indent, '2'));
  }
  if (typeof maxWidth !== 'number' || !(Number.isInteger(maxWidth) || maxWidth === Number.POSITIVE_INFINITY) || maxWidth < 1) {
    diagnostics.push(optionProblem('maxWidth', 'a whole number of at least 1, or Infinity', maxWidth, '100'));
  }
  if (diagnostics.length > 0) return { diagnostics };
  return { options: { indent: indent as number, maxWidth: maxWidth as number }, diagnostics };
}
