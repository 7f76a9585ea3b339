// Issue 15 (the editor's speed): analysing a document from its previous analysis gives exactly
// what analysing it afresh gives (diagnostics, syntax tree, checked program, symbols), whatever
// the edit: inside a declaration, across declarations, breaking or mending the syntax.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeDocument, type DocumentAnalysis } from '../../src/lsp/analysis/document.js';
import { parseVersion } from '../../src/lsp/analysis/incremental-parse.js';
import { SourceText } from '../../src/diagnostics/source-text.js';
import { generateLargeSpec } from '../../bench/parse.js';
import { repoRoot } from '../support/repo-root.js';

const specs = readdirSync(path.join(repoRoot, 'specs'))
  .filter((file) => file.endsWith('.nn'))
  .map((file) => readFileSync(path.join(repoRoot, 'specs', file), 'utf8'));

/** A spec with blocks, params used inside lists, a study and comments between declarations. */
const GRAPH_SPEC = `// a residual block
param width = 16
param shape = [8, 8, 1]

block conv_block(filters, rate = 0.1) {
  c = conv2d(filters, 3, padding: same)
  dropout(rate)
  add(c)
}
/* between
   declarations */
model m {
  input(shape: shape)
  h = conv_block(width, rate: 0.2)
  repeat 2 {
    g = conv2d(16, 3, padding: same)
    add(h, g)
  }
  flatten()
  dense(10, activation: softmax)
}

data d { source: builtin.digits_8x8, split: { train: 0.6, validation: 0.2, test: 0.2 } }
train m on d {
  loss: categorical_crossentropy
  optimizer: adam(learning_rate: 1e-3)
  epochs: 3
}
study s { grid: { width: [8, 16] }, seeds: [1, 2] }
`;

const BASES = [...specs, GRAPH_SPEC, generateLargeSpec(120)];

/** Fragments that make, break and mend the language's structure, besides plain characters. */
const fragment = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\n',
    '\r\n',
    '}',
    '{',
    '(',
    ')',
    '[',
    ']',
    ',',
    ':',
    '=',
    '"',
    '/*',
    '*/',
    '//',
    '9',
    'x',
    '.',
    'model n {\n',
    '\nmodel n {\n  dense(4)\n}\n',
    '\nparam p = 2\n',
    'data ',
    'dense(8)',
    'repeat 2 {',
    'from h\n',
    '1e999',
    '"a\\q"',
  ),
  fc.string({ maxLength: 4 }),
);

const edit = fc.record({ at: fc.nat(), remove: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 80 })), insert: fragment });

function applyEdit(text: string, { at, remove, insert }: { at: number; remove: number; insert: string }): string {
  const position = at % (text.length + 1);
  return text.slice(0, position) + insert + text.slice(position + remove);
}

/** What a symbol is, by value: its kind, name and the ranges that name it. */
function symbolFacts(analysis: DocumentAnalysis): unknown[] {
  return analysis.symbols.map((symbol) => ({
    kind: symbol.kind,
    name: symbol.name,
    declaration: symbol.declaration?.range,
    references: symbol.references.map((reference) => reference.range),
    defaultText: symbol.defaultText,
  }));
}

function expectSameAnalysis(incremental: DocumentAnalysis, fresh: DocumentAnalysis): void {
  expect(incremental.diagnostics).toEqual(fresh.diagnostics);
  expect(incremental.spec).toEqual(fresh.spec);
  expect(incremental.program).toEqual(fresh.program);
  expect(symbolFacts(incremental)).toEqual(symbolFacts(fresh));
  expect(incremental.graph.scopes.map((scope) => scope.range)).toEqual(fresh.graph.scopes.map((scope) => scope.range));
}

describe('incremental analysis equals a fresh analysis', () => {
  it('after random sequences of edits to the bundled specs, a graph spec and a generated spec', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: BASES.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 5 }), (base, edits) => {
        let text = BASES[base]!;
        let analysis = analyzeDocument(text);
        for (const change of edits) {
          text = applyEdit(text, change);
          analysis = analyzeDocument(text, analysis);
          expectSameAnalysis(analysis, analyzeDocument(text));
        }
      }),
      { numRuns: 400 },
    );
  });

  it('while a declaration is typed character by character into the middle of a spec', () => {
    const base = specs[0]!;
    const at = base.indexOf('\nmodel') + 1;
    const typed = 'model extra {\n  input(shape: [4])\n  dense(3, activation: "relu)\n  dense(2)\n}\n\n';
    let analysis = analyzeDocument(base);
    for (let length = 1; length <= typed.length; length++) {
      const text = base.slice(0, at) + typed.slice(0, length) + base.slice(at);
      analysis = analyzeDocument(text, analysis);
      expectSameAnalysis(analysis, analyzeDocument(text));
    }
  });
});

