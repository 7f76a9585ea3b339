/**
 * Per-feature normalisation: fitted on one data set (the training split) and applied to any.
 * Labels are never touched. Browser-safe.
 */
import { featureSize, type Dataset, type Normalization, type NormalizationKind } from './dataset.js';

/**
 * Fits normalisation statistics on `train` only, per feature position (each pixel of an image
 * is its own feature), in double precision.
 */
export function fitNormalization(kind: NormalizationKind, train: Dataset): Normalization {
  if (kind === 'none') return { kind };
  const width = featureSize(train.featureShape);
  const { features, count } = train;
  if (kind === 'minmax') {
    const min = new Float64Array(width).fill(Infinity);
    const max = new Float64Array(width).fill(-Infinity);
    for (let row = 0; row < count; row++) {
      for (let j = 0; j < width; j++) {
        const value = features[row * width + j];
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
  for (let row = 0; row < count; row++) for (let j = 0; j < width; j++) mean[j] += features[row * width + j];
  for (let j = 0; j < width; j++) mean[j] = count > 0 ? mean[j] / count : 0;
  // Two passes (mean, then squared deviations) avoid the cancellation of E[x²] - E[x]².
  for (let row = 0; row < count; row++) {
    for (let j = 0; j < width; j++) {
      const deviation = features[row * width + j] - mean[j];
      squares[j] += deviation * deviation;
    }
  }
  const std = squares.map((sum) => (count > 0 ? Math.sqrt(sum / count) : 1));
  return { kind, mean: Float32Array.from(mean), std: Float32Array.from(std) };
}

/**
 * Applies fitted statistics to a data set, returning a new one. A constant feature (range or
 * standard deviation 0 in the training split) maps to 0 rather than dividing by zero; values of
 * other splits may fall outside [0, 1] (minmax) since the statistics are the training split's.
 */
export function applyNormalization(normalization: Normalization, dataset: Dataset): Dataset {
  if (normalization.kind === 'none') return dataset;
  const width = featureSize(dataset.featureShape);
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
  const features = new Float32Array(dataset.features.length);
  for (let row = 0; row < dataset.count; row++) {
    for (let j = 0; j < width; j++) {
      const at = row * width + j;
      features[at] = divisor[j] > 0 ? (dataset.features[at] - offset[j]) / divisor[j] : 0;
    }
  }
  return { ...dataset, features };
}
