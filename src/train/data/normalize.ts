/**
 * Per-feature normalisation: fitted on one data set (the training split) and applied to any.
 * Labels are never touched. Browser-safe.
 *
 * The loops run over whole data sets (60,000 MNIST images are 47 million values), so they read
 * rows in place rather than copying them: fitting takes the training rows by index, and
 * {@link normalizedSubset} gathers and scales a split in one pass, where a copy of the rows
 * followed by a scaled copy would write every value twice.
 */
import { featureSize, type Dataset, type Normalization, type NormalizationKind } from './dataset.js';
import { subset } from './split.js';

/** Row `r` of the fit: row `rows[r]` of the data set, or row `r` when no rows are given. */
function rowCount(dataset: Dataset, rows: ArrayLike<number> | undefined): number {
  return rows === undefined ? dataset.count : rows.length;
}

/**
 * Fits normalisation statistics on `train` only, per feature position (each pixel of an image
 * is its own feature), in double precision. With `rows`, fits on those rows of `train` (in that
 * order), exactly as on `subset(train, rows)`, without copying them.
 */
export function fitNormalization(kind: NormalizationKind, train: Dataset, rows?: ArrayLike<number>): Normalization {
  if (kind === 'none') return { kind };
  const width = featureSize(train.featureShape);
  const features = train.features;
  const count = rowCount(train, rows);
  if (kind === 'minmax') {
    // Float64 like the sums below; min and max of float32 values are exact either way.
    const min = new Float64Array(width).fill(Infinity);
    const max = new Float64Array(width).fill(-Infinity);
    for (let row = 0; row < count; row++) {
      const base = (rows === undefined ? row : rows[row]) * width;
      for (let j = 0; j < width; j++) {
        const value = features[base + j];
        if (value < min[j]) min[j] = value;
        if (value > max[j]) max[j] = value;
      }
    }
    // An empty training set leaves ±Infinity; 0..1 keeps the transform the identity then.
    for (let j = 0; j < width; j++) {
      if (min[j] === Infinity) {
        min[j] = 0;
        max[j] = 1;
      }
    }
    return { kind, min: Float32Array.from(min), max: Float32Array.from(max) };
  }
  const mean = new Float64Array(width);
  const squares = new Float64Array(width);
  for (let row = 0; row < count; row++) {
    const base = (rows === undefined ? row : rows[row]) * width;
    for (let j = 0; j < width; j++) mean[j] += features[base + j];
  }
  for (let j = 0; j < width; j++) mean[j] = count > 0 ? mean[j] / count : 0;
  // Two passes (mean, then squared deviations) avoid the cancellation of E[x²] - E[x]².
  for (let row = 0; row < count; row++) {
    const base = (rows === undefined ? row : rows[row]) * width;
    for (let j = 0; j < width; j++) {
      const deviation = features[base + j] - mean[j];
      squares[j] += deviation * deviation;
    }
  }
  const std = squares.map((sum) => (count > 0 ? Math.sqrt(sum / count) : 1));
  return { kind, mean: Float32Array.from(mean), std: Float32Array.from(std) };
}

/** What {@link scaledRows} subtracts and divides by, per feature, in double precision. */
function transformOf(normalization: Exclude<Normalization, { kind: 'none' }>, width: number): { offset: Float64Array; divisor: Float64Array } {
  const offset = new Float64Array(width);
  const divisor = new Float64Array(width);
  for (let j = 0; j < width; j++) {
    if (normalization.kind === 'minmax') {
      offset[j] = normalization.min[j];
      divisor[j] = normalization.max[j] - normalization.min[j];
    } else {
      offset[j] = normalization.mean[j];
      divisor[j] = normalization.std[j];
    }
  }
  return { offset, divisor };
}

/**
 * The rows of `features` (all, or those at `rows`), scaled into a new array: `(x - offset) /
 * divisor` in double precision, rounded once to float32, and 0 for a feature whose divisor is 0.
 */
function scaledRows(normalization: Exclude<Normalization, { kind: 'none' }>, features: Float32Array, width: number, count: number, rows?: ArrayLike<number>) {
  const { offset, divisor } = transformOf(normalization, width);
  const scaled = new Float32Array(count * width);
  for (let row = 0; row < count; row++) {
    const from = (rows === undefined ? row : rows[row]) * width;
    const to = row * width;
    for (let j = 0; j < width; j++) {
      const by = divisor[j];
      scaled[to + j] = by > 0 ? (features[from + j] - offset[j]) / by : 0;
    }
  }
  return scaled;
}

/**
 * Applies fitted statistics to a data set, returning a new one. A constant feature (range or
 * standard deviation 0 in the training split) maps to 0 rather than dividing by zero; values of
 * other splits may fall outside [0, 1] (minmax) since the statistics are the training split's.
 */
export function applyNormalization(normalization: Normalization, dataset: Dataset): Dataset {
  if (normalization.kind === 'none') return dataset;
  const width = featureSize(dataset.featureShape);
  return { ...dataset, features: scaledRows(normalization, dataset.features, width, dataset.count) };
}

/**
 * `applyNormalization(normalization, subset(dataset, rows))`, the same values and fields, in one
 * pass over the rows: the unscaled copy is never made.
 */
export function normalizedSubset(normalization: Normalization, dataset: Dataset, rows: ArrayLike<number>): Dataset {
  if (normalization.kind === 'none') return subset(dataset, rows);
  const width = featureSize(dataset.featureShape);
  return subset(dataset, rows, () => scaledRows(normalization, dataset.features, width, rows.length, rows));
}
