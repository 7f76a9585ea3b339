/**
 * Normalisation's loops in JavaScript: what the SIMD kernels of normalize-kernels.ts compute, for
 * engines without WebAssembly SIMD, and the reference the tests hold those kernels to, bit for
 * bit. Row `r` of a pass is row `rows[r]` of `features`, or row `r` when no rows are given.
 * Browser-safe.
 */

const rowStart = (rows: ArrayLike<number> | undefined, row: number, width: number) => (rows === undefined ? row : rows[row]!) * width;

/** Per-feature min and max (a NaN is skipped: `value < min` is false); ±Infinity when there are no rows. */
export function minMaxLoop(features: Float32Array, width: number, count: number, rows?: ArrayLike<number>): { min: Float32Array; max: Float32Array } {
  const min = new Float32Array(width).fill(Infinity);
  const max = new Float32Array(width).fill(-Infinity);
  for (let row = 0; row < count; row++) {
    const base = rowStart(rows, row, width);
    for (let j = 0; j < width; j++) {
      const value = features[base + j]!;
      if (value < min[j]!) min[j] = value;
      if (value > max[j]!) max[j] = value;
    }
  }
  return { min, max };
}

/** Per-feature sums in double precision, row after row. */
export function sumsLoop(features: Float32Array, width: number, count: number, rows?: ArrayLike<number>): Float64Array {
  const sum = new Float64Array(width);
  for (let row = 0; row < count; row++) {
    const base = rowStart(rows, row, width);
    for (let j = 0; j < width; j++) sum[j] += features[base + j]!;
  }
  return sum;
}

/** Per-feature sums of `(x - mean)^2` in double precision, row after row. */
export function squaredDeviationsLoop(features: Float32Array, width: number, count: number, mean: Float64Array, rows?: ArrayLike<number>): Float64Array {
  const squares = new Float64Array(width);
  for (let row = 0; row < count; row++) {
    const base = rowStart(rows, row, width);
    for (let j = 0; j < width; j++) {
      const deviation = features[base + j]! - mean[j]!;
      squares[j] += deviation * deviation;
    }
  }
  return squares;
}

/**
 * The rows scaled into a new array: `(x - offset) / divisor` in double precision, rounded once to
 * float32, and 0 for a feature whose divisor is not above 0.
 */
export function scaledRowsLoop(
  features: Float32Array,
  width: number,
  count: number,
  offset: Float64Array,
  divisor: Float64Array,
  rows?: ArrayLike<number>,
): Float32Array {
  const scaled = new Float32Array(count * width);
  for (let row = 0; row < count; row++) {
    const from = rowStart(rows, row, width);
    const to = row * width;
    for (let j = 0; j < width; j++) {
      const by = divisor[j]!;
      scaled[to + j] = by > 0 ? (features[from + j]! - offset[j]!) / by : 0;
    }
  }
  return scaled;
}
