import { describe, expect, it } from 'vitest';
import { format, MAX_FORMAT_INDENT, type FormatOptions } from '../../src/format/index.js';

const text = 'model m {\n  input(shape: [4])\n  dense(3, activation: softmax)\n}\n';
const messy = 'model m { input(shape:[4])\n dense(3,activation:softmax) }\n';

describe('format options', () => {
  it('returns the source unchanged with NN1014 for an indent it cannot use, instead of throwing', () => {
    // Before, -1, Infinity and 1e9 threw a RangeError from String.prototype.repeat.
    for (const indent of [-1, Number.POSITIVE_INFINITY, Number.NaN, 1e9, 2.5, MAX_FORMAT_INDENT + 1]) {
      const result = format(messy, { indent });
      expect(result.value).toBe(messy);
      expect(result.diagnostics).toEqual([
        {
          code: 'NN1014',
          severity: 'error',
          message: `format option \`indent\` must be a whole number from 0 to 16, got ${indent}`,
          range: { start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } },
          help: 'pass e.g. `{ indent: 2 }`, or leave it out for the default; the text was not formatted',
        },
      ]);
    }
  });

  it('reports a bad maxWidth the same way, and each bad option', () => {
    const result = format(messy, { indent: -1, maxWidth: Number.NaN });
    expect(result.value).toBe(messy);
    expect(result.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      'NN1014 format option `indent` must be a whole number from 0 to 16, got -1',
      'NN1014 format option `maxWidth` must be a whole number of at least 1, or Infinity, got NaN',
    ]);
    expect(format(messy, { maxWidth: 0 }).diagnostics.map((d) => d.code)).toEqual(['NN1014']);
    // From JavaScript: a value of the wrong type, or null for the options.
    expect(format(messy, { indent: '4' } as unknown as FormatOptions).diagnostics[0]!.message).toBe(
      'format option `indent` must be a whole number from 0 to 16, got "4"',
    );
    expect(format(messy, null as unknown as FormatOptions)).toEqual({ value: text, diagnostics: [] });
  });

  it('formats with every valid value, from 0 to 16 spaces and an unlimited width', () => {
    expect(format(messy, { indent: 0 }).value).toBe('model m {\ninput(shape: [4])\ndense(3, activation: softmax)\n}\n');
    expect(format(messy, { indent: MAX_FORMAT_INDENT }).value).toBe(
      `model m {\n${' '.repeat(16)}input(shape: [4])\n${' '.repeat(16)}dense(3, activation: softmax)\n}\n`,
    );
    expect(format(messy, { maxWidth: Number.POSITIVE_INFINITY })).toEqual({ value: text, diagnostics: [] });
    expect(format(messy, { maxWidth: 1e9 })).toEqual({ value: text, diagnostics: [] });
  });
});
