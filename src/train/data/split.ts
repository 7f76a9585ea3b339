/**
 * Seeded train/validation/test splitting, plain or stratified, and taking subsets of a data set.
 * Browser-safe.
 */
import type { Random } from '../../util/seeds.js';
import { featureSize, type Dataset } from './dataset.js';

/** Fractions of the examples for each split. Their sum is at most 1. */
export interface SplitFractions {
  train: number;
  validation: number;
  /** 0 when the test set is a separate data set. */
  test: number;
}

/** Example indices of each split, each in a random order. */
export interface SplitIndices {
  train: Int32Array;
  validation: Int32Array;
  test: Int32Array;
}

/** Tolerance for fractions that add up to 1 in decimal but not in binary (0.7 + 0.2 + 0.1). */
const SUM_TOLERANCE = 1e-9;

/**
 * How many examples each split gets out of `count`: validation and test are rounded to the
 * nearest whole number; train takes the rest when the fractions add up to 1, else its own
 * rounded share.
 */
export function splitSizes(count: number, fractions: SplitFractions): SplitFractions {
  const validation = Math.round(count * fractions.validation);
  const test = Math.round(count * fractions.test);
  const sum = fractions.train + fractions.validation + fractions.test;
  const rest = Math.max(0, count - validation - test);
  const train = sum >= 1 - SUM_TOLERANCE ? rest : Math.min(rest, Math.round(count * fractions.train));
  return { train, validation, test };
}

/**
 * Splits `total` into whole shares of the available counts, proportional to them, by largest
 * remainder (ties go to the lower class index), never giving a class more than it has.
 */
export function allocate(available: readonly number[], total: number): number[] {
  const sum = available.reduce((a, b) => a + b, 0);
  if (sum === 0 || total <= 0) return available.map(() => 0);
  const target = Math.min(total, sum);
  const exact = available.map((count) => (count * target) / sum);
  const shares = exact.map((value, k) => Math.min(available[k], Math.floor(value)));
  let missing = target - shares.reduce((a, b) => a + b, 0);
  const order = exact.map((_value, k) => k).sort((a, b) => exact[b] - Math.floor(exact[b]) - (exact[a] - Math.floor(exact[a])) || a - b);
  // Normally one pass suffices; more only when capped classes leave a deficit.
  while (missing > 0) {
    let progressed = false;
    for (const k of order) {
      if (missing === 0) break;
      if (shares[k] < available[k]) {
        shares[k]++;
        missing--;
        progressed = true;
      }
    }
    if (!progressed) break;
  }
  return shares;
}

/** Groups example indices by class label, each group shuffled. */
function shuffledGroups(labels: ArrayLike<number>, indices: ArrayLike<number>, classCount: number, random: Random): number[][] {
  const groups: number[][] = Array.from({ length: classCount }, () => []);
  for (let position = 0; position < indices.length; position++) groups[labels[indices[position]]].push(indices[position]);
  for (const group of groups) random.shuffle(group);
  return groups;
}

/**
 * Splits `count` examples. With `classCount` (stratified), each split gets each class in
 * proportion to its share of the whole; sizes are those of {@link splitSizes}.
 */
export function splitIndices(labels: ArrayLike<number>, fractions: SplitFractions, classCount: number | null, random: Random): SplitIndices {
  const count = labels.length;
  const sizes = splitSizes(count, fractions);
  if (classCount === null) {
    const order = random.permutation(count);
    return {
      validation: order.slice(0, sizes.validation),
      test: order.slice(sizes.validation, sizes.validation + sizes.test),
      train: order.slice(sizes.validation + sizes.test, sizes.validation + sizes.test + sizes.train),
    };
  }
  const all = Array.from({ length: count }, (_, index) => index);
  const groups = shuffledGroups(labels, all, classCount, random);
  const taken = groups.map(() => 0);
  const take = (total: number): Int32Array => {
    const shares = allocate(
      groups.map((group, k) => group.length - taken[k]),
      total,
    );
    const picked: number[] = [];
    shares.forEach((share, k) => {
      picked.push(...groups[k].slice(taken[k], taken[k] + share));
      taken[k] += share;
    });
    // Interleave the classes: a split in class order would make unshuffled batches one-class.
    return random.shuffle(Int32Array.from(picked));
  };
  const validation = take(sizes.validation);
  const test = take(sizes.test);
  const train = take(sizes.train);
  return { train, validation, test };
}

/** Keeps `limit` of the given indices: a class-proportional subset when `classCount` is given, else the first ones. */
export function limitIndices(indices: Int32Array, labels: ArrayLike<number>, limit: number, classCount: number | null, random: Random): Int32Array {
  if (limit >= indices.length) return indices;
  if (classCount === null) return indices.slice(0, limit);
  const groups = shuffledGroups(labels, indices, classCount, random);
  const shares = allocate(
    groups.map((group) => group.length),
    limit,
  );
  const picked: number[] = [];
  shares.forEach((share, k) => picked.push(...groups[k].slice(0, share)));
  return random.shuffle(Int32Array.from(picked));
}

/** Row `indices[r]` of `features` as row `r` of a new array. */
function gatherRows(features: Float32Array, width: number, indices: ArrayLike<number>): Float32Array {
  const gathered = new Float32Array(indices.length * width);
  for (let row = 0; row < indices.length; row++) {
    const source = indices[row];
    gathered.set(features.subarray(source * width, (source + 1) * width), row * width);
  }
  return gathered;
}

/**
 * The examples at `indices`, copied into a new data set. `features` makes the new features
 * instead of a plain copy of the rows (normalisation scales them on the way: `normalizedSubset`).
 */
export function subset(dataset: Dataset, indices: ArrayLike<number>, features?: () => Float32Array): Dataset {
  const width = featureSize(dataset.featureShape);
  const labels = new Float32Array(indices.length);
  for (let row = 0; row < indices.length; row++) labels[row] = dataset.labels[indices[row]];
  const sourceRows = Int32Array.from(indices, (index) => dataset.sourceRows?.[index] ?? index);
  // The table (raw columns) describes the whole data set's rows, not the subset's: leave it out.
  const { table: _wholeTable, ...rest } = dataset;
  return {
    ...rest,
    featureShape: [...dataset.featureShape],
    features: features ? features() : gatherRows(dataset.features, width, indices),
    labels,
    count: indices.length,
    sourceRows,
  };
}
