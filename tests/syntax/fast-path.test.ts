import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FRONT_CORPUS } from '../../fuzz/corpus.js';
import { loadSeeds } from '../../fuzz/seeds.js';
import { SYNTAX_CODE } from '../../src/diagnostics/codes/syntax-codes.js';
import { MAX_NESTING, parse } from '../../src/syntax/index.js';
import type { TrainDeclaration } from '../../src/syntax/index.js';
import { parseValidSpec } from '../../src/syntax/fast-parser.js';
import { repoRoot } from '../support/repo-root.js';
import { expectSameParse } from '../support/same-parse.js';

/** The fenced code blocks without a language or marked `nn` of one Markdown file. */
function codeBlocksOf(file: string): string[] {
  const blocks: string[] = [];
  for (const match of readFileSync(file, 'utf8').matchAll(/^```(\w*)\n([\s\S]*?)^```/gm)) {
    if (match[1] === '' || match[1] === 'nn') blocks.push(match[2]!);
  }
  return blocks;
}

/** Every Markdown file under `folder`. */
function markdownFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(folder, entry.name);
    if (entry.isDirectory()) return markdownFiles(file);
    return entry.name.endsWith('.md') ? [file] : [];
  });
}

describe('the fast path builds the same AST as the recovering parser', () => {
  it('on every spec of specs/ (all valid, all taken by the fast path)', () => {
    const folder = path.join(repoRoot, 'specs');
    const files = readdirSync(folder).filter((file) => file.endsWith('.nn'));
    expect(files.length).toBeGreaterThanOrEqual(10);
    for (const file of files) expect(expectSameParse(readFileSync(path.join(folder, file), 'utf8')), file).toBe(true);
  });

  it('on every code block of docs/ and the README, valid or not', () => {
    const files = [...markdownFiles(path.join(repoRoot, 'docs')), path.join(repoRoot, 'README.md')];
    const blocks = files.flatMap(codeBlocksOf);
    const taken = blocks.filter((block) => expectSameParse(block));
    expect(blocks.length).toBeGreaterThan(50);
    expect(taken.length).toBeGreaterThan(20);
  });

  it("on the fuzz harness's seeds and its corpus of hostile inputs", () => {
    const seeds = loadSeeds();
    expect(seeds.filter((seed) => expectSameParse(seed)).length).toBeGreaterThan(10);
    for (const input of FRONT_CORPUS) expectSameParse(input.text);
  });
});

const VALID_EDGE_CASES: Record<string, string> = {
  'an empty file': '',
  'only whitespace': ' \t\n\r\n\r\f\v\u00a0 ',
  'only a line comment, no final line break': '// nothing yet',
  'only a block comment': '/* nothing\n yet */',
  'a byte order mark': '\ufeffmodel m { dense(1) }\n',
  'CRLF line endings': 'data d {\r\n  source: builtin.iris\r\n  normalize: minmax\r\n}\r\nmodel m {\r\n  dense(3) // out\r\n}\r\n',
  'lone CR line endings': 'data d {\r  a: 1\r  b: 2\r}\r',
  tabs: 'model m {\n\tdense(3,\tactivation: relu)\n\t\tdropout(0.5)\n}',
  'string escapes': 'train m on d { a: "q\\"uote", b: "back\\\\slash", c: "\\n\\t\\r\\/\\0", d: "\\u00e9\\u{1F600}", e: "é 😀 中文", f: "" }',
  numbers: 'train m on d { v: [1e-4, .5, -.5, +2, -3, 1., 2.5E+4, 1.e5, -0, 00, 5e-324, 1e-400, 1e308, 1.7976931348623157e308, 9007199254740993] }',
  'keywords as property and argument keys':
    'data d { split: { train: 0.6, data: 1, true: 2, on: 3, from: 4, model: 5, param: 6, study: 7, block: 8, repeat: 9, false: 10 } }\nmodel m { f(model: 1, false: 2, on: x) }',
  'names that start with a keyword': 'model model_1 { datax(on2: trueish, falsey: repeat_) }\ntrain model_1 on data2 { fromage: blocks }',
  'trailing commas and empty brackets': 'block b(x, y = [1, 2,],) { f(x,) g() }\nmodel m { h([], {}, [[],],) }\ntrain m on d { a: {}, b: [], }',
  'params, studies, blocks, bindings and from': `param width = 64
param rates = [0.1, 0.2]
block res(filters, rate = 0.1) {
  h = dense(filters)
  dropout(rate)
  from h
  out = add(h)
}
model m {
  input(shape: [8])
  a = res(16)
  repeat 2 { res(filters: 8, rate: 0.2) repeat 1 { dense(width) } }
  from a
}
study s { grid: { width: [32, 64] }, trials: 4 }
train m on d { optimizer: adam(learning_rate: 1e-3), early_stopping: { monitor: val_loss } }
`,
  'dotted names and calls': 'data d { source: synthetic.spirals(samples: 10), other: a.b.c(1), plain: builtin.digits }',
  'properties split by line breaks in comments': 'train m on d { a: 1 /* one\n */ b: 2 // two\n c: 3\n}',
  // The AST builder's comma check skips a property that touches the one before: no NN1004 here, as before.
  'two properties on one line, touching': 'train m on d { a: f(1)b: 2, c: [1]d: "x"e: 3 }',
  'a comment on the last line without a line break': 'model m { dense(1) } /* end */ // really',
  'unusual line terminators inside a line comment': 'model m { dense(1) } // a\u2028b\u2029c\u0085d\n',
  [`brackets nested ${MAX_NESTING} deep`]: `train m on d { v: ${'['.repeat(MAX_NESTING - 1)}1${']'.repeat(MAX_NESTING - 1)} }`,
};

