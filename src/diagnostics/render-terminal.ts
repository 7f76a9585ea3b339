import picocolors from 'picocolors';
import type { Diagnostic, Label, Range, Severity } from './diagnostic.js';
import { SourceText } from './source-text.js';
import { escapeControlChar, escapeControlChars, isControlChar } from '../util/terminal-text.js';

/** Options for {@link renderDiagnostic}. */
export interface TerminalRenderOptions {
  /** The file name shown after `-->`; `<stdin>` when reading standard input. */
  fileName: string;
  /** ANSI colours; the CLI turns them on only on a TTY. */
  color?: boolean;
  /** Tab width used to line carets up under tabs in the source line: a whole number from 1 to 16 (default 4; any other value is taken as 4). */
  tabWidth?: number;
  /**
   * The text of another document a diagnostic points into (its `file`, e.g. a CSV file), or
   * undefined when it cannot be shown: the frame is then left out and only the location printed.
   */
  sourceOf?: (file: string) => string | undefined;
}

type Colors = ReturnType<typeof picocolors.createColors>;

const SEVERITY_COLOR: Record<Severity, keyof Colors> = { error: 'red', warning: 'yellow', info: 'cyan' };

interface Annotation {
  range: Range;
  message: string | undefined;
  primary: boolean;
}

/**
 * Renders one diagnostic rustc-style: a header with severity and code, ` --> file:line:col`,
 * the source lines with a caret run under the exact span (`^` for the primary span, `-` for
 * secondary labels), then `= help:` with the fix.
 *
 * Text from the spec or a data file may hold control characters (ESC, BEL, ...): every one is
 * shown as a visible escape (`\x1b`), in messages, labels, help, file names and source lines, so
 * nothing but this renderer's own colours reaches the terminal; carets stay under their span.
 *
 * Takes the document text, or a prepared {@link SourceText} when rendering many diagnostics.
 */
export function renderDiagnostic(diagnostic: Diagnostic, source: string | SourceText, options: TerminalRenderOptions): string {
  // A renderer returns text, not diagnostics: a tab width it cannot use (-1, Infinity, 1e9) falls back to the default.
  const tabWidth = options.tabWidth;
  if (tabWidth !== undefined && !(Number.isInteger(tabWidth) && tabWidth >= 1 && tabWidth <= 16)) options = { ...options, tabWidth: 4 };
  if (diagnostic.file !== undefined) {
    const otherText = options.sourceOf?.(diagnostic.file);
    return renderInDocument(diagnostic, otherText === undefined ? undefined : new SourceText(otherText), { ...options, fileName: diagnostic.file });
  }
  return renderInDocument(diagnostic, typeof source === 'string' ? new SourceText(source) : source, options);
}

