// Issue 11: `param` lines and `study` blocks in the canonical layout.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { format } from '../../src/format/index.js';
import { parse } from '../../src/syntax/index.js';

describe('formatting params and studies', () => {
  it('keeps consecutive param lines together, and a blank line where the source had one', () => {
    const input = 'param rate=0.5\nparam units = [64,128]\n\n\nparam act = relu\nmodel m {\n  input(shape:[4])\n  dropout(rate)\n}\nparam late = 1\n';
    expect(format(input)).toEqual({
      value: 'param rate = 0.5\nparam units = [64, 128]\n\nparam act = relu\n\nmodel m {\n  input(shape: [4])\n  dropout(rate)\n}\n\nparam late = 1\n',
      diagnostics: [],
    });
  });

  it('keeps comments between and after param lines without adding blank lines', () => {
    const input = 'param a = 1 // the first\n// about b\nparam b = 2 /* b */\n\n// about c, apart\nparam c = 3\n';
    expect(format(input).value).toBe(input);
  });

  it('formats a study block as other property blocks: spacing, one option per line, comments and blank lines kept', () => {
    const input =
      'study  dropout{train:mlp\n  grid:{rate:[0,0.1,0.3,0.5],units:[64,128]} // the grid\n\n\n  seeds:[3,7,11]\n  // stop early\n  prune:median(after:10)}\n';
    expect(format(input).value).toBe(
      'study dropout {\n  train: mlp\n  grid: { rate: [0, 0.1, 0.3, 0.5], units: [64, 128] } // the grid\n\n  seeds: [3, 7, 11]\n  // stop early\n  prune: median(after: 10)\n}\n',
    );
  });

  it('breaks a long random object one domain per line', () => {
    const input =
      'study search {\n  random: { learning_rate: log_uniform(1e-4, 1e-1), units: choice(64, 128, 256, 512), dropout_rate: uniform(0, 0.5) }\n  trials: 20\n}\n';
    expect(format(input).value).toBe(
      'study search {\n  random: {\n    learning_rate: log_uniform(1e-4, 1e-1),\n    units: choice(64, 128, 256, 512),\n    dropout_rate: uniform(0, 0.5),\n  }\n  trials: 20\n}\n',
    );
  });

  it('is idempotent and keeps the parse tree and comments on generated params and studies', () => {
    const name = fc.constantFrom('rate', 'lr', 'units', 'x_1');
    const scalar = fc.constantFrom('0.5', '1e-3', '-2', '64', 'relu', 'true', '[0, 0.1]', 'choice(1, 2)');
    const comment = fc.constantFrom('', ' // note', ' /* b */');
    const param = fc.tuple(name, scalar, comment).map(([n, v, c]) => `param ${n} =${v}${c}`);
    const study = fc
      .tuple(name, fc.array(fc.tuple(name, fc.array(scalar, { maxLength: 4 })), { maxLength: 3 }), fc.integer({ min: 1, max: 9 }), comment)
      .map(
        ([n, grid, seeds, c]) => `study ${n} {${c}\n  grid: { ${grid.map(([k, values]) => `${k}: [${values.join(',')}]`).join(', ')} }\n  seeds: ${seeds}\n}`,
      );
    const separator = fc.constantFrom('\n', '\n\n', '\n// between\n');
    const spec = fc
      .array(fc.tuple(fc.oneof(param, study), separator), { minLength: 1, maxLength: 6 })
      .map((parts) => parts.map(([text, gap]) => text + gap).join(''));
    const strip = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(strip);
      if (value === null || typeof value !== 'object') return value;
      return Object.fromEntries(
        Object.entries(value)
          .filter(([key]) => !key.endsWith('ange') && key !== 'comments')
          .map(([key, child]) => [key, strip(child)]),
      );
    };
    fc.assert(
      fc.property(spec, (text) => {
        expect(parse(text).diagnostics).toEqual([]);
        const once = format(text).value;
        expect(format(once).value).toBe(once);
        expect(strip(parse(once).value)).toEqual(strip(parse(text).value));
        expect(parse(once).value.comments.map((c) => c.text)).toEqual(parse(text).value.comments.map((c) => c.text));
      }),
      { numRuns: 200 },
    );
  });
});
