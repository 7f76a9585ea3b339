import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { format } from '../../src/format/index.js';
import { astShape } from '../support/ast-shape.js';
import { parse } from '../../src/syntax/index.js';
import { checkSource } from '../../src/check/index.js';
import { lower } from '../../src/lower/index.js';
import { repoRoot } from '../support/repo-root.js';

const specFiles = readdirSync(path.join(repoRoot, 'specs')).filter((file) => file.endsWith('.nn'));
const specs = specFiles.map((file) => readFileSync(path.join(repoRoot, 'specs', file), 'utf8'));

const shape = astShape;

describe('format', () => {
  it('prints the canonical style: spacing, one item per line, blank lines between declarations', () => {
    const input =
      'data d {source:builtin.iris split:{train:0.8,validation:0.2}}\nmodel m {input(shape:[4]) dense( 8 , activation : relu ,) repeat 2 {dense(4) dropout(0.1)}}';
    const fixed = input.replace('builtin.iris split', 'builtin.iris, split');
    expect(format(fixed)).toEqual({
      value: [
        'data d {',
        '  source: builtin.iris',
        '  split: { train: 0.8, validation: 0.2 }',
        '}',
        '',
        'model m {',
        '  input(shape: [4])',
        '  dense(8, activation: relu)',
        '  repeat 2 {',
        '    dense(4)',
        '    dropout(0.1)',
        '  }',
        '}',
        '',
      ].join('\n'),
      diagnostics: [],
    });
  });

  it('keeps comments where they were: own-line, trailing, inside bodies, at the end', () => {
    const input = '// head\n\n\nmodel m { // the model\n  input(shape:[4])   // first\n\n\n  /* block */\n  dense(3)\n  // last words\n}\n// tail\n';
    expect(format(input).value).toBe(
      '// head\n\nmodel m { // the model\n  input(shape: [4]) // first\n\n  /* block */\n  dense(3)\n  // last words\n}\n\n// tail\n',
    );
  });

  it('breaks long calls, lists and objects one entry per line with trailing commas', () => {
    const long =
      'train m on d {\n  early_stopping: { monitor: val_loss, patience: 20, min_delta: 0.00001, restore_best_weights: true, start_from_epoch: 5 }\n}\n';
    expect(format(long).value).toBe(
      'train m on d {\n  early_stopping: {\n    monitor: val_loss,\n    patience: 20,\n    min_delta: 0.00001,\n    restore_best_weights: true,\n    start_from_epoch: 5,\n  }\n}\n',
    );
  });

  it('keeps numbers and strings as written', () => {
    expect(format('train m on d { lr: 1e-3, x: 0.50, s: "a\\tb" }').value).toBe('train m on d {\n  lr: 1e-3\n  x: 0.50\n  s: "a\\tb"\n}\n');
  });

  it('leaves a file with syntax errors untouched and returns the diagnostics', () => {
    const broken = 'model m {\n  dense(3\n}\n';
    const result = format(broken);
    expect(result.value).toBe(broken);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['NN1006']);
  });

  it.each(specFiles)('specs/%s is already formatted', (file) => {
    const text = specs[specFiles.indexOf(file)]!;
    expect(format(text).value).toBe(text);
  });
});

/** Random valid specs built from the language's constructs. */
const name = fc.constantFrom('a', 'mlp', 'digits', 'x_1');
const scalar = fc.oneof(fc.constantFrom('0.5', '1e-3', '-2', '64', '"s"', 'true', 'relu', 'builtin.digits'), fc.integer({ min: 0, max: 999 }).map(String));
const value: fc.Arbitrary<string> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, scalar, tie('list'), tie('object'), tie('call')),
  list: fc.array(tie('value'), { maxLength: 4 }).map((items) => `[${items.join(', ')}]`),
  object: fc.array(fc.tuple(name, tie('value')), { maxLength: 4 }).map((entries) => `{ ${entries.map(([k, v]) => `${k}: ${v}`).join(', ')} }`),
  call: fc.tuple(name, fc.array(tie('value'), { maxLength: 3 })).map(([callee, args]) => `${callee}(${args.join(', ')})`),
})).value as fc.Arbitrary<string>;
const comment = fc.constantFrom('', ' // note', ' /* b */');
const layer = fc.tuple(name, fc.array(value, { maxLength: 3 }), comment).map(([layerName, args, c]) => `  ${layerName}(${args.join(', ')})${c}`);
const declaration = fc.oneof(
  fc.tuple(name, fc.array(layer, { maxLength: 5 })).map(([n, layers]) => `model ${n} {\n${layers.join('\n')}\n}`),
  fc
    .tuple(name, fc.array(fc.tuple(name, value, comment), { maxLength: 5 }))
    .map(([n, props]) => `data ${n} {\n${props.map(([k, v, c]) => `  ${k}: ${v}${c}`).join('\n')}\n}`),
);
const spec = fc
  .tuple(fc.array(declaration, { maxLength: 4 }), fc.constantFrom('\n', '\n\n', '\n// between\n'))
  .map(([declarations, separator]) => `${declarations.join(separator)}\n`);

describe('format properties', () => {
  it('is idempotent and keeps the parse tree, on specs/ and on generated specs', () => {
    for (const text of specs) expect(format(format(text).value).value).toBe(format(text).value);
    fc.assert(
      fc.property(spec, (text) => {
        expect(parse(text).diagnostics).toEqual([]);
        const once = format(text).value;
        expect(format(once).value).toBe(once);
        expect(shape(once)).toEqual(shape(text));
        expect(parse(once).value.comments.map((c) => c.text)).toEqual(parse(text).value.comments.map((c) => c.text));
      }),
      { numRuns: 300 },
    );
  });

  it('formatted specs check to the same IR', () => {
    for (const text of specs) {
      const before = lower(checkSource(text).value).value;
      const after = lower(checkSource(format(text).value).value).value;
      const withoutSources = (documents: unknown): unknown =>
        JSON.parse(
          JSON.stringify(documents, (key, v: unknown) =>
            key === 'sourceSpan' || (key === 'source' && v !== null && typeof v === 'object' && 'start' in v) ? undefined : v,
          ),
        );
      expect(withoutSources(after)).toEqual(withoutSources(before));
    }
  });
});
