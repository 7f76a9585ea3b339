import { describe, expect, it } from 'vitest';
import { Random } from '../../src/util/seeds.js';

describe('Random', () => {
  it('is deterministic per seed and differs across seeds', () => {
    const a = new Random(42);
    const b = new Random(42);
    const c = new Random(43);
    const seqA = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.nextUint32())).not.toEqual(seqA);
  });

  it('uniform is in [0, 1) with mean ~0.5 and variance ~1/12', () => {
    const random = new Random(1);
    const n = 50_000;
    let sum = 0;
    let squares = 0;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const u = random.uniform();
      if (!(u >= 0 && u < 1)) outside++;
      sum += u;
      squares += u * u;
    }
    const mean = sum / n;
    expect(outside).toBe(0);
    expect(mean).toBeCloseTo(0.5, 2);
    expect(squares / n - mean * mean).toBeCloseTo(1 / 12, 2);
  });

  it('normal has mean ~0 and std ~1', () => {
    const random = new Random(7);
    const n = 50_000;
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < n; i++) {
      const x = random.normal();
      sum += x;
      squares += x * x;
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.02);
    expect(Math.sqrt(squares / n)).toBeCloseTo(1, 1);
  });

  it('int(n) covers 0..n-1 evenly', () => {
    const random = new Random(3);
    const counts = [0, 0, 0, 0, 0, 0, 0];
    for (let i = 0; i < 70_000; i++) counts[random.int(7)]++;
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(400);
  });

  it('shuffle is an in-place permutation and seeded', () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const shuffled = new Random(5).shuffle([...items]);
    expect([...shuffled].sort((x, y) => x - y)).toEqual(items);
    expect(shuffled).not.toEqual(items);
    expect(new Random(5).shuffle([...items])).toEqual(shuffled);
  });

  it('fork depends on seed and label only, not on draws made before', () => {
    const a = new Random(9);
    const b = new Random(9);
    b.uniform();
    b.normal();
    expect(a.fork('split').nextUint32()).toBe(b.fork('split').nextUint32());
    expect(a.fork('split').nextUint32()).not.toBe(a.fork('limit').nextUint32());
    expect(a.fork('split').nextUint32()).not.toBe(a.nextUint32());
  });
});
