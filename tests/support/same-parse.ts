import { expect } from 'vitest';
import { parse } from '../../src/syntax/index.js';
import { parseValidSpec } from '../../src/syntax/fast-parser.js';
import { parseWithRecovery } from '../../src/syntax/recovering-parse.js';

/** The AST as text, keys in their order and `undefined` fields written out (which `toStrictEqual` does not compare). */
function layout(value: unknown): string {
  return JSON.stringify(value, (_key, child: unknown) => (child === undefined ? '<undefined>' : Object.is(child, -0) ? '<-0>' : child));
}

/**
 * The contract of the parser's two paths on `text`: the fast path accepts it exactly when the
 * recovering parser reports nothing, and then builds the same AST (every node, field order and
 * range); `parse` returns what the recovering parser returns, diagnostics included.
 * Returns whether the fast path took the text.
 */
export function expectSameParse(text: string): boolean {
  const recovered = parseWithRecovery(text);
  const fast = parseValidSpec(text);
  if (recovered.diagnostics.length > 0) {
    expect(fast, `the fast path accepted text with ${recovered.diagnostics[0]!.code}: ${JSON.stringify(text.slice(0, 200))}`).toBeUndefined();
  } else {
    expect(fast, `the fast path refused valid text: ${JSON.stringify(text.slice(0, 200))}`).toBeDefined();
    expect(fast).toStrictEqual(recovered.value);
    expect(layout(fast)).toBe(layout(recovered.value));
  }
  expect(parse(text)).toStrictEqual(recovered);
  return fast !== undefined;
}
