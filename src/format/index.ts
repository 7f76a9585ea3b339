/**
 * The formatter: one canonical style for `.nn` specs, comments kept where they were.
 * Idempotent (formatting twice equals formatting once) and meaning-preserving (the formatted
 * spec parses to the same tree). A document with syntax errors is returned unchanged, with
 * the parser's diagnostics. Front end only: no Node built-ins, no TF.js.
 */
import type { StageResult } from '../diagnostics/diagnostic.js';
import { hasErrors } from '../diagnostics/diagnostic.js';
import { parse } from '../syntax/index.js';
import { SpecPrinter, type PrintOptions } from './printer.js';

export type { PrintOptions } from './printer.js';

/** Options for {@link format}. */
export interface FormatOptions {
  /** Spaces per indentation level (default 2). */
  indent?: number;
  /** Width past which lists, objects and calls are broken one entry per line (default 100). */
  maxWidth?: number;
}

/**
 * Formats a spec. `value` is the formatted text, or the original text when it has syntax
 * errors (then `diagnostics` holds them and nothing is changed).
 */
export function format(text: string, options: FormatOptions = {}): StageResult<string> {
  const parsed = parse(text);
  if (hasErrors(parsed.diagnostics)) return { value: text, diagnostics: parsed.diagnostics };
  const printOptions: PrintOptions = { indent: options.indent ?? 2, maxWidth: options.maxWidth ?? 100 };
  return { value: new SpecPrinter(parsed.value, printOptions).print(), diagnostics: [] };
}
