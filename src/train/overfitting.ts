/**
 * Locating the onset of overfitting in a finished run's curves: the epoch after which the
 * validation loss rises while the training loss keeps falling. Pure; used by the report.
 */

/** Tuning of {@link findOverfittingOnset}. */
export interface OverfittingOptions {
  /**
   * How many epochs right after the candidate the divergence must last (default 3): one noisy
   * epoch is not a trend.
   */
  window?: number;
  /**
   * How far above its minimum the validation loss must stay, relative to that minimum
   * (default 0.01, i.e. 1%); the margin is `max(relativeTolerance · |min|, absoluteTolerance)`.
   */
  relativeTolerance?: number;
  /** The smallest margin, for minima near 0 (default 1e-4). */
  absoluteTolerance?: number;
}

/** Where overfitting starts. Epochs are 1-based (index 0 of the arrays is epoch 1). */
export interface OverfittingOnset {
  /** The epoch of minimal validation loss, after which it rises. */
  epoch: number;
  validationLoss: number;
  trainLoss: number;
  /** The last epoch of the run, and its losses, to show how far the curves drifted apart. */
  lastEpoch: number;
  lastValidationLoss: number;
  lastTrainLoss: number;
}

/**
 * The rule: let `m` be the first epoch with the lowest finite validation loss. Overfitting starts
 * at `m` when at least `window` epochs follow it and, in each of the `window` epochs right after
 * it, (a) the validation loss exceeds its minimum by more than the margin and (b) the training
 * loss is below its value at `m`. Otherwise (no such divergence, too few epochs, or the minimum at
 * the end) the answer is `null`. The arrays are read up to the shorter one's length.
 */
export function findOverfittingOnset(
  trainLoss: readonly number[],
  validationLoss: readonly number[],
  options: OverfittingOptions = {},
): OverfittingOnset | null {
  const window = options.window ?? 3;
  const relativeTolerance = options.relativeTolerance ?? 0.01;
  const absoluteTolerance = options.absoluteTolerance ?? 1e-4;
  const length = Math.min(trainLoss.length, validationLoss.length);

  let best = -1;
  for (let index = 0; index < length; index++) {
    const value = validationLoss[index];
    if (Number.isFinite(value) && (best < 0 || value < validationLoss[best])) best = index;
  }
  if (best < 0 || best + window >= length) return null;

  const minimum = validationLoss[best];
  const margin = Math.max(relativeTolerance * Math.abs(minimum), absoluteTolerance);
  for (let step = 1; step <= window; step++) {
    const validation = validationLoss[best + step];
    const train = trainLoss[best + step];
    // Written as "not above / not below" so NaN counts as no divergence.
    if (!(validation > minimum + margin)) return null;
    if (!(train < trainLoss[best])) return null;
  }
  return {
    epoch: best + 1,
    validationLoss: minimum,
    trainLoss: trainLoss[best],
    lastEpoch: length,
    lastValidationLoss: validationLoss[length - 1],
    lastTrainLoss: trainLoss[length - 1],
  };
}
