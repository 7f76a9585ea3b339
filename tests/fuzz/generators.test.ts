import { describe, expect, it } from 'vitest';
import { generateInput, signatureOf, sizeOf } from '../../fuzz/campaign.js';
import { DEFAULT_DATA_LIMITS, gzipBomb, idxBytes } from '../../fuzz/data-generators.js';
import { DEFAULT_FRONT_LIMITS, frontInput } from '../../fuzz/front-generators.js';
import { Random, inputSeed } from '../../fuzz/random.js';
import { loadSeeds } from '../../fuzz/seeds.js';
import { gunzipSync } from 'node:zlib';

const seeds = loadSeeds();
const front = { ...DEFAULT_FRONT_LIMITS, maxNameLength: 2000 };
const data = { ...DEFAULT_DATA_LIMITS, bombBytes: 1024 * 1024 };

describe('the seeded random source', () => {
  it('gives the same stream for the same seed and another for another seed', () => {
    const draw = (seed: number) =>
      Array.from(
        { length: 5 },
        (
          (random) => () =>
            random.int(0, 1_000_000)
        )(new Random(seed)),
      );
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
    // Pinned (mulberry32's first draw for seed 1): a change of the generator changes every recorded seed's inputs, so it must be deliberate.
    expect(new Random(1).next()).toBeCloseTo(0.6270739405881613, 12);
  });

  it('derives independent per-input seeds from the run seed and the index', () => {
    expect(inputSeed(16, 3)).toBe(inputSeed(16, 3));
    const seen = new Set(Array.from({ length: 1000 }, (_, index) => inputSeed(16, index)));
    expect(seen.size).toBe(1000);
  });
});

describe('the generators are deterministic', () => {
  it('gives the same front-end input for the same seed and index, whatever was generated before', () => {
    const again = generateInput('front', 16, 41, seeds, front, data);
    for (let index = 0; index < 41; index++) generateInput('front', 16, index, seeds, front, data);
    expect(generateInput('front', 16, 41, seeds, front, data)).toEqual(again);
    const texts = new Set(Array.from({ length: 50 }, (_, index) => JSON.stringify(generateInput('front', 16, index, seeds, front, data))));
    expect(texts.size).toBeGreaterThan(45);
  });

  it('gives the same data files for the same seed and index', () => {
    for (const index of [0, 5, 17, 33]) {
      const a = generateInput('data', 16, index, seeds, front, data);
      const b = generateInput('data', 16, index, seeds, front, data);
      expect(b).toEqual(a);
    }
  });

  it('makes every kind of front-end input over a few hundred draws', () => {
    const kinds = new Set(Array.from({ length: 300 }, (_, index) => frontInput(new Random(inputSeed(3, index)), seeds, front).kind));
    expect([...kinds].sort()).toEqual(['byte-soup', 'mutated-spec', 'random-string']);
  });

  it('makes CSV and IDX cases of many kinds, each file within its limits', () => {
    const kinds = new Set<string>();
    for (let index = 0; index < 300; index++) {
      const input = generateInput('data', 5, index, seeds, front, data);
      kinds.add(input.kind.split('+')[0]!);
      expect(sizeOf(input)).toBeLessThan(8 * 1024 * 1024);
    }
    for (const kind of ['csv:valid', 'csv:ragged', 'csv:nan-inf', 'csv:quotes', 'idx:lying-dims', 'idx:nan-inf', 'idx:wrong-magic', 'idx:gzip-bomb'])
      expect(kinds).toContain(kind);
  });
});

describe('data file builders', () => {
  it('builds a gzip bomb that expands to the asked size of the unit repeated, after its header', () => {
    const bomb = gzipBomb(new TextEncoder().encode('1,2\n'), 4 * 1024 * 1024, new TextEncoder().encode('a,b\n'));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const expanded = gunzipSync(bomb);
    expect(expanded.length).toBe(4 + 4 * 1024 * 1024);
    expect(new TextDecoder().decode(expanded.subarray(0, 12))).toBe('a,b\n1,2\n1,2\n');
  });

  it('writes IDX headers big-endian with the element type and dimension count', () => {
    expect(Array.from(idxBytes(0x08, [2, 1], [7, 9]))).toEqual([0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 1, 7, 9]);
    expect(Array.from(idxBytes(0x0d, [1], [Number.NaN]).subarray(8))).toEqual([0x7f, 0xc0, 0, 0]);
  });
});

describe('failure signatures', () => {
  it('group failures that differ only in numbers, quoted parts and code points', () => {
    const a = signatureOf('front', { property: 'render-escapes', stage: 'render', message: 'raw U+001b in terminal output near "abc"' });
    const b = signatureOf('front', { property: 'render-escapes', stage: 'render', message: 'raw U+0007 in terminal output near "x\\"y\\"z"' });
    expect(a).toBe(b);
    expect(signatureOf('data', { property: 'hang', stage: 'worker', message: 'no answer within 10 ms' })).toBe('data/hang/worker: no answer within # ms');
  });
});
