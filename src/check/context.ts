/**
 * Collects the checker's diagnostics. Every check reports through here, never throws, so one
 * run finds every problem of a file.
 */
import type { Diagnostic, Fix, Label, Range, Severity } from '../diagnostics/diagnostic.js';
import { describeCode } from '../diagnostics/codes/index.js';

/** What a check says about one problem; the severity comes from the code's catalogue entry. */
export interface Report {
  code: string;
  message: string;
  range: Range;
  label?: string;
  labels?: Label[];
  help?: string;
  fixes?: Fix[];
  /** Overrides the code's catalogue severity (rarely: a warning code raised to an error). */
  severity?: Severity;
}

/** A sink for diagnostics of one check run. */
export class CheckContext {
  readonly diagnostics: Diagnostic[] = [];

  /** Records one diagnostic. */
  report(report: Report): void {
    const severity = report.severity ?? describeCode(report.code)?.severity ?? 'error';
    const diagnostic: Diagnostic = { code: report.code, severity, message: report.message, range: report.range };
    if (report.label !== undefined) diagnostic.label = report.label;
    if (report.labels && report.labels.length > 0) diagnostic.labels = report.labels;
    if (report.help !== undefined) diagnostic.help = report.help;
    if (report.fixes && report.fixes.length > 0) diagnostic.fixes = report.fixes;
    this.diagnostics.push(diagnostic);
  }

  /** Number of errors so far; used to tell whether a part of the spec checked cleanly. */
  get errorCount(): number {
    let count = 0;
    for (const diagnostic of this.diagnostics) if (diagnostic.severity === 'error') count += 1;
    return count;
  }
}

/** A fix that replaces one span by `newText`. */
export function replaceFix(title: string, range: Range, newText: string): Fix {
  return { title, edits: [{ range, newText }] };
}

/** Joins names for messages: `` `a`, `b` or `c` ``. */
export function listNames(names: readonly string[], conjunction = 'or'): string {
  const quoted = names.map((name) => `\`${name}\``);
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} ${conjunction} ${quoted[quoted.length - 1]}`;
}

/** A name nnspec does not know, for {@link reportUnknownName}. */
export interface UnknownName {
  code: string;
  message: string;
  range: Range;
  /** The closest known name, if any: said once, in the help, with a fix that writes it. */
  suggestion?: string;
  /** Under the carets, whether or not there is a suggestion (`unknown layer`). */
  label: string;
  /** The help when there is no suggestion: the known names, or where to find them. */
  help?: string;
  /** Added after "did you mean" (`(one of ...)` when the list is short). */
  suggestionNote?: string;
}

/**
 * Reports an unknown name. The "did you mean" is said once, in the help (the label says what is
 * wrong), and comes with a fix that writes the suggestion.
 */
export function reportUnknownName(ctx: CheckContext, unknown: UnknownName): void {
  const { suggestion } = unknown;
  ctx.report({
    code: unknown.code,
    message: unknown.message,
    range: unknown.range,
    label: unknown.label,
    help: suggestion ? `did you mean \`${suggestion}\`?${unknown.suggestionNote ? ` ${unknown.suggestionNote}` : ''}` : unknown.help,
    fixes: suggestion ? [replaceFix(`replace with \`${suggestion}\``, unknown.range, suggestion)] : undefined,
  });
}
