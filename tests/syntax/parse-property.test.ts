import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/syntax/index.js';
import { SourceText } from '../../src/diagnostics/source-text.js';
import type { Position } from '../../src/diagnostics/diagnostic.js';
import { repoRoot } from '../support/repo-root.js';

const specs = readdirSync(path.join(repoRoot, 'specs'))
  .filter((file) => file.endsWith('.nn'))
  .map((file) => readFileSync(path.join(repoRoot, 'specs', file), 'utf8'));

/** Parses and checks that every diagnostic lies inside the document with consistent positions. */
function parsesSafely(text: string): void {
  const result = parse(text);
  const source = new SourceText(text);
  const consistent = (position: Position): void => {
    expect(position.offset).toBeGreaterThanOrEqual(0);
    expect(position.offset).toBeLessThanOrEqual(text.length);
    expect(source.positionAt(position.offset)).toEqual(position);
  };
  for (const diagnostic of result.diagnostics) {
    consistent(diagnostic.range.start);
    consistent(diagnostic.range.end);
    expect(diagnostic.range.start.offset).toBeLessThanOrEqual(diagnostic.range.end.offset);
    expect(diagnostic.code).toMatch(/^NN1\d{3}$/);
    for (const label of diagnostic.labels ?? []) consistent(label.range.start);
  }
}

const alphabet = fc.constantFrom(
  ...'model data train on repeat { } ( ) [ ] , : . " / * \n dense 1 -2.5e3 relu true # \\'.split(' '),
  ' ',
  '\n',
  '"',
  '/*',
  '//',
);

describe('the parser never throws and keeps every range inside the document', () => {
  it('on random strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => parsesSafely(text)),
      { numRuns: 300 },
    );
  });

  it("on random sequences of the language's own tokens", () => {
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 80 }), (parts) => parsesSafely(parts.join(' '))),
      { numRuns: 300 },
    );
  });

  it('on valid specs with random deletions, insertions and truncations', () => {
    const edit = fc.record({
      spec: fc.integer({ min: 0, max: specs.length - 1 }),
      at: fc.nat(),
      length: fc.integer({ min: 0, max: 12 }),
      insert: fc.oneof(fc.constant(''), fc.string({ maxLength: 6 }), alphabet),
      truncate: fc.boolean(),
    });
    fc.assert(
      fc.property(edit, ({ spec, at, length, insert, truncate }) => {
        const text = specs[spec]!;
        const position = at % (text.length + 1);
        const edited = truncate ? text.slice(0, position) : text.slice(0, position) + insert + text.slice(position + length);
        parsesSafely(edited);
      }),
      { numRuns: 400 },
    );
  });
});
