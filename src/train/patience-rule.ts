/**
 * `rule: patience`, the default: Keras 3's `EarlyStopping.on_epoch_end`, exactly. Epochs are
 * 1-based here, as the trainer counts them and as Keras prints them; Keras's 0-based
 * `epoch < start_from_epoch` becomes `epoch <= startFromEpoch`, and its `epoch > 0` guard
 * becomes `epoch > 1`.
 */
import type { EarlyStopping, EarlyStoppingConfig, EarlyStoppingDecision } from './early-stopping.js';
import { createBestTracker, formatValue, uncountedEpoch, type EpochLogs } from './epoch-tracking.js';

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
  const tracker = createBestTracker(config);
  let wait = 0;
  let stoppedEpoch: number | null = null;
  const missingEpochs: number[] = [];

  function update(epoch: number, logs: EpochLogs): EarlyStoppingDecision {
    const skipped = uncountedEpoch(config, epoch, logs, missingEpochs);
    if (skipped) return skipped;
    const current = logs[config.monitor]!;
    wait += 1;
    const { improved, saveWeights } = tracker.observe(epoch, current);
    if (improved) {
      if (config.baseline === null || tracker.isImprovement(current, config.baseline)) wait = 0;
      return { stop: false, improved: true, saveWeights };
    }
    if (wait >= config.patience && epoch > 1) {
      stoppedEpoch = epoch;
      return {
        stop: true,
        improved: false,
        saveWeights,
        reason: 'patience-exhausted',
        message: `\`${config.monitor}\` has not improved for ${wait} epoch${wait === 1 ? '' : 's'} (patience ${config.patience}); best ${formatValue(tracker.best)} at epoch ${tracker.bestEpoch}`,
      };
    }
    return { stop: false, improved: false, saveWeights };
  }

  return {
    update,
    get bestValue() {
      return tracker.best;
    },
    get bestEpoch() {
      return tracker.bestEpoch;
    },
    get wait() {
      return wait;
    },
    get stoppedEpoch() {
      return stoppedEpoch;
    },
    get missingEpochs() {
      return missingEpochs;
    },
  };
}
