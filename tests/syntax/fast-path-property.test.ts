import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FRONT_LIMITS, frontInput } from '../../fuzz/front-generators.js';
import { Random } from '../../fuzz/random.js';
import { loadSeeds } from '../../fuzz/seeds.js';
import { expectSameParse } from '../support/same-parse.js';

/** Whitespace and comments of every kind the lexer skips, line breaks of the three styles included. */
const blank = fc.constantFrom(
  ' ',
  '  ',
  '\t',
  '\f',
  '\v',
  '\u00a0',
  '\ufeff',
  '\n',
  '\r\n',
  '\r',
  '/**/',
  '/* a\r\n b */',
  '/* \r */',
  '// note\n',
  '// x\r\n',
);
/** Between tokens that would otherwise merge (two words): at least one blank. */
const space = fc.array(blank, { minLength: 1, maxLength: 3 }).map((parts) => parts.join(''));
/** Around punctuation: possibly nothing. */
const gap = fc.array(blank, { maxLength: 2 }).map((parts) => parts.join(''));
/** A line break, possibly inside a comment, so that two properties need no comma. */
const lineBreak = fc.tuple(gap, fc.constantFrom('\n', '\r\n', '\r', '// end\n', '/* a\nb */'), gap).map((parts) => parts.join(''));

const name = fc.constantFrom('x', 'dense', 'relu', 'val_loss', '_a1', 'Data', 'datax', 'model_2', 'on_', 'trainer', 'e', 'E1');
const key = fc.oneof(name, fc.constantFrom('train', 'data', 'true', 'false', 'on', 'from', 'model', 'repeat', 'param', 'study', 'block'));
const numberText = fc.oneof(
  fc.constantFrom('0', '64', '-3', '+2', '0.5', '.5', '-.5', '1.', '1e-4', '2.5E+4', '1.e5', '-0', '00', '5e-324', '1e-400', '1e308', '9007199254740993'),
  fc.integer().map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
);
const stringText = fc.oneof(
  fc.constantFrom('""', '"a b"', '"\\n\\t\\"x\\\\"', '"\\u00e9"', '"\\u{1F600}"', '"é 😀"', '"data/x.csv"', '"\\/"', '"\\0"', '"\\r"'),
  fc.string({ maxLength: 8 }).map((text) => JSON.stringify(text.replace(/[\b\f]/g, ''))),
);

/** `items` joined by `,` with gaps, an optional trailing comma, inside `open`/`close`. */
function separated(items: fc.Arbitrary<string[]>, open: string, close: string): fc.Arbitrary<string> {
  return fc
    .tuple(items, fc.array(gap, { minLength: 8, maxLength: 8 }), fc.boolean())
    .map(
      ([parts, gaps, trailing]) =>
        `${open}${gaps[0]}${parts.map((part, index) => `${part}${gaps[(index % 6) + 1]}`).join(',')}${trailing && parts.length > 0 ? ',' : ''}${gaps[7]}${close}`,
    );
}

const { value } = fc.letrec<{ value: string; list: string; object: string; call: string; arguments: string }>((tie) => ({
  value: fc.oneof(
    { maxDepth: 3, depthSize: 'small' },
    numberText,
    stringText,
    fc.constantFrom('true', 'false'),
    fc.array(name, { minLength: 1, maxLength: 3 }).map((path) => path.join('.')),
    tie('list'),
    tie('object'),
    tie('call'),
  ),
  list: separated(fc.array(tie('value'), { maxLength: 3 }), '[', ']'),
  object: fc
    .array(fc.tuple(key, gap, tie('value'), fc.oneof(fc.constant(','), lineBreak)), { maxLength: 3 })
    .map((entries) => `{ ${entries.map(([entryKey, between, entryValue, after]) => `${entryKey}${between}: ${entryValue}${after}`).join('')}}`),
  call: fc.tuple(name, gap, tie('arguments')).map(([callee, between, args]) => `${callee}${between}${args}`),
  arguments: separated(
    fc.array(
      fc
        .tuple(fc.option(key), gap, tie('value'))
        .map(([argumentKey, between, argument]) => (argumentKey ? `${argumentKey}${between}:${between}${argument}` : argument)),
      { maxLength: 3 },
    ),
    '(',
    ')',
  ),
}));

const layer = fc
  .tuple(
    fc.option(name),
    name,
    gap,
    separated(
      fc.array(
        fc.tuple(fc.option(key), value).map(([k, v]) => (k ? `${k}: ${v}` : v)),
        { maxLength: 3 },
      ),
      '(',
      ')',
    ),
  )
  .map(([binding, callee, between, args]) => `${binding ? `${binding}${between}=${between}` : ''}${callee}${between}${args}`);
const { items } = fc.letrec<{ items: string; item: string }>((tie) => ({
  items: fc.array(fc.tuple(tie('item'), space), { maxLength: 4 }).map((parts) => parts.map(([item, after]) => `${item}${after}`).join('')),
  item: fc.oneof(
    { maxDepth: 2, depthSize: 'small' },
    layer,
    name.map((source) => `from ${source}`),
    fc.tuple(numberText, gap, tie('items')).map(([count, between, body]) => `repeat ${count}${between}{ ${body}}`),
  ),
}));
const properties = fc
  .array(fc.tuple(key, gap, value, fc.oneof(fc.constant(', '), lineBreak)), { maxLength: 4 })
  .map(
    (entries) => `{ ${entries.map(([propertyKey, between, propertyValue, after]) => `${propertyKey}${between}:${between}${propertyValue}${after}`).join('')}}`,
  );
const declaration = fc.oneof(
  fc.tuple(fc.constantFrom('data', 'study'), space, name, gap, properties).map((parts) => parts.join('')),
  fc.tuple(name, gap, items).map(([modelName, between, body]) => `model ${modelName}${between}{ ${body}}`),
  fc
    .tuple(
      name,
      separated(
        fc.array(
          fc.tuple(name, fc.option(value)).map(([param, init]) => (init ? `${param} = ${init}` : param)),
          { maxLength: 3 },
        ),
        '(',
        ')',
      ),
      items,
    )
    .map(([blockName, params, body]) => `block ${blockName}${params} { ${body}}`),
  fc.tuple(name, space, name, gap, properties).map(([model, between, data, after, block]) => `train ${model}${between}on${between}${data}${after}${block}`),
  fc.tuple(name, gap, value).map(([paramName, between, init]) => `param ${paramName}${between}=${between}${init}`),
);
const spec = fc
  .tuple(gap, fc.array(fc.tuple(declaration, space), { maxLength: 4 }))
  .map(([before, parts]) => before + parts.map(([text, after]) => text + after).join(''));

describe('the fast path and the recovering parser agree (property)', () => {
  it('on generated valid specs: every kind of declaration, value, blank and line break', () => {
    let taken = 0;
    fc.assert(
      fc.property(spec, (text) => {
        if (expectSameParse(text)) taken += 1;
      }),
      { numRuns: 300 },
    );
    // The generator writes valid text except for numbers too large (`fc.double` gives 1e308-ish values only rarely).
    expect(taken).toBeGreaterThan(250);
  });

  it("on the fuzz harness's inputs: mutated specs, random strings and byte soups", () => {
    const seeds = loadSeeds();
    const limits = { ...DEFAULT_FRONT_LIMITS, maxRandomLength: 500, maxNameLength: 300, maxDepth: 80 };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        expectSameParse(frontInput(new Random(seed), seeds, limits).text);
      }),
      { numRuns: 300 },
    );
  });
});
