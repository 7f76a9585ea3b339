/**
 * Seeded randomness for data generation and splitting: xoshiro128** seeded through splitmix32.
 * Never Math.random, so the same seed gives the same data and splits on every machine.
 * Browser-safe (no Node APIs).
 */

/** splitmix32 step: scrambles a 32-bit state into a well-mixed 32-bit output. */
function splitmix32(state: number): number {
  let z = (state + 0x9e3779b9) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad) >>> 0;
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97) >>> 0;
  return (z ^ (z >>> 15)) >>> 0;
}

/** FNV-1a hash of a string, so fork labels map to stable 32-bit numbers. */
function hashLabel(label: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < label.length; index++) {
    hash ^= label.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** A deterministic random stream. */
export class Random {
  /** The seed this stream was created from (forks derive from it, not from the current state). */
  readonly seed: number;
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spareNormal: number | null = null;

  /** Creates a stream; any number is reduced to an unsigned 32-bit seed. */
  constructor(seed: number) {
    this.seed = seed >>> 0;
    // Four successive splitmix32 outputs fill the 128-bit state; it can never be all zero
    // because splitmix32 is a bijection of distinct inputs.
    let state = this.seed;
    state = splitmix32(state);
    this.s0 = state;
    state = splitmix32(state);
    this.s1 = state;
    state = splitmix32(state);
    this.s2 = state;
    state = splitmix32(state);
    this.s3 = state;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** The next raw 32-bit output (xoshiro128**). */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.s1 << 9) >>> 0;
    this.s2 = (this.s2 ^ this.s0) >>> 0;
    this.s3 = (this.s3 ^ this.s1) >>> 0;
    this.s1 = (this.s1 ^ this.s2) >>> 0;
    this.s0 = (this.s0 ^ this.s3) >>> 0;
    this.s2 = (this.s2 ^ t) >>> 0;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A float uniform in [0, 1) with 32 bits of resolution. */
  uniform(): number {
    return this.nextUint32() / 4294967296;
  }

  /** A float uniform in [low, high). */
  range(low: number, high: number): number {
    return low + (high - low) * this.uniform();
  }

  /** A standard normal sample (Box-Muller; the second value of each pair is kept for the next call). */
  normal(): number {
    if (this.spareNormal !== null) {
      const spare = this.spareNormal;
      this.spareNormal = null;
      return spare;
    }
    // 1 - uniform() is in (0, 1], so the logarithm is finite.
    const u1 = 1 - this.uniform();
    const u2 = this.uniform();
    const radius = Math.sqrt(-2 * Math.log(u1));
    const angle = 2 * Math.PI * u2;
    this.spareNormal = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }

  /** An integer uniform in [0, n) for a positive integer `n` below 2^32 (unbiased by rejection). */
  int(n: number): number {
    if (!(n >= 1) || n > 4294967296) throw new RangeError(`Random.int needs 1 <= n <= 2^32, got ${n}`);
    // Reject the top partial bucket so every value is equally likely.
    const limit = 4294967296 - (4294967296 % n);
    let value = this.nextUint32();
    while (value >= limit) value = this.nextUint32();
    return value % n;
  }

  /** Shuffles an array (or typed array) in place with Fisher-Yates; returns it. */
  shuffle<T extends { length: number; [index: number]: unknown }>(array: T): T {
    for (let index = array.length - 1; index > 0; index--) {
      const other = this.int(index + 1);
      const held = array[index];
      array[index] = array[other];
      array[other] = held;
    }
    return array;
  }

  /** A permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    const result = new Int32Array(n);
    for (let index = 0; index < n; index++) result[index] = index;
    return this.shuffle(result);
  }

  /**
   * An independent stream derived from this stream's seed and a label. It depends only on
   * (seed, label), not on how many numbers this stream has produced, so adding a draw in one
   * place never changes the data drawn in another.
   */
  fork(label: string): Random {
    return new Random(splitmix32((this.seed ^ Math.imul(hashLabel(label), 0x85ebca6b)) >>> 0));
  }
}

function rotl(value: number, shift: number): number {
  return ((value << shift) | (value >>> (32 - shift))) >>> 0;
}

/** Creates a seeded stream (shorthand for `new Random(seed)`). */
export function createRandom(seed: number): Random {
  return new Random(seed);
}
