import { describe, expect, it } from 'vitest';
import { parse } from '../../src/syntax/index.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';

/** `CODE line:col message` of each diagnostic. */
function brief(text: string): string[] {
  return parse(text).diagnostics.map((d: Diagnostic) => `${d.code} ${d.range.start.line}:${d.range.start.column} ${d.message}`);
}

describe("syntax errors: one diagnostic at the right place, in the user's words", () => {
  it('reports a missing `)` at the end of the line, with a label on the opener', () => {
    const [diagnostic] = parse('model m {\n  dense(64, activation: relu\n  dense(10)\n}').diagnostics;
    expect(diagnostic).toMatchObject({ code: 'NN1006', message: 'expected `)` to close the arguments of `dense`' });
    expect(diagnostic!.range.start).toEqual({ offset: 38, line: 2, column: 29 });
    expect(diagnostic!.labels?.[0]).toMatchObject({ message: '`(` opened here', range: { start: { line: 2, column: 8 } } });
  });

  it('reports a missing `}` before the next declaration, not at the end of the file', () => {
    expect(brief('model m {\n  dense(3)\n\ndata d { source: builtin.iris }\n')).toEqual(['NN1006 2:11 expected `}` to close the body of model `m`']);
  });

  it('reports a missing value where it was expected', () => {
    expect(brief('train m on d {\n  epochs:\n}')).toEqual(['NN1005 2:10 expected a value such as 0.5, relu or [64], found `}`']);
  });

  it('names what was expected: `on`, `:`, a name', () => {
    expect(brief('train m d { epochs: 3 }')).toEqual(['NN1009 1:9 expected `on`, found `d`']);
    expect(brief('train m on d { epochs 3 }')).toEqual(['NN1009 1:23 expected `:`, found the number `3`']);
    expect(brief('model { dense(1) }')).toEqual(['NN1008 1:7 expected a name, found `{`']);
  });

  it('rejects something that is not a declaration at the top level', () => {
    expect(brief('modle m { dense(1) }')).toEqual(['NN1007 1:1 expected a declaration: `data`, `model`, `block`, `train`, `param` or `study`, found `modle`']);
  });

  it('explains a property written inside a model body', () => {
    const [diagnostic] = parse('model m {\n  units: 64\n}').diagnostics;
    expect(diagnostic).toMatchObject({ code: 'NN1009', message: 'expected `(` after the layer name `units`, found `:`' });
    expect(diagnostic!.range.start).toMatchObject({ line: 2, column: 8 });
    expect(diagnostic!.help).toContain('dense(units: 64)');
  });

  it('rejects a value where a layer should be', () => {
    expect(brief('model m {\n  64\n}')[0]).toBe('NN1011 2:3 expected a layer such as `dense(64)` or a `repeat` block, found the number `64`');
  });

  it('requires commas between arguments and between properties on one line', () => {
    expect(brief('model m { dense(64 activation: relu) }')).toEqual(['NN1004 1:19 expected `,` between arguments, found `activation`']);
    expect(brief('model m { input(shape: [8 8]) }')).toEqual(['NN1004 1:26 expected `,` between list items, found the number `8`']);
    const [diagnostic] = parse('train m on d { epochs: 3 batch_size: 4 }').diagnostics;
    expect(diagnostic).toMatchObject({ code: 'NN1004', message: 'expected `,` between entries on one line' });
    expect(diagnostic!.range.start.column).toBe(25);
    expect(diagnostic!.fixes?.[0]?.edits[0]?.newText).toBe(',');
  });

  it('reports lexical errors: stray characters, unterminated strings and comments, bad escapes', () => {
    expect(brief('model m { dense(1) } # note')[0]).toBe('NN1001 1:22 unexpected character `#`');
    expect(brief('data d { source: csv("x.csv, label: "y") }')).toContain('NN1002 1:39 unterminated string');
    expect(brief('model m { dense(1) }\n/* open')).toEqual(['NN1003 2:1 unterminated block comment']);
    expect(brief('data d { source: csv("a\\qb") }')).toEqual(['NN1010 1:24 unknown escape `\\q` in a string']);
  });

  it('keeps parsing after an error, so later declarations and their errors are reported', () => {
    const result = parse('model a {\n  dense(3\n}\nmodel b {\n  dense(4)\n}\ntrain b on d { epochs 2 }\n');
    expect(result.diagnostics.map((d) => `${d.code} ${d.range.start.line}`)).toEqual(['NN1006 2', 'NN1009 7']);
    expect(result.value.declarations.map((declaration) => declaration.kind)).toEqual(['model', 'model', 'train']);
    expect(result.value.declarations[1]).toMatchObject({ kind: 'model', name: { name: 'b' } });
  });
});

describe('pathological input', () => {
  it('reports nesting deeper than 64 brackets instead of overflowing the stack', () => {
    const text = `model m { input(shape: ${'['.repeat(5000)}${']'.repeat(5000)}) }`;
    const result = parse(text);
    const deep = result.diagnostics.find((d) => d.code === 'NN1012')!;
    expect(deep.message).toBe('brackets nested more than 64 deep');
    expect(deep.range.start.column).toBe(24 + 62); // `{` and `(` are the first two levels
  });
});

describe('numbers too large to represent (NN1013)', () => {
  it('reports a literal past the largest double at the literal, with help', () => {
    const [diagnostic, ...rest] = parse('train m on d {\n  optimizer: adam(learning_rate: 1e309)\n}').diagnostics;
    expect(rest).toEqual([]);
    expect(diagnostic).toMatchObject({
      code: 'NN1013',
      severity: 'error',
      message: 'number `1e309` is too large',
      range: { start: { line: 2, column: 34 }, end: { line: 2, column: 39 } },
      label: 'not a finite number',
      help: 'numbers are 64-bit floats, at most about 1.8e308 in size; write a smaller number',
    });
  });

  it('covers negative literals and long digit strings, naming a long one by its length', () => {
    expect(brief('model m { dense(-1e999) }')).toEqual(['NN1013 1:17 number `-1e999` is too large']);
    expect(brief(`model m { dense(${'9'.repeat(400)}) }`)).toEqual(['NN1013 1:17 a number of 400 characters is too large']);
    // The largest finite double and an underflow to 0 are numbers.
    expect(brief('model m { dense(1.7976931348623157e308, x: 1e-400) }')).toEqual([]);
  });

  it('leaves the value unread, so later stages stay quiet about it: a list holding one too', () => {
    const spec = parse('model m {\n  input(shape: [4, 1e309])\n  repeat 1e999 { dense(8) }\n}').value;
    const model = spec.declarations[0]!;
    expect(model.kind === 'model' && model.items[0]!.kind === 'layer' && model.items[0]!.args[0]!.value).toBeUndefined();
    expect(model.kind === 'model' && model.items[1]!.kind === 'repeat' && model.items[1]!.count).toBeUndefined();
  });
});
