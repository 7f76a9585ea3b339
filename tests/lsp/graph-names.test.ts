// Issue 12 (editor): output names, blocks and block params: definition, references, rename and
// their refusals, scoped per model body, block body and repeat body.
import { describe, expect, it } from 'vitest';
import { wordOffset } from './graph-helpers.js';
import { analyzeDocument, asGraphSymbol, symbolAt, type DocumentAnalysis } from '../../src/lsp/analysis/document.js';
import { renameProblem } from '../../src/lsp/analysis/rename.js';
import { namesBefore, scopeAt } from '../../src/lsp/analysis/graph-names.js';

const SPEC = `block conv_block(filters, rate = 0.1) {
  c = conv2d(filters, 3, padding: same)
  dropout(rate)
  add(c)
}

model m {
  input(shape: [8, 8, 1])
  h = conv_block(16, rate: 0.2)
  repeat 2 {
    g = conv2d(16, 3, padding: same)
    add(h, g)
  }
  from h
  conv_block(16)
}

model other {
  input(shape: [4])
  h = dense(8)
  add(h)
}
`;

const analysis = analyzeDocument(SPEC);

const offsetOf = (word: string, nth = 0, text = SPEC): number => wordOffset(text, word, nth);

/** `line:column` of each place a name at `offset` is declared and referenced. */
function places(at: DocumentAnalysis, offset: number): { kind: string; declaration: string; references: string[] } {
  const found = symbolAt(at, offset)!;
  const where = (range: { start: { line: number; column: number } }): string => `${range.start.line}:${range.start.column}`;
  return {
    kind: found.symbol.kind,
    declaration: found.symbol.declaration ? where(found.symbol.declaration.range) : '-',
    references: found.symbol.references.map((identifier) => where(identifier.range)),
  };
}

describe('definition and references', () => {
  it('an output name: its binding, the merge and `from` that read it, in the repeat body too', () => {
    // h at `add(h, g)` inside the repeat (outer names are visible there) and at `from h`.
    expect(places(analysis, offsetOf('h', 1))).toEqual({ kind: 'output', declaration: '9:3', references: ['12:9', '14:8'] });
    expect(places(analysis, offsetOf('h', 0))).toEqual(places(analysis, offsetOf('h', 2)));
  });

  it('the same name in another model is another symbol', () => {
    expect(places(analysis, offsetOf('h', 3))).toEqual({ kind: 'output', declaration: '20:3', references: ['21:7'] });
  });

  it('a name defined in a repeat body is visible in that body', () => {
    expect(places(analysis, offsetOf('g', 1))).toEqual({ kind: 'output', declaration: '11:5', references: ['12:12'] });
  });

  it('a block: its declaration and every use (blocks are global)', () => {
    expect(places(analysis, offsetOf('conv_block', 2))).toEqual({ kind: 'block', declaration: '1:7', references: ['9:7', '15:3'] });
  });

  it('a block param: its uses in the body and the named argument of a use', () => {
    expect(places(analysis, offsetOf('rate', 1))).toEqual({ kind: 'block-param', declaration: '1:27', references: ['3:11', '9:22'] });
    expect(places(analysis, offsetOf('filters', 1))).toEqual({ kind: 'block-param', declaration: '1:18', references: ['2:14'] });
  });

  it('a block body does not see the model names; the model does not see the block body names', () => {
    const text = 'block b(n) {\n  dense(n)\n  add(h)\n}\nmodel m {\n  input(shape: [4])\n  h = dense(4)\n  add(c)\n  b(2)\n}\nblock d() {\n  c = dense(2)\n}\n';
    const other = analyzeDocument(text);
    expect(symbolAt(other, offsetOf('h', 0, text))).toBeUndefined();
    expect(symbolAt(other, offsetOf('c', 0, text))).toBeUndefined();
    expect(places(other, offsetOf('h', 1, text)).references).toEqual([]);
  });

  it('a merge argument naming an output is the output, even where a param has that name', () => {
    const text = 'param h = 3\nmodel m {\n  input(shape: [4])\n  h = dense(4)\n  dense(4)\n  add(h)\n}\n';
    const other = analyzeDocument(text);
    expect(places(other, offsetOf('h', 2, text)).kind).toBe('output');
    expect(other.symbols.find((symbol) => symbol.kind === 'param')!.references).toEqual([]);
  });

  it('a block used before it is declared resolves, with its named arguments', () => {
    const text = 'model m {\n  input(shape: [4])\n  b(units: 3)\n}\nblock b(units) {\n  dense(units)\n}\n';
    expect(places(analyzeDocument(text), offsetOf('units', 0, text))).toEqual({ kind: 'block-param', declaration: '5:9', references: ['3:5', '6:9'] });
  });
});

