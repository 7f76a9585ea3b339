/**
 * The test gap in words: how far the final model's test loss is above its training loss,
 * relative to the training loss, and what that says. The ratio is scale-free, so one set of
 * thresholds serves cross-entropy and squared errors alike.
 */
import { fixed4 } from './format-numbers.js';

/**
 * How large the test gap is. `none`: test loss at or below training loss; `small`: up to 1.5x
 * (sampling noise and ordinary fitting); `moderate`: 1.5x to 3x; `large`: 3x or more, or any
 * positive gap over a training loss of 0.
 */
export type TestGapSize = 'none' | 'small' | 'moderate' | 'large';

/** A test gap at or above this ratio of test to training loss is moderate. */
export const MODERATE_GAP_RATIO = 1.5;
/** ...and at or above this one, large: the model fits its training data much better than new data. */
export const LARGE_GAP_RATIO = 3;

/** The verdict and the sentence the summary prints. */
export interface TestGapVerdict {
  size: TestGapSize;
  /** Test loss over training loss; null when the training loss is not positive. */
  ratio: number | null;
  sentence: string;
}

/**
 * Describes the test gap of a final training loss and test loss (both of the same model, in
 * inference mode). Losses below zero (a negated similarity, say) have no meaningful ratio: then
 * only the difference is stated.
 */
export function describeTestGap(trainLoss: number, testLoss: number): TestGapVerdict {
  const both = `(${fixed4(testLoss)} vs ${fixed4(trainLoss)})`;
  if (testLoss <= trainLoss) {
    return {
      size: 'none',
      ratio: trainLoss > 0 ? testLoss / trainLoss : null,
      sentence: `test loss is not above the training loss ${both}: no sign of overfitting on the test split`,
    };
  }
  if (trainLoss < 0 || testLoss < 0) {
    return {
      size: 'small',
      ratio: null,
      sentence: `test loss is ${fixed4(testLoss - trainLoss)} above the training loss ${both}; with a loss below zero a ratio says nothing`,
    };
  }
  const ratio = trainLoss > 0 ? testLoss / trainLoss : Infinity;
  const times = Number.isFinite(ratio) ? `${formatRatio(ratio)} the training loss` : 'above a training loss of 0';
  if (ratio < MODERATE_GAP_RATIO) {
    return {
      size: 'small',
      ratio,
      sentence: `test loss is ${times} ${both}: a small gap, as expected of a model evaluated on data it has not seen`,
    };
  }
  if (ratio < LARGE_GAP_RATIO) {
    return {
      size: 'moderate',
      ratio,
      sentence: `test loss is ${times} ${both}: the model fits its training data noticeably better than new data; dropout, more data or earlier stopping would narrow the gap`,
    };
  }
  return {
    size: 'large',
    ratio: Number.isFinite(ratio) ? ratio : null,
    sentence: `test loss is ${times} ${both}: the model fits its training data much better than new data, a sign of memorization; dropout, more data or earlier stopping narrow the gap`,
  };
}

/** `1.3x`, `2.4x`, `26x`: two significant digits are all a ratio of losses deserves. */
function formatRatio(ratio: number): string {
  return `${ratio >= 10 ? Math.round(ratio) : Number(ratio.toPrecision(2))}x`;
}
