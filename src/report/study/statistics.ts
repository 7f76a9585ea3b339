/**
 * The statistics of a study report: mean, sample standard deviation, median, and a 95%
 * confidence interval of a mean with Student's t over n values (n - 1 degrees of freedom).
 */
import { tQuantile } from './t-distribution.js';

/** The confidence level of every interval in a study report. */
export const CONFIDENCE = 0.95;

/** Mean, spread and 95% CI of some values: the `summary` entries of a study report. */
export interface FigureStats {
  /** How many values (trials, or paired seeds) it is over. */
  n: number;
  /** Null for n = 0. */
  mean: number | null;
  /** Sample standard deviation (divides by n - 1); null for n < 2. */
  std: number | null;
  /** The 95% confidence interval of the mean, `[mean - halfWidth, mean + halfWidth]`; null for n < 2. */
  ci95: [number, number] | null;
  /** t(0.975, n - 1) · std / √n; null for n < 2. */
  halfWidth: number | null;
}

/** The arithmetic mean; NaN for no values. */
export function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** The sample standard deviation (n - 1 in the denominator); NaN for fewer than 2 values. */
export function sampleStd(values: readonly number[]): number {
  if (values.length < 2) return NaN;
  const center = mean(values);
  return Math.sqrt(values.reduce((sum, value) => sum + (value - center) ** 2, 0) / (values.length - 1));
}

/** The median (the mean of the middle two for an even count); null for no values. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The two-sided 95% quantile of Student's t with `df` degrees of freedom: 12.706 for 1, 2.776 for 4. */
export function tCritical(df: number): number {
  return tQuantile(1 - (1 - CONFIDENCE) / 2, df);
}

/**
 * The mean of `values` with its 95% confidence interval (Student's t, n - 1 df). Non-finite
 * values are left out (they are not measurements). One value has a mean but no interval.
 */
export function describeValues(values: readonly number[]): FigureStats {
  const kept = values.filter((value) => Number.isFinite(value));
  const n = kept.length;
  if (n === 0) return { n, mean: null, std: null, ci95: null, halfWidth: null };
  const center = mean(kept);
  if (n === 1) return { n, mean: center, std: null, ci95: null, halfWidth: null };
  const std = sampleStd(kept);
  const halfWidth = (tCritical(n - 1) * std) / Math.sqrt(n);
  return { n, mean: center, std, ci95: [center - halfWidth, center + halfWidth], halfWidth };
}

/** Whether an interval holds 0 (the difference it bounds may be no difference at all). */
export function includesZero(ci: readonly [number, number]): boolean {
  return ci[0] <= 0 && ci[1] >= 0;
}
