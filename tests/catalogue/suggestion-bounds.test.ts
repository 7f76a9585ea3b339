import { describe, expect, it } from 'vitest';
import { boundedDistance, closeMatches, MAX_SUGGESTED_NAME_LENGTH, MAX_SUGGESTION_CELLS, suggest } from '../../src/catalogue/catalogue.js';
import { defaultCatalogueView } from '../../src/catalogue/index.js';

const catalogue = defaultCatalogueView();

describe('bounded edit distance', () => {
  it('is exact within the limit, counting a swap of neighbours as one typo', () => {
    expect(boundedDistance('dnese', 'dense', 1).distance).toBe(1);
    expect(boundedDistance('kitten', 'sitting', 3).distance).toBe(3);
    expect(boundedDistance('', 'ab', 2).distance).toBe(2);
    expect(boundedDistance('abc', 'abc', 1).distance).toBe(0);
  });

  it('says `limit + 1` past the limit, without comparing strings whose lengths differ by more', () => {
    expect(boundedDistance('kitten', 'sitting', 2).distance).toBe(3);
    expect(boundedDistance('x'.repeat(1_000_000), 'dense', 10)).toEqual({ distance: 11, cells: 0 });
  });

  it('fills only the band around the diagonal: at most (2 * limit + 1) cells a row', () => {
    const a = 'ab'.repeat(100_000);
    const b = 'ba'.repeat(100_000);
    const { distance, cells } = boundedDistance(a, b, 2);
    expect(distance).toBe(2);
    expect(cells).toBeLessThanOrEqual(5 * a.length);
  });

  it('stops at the first row where every cell is past the limit', () => {
    const { distance, cells } = boundedDistance('a'.repeat(1_000_000), 'b'.repeat(1_000_000), 3);
    expect(distance).toBe(4);
    // Row 4 is the first whose every cell exceeds 3: 4 rows of at most 7 cells.
    expect(cells).toBeLessThanOrEqual(4 * 7);
  });
});

describe('bounded did you mean', () => {
  it('suggests nothing for a name longer than any real name', () => {
    const long = 'dense'.repeat(200_000);
    expect(suggest(long, catalogue.layerNames)).toBeUndefined();
    expect(closeMatches(long, [long], 3)).toEqual([]);
    expect(suggest('d'.repeat(MAX_SUGGESTED_NAME_LENGTH + 1), ['d'.repeat(MAX_SUGGESTED_NAME_LENGTH)])).toBeUndefined();
    // Up to the cap, a long name is still matched (a third of its length in typos).
    expect(suggest(`${'d'.repeat(MAX_SUGGESTED_NAME_LENGTH - 1)}x`, ['d'.repeat(MAX_SUGGESTED_NAME_LENGTH)])).toBe('d'.repeat(MAX_SUGGESTED_NAME_LENGTH));
  });

  it('stops comparing after a fixed number of cells over a long candidate list', () => {
    // 20,000 candidates as long as the name, all past the limit only at their end: each costs a full band.
    const name = 'c'.repeat(99);
    const candidates = Array.from({ length: 20_000 }, (_, index) => `${'c'.repeat(60)}${String(index).padStart(39, 'z')}`);
    const typo = `${'c'.repeat(98)}x`;
    candidates.push(typo);
    // The close candidate comes after the budget is spent, so it is not found: the work is what is bounded.
    expect(closeMatches(name, candidates, 3)).toEqual([]);
    expect(closeMatches(name, candidates.slice(-100), 3)).toEqual([typo]);
    expect(MAX_SUGGESTION_CELLS).toBe(1_000_000);
  });
});

describe('closeMatches count', () => {
  it('takes max as a count: none for a negative or NaN one, all for Infinity', () => {
    const candidates = ['dense', 'dens', 'denser'];
    expect(closeMatches('dense', candidates, -1)).toEqual([]);
    expect(closeMatches('dense', candidates, Number.NaN)).toEqual([]);
    expect(closeMatches('dense', candidates, 1.5)).toEqual(['dense']);
    expect(closeMatches('dense', candidates, Number.POSITIVE_INFINITY)).toEqual(['dense', 'denser', 'dens']);
  });
});
