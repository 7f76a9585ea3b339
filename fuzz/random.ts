/**
 * A small seeded random source for the fuzz harness: the same seed gives the same inputs on
 * every machine and Node version (no `Math.random`), so a failure found by a run is replayed by
 * its seed and index alone.
 */

/** A deterministic random source (mulberry32: 32 bits of state, plenty for input generation). */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max] (both included). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** A length skewed towards small values (most inputs short, a few long): `max * u^3`. */
  size(max: number): number {
    return Math.floor(max * this.next() ** 3);
  }
}

/**
 * The seed of input `index` of a run seeded `seed`: each input gets its own stream, so input
 * 1234 of seed 7 is generated without generating the 1233 before it.
 */
export function inputSeed(seed: number, index: number): number {
  let h = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(index >>> 0, 0x85ebca77)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}
