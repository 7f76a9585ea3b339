/**
 * The Alea generator of the seedrandom package, as TF.js's `tf.randomUniform(shape, 0, 1,
 * 'float32', seed)` draws from it (`seedrandom.alea(String(seed))`), so the fused training step
 * draws exactly the dropout masks that `SeededDropout` draws through TF.js (a test holds the two
 * to the same floats). Plain arithmetic, browser-safe.
 */

/** seedrandom's Mash hash: the state it returns is carried across calls. */
function mash(): (data: string) => number {
  let n = 0xefc8249d;
  return (data) => {
    for (let i = 0; i < data.length; i++) {
      n += data.charCodeAt(i);
      let h = 0.02519603282416938 * n;
      n = h >>> 0;
      h -= n;
      h *= n;
      n = h >>> 0;
      h -= n;
      n += h * 0x100000000; // 2^32
    }
    return (n >>> 0) * 2.3283064365386963e-10; // 2^-32
  };
}

/** Alea's state after seeding: three fractions and a carry. */
export interface AleaState {
  s0: number;
  s1: number;
  s2: number;
  c: number;
}

/** Alea's state after seeding with `seed`'s text (its Mash hash; the draws follow from it). */
export function seeded(seed: string): AleaState {
  const hash = mash();
  let s0 = hash(' ');
  let s1 = hash(' ');
  let s2 = hash(' ');
  s0 -= hash(seed);
  if (s0 < 0) s0 += 1;
  s1 -= hash(seed);
  if (s1 < 0) s1 += 1;
  s2 -= hash(seed);
  if (s2 < 0) s2 += 1;
  return { s0, s1, s2, c: 1 };
}

/** A uniform stream in [0, 1), the same numbers as `seedrandom.alea(seed)()`. */
export function alea(seed: string): () => number {
  let { s0, s1, s2, c } = seeded(seed);
  return () => {
    const t = 2091639 * s0 + c * 2.3283064365386963e-10;
    s0 = s1;
    s1 = s2;
    c = t | 0;
    s2 = t - c;
    return s2;
  };
}

/**
 * Writes an inverted-dropout mask into `out`: `scale` where TF.js's seeded uniform draw, stored
 * as float32, is at least `rate`, else 0 (`SeededDropout`'s `keep * (1 / (1 - rate))`).
 */
export function dropoutMask(out: Float32Array, seed: number, rate: number): void {
  const threshold = Math.fround(rate);
  const scale = Math.fround(1 / (1 - rate));
  // alea()'s generator inlined: a mask is tens of thousands of draws per step.
  let { s0, s1, s2, c } = seeded(seed.toString());
  for (let i = 0; i < out.length; i++) {
    const t = 2091639 * s0 + c * 2.3283064365386963e-10;
    s0 = s1;
    s1 = s2;
    c = t | 0;
    s2 = t - c;
    out[i] = Math.fround(s2) >= threshold ? scale : 0;
  }
}

/**
 * Writes TF.js's `tf.randomNormal(shape, mean, stdDev, 'float32', seed)` values into `out`: the
 * Marsaglia polar method on the same Alea stream, as tfjs-core's `MPRandGauss` draws them (two
 * values per accepted pair, the second kept for the next call).
 */
export function gaussianNoise(out: Float32Array, seed: number, mean: number, stdDev: number): void {
  const next = alea(seed.toString());
  let spare = Number.NaN;
  for (let i = 0; i < out.length; i++) {
    if (!Number.isNaN(spare)) {
      out[i] = spare;
      spare = Number.NaN;
      continue;
    }
    let v1: number;
    let v2: number;
    let s: number;
    do {
      v1 = 2 * next() - 1;
      v2 = 2 * next() - 1;
      s = v1 * v1 + v2 * v2;
    } while (s >= 1 || s === 0);
    const mul = Math.sqrt((-2.0 * Math.log(s)) / s);
    out[i] = mean + stdDev * v1 * mul;
    spare = mean + stdDev * v2 * mul;
  }
}
