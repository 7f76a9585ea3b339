/**
 * The properties every fuzz case is held to, shared by the front-end and the data fuzz: their
 * names, what a failure records, and the checks that do not depend on the stage (ranges inside
 * the document, terminal output free of control characters).
 */
import { SourceText, renderDiagnostics, type Diagnostic, type Position, type Range } from '../src/index.js';

/** What can fail. `hang`, `memory`, `crash` and `slow` are decided by the harness, the rest in the worker. */
export type PropertyName =
  | 'no-throw'
  | 'ranges'
  | 'format-idempotent'
  | 'format-preserves'
  | 'lower-accepts-checked'
  | 'render-escapes'
  | 'data-outcome'
  | 'data-finite'
  | 'slow'
  | 'hang'
  | 'memory'
  | 'crash';

/** One broken property of one input. */
export interface PropertyFailure {
  property: PropertyName;
  /** The pipeline stage it broke in: parse, check, lower, format, render, load, probe, worker. */
  stage: string;
  /** What happened: the exception's message, or what differed. */
  message: string;
  /** The exception's stack (first lines), when one was thrown. */
  stack?: string;
}

/** A failure for an exception thrown by `stage`. */
export function thrown(stage: string, error: unknown): PropertyFailure {
  const err = error instanceof Error ? error : new Error(String(error));
  return { property: 'no-throw', stage, message: `${err.name}: ${err.message}`.slice(0, 2000), stack: err.stack?.split('\n').slice(0, 8).join('\n') };
}

function positionProblem(position: Position, source: SourceText, text: string): string | undefined {
  const { offset, line, column } = position;
  if (![offset, line, column].every(Number.isInteger)) return `non-integer position ${JSON.stringify(position)}`;
  if (offset < 0 || offset > text.length) return `offset ${offset} outside [0, ${text.length}]`;
  const expected = source.positionAt(offset);
  if (expected.line !== line || expected.column !== column) return `offset ${offset} is ${expected.line}:${expected.column}, not ${line}:${column}`;
  return undefined;
}

function rangeProblem(range: Range, source: SourceText, text: string): string | undefined {
  const problem = positionProblem(range.start, source, text) ?? positionProblem(range.end, source, text);
  if (problem !== undefined) return problem;
  if (range.start.offset > range.end.offset) return `range starts at ${range.start.offset} after its end ${range.end.offset}`;
  return undefined;
}

/**
 * Every range of every diagnostic (primary, labels, fix edits) that points into `text` lies
 * inside it, with line and column consistent with its offset. Diagnostics about another
 * document (`file` set) are checked by the caller against that document.
 */
export function checkRanges(stage: string, diagnostics: readonly Diagnostic[], text: string, source = new SourceText(text)): PropertyFailure | undefined {
  for (const diagnostic of diagnostics) {
    const ranges = [
      diagnostic.range,
      ...(diagnostic.labels ?? []).map((label) => label.range),
      ...(diagnostic.fixes ?? []).flatMap((fix) => fix.edits.map((edit) => edit.range)),
    ];
    for (const range of ranges) {
      const problem = rangeProblem(range, source, text);
      if (problem !== undefined) return { property: 'ranges', stage, message: `${diagnostic.code} (${diagnostic.message.slice(0, 200)}): ${problem}` };
    }
  }
  return undefined;
}

/** C0 controls but tab and line feed, DEL and the C1 controls: what a terminal may act on. */
// eslint-disable-next-line no-control-regex
const TERMINAL_CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

/**
 * Renders the diagnostics as the CLI does on a terminal (colour off) and checks that no control
 * character of the input reaches it raw (ESC and BEL can clear a screen or set a title).
 */
export function checkRendering(diagnostics: readonly Diagnostic[], text: string, sourceOf?: (file: string) => string | undefined): PropertyFailure | undefined {
  let rendered: string;
  try {
    rendered = renderDiagnostics(diagnostics, text, { fileName: 'fuzz.nn', color: false, ...(sourceOf ? { sourceOf } : {}) });
  } catch (error) {
    return thrown('render', error);
  }
  const match = TERMINAL_CONTROL.exec(rendered);
  if (match === null) return undefined;
  const around = rendered.slice(Math.max(0, match.index - 40), match.index + 40);
  return {
    property: 'render-escapes',
    stage: 'render',
    message: `raw U+${match[0].charCodeAt(0).toString(16).padStart(4, '0')} in terminal output near ${JSON.stringify(around)}`,
  };
}
