import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, tokenize } from '../../src/syntax/index.js';
import type { CallValue, LayerNode, ModelDeclaration, RepeatNode, TrainDeclaration, DataDeclaration, Value } from '../../src/syntax/index.js';
import { repoRoot } from '../support/repo-root.js';

function clean(text: string) {
  const result = parse(text);
  expect(result.diagnostics).toEqual([]);
  return result.value;
}

function parseValue(text: string): Value {
  const spec = clean(`train m on d { v: ${text} }`);
  return (spec.declarations[0] as TrainDeclaration).properties[0]!.value!;
}

describe('declarations', () => {
  it('parses data, model and train declarations in any order with names and ranges', () => {
    const spec = clean('train m on d {\n  epochs: 3\n}\nmodel m {\n  dense(3)\n}\ndata d { source: builtin.iris }\n');
    expect(spec.declarations.map((declaration) => declaration.kind)).toEqual(['train', 'model', 'data']);
    const train = spec.declarations[0] as TrainDeclaration;
    expect(train.model?.name).toBe('m');
    expect(train.data?.name).toBe('d');
    expect(train.data?.range.start).toEqual({ offset: 11, line: 1, column: 12 });
    expect(train.keywordRange.end).toEqual({ offset: 5, line: 1, column: 6 });
    expect(train.range.end).toEqual({ offset: 28, line: 3, column: 2 });
    const model = spec.declarations[1] as ModelDeclaration;
    expect(model.name?.range.start).toMatchObject({ line: 4, column: 7 });
    const data = spec.declarations[2] as DataDeclaration;
    expect(data.properties[0]!.key.name).toBe('source');
  });

  it('parses layers with positional and named arguments, repeat blocks and empty calls', () => {
    const spec = clean('model m {\n  input(shape: [64])\n  repeat 2 {\n    dense(128, activation: relu)\n    dropout(0.3)\n  }\n  flatten()\n}');
    const model = spec.declarations[0] as ModelDeclaration;
    expect(model.items.map((item) => item.kind)).toEqual(['layer', 'repeat', 'layer']);
    const repeat = model.items[1] as RepeatNode;
    expect(repeat.count?.value).toBe(2);
    const dense = repeat.body[0] as LayerNode;
    expect(dense.name.name).toBe('dense');
    expect(dense.args.map((arg) => arg.name?.name)).toEqual([undefined, 'activation']);
    expect(dense.args[1]!.range.start).toMatchObject({ line: 4, column: 16 });
    expect(dense.argsRange.start).toMatchObject({ line: 4, column: 10 });
    expect((model.items[2] as LayerNode).args).toEqual([]);
  });

  it('accepts trailing commas and optional commas between properties across line breaks', () => {
    const spec = clean('train m on d {\n  a: [1, 2,],\n  b: f(1, x: 2,)\n  c: { p: 1\n q: 2, }\n}');
    const train = spec.declarations[0] as TrainDeclaration;
    expect(train.properties.map((property) => property.key.name)).toEqual(['a', 'b', 'c']);
  });

  it('allows keywords as property keys (split: { train: 0.6 })', () => {
    const data = clean('data d { split: { train: 0.6, validation: 0.2, test: 0.2 } }').declarations[0] as DataDeclaration;
    const split = data.properties[0]!.value;
    expect(split?.kind).toBe('object');
    expect(split?.kind === 'object' && split.entries.map((entry) => entry.key.name)).toEqual(['train', 'validation', 'test']);
  });
});

describe('values', () => {
  it('reads numbers as one literal, sign and exponent included, keeping the raw text', () => {
    expect(parseValue('-2.5e-3')).toMatchObject({ kind: 'number', value: -0.0025, raw: '-2.5e-3' });
    expect(parseValue('1e-4')).toMatchObject({ kind: 'number', value: 0.0001, raw: '1e-4' });
    expect(parseValue('.5')).toMatchObject({ kind: 'number', value: 0.5 });
    expect(parseValue('64')).toMatchObject({ kind: 'number', value: 64 });
  });

  it('resolves string escapes and keeps the literal', () => {
    expect(parseValue('"a\\"b\\\\c\\n\\u00e9\\u{1F600}"')).toMatchObject({ kind: 'string', value: 'a"b\\c\né😀', raw: '"a\\"b\\\\c\\n\\u00e9\\u{1F600}"' });
  });

  it('reads booleans, names, dotted names, lists and objects', () => {
    expect(parseValue('true')).toMatchObject({ kind: 'boolean', value: true });
    expect(parseValue('relu')).toMatchObject({ kind: 'name', name: 'relu' });
    const dotted = parseValue('builtin.digits');
    expect(dotted).toMatchObject({ kind: 'name', name: 'builtin.digits' });
    expect(dotted.kind === 'name' && dotted.path.map((segment) => segment.name)).toEqual(['builtin', 'digits']);
    expect(parseValue('[1, [2], {a: 3}]')).toMatchObject({ kind: 'list', items: [{ kind: 'number' }, { kind: 'list' }, { kind: 'object' }] });
  });

  it('reads calls with dotted callees and positional and named arguments', () => {
    const call = parseValue('synthetic.spirals(1500, noise: 0.2)') as CallValue;
    expect(call.kind).toBe('call');
    expect(call.callee.name).toBe('synthetic.spirals');
    expect(call.args.map((arg) => [arg.name?.name, arg.value?.kind])).toEqual([
      [undefined, 'number'],
      ['noise', 'number'],
    ]);
    expect(call.argsRange.start.column).toBe(36);
  });
});

describe('comments and tokens', () => {
  it('keeps line and block comments with their ranges', () => {
    const spec = clean('// head\nmodel m { /* inner */ dense(1) } // tail\n');
    expect(spec.comments.map((comment) => [comment.kind, comment.text, comment.range.start.line, comment.range.start.column])).toEqual([
      ['line-comment', '// head', 1, 1],
      ['block-comment', '/* inner */', 2, 11],
      ['line-comment', '// tail', 2, 34],
    ]);
  });

  it('tokenizes keywords, names, numbers, strings, comments and punctuation', () => {
    expect(tokenize('model m { x: "s" } // c').map((token) => token.kind)).toEqual([
      'keyword',
      'name',
      'punctuation',
      'name',
      'punctuation',
      'string',
      'punctuation',
      'comment',
    ]);
  });

  it('parses every spec in specs/ without a diagnostic', () => {
    const files = readdirSync(path.join(repoRoot, 'specs')).filter((file) => file.endsWith('.nn'));
    expect(files.length).toBeGreaterThanOrEqual(7);
    for (const file of files) expect(parse(readFileSync(path.join(repoRoot, 'specs', file), 'utf8')).diagnostics, file).toEqual([]);
  });
});
