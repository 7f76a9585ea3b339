/**
 * The formatter: one canonical style for `.nn` specs, comments kept where they were.
 * Idempotent (formatting twice equals formatting once) and meaning-preserving (the formatted
 * spec parses to the same tree). A document with syntax errors is returned unchanged, with
 * the parser's diagnostics. Front end only: no Node built-ins, no TF.js.
 */
import type { StageResult } from '../diagnostics/diagnostic.js';
import { hasErrors } from '../diagnostics/diagnostic.js';
import { parse } from '../syntax/index.js';
import { SpecPrinter } from './printer.js';
import { resolveFormatOptions, type FormatOptions } from './options.js';

export type { PrintOptions } from './printer.js';
export type { FormatOptions } from './options.js';
export { MAX_FORMAT_INDENT } from './options.js';

/**
 * Formats a spec. `value` is the formatted text, or the original text when it has syntax
 * errors (then `diagnostics` holds them and nothing is changed) or when an option is invalid
 * (then `diagnostics` holds an `NN1014` for each: `indent` must be a whole number from 0 to 16,
 * `maxWidth` a whole number of at least 1 or `Infinity`). Never throws.
 */
export function format(text: string, options: FormatOptions = {}): StageResult<string> {
  const resolved = resolveFormatOptions(options);
  if (!resolved.options) return { value: text, diagnostics: resolved.diagnostics };
  const parsed = parse(text);
  if (hasErrors(parsed.diagnostics)) return { value: text, diagnostics: parsed.diagnostics };
  return { value: new SpecPrinter(parsed.value, resolved.options).print(), diagnostics: [] };
}
