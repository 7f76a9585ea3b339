/**
 * The median stopping rule of a study (`prune: median(after: N)`), as pure functions: a trial is
 * pruned at epoch t >= N when its best monitored value so far is worse than the median of the
 * best-so-far values at t of the trials before it in run order that reached t (Optuna's
 * MedianPruner, made deterministic by looking only at earlier trials). See docs/studies.md, "Pruning".
 */
import { median as medianOrNull } from '../../report/study/statistics.js';

/** Whether smaller (`min`, a loss) or larger (`max`, an accuracy) monitored values are better. */
export type MonitorMode = 'min' | 'max';

/** The median of `values` (the mean of the two middle ones for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  return medianOrNull(values) ?? NaN;
}

/**
 * The best value so far at each epoch: entry i is the best of `values[0..i]`, skipping epochs
 * that reported nothing (null, NaN); null until the first reported value.
 */
export function bestSoFar(values: readonly (number | null)[], mode: MonitorMode): (number | null)[] {
  let best: number | null = null;
  return values.map((value) => (best = betterOf(best, value, mode)));
}

/** The better of a best value so far and a new value (an unreported or non-finite one never is). */
export function betterOf(best: number | null, value: number | null, mode: MonitorMode): number | null {
  if (value === null || !Number.isFinite(value)) return best;
  return best === null || (mode === 'min' ? value < best : value > best) ? value : best;
}

/** What {@link medianPruneDecision} decided, with the numbers behind it (for the stop message). */
export interface MedianPruneDecision {
  prune: boolean;
  /** The median of the earlier trials' values; null when there were none (no pruning). */
  median: number | null;
  /** How many earlier trials' values the median is over. */
  count: number;
}

/**
 * The rule at one epoch: `best` is the trial's best value so far (null: none yet, never pruned),
 * `earlier` the best-so-far values at this epoch of the earlier trials that reached it. Strictly
 * worse than the median prunes; equal does not. With no earlier value nothing is pruned.
 */
export function medianPruneDecision(best: number | null, earlier: readonly number[], mode: MonitorMode): MedianPruneDecision {
  if (earlier.length === 0) return { prune: false, median: null, count: 0 };
  const middle = median(earlier);
  const prune = best !== null && (mode === 'min' ? best > middle : best < middle);
  return { prune, median: middle, count: earlier.length };
}
