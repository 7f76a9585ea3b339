import { describe, expect, expectTypeOf, it } from 'vitest';
import { collectCodes, defineCodes } from '../../src/diagnostics/codes/define-codes.js';

const range = { family: 'demo', first: 9000, last: 9099 };
const explanation = 'What it means.\n\n```\nmodel m { }\n```\n\nWhat to do.';

describe('defineCodes', () => {
  it('derives the name map, typed by literal, and the info list from one declaration', () => {
    const family = defineCodes(range, {
      first: { code: 'NN9001', title: 'first', severity: 'error', explanation },
      second: { code: 'NN9002', title: 'second', severity: 'warning', explanation, reserved: true },
    });
    expect(family.codes).toEqual({ first: 'NN9001', second: 'NN9002' });
    expectTypeOf(family.codes.first).toEqualTypeOf<'NN9001'>();
    // @ts-expect-error a name that was not declared does not compile
    expect(family.codes.frist).toBeUndefined();
    expect(family.infos).toEqual([
      { code: 'NN9001', title: 'first', severity: 'error', explanation },
      { code: 'NN9002', title: 'second', severity: 'warning', explanation },
    ]);
    expect(family.entries.second.reserved).toBe(true);
    expect(family.range).toEqual(range);
  });

  it('refuses a code outside the family range, naming it and the range', () => {
    expect(() => defineCodes(range, { late: { code: 'NN9100', title: 'late', severity: 'error', explanation } })).toThrow(
      "diagnostic code demo.late (NN9100): outside the demo family's range NN9000-NN9099",
    );
  });

  it('refuses a code declared twice under two names', () => {
    expect(() =>
      defineCodes(range, {
        one: { code: 'NN9005', title: 'one', severity: 'error', explanation },
        two: { code: 'NN9005', title: 'two', severity: 'error', explanation },
      }),
    ).toThrow('diagnostic code demo.two (NN9005): NN9005 is already declared as demo.one');
  });

  it('refuses a malformed code, and an entry without a title or an explanation', () => {
    expect(() => defineCodes(range, { short: { code: 'NN901', title: 'short', severity: 'error', explanation } })).toThrow('a code is NN and four digits');
    expect(() => defineCodes(range, { untitled: { code: 'NN9001', title: ' ', severity: 'error', explanation } })).toThrow(
      'diagnostic code demo.untitled (NN9001): no title',
    );
    expect(() => defineCodes(range, { bare: { code: 'NN9001', title: 'bare', severity: 'error', explanation: '' } })).toThrow(
      'diagnostic code demo.bare (NN9001): no explanation',
    );
  });
});

describe('collectCodes', () => {
  it('merges families in code order', () => {
    const a = defineCodes(range, { b: { code: 'NN9003', title: 'b', severity: 'error', explanation } });
    const b = defineCodes({ family: 'other', first: 9000, last: 9099 }, { a: { code: 'NN9001', title: 'a', severity: 'info', explanation } });
    expect(collectCodes([a, b]).map((info) => info.code)).toEqual(['NN9001', 'NN9003']);
  });

  it('refuses a code two families declare, naming both', () => {
    const a = defineCodes(range, { x: { code: 'NN9001', title: 'x', severity: 'error', explanation } });
    const b = defineCodes({ family: 'other', first: 9000, last: 9099 }, { y: { code: 'NN9001', title: 'y', severity: 'error', explanation } });
    expect(() => collectCodes([a, b])).toThrow('diagnostic code NN9001 is declared by both the demo and the other families');
  });
});