describe('edge cases the fast path takes, with the same AST', () => {
  for (const [name, text] of Object.entries(VALID_EDGE_CASES)) {
    it(`takes ${name}`, () => {
      expect(expectSameParse(text)).toBe(true);
    });
  }

  it('gives every node the exact range of its text (CRLF, tabs and a byte order mark counted)', () => {
    const spec = parseValidSpec('\ufeff// c\r\ntrain m on d {\r\n\ta: [1, "x"]\r\n}')!;
    const train = spec.declarations[0] as TrainDeclaration;
    expect(train.keywordRange).toEqual({ start: { offset: 7, line: 2, column: 1 }, end: { offset: 12, line: 2, column: 6 } });
    const property = train.properties[0]!;
    expect(property.range).toEqual({ start: { offset: 24, line: 3, column: 2 }, end: { offset: 35, line: 3, column: 13 } });
    expect(property.value).toMatchObject({
      kind: 'list',
      items: [
        { kind: 'number', value: 1, raw: '1' },
        { kind: 'string', value: 'x', raw: '"x"' },
      ],
    });
    expect(train.range.end).toEqual({ offset: 38, line: 4, column: 2 });
    expect(spec.comments).toEqual([
      { kind: 'line-comment', text: '// c', range: { start: { offset: 1, line: 1, column: 2 }, end: { offset: 5, line: 1, column: 6 } } },
    ]);
    expect(spec.range.end).toEqual({ offset: 38, line: 4, column: 2 });
  });
});

const INVALID_CASES: Record<string, string> = {
  'two properties on one line without a comma': 'train m on d { a: 1 b: 2 }',
  'two properties split by a one-line block comment': 'train m on d { a: 1 /* x */ b: 2 }',
  'an unknown escape': 'data d { path: "a\\qb" }',
  'a number too large for a double': 'train m on d { optimizer: adam(learning_rate: 1e309) }',
  'a huge repeat count': 'model m { repeat 1e999 { dense(1) } }',
  'an unterminated string': 'data d { path: "abc\n}',
  'a backslash before a line separator in a string': 'data d { path: "a\\\u2028" }',
  'an unterminated block comment': 'model m { dense(1) } /* open',
  'a character no token starts with': 'model m { dense(64) # note\n}',
  'a lone sign': 'train m on d { a: - }',
  'a missing comma between arguments': 'model m { dense(1 2) }',
  'a layer without parentheses': 'model m { dense }',
  'an unclosed body': 'data d {',
  'a keyword after a dot': 'data d { source: builtin.true }',
  'a keyword as a declaration name': 'model data { dense(1) }',
  'a keyword as a value': 'train m on d { a: model }',
  'a number as an argument key': 'model m { f(1: 2) }',
  'a doubled comma in a list': 'train m on d { a: [1,,2] }',
  'a comma alone in a block': 'train m on d { , }',
  'a comma between layers': 'model m { dense(1), dense(2) }',
  'a call of a call': 'data d { source: a.b(1)(2) }',
  'a stray closer at the top level': 'model m { dense(1) } }',
  'a number where a name is expected after a dot': 'train m on d { a: x.5 }',
  [`brackets nested ${MAX_NESTING + 1} deep`]: `train m on d { v: ${'['.repeat(MAX_NESTING)}1${']'.repeat(MAX_NESTING)} }`,
};

describe('invalid text falls back to the recovering parser, with the same diagnostics as before', () => {
  for (const [name, text] of Object.entries(INVALID_CASES)) {
    it(`falls back on ${name}`, () => {
      expect(expectSameParse(text)).toBe(false);
      expect(parse(text).diagnostics.length).toBeGreaterThan(0);
    });
  }

  it('reports a missing comma between properties at the gap, with its fix', () => {
    const [diagnostic] = parse('train m on d { a: 1 b: 2 }').diagnostics;
    expect(diagnostic).toMatchObject({ code: SYNTAX_CODE.missingComma, message: 'expected `,` between entries on one line' });
    expect(diagnostic!.range).toEqual({ start: { offset: 19, line: 1, column: 20 }, end: { offset: 19, line: 1, column: 20 } });
    expect(diagnostic!.fixes).toEqual([{ title: 'insert `,`', edits: [{ range: diagnostic!.range, newText: ',' }] }]);
  });

  it('reports an unknown escape and a number too large at their text', () => {
    const badEscape = parse('data d { path: "a\\qb" }').diagnostics;
    expect(badEscape).toEqual([expect.objectContaining({ code: SYNTAX_CODE.badEscape, message: 'unknown escape `\\q` in a string' })]);
    expect(badEscape[0]!.range.start).toEqual({ offset: 17, line: 1, column: 18 });
    const large = parse('train m on d { a: 1e309 }').diagnostics;
    expect(large).toEqual([expect.objectContaining({ code: SYNTAX_CODE.numberOutOfRange, message: 'number `1e309` is too large' })]);
    expect(large[0]!.range).toEqual({ start: { offset: 18, line: 1, column: 19 }, end: { offset: 23, line: 1, column: 24 } });
  });

  it(`reports brackets nested past ${MAX_NESTING} as NN1012`, () => {
    const codes = parse(INVALID_CASES[`brackets nested ${MAX_NESTING + 1} deep`]!).diagnostics.map((diagnostic) => diagnostic.code);
    expect(codes).toContain(SYNTAX_CODE.nestingTooDeep);
  });
});
