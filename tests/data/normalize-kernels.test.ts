import { describe, expect, it } from 'vitest';
import { minMaxLoop, scaledRowsLoop, squaredDeviationsLoop, sumsLoop } from '../../src/train/data/normalize-loops.js';
import { minMaxOf, normalizeKernelsAvailable, scaledRowsOf, squaredDeviationsOf, sumsOf } from '../../src/train/data/normalize-kernels.js';

/** Seeded values with the awkward ones mixed in: NaN, ±Infinity, -0, huge and tiny magnitudes. */
function awkward(count: number, seed: number): Float32Array {
  const out = new Float32Array(count);
  let s = seed >>> 0;
  const special = [Number.NaN, Infinity, -Infinity, -0, 0, 3.4e38, -1.2e-38, 255];
  for (let i = 0; i < count; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s % 97 === 0 ? special[s % special.length]! : (s / 2 ** 32) * 510 - 255;
  }
  return out;
}

/** Bit patterns, so that NaN equals NaN and -0 differs from 0. */
const bits = (values: Float32Array | Float64Array): string[] =>
  values instanceof Float32Array
    ? Array.from(new Uint32Array(values.buffer, values.byteOffset, values.length), String)
    : Array.from(new BigUint64Array(values.buffer, values.byteOffset, values.length), String);

describe('normalisation kernels (wasm/normalize.c) against the JavaScript loops, bit for bit', () => {
  it('run on this engine', () => {
    expect(normalizeKernelsAvailable()).toBe(true);
  });

  // Widths with and without vector remainders; MNIST's 784; counts across several chunks (4 MB each).
  for (const [width, count] of [
    [1, 50],
    [3, 41],
    [7, 1000],
    [784, 1400],
    [6000, 200],
  ] as const) {
    for (const withRows of [false, true]) {
      it(`width ${width}, ${count} rows${withRows ? ' taken by index' : ''}`, () => {
        const features = awkward(width * count, width * 31 + count);
        // A constant column and a column of one NaN among constants, where the width allows.
        for (let r = 0; r < count; r++) if (width > 2) features[r * width + 1] = 7;
        const rows = withRows ? Int32Array.from({ length: Math.floor(count * 0.8) }, (_, i) => (i * 7919) % count) : undefined;
        const n = rows ? rows.length : count;

        const kernel = minMaxOf(features, width, n, rows);
        const loop = minMaxLoop(features, width, n, rows);
        expect(bits(kernel.min)).toEqual(bits(loop.min));
        expect(bits(kernel.max)).toEqual(bits(loop.max));

        const sums = sumsOf(features, width, n, rows);
        expect(bits(sums)).toEqual(bits(sumsLoop(features, width, n, rows)));
        const mean = sums.map((sum) => sum / n);
        expect(bits(squaredDeviationsOf(features, width, n, mean, rows))).toEqual(bits(squaredDeviationsLoop(features, width, n, mean, rows)));

        // Offsets and divisors as a min-max fit makes them, with a zero, a negative and a NaN divisor.
        const offset = Float64Array.from(loop.min, (v) => (Number.isFinite(v) ? v : 0));
        const divisor = Float64Array.from({ length: width }, (_, j) => (Number.isFinite(loop.max[j]! - loop.min[j]!) ? loop.max[j]! - loop.min[j]! : 3));
        divisor[0] = width > 1 ? 0 : divisor[0]!;
        if (width > 3) [divisor[2], divisor[3]] = [-2, Number.NaN];
        const scaled = scaledRowsOf(features, width, n, offset, divisor, rows);
        expect(scaled.length).toBe(n * width);
        expect(bits(scaled)).toEqual(bits(scaledRowsLoop(features, width, n, offset, divisor, rows)));
      });
    }
  }

  it('no rows: min and max stay ±Infinity, sums 0, nothing scaled', () => {
    const { min, max } = minMaxOf(new Float32Array(0), 5, 0);
    expect(Array.from(min)).toEqual([Infinity, Infinity, Infinity, Infinity, Infinity]);
    expect(Array.from(max)).toEqual([-Infinity, -Infinity, -Infinity, -Infinity, -Infinity]);
    expect(Array.from(sumsOf(new Float32Array(0), 5, 0))).toEqual([0, 0, 0, 0, 0]);
    expect(scaledRowsOf(new Float32Array(0), 5, 0, new Float64Array(5), new Float64Array(5).fill(1)).length).toBe(0);
  });
});