describe('names in scope before the cursor', () => {
  it('at `from` after the repeat: the model names defined before, not the repeat body names', () => {
    const names = namesBefore(analysis.graph, offsetOf('from')).map((symbol) => symbol.name);
    expect(names).toEqual(['h']);
  });

  it('in the repeat body: its own earlier names, then the outer ones', () => {
    const names = namesBefore(analysis.graph, offsetOf('add', 1) + 4).map((symbol) => symbol.name);
    expect(names).toEqual(['g', 'h']);
    expect(scopeAt(analysis.graph, offsetOf('add', 1))?.kind).toBe('repeat');
  });

  it('in a block body: its earlier names, and its params only when asked', () => {
    expect(namesBefore(analysis.graph, offsetOf('add', 0) + 4).map((symbol) => symbol.name)).toEqual(['c']);
    expect(namesBefore(analysis.graph, offsetOf('dropout'), { params: true }).map((symbol) => symbol.name)).toEqual(['filters', 'rate', 'c']);
  });

  it('a binding does not see itself (`h = add(|)`)', () => {
    const text = 'model m {\n  input(shape: [4])\n  a = dense(4)\n  h = add(a, )\n}\n';
    const offset = text.indexOf('a, ') + 3;
    expect(namesBefore(analyzeDocument(text).graph, offset).map((symbol) => symbol.name)).toEqual(['a']);
  });
});

describe('rename', () => {
  const problem = (offset: number, newName: string, at = analysis): string | undefined => {
    const found = symbolAt(at, offset)!;
    return renameProblem(found.symbol, newName, at.symbols, undefined, at.graph);
  };

  it('accepts a free name, and a name only another model uses', () => {
    expect(problem(offsetOf('h', 0), 'skip')).toBeUndefined();
    expect(problem(offsetOf('g', 0), 'x')).toBeUndefined();
    expect(problem(offsetOf('h', 3), 'g')).toBeUndefined();
  });

  it('refuses keywords', () => {
    expect(problem(offsetOf('h', 0), 'from')).toMatch(/^`from` is a keyword and cannot be an output name; keywords are /);
    expect(problem(offsetOf('conv_block', 0), 'block')).toMatch(/^`block` is a keyword and cannot be a block name/);
  });

  it('refuses a name taken in the scope, or in a repeat body nested in it', () => {
    expect(problem(offsetOf('g', 0), 'h')).toBe('`h` is already a name in this model: renaming `g` to it would make its uses read the other one');
    expect(problem(offsetOf('h', 0), 'g')).toBe('`g` is already a name in this model: renaming `h` to it would make its uses read the other one');
  });

  it('refuses a block param or output taking another name of the block body', () => {
    expect(problem(offsetOf('c', 0), 'rate')).toBe(
      '`rate` is already a name in the body of block `conv_block`: renaming `c` to it would make its uses read the other one',
    );
    expect(problem(offsetOf('filters', 0), 'c')).toMatch(/^`c` is already a name in the body of block `conv_block`/);
    expect(problem(offsetOf('filters', 0), 'h')).toBeUndefined();
  });

  it('refuses a catalogue layer name or another block name for a block', () => {
    expect(problem(offsetOf('conv_block', 0), 'dense')).toBe(
      '`dense` is a catalogue layer: a block named so would be called in its place; pick a name no layer has (like `dense_block`)',
    );
    const text = 'block a() {\n  dense(2)\n}\nblock b() {\n  dense(2)\n}\n';
    expect(problem(offsetOf('a', 0, text), 'b', analyzeDocument(text))).toBe('a block named `b` is already declared on line 4');
  });

  it('every place a rename edits: declaration and references', () => {
    const found = symbolAt(analysis, offsetOf('rate', 0))!;
    const graph = asGraphSymbol(found.symbol)!;
    expect([graph.declaration!, ...graph.references].map((identifier) => SPEC.slice(identifier.range.start.offset, identifier.range.end.offset))).toEqual([
      'rate',
      'rate',
      'rate',
    ]);
  });
});
