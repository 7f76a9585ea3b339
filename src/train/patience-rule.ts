/**
 * `rule: patience`, the default: Keras 3's `EarlyStopping.on_epoch_end`, exactly. Epochs are
 * 1-based here, as the trainer counts them and as Keras prints them; Keras's 0-based
 * `epoch < start_from_epoch` becomes `epoch <= startFromEpoch`, and its `epoch > 0` guard
 * becomes `epoch > 1`.
 */
import type { EarlyStopping, EarlyStoppingConfig } from './early-stopping.js';
import { createCountingRule, formatValue, improvementTest } from './epoch-tracking.js';

/**
 * The patience rule. Per epoch, exactly as Keras:
 * 1. If the monitored value is missing, or `epoch <= startFromEpoch`, nothing happens
 *    (no counting, no best, no stop).
 * 2. `wait += 1`.
 * 3. Improvement means `current + minDelta < best` (min) or `current - minDelta > best` (max),
 *    where `best` starts at `±Infinity` (not at `baseline`) and NaN never improves. On
 *    improvement `best` and `bestEpoch` are updated; `wait` is reset to 0 only when the value
 *    also improves on `baseline` (when one is given). An improving epoch never stops training.
 * 4. Otherwise, stop when `wait >= patience` and it is not the very first epoch.
 */
export function createPatienceRule(config: EarlyStoppingConfig): EarlyStopping {
  const isImprovement = improvementTest(config);
  const beatsBaseline = (current: number): boolean => config.baseline === null || isImprovement(current, config.baseline);
  return createCountingRule(
    config,
    (at) => {
      if (at.improved || at.wait < config.patience || at.epoch <= 1) return undefined;
      return {
        reason: 'patience-exhausted',
        message: `\`${config.monitor}\` has not improved for ${at.wait} epoch${at.wait === 1 ? '' : 's'} (patience ${config.patience}); best ${formatValue(at.best)} at epoch ${at.bestEpoch}`,
      };
    },
    beatsBaseline,
  );
}