function renderInDocument(diagnostic: Diagnostic, text: SourceText | undefined, options: TerminalRenderOptions): string {
  const colors = picocolors.createColors(options.color ?? false);
  const severityColor = colors[SEVERITY_COLOR[diagnostic.severity]] as (value: string) => string;
  const annotations: Annotation[] = [
    { range: diagnostic.range, message: diagnostic.label, primary: true },
    ...(diagnostic.labels ?? []).map((label: Label) => ({ range: label.range, message: label.message, primary: false })),
  ];
  const lines = [...new Set(annotations.map((annotation) => annotation.range.start.line))].sort((a, b) => a - b);
  const gutterWidth = String(lines[lines.length - 1] ?? 1).length;
  const gutter = (content: string): string => colors.blue(`${content.padStart(gutterWidth)} |`);
  const { line, column } = diagnostic.range.start;

  const output: string[] = [];
  output.push(
    `${colors.bold(severityColor(`${diagnostic.severity}[${escapeControlChars(diagnostic.code)}]`))}${colors.bold(`: ${escapeControlChars(diagnostic.message)}`)}`,
  );
  output.push(`${' '.repeat(gutterWidth)}${colors.blue('-->')} ${escapeControlChars(options.fileName)}:${line}:${column}`);
  if (text) output.push(gutter(''));
  let previousLine = 0;
  // Without the text of the document only the location can be shown.
  for (const lineNumber of text ? lines : []) {
    if (previousLine !== 0 && lineNumber > previousLine + 1) output.push(colors.blue(`${'.'.repeat(gutterWidth)}`));
    previousLine = lineNumber;
    const lineText = text!.lineText(lineNumber);
    output.push(`${gutter(String(lineNumber))} ${displayLine(lineText, options.tabWidth ?? 4)}`);
    const onLine = annotations.filter((annotation) => annotation.range.start.line === lineNumber).sort((a, b) => b.range.start.column - a.range.start.column);
    for (const annotation of onLine) {
      const marker = annotation.primary ? '^' : '-';
      const paint = annotation.primary ? severityColor : colors.blue;
      const startColumn = visualColumn(lineText, annotation.range.start.column, options.tabWidth ?? 4);
      const endOnLine = annotation.range.end.line === lineNumber ? annotation.range.end.column : lineText.length + 1;
      const endColumn = visualColumn(lineText, endOnLine, options.tabWidth ?? 4);
      const width = Math.max(1, endColumn - startColumn);
      const caret = paint(marker.repeat(width) + (annotation.message ? ` ${escapeControlChars(annotation.message)}` : ''));
      output.push(`${gutter('')} ${' '.repeat(startColumn - 1)}${caret}`);
    }
  }
  if (diagnostic.help) {
    output.push(gutter(''));
    const [first, ...rest] = diagnostic.help.split('\n').map(escapeControlChars);
    output.push(`${' '.repeat(gutterWidth)} ${colors.blue('=')} ${colors.bold('help')}: ${first}`);
    for (const more of rest) output.push(`${' '.repeat(gutterWidth + 3)}${more}`);
  }
  return output.join('\n');
}

/**
 * Renders all diagnostics of one document, separated by blank lines, followed by a one-line
 * tally (`2 errors, 1 warning`); an empty string when there are none.
 */
export function renderDiagnostics(diagnostics: readonly Diagnostic[], source: string, options: TerminalRenderOptions): string {
  if (diagnostics.length === 0) return '';
  const text = new SourceText(source);
  return `${diagnostics.map((diagnostic) => renderDiagnostic(diagnostic, text, options)).join('\n\n')}\n`;
}

/** `2 errors, 1 warning` for a list of diagnostics; `no problems` when it is empty. */
export function tallyDiagnostics(diagnostics: readonly Diagnostic[]): string {
  const count = (severity: Severity): number => diagnostics.filter((diagnostic) => diagnostic.severity === severity).length;
  const parts: string[] = [];
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (count('error') > 0) parts.push(plural(count('error'), 'error'));
  if (count('warning') > 0) parts.push(plural(count('warning'), 'warning'));
  if (count('info') > 0) parts.push(plural(count('info'), 'note'));
  return parts.length > 0 ? parts.join(', ') : 'no problems';
}

/** A source line as shown in a frame: tabs as `tabWidth` spaces, other control characters as visible escapes. */
function displayLine(line: string, tabWidth: number): string {
  let shown = '';
  for (const char of line) shown += displayChar(char, tabWidth);
  return shown;
}

function displayChar(char: string, tabWidth: number): string {
  if (char === '\t') return ' '.repeat(tabWidth);
  return isControlChar(char) ? escapeControlChar(char) : char;
}

/**
 * The 1-based display column of a 1-based source column, counting a tab as `tabWidth` cells and
 * an escaped control character as the width of its escape, as {@link displayLine} shows them.
 */
function visualColumn(line: string, column: number, tabWidth: number): number {
  let visual = 1;
  for (let index = 0; index < column - 1 && index < line.length; index++) visual += displayChar(line[index]!, tabWidth).length;
  return visual + Math.max(0, column - 1 - line.length);
}
