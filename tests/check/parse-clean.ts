import { parse } from '../../src/syntax/index.js';
import type { SpecFile } from '../../src/syntax/ast.js';

/** Parses a spec that a test expects to be free of syntax errors (fails loudly otherwise). */
export function parseClean(text: string): SpecFile {
  const parsed = parse(text);
  if (parsed.diagnostics.length > 0) throw new Error(`test spec does not parse: ${parsed.diagnostics.map((d) => d.message).join('; ')}`);
  return parsed.value;
}
