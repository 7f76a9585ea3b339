/**
 * Early stopping as a pure state machine with Keras 3's exact semantics
 * (`keras.callbacks.EarlyStopping.on_epoch_end`), independent of TF.js: the trainer feeds it
 * each epoch's logs and acts on the answer (stop, snapshot the weights).
 *
 * Epochs are 1-based here, as the trainer counts them and as Keras prints them; Keras's
 * 0-based `epoch < start_from_epoch` becomes `epoch <= startFromEpoch`, and its `epoch > 0`
 * guard becomes `epoch > 1`.
 */
import type { IrEarlyStopping } from '../ir/schema.js';

/** Configuration: the IR's early-stopping block (Keras's fields in camelCase, mode resolved). */
export type EarlyStoppingConfig = IrEarlyStopping;

/** Why an epoch did not count, or why training stops. */
export type EarlyStoppingReason = 'warm-up' | 'missing-monitor' | 'patience-exhausted';

/** What the trainer should do after one epoch. */
export interface EarlyStoppingDecision {
  /** Stop training now (after this epoch). */
  stop: boolean;
  /** The monitored value beat the best so far (by more than `minDelta`); it is the new best. */
  improved: boolean;
  /**
   * Snapshot the weights now: true when `restoreBestWeights` is on and this epoch became the best
   * one (an improvement, or the first counted epoch, which Keras takes as best until beaten).
   */
  saveWeights: boolean;
  /** Set when the epoch was skipped (`warm-up`, `missing-monitor`) or training stops (`patience-exhausted`). */
  reason?: EarlyStoppingReason;
  /** A human-readable sentence for logs and reports, when `reason` is set. */
  message?: string;
}

/** The state an early-stopping rule exposes between epochs. */
export interface EarlyStopping {
  /** Feeds one epoch's logs (`{ loss, val_loss, accuracy, ... }`); `epoch` is 1-based. */
  update(epoch: number, logs: Readonly<Record<string, number | undefined>>): EarlyStoppingDecision;
  /** The best monitored value so far; `Infinity` (min) or `-Infinity` (max) before any counted epoch. */
  readonly bestValue: number;
  /**
   * The 1-based epoch whose weights are (or would be) restored: the last improvement, or the
   * first counted epoch when nothing improved since. `null` before any counted epoch.
   */
  readonly bestEpoch: number | null;
  /** Counted epochs since the last improvement that also beat the baseline (Keras's `wait`). */
  readonly wait: number;
  /** The 1-based epoch at which stopping was decided, or `null`. */
  readonly stoppedEpoch: number | null;
  /** Epochs whose logs lacked the monitored value, in order (the trainer may warn once). */
  readonly missingEpochs: readonly number[];
}

/**
 * Creates an early-stopping rule.
 *
 * The rule per epoch, exactly as Keras:
 * 1. If the monitored value is missing, or `epoch <= startFromEpoch`, nothing happens
 *    (no counting, no best, no stop).
 * 2. `wait += 1`.
 * 3. Improvement means `current + minDelta < best` (min) or `current - minDelta > best` (max),
 *    where `best` starts at `±Infinity` (not at `baseline`) and NaN never improves. On
 *    improvement `best` and `bestEpoch` are updated; `wait` is reset to 0 only when the value
 *    also improves on `baseline` (when one is given). An improving epoch never stops training.
 * 4. Otherwise, stop when `wait >= patience` and it is not the very first epoch.
 */
export function createEarlyStopping(config: EarlyStoppingConfig): EarlyStopping {
  const minDelta = Math.abs(config.minDelta);
  const isMin = config.mode === 'min';
  // Keras: monitor_op(current - min_delta, reference), with min_delta negated in min mode.
  const isImprovement = (current: number, reference: number): boolean =>
    isMin ? current + minDelta < reference : current - minDelta > reference;

  let best = isMin ? Infinity : -Infinity;
  let bestEpoch: number | null = null;
  let wait = 0;
  let stoppedEpoch: number | null = null;
  const missingEpochs: number[] = [];

  function update(epoch: number, logs: Readonly<Record<string, number | undefined>>): EarlyStoppingDecision {
    const current = logs[config.monitor];
    if (current === undefined || current === null) {
      missingEpochs.push(epoch);
      const available = Object.keys(logs).filter((key) => logs[key] !== undefined);
      return {
        stop: false,
        improved: false,
        saveWeights: false,
        reason: 'missing-monitor',
        message: `early stopping monitors \`${config.monitor}\`, which epoch ${epoch} did not report (available: ${available.length > 0 ? available.map((key) => `\`${key}\``).join(', ') : 'none'})`,
      };
    }
    if (epoch <= config.startFromEpoch) {
      return {
        stop: false,
        improved: false,
        saveWeights: false,
        reason: 'warm-up',
        message: `epoch ${epoch} is within the first ${config.startFromEpoch} (\`start_from_epoch\`) and is not counted`,
      };
    }
    // Keras snapshots the weights at the first counted epoch so that something is restored
    // even when no epoch ever improves (a NaN first value, say).
    let saveWeights = false;
    if (bestEpoch === null) {
      bestEpoch = epoch;
      saveWeights = config.restoreBestWeights;
    }
    wait += 1;
    if (isImprovement(current, best)) {
      best = current;
      bestEpoch = epoch;
      if (config.baseline === null || isImprovement(current, config.baseline)) wait = 0;
      return { stop: false, improved: true, saveWeights: config.restoreBestWeights };
    }
    if (wait >= config.patience && epoch > 1) {
      stoppedEpoch = epoch;
      return {
        stop: true,
        improved: false,
        saveWeights,
        reason: 'patience-exhausted',
        message: `\`${config.monitor}\` has not improved for ${wait} epoch${wait === 1 ? '' : 's'} (patience ${config.patience}); best ${formatValue(best)} at epoch ${bestEpoch}`,
      };
    }
    return { stop: false, improved: false, saveWeights };
  }

  return {
    update,
    get bestValue() {
      return best;
    },
    get bestEpoch() {
      return bestEpoch;
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

/** Short, stable number formatting for messages (no float noise like 0.30000000000000004). */
function formatValue(value: number): string {
  return Number.isFinite(value) ? String(Number(value.toPrecision(6))) : String(value);
}
