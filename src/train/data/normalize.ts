/**
 * Per-feature normalisation: fitted on one data set (the training split) and applied to any.
 * Labels are never touched. Browser-safe.
 *
 * The passes run over whole data sets (60,000 MNIST images are 47 million values): in
 * WebAssembly SIMD where the engine has it (normalize-kernels.ts, several times faster), else in
 * the JavaScript loops of normalize-loops.ts, with the same bits either way. Fitting takes the
 * training rows by index, and {@link normalizedSubset} gathers and scales a split in one pass, so
 * no unscaled copy of a split is ever made.
 */
import { featureSize, type Dataset, type Normalization, type NormalizationKind } from './dataset.js';
import { minMaxLoop, scaledRowsLoop, squaredDeviationsLoop, sumsLoop } from './normalize-loops.js';
import { minMaxOf, normalizeKernelsAvailable, scaledRowsOf, squaredDeviationsOf, sumsOf } from './normalize-kernels.js';
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
  const simd = width > 0 && normalizeKernelsAvailable();
  if (kind === 'minmax') {
    // Min and max of float32 values are float32 values: exact in either precision.
    const { min, max } = simd ? minMaxOf(features, width, count, rows) : minMaxLoop(features, width, count, rows);
    // An empty training set leaves ±Infinity; 0..1 keeps the transform the identity then.
    for (let j = 0; j < width; j++) {
      if (min[j] === Infinity) {
        min[j] = 0;
        max[j] = 1;
      }
    }
    return { kind, min, max };
  }
  const mean = simd ? sumsOf(features, width, count, rows) : sumsLoop(features, width, count, rows);
  for (let j = 0; j < width; j++) mean[j] = count > 0 ? mean[j]! / count : 0;
  // Two passes (mean, then squared deviations) avoid the cancellation of E[x²] - E[x]².
  const squares = simd ? squaredDeviationsOf(features, width, count, mean, rows) : squaredDeviationsLoop(features, width, count, mean, rows);
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

/** The rows of `features` (all, or those at `rows`), scaled into a new array (see {@link scaledRowsLoop}). */
function scaledRows(normalization: Exclude<Normalization, { kind: 'none' }>, features: Float32Array, width: number, count: number, rows?: ArrayLike<number>) {
  const { offset, divisor } = transformOf(normalization, width);
  return width > 0 && normalizeKernelsAvailable()
    ? scaledRowsOf(features, width, count, offset, divisor, rows)
    : scaledRowsLoop(features, width, count, offset, divisor, rows);
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