describe('edits next to an unclosed declaration', () => {
  it('re-reports the error the declaration before the edit raised at the edited one', () => {
    const iris = specs.find((spec) => spec.includes('model iris_net'))!;
    // The model's last layer is left open, so its parse reads the `train` keyword after it.
    const broken = iris.replace('dense(3, activation: softmax)\n}\n\n', 'dense(3, activation: softmax,');
    const edited = broken.replace('epochs:', 'epochs :');
    const analysis = analyzeDocument(edited, analyzeDocument(broken));
    expect(analysis.diagnostics.map((diagnostic) => diagnostic.message)).toContain('expected a value such as 0.5, relu or [64], found `train`');
    expectSameAnalysis(analysis, analyzeDocument(edited));
  });
});

describe('the incremental parse reuses what the edit did not touch', () => {
  const text = generateLargeSpec(7_000);
  const source = new SourceText(text);
  const first = parseVersion(text, source);

  it('keeps the declarations before an edit and moves those after it', () => {
    const second = text.indexOf('model big_2');
    const at = text.indexOf('dense(1', second) + 'dense('.length;
    const edited = `${text.slice(0, at)}9${text.slice(at)}`;
    const reparsed = parseVersion(edited, new SourceText(edited), first);
    const index = first.spec.declarations.findIndex((declaration) => declaration.kind === 'model' && declaration.name?.name === 'big_2');
    expect(reparsed.spec.declarations[index - 1]).toBe(first.spec.declarations[index - 1]);
    expect(reparsed.spec.declarations[index + 1]).not.toBe(first.spec.declarations[index + 1]);
    expect(reparsed.spec.declarations[index + 1]!.range.start.offset).toBe(first.spec.declarations[index + 1]!.range.start.offset + 1);
    expect(reparsed.spec).toEqual(parseVersion(edited, new SourceText(edited)).spec);
  });

  it('does not check again a model the edit did not touch', () => {
    const before = analyzeDocument(text);
    const at = text.indexOf('dense(1', text.indexOf('model big_2')) + 'dense('.length;
    const changed = `${text.slice(0, at)}9${text.slice(at + 1)}`;
    const after = analyzeDocument(changed, before);
    const model = (analysis: DocumentAnalysis, name: string) => analysis.program.models.find((checked) => checked.name === name);
    expect(model(after, 'big')).toBe(model(before, 'big'));
    expect(model(after, 'big_3')).toBe(model(before, 'big_3'));
    expect(model(after, 'big_2')).not.toBe(model(before, 'big_2'));
    // In the re-checked model, the calls the edit did not change keep their bindings.
    const edited = model(after, 'big_2')!.layers.findIndex((layer) => layer.range.start.offset < at && at < layer.range.end.offset);
    expect(model(after, 'big_2')!.layers[edited + 1]!.params).toBe(model(before, 'big_2')!.layers[edited + 1]!.params);
    expect(model(after, 'big_2')!.layers[edited]!.params).not.toBe(model(before, 'big_2')!.layers[edited]!.params);
    expect(after.program).toEqual(analyzeDocument(changed).program);
  });

  it('reuses after a clean full parse even when the text parsed before it had errors (the fast path leaves the recovering parser untouched)', () => {
    expect(parseVersion('model m {\n  dense(4,\n}\n', new SourceText('model m {\n  dense(4,\n}\n')).diagnostics.length).toBeGreaterThan(0);
    const clean = parseVersion(text, source);
    expect(clean.errorOffsets).toEqual([]);
    const at = text.indexOf('dense(1', text.indexOf('model big_2')) + 'dense('.length;
    const edited = `${text.slice(0, at)}9${text.slice(at)}`;
    const reparsed = parseVersion(edited, new SourceText(edited), clean);
    expect(reparsed.spec.declarations[0]).toBe(clean.spec.declarations[0]);
  });

  it('re-parses only the edited layer of a model when the document is clean', () => {
    const at = text.indexOf('dense(1', text.indexOf('model big_2')) + 'dense('.length;
    const edited = `${text.slice(0, at)}9${text.slice(at)}`;
    const reparsed = parseVersion(edited, new SourceText(edited), first);
    const index = first.spec.declarations.findIndex((declaration) => declaration.kind === 'model' && declaration.name?.name === 'big_2');
    const before = first.spec.declarations[index]!;
    const after = reparsed.spec.declarations[index]!;
    if (before.kind !== 'model' || after.kind !== 'model') throw new Error('expected a model');
    const layer = before.items.findIndex((item) => item.range.start.offset < at && at < item.range.end.offset);
    expect(after.items[layer - 1]).toBe(before.items[layer - 1]);
    expect(after.items[layer]).not.toBe(before.items[layer]);
    expect(after.items[layer]!.range.end.offset).toBe(before.items[layer]!.range.end.offset + 1);
    expect(reparsed.spec).toEqual(parseVersion(edited, new SourceText(edited)).spec);
  });

  it('parses the whole text again when an edit opens a comment that would swallow the rest', () => {
    const at = text.indexOf('model big_2');
    const edited = `${text.slice(0, at - 1)}/*${text.slice(at - 1)}`;
    const reparsed = parseVersion(edited, new SourceText(edited), first);
    expect(reparsed.spec.declarations.map((declaration) => declaration.kind)).toEqual(['data', 'model']);
    expect(reparsed.diagnostics.map((diagnostic) => diagnostic.message)).toEqual(['unterminated block comment']);
  });
});
