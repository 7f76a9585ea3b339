/**
 * Every seed nnspec derives, in one place: the data PRNG (xoshiro128** seeded through splitmix32)
 * and its label forks, the layers' initializer and noise seeds (FNV-1a of the spec seed and a
 * label), each noise layer's per-step seeds, and the data-parallel replicas' seeds. Never
 * Math.random, so the same seed gives the same data, weights, masks and batches on every
 * machine. Plain arithmetic: no Node, no TF.js (the front end, the backend and the trainer all
 * import it).
 */

/** splitmix32 step: scrambles a 32-bit state into a well-mixed 32-bit output. */
function splitmix32(state: number): number {
  let z = (state + 0x9e3779b9) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad) >>> 0;
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97) >>> 0;
  return (z ^ (z >>> 15)) >>> 0;
}

const FNV_OFFSET = 0x811c9dc5;

/** FNV-1a hash of `label` from the offset basis `basis` (32-bit, unsigned). */
function fnv1a(basis: number, label: string): number {
  let hash = basis >>> 0;
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
    return new Random(splitmix32((this.seed ^ Math.imul(fnv1a(FNV_OFFSET, label), 0x85ebca6b)) >>> 0));
  }
}

function rotl(value: number, shift: number): number {
  return ((value << shift) | (value >>> (32 - shift))) >>> 0;
}

/** Creates a seeded stream (shorthand for `new Random(seed)`). */
export function createRandom(seed: number): Random {
  return new Random(seed);
}

/**
 * Derives a stable 31-bit seed from the spec seed and a label (FNV-1a started from the seed):
 * each layer's initializers and noise get `deriveSeed(seed, "<layer>/<what>")`, so adding a
 * layer does not change the others' draws.
 */
export function deriveSeed(seed: number, label: string): number {
  return fnv1a(FNV_OFFSET ^ (seed >>> 0), label) % 2147483647;
}

const SEED_STRIDE = 1_000_003;

/** The seed of draw number `step` (from 1) of a noise source seeded with `seed`. */
export function stepSeed(seed: number, step: number): number {
  return (seed * 7919 + step * SEED_STRIDE) % 2147483647;
}

/**
 * The seed replica `index` of a data-parallel run builds its model with: replica 0 (the main
 * thread) keeps the run's seed; replica k > 0 gets its own, fixed run to run, so its dropout and
 * noise masks differ from replica 0's on its different rows. (Initial weights do not depend on
 * it: every replica loads the main thread's.)
 */
export function replicaSeed(seed: number, index: number): number {
  if (index === 0) return seed;
  return createRandom(seed).fork(`trainer/replica-${index}`).int(2147483647);
}

/** The order of the training rows in (1-based) epoch `epoch` for `seed`: depends only on (seed, epoch). */
export function epochPermutation(n: number, seed: number, epoch: number): Int32Array {
  return createRandom(seed).fork('trainer/shuffle').fork(`epoch-${epoch}`).permutation(n);
}
