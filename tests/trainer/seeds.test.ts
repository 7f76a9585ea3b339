/** The seeding module (src/util/seeds.ts): the code moved there must draw exactly what it drew before. */
import { describe, expect, it } from 'vitest';
import { createRandom, deriveSeed, epochPermutation, replicaSeed, stepSeed } from '../../src/util/seeds.js';

/** deriveSeed as src/backend/layers.ts wrote it before issue 12 (FNV-1a started from the seed). */
function deriveSeedBefore(seed: number, label: string): number {
  let hash = 0x811c9dc5 ^ (seed >>> 0);
  for (let index = 0; index < label.length; index++) {
    hash ^= label.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % 2147483647;
}

describe('seeds', () => {
  it('derives the same layer seeds as before', () => {
    const random = createRandom(99);
    for (let i = 0; i < 500; i++) {
      const seed = random.int(2 ** 32);
      const label = `layer_${random.int(1000)}/kernel_initializer${'é'.repeat(random.int(3))}`;
      expect(deriveSeed(seed, label)).toBe(deriveSeedBefore(seed, label));
    }
    expect(deriveSeed(42, 'dense_1/kernel_initializer')).toBe(deriveSeedBefore(42, 'dense_1/kernel_initializer'));
  });

  it('draws the same data, forks and shuffles as before (values from the old src/train/random.ts)', () => {
    expect(Array.from(epochPermutation(10, 7, 1))).toEqual([9, 4, 8, 5, 3, 7, 6, 2, 0, 1]);
    expect(createRandom(123).fork('x').nextUint32()).toBe(655936757);
    expect(createRandom(5).normal()).toBe(-0.7702523936183906);
  });

  it('keeps the run seed for replica 0 and gives each other replica its own, fixed seed', () => {
    expect(replicaSeed(7, 0)).toBe(7);
    const others = [1, 2, 3].map((index) => replicaSeed(7, index));
    expect(new Set([7, ...others]).size).toBe(4);
    expect([1, 2, 3].map((index) => replicaSeed(7, index))).toEqual(others);
    for (const seed of others) expect(seed).toBeLessThan(2147483647);
  });

  it('gives each noise draw its own seed', () => {
    expect(stepSeed(11, 1)).not.toBe(stepSeed(11, 2));
    expect(stepSeed(11, 1)).toBe((11 * 7919 + 1_000_003) % 2147483647);
  });
});
