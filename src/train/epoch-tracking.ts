/**
 * What every early-stopping rule shares, with Keras 3's semantics: which epochs count (the
 * monitored value is reported, the warm-up is over) and which counted epoch is the best one (the
 * epoch whose weights `restore_best_weights` brings back). The rules (./patience-rule.ts,
 * ./stopping-rules.ts) differ only in when they stop.
 */
import type { EarlyStoppingConfig, EarlyStoppingDecision } from './early-stopping.js';

/** One epoch's logs: `{ loss, val_loss, accuracy, ... }`. */
export type EpochLogs = Readonly<Record<string, number | undefined>>;

/**
 * The decision for an epoch that does not count, or `undefined` when it counts. A missing
 * monitored value is recorded in `missingEpochs` and named in the message; epochs up to
 * `startFromEpoch` are warm-up. Neither updates the best epoch nor can stop training.
 */
export function uncountedEpoch(config: EarlyStoppingConfig, epoch: number, logs: EpochLogs, missingEpochs: number[]): EarlyStoppingDecision | undefined {
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
  return undefined;
}

/** The best counted epoch so far, as {@link createBestTracker} keeps it. */
export interface BestTracker {
  /**
   * Records a counted epoch's monitored value: `improved` when it beat the best by more than
   * `minDelta`, `saveWeights` when `restoreBestWeights` is on and this epoch became the best one.
   */
  observe(epoch: number, current: number): { improved: boolean; saveWeights: boolean };
  /** Whether `current` would improve on `reference` (by more than `minDelta`, in the monitor's direction). */
  isImprovement(current: number, reference: number): boolean;
  /** The best value; `Infinity` (min) or `-Infinity` (max) before any improvement. */
  readonly best: number;
  /** The epoch of the best value, or the first counted epoch while nothing improved; `null` before any. */
  readonly bestEpoch: number | null;
}

/**
 * Keras's best-epoch bookkeeping: improvement means `current + minDelta < best` (min) or
 * `current - minDelta > best` (max), `best` starts at `±Infinity` and NaN never improves. The
 * first counted epoch is taken as best until beaten, so something is restored even when no
 * epoch ever improves (a NaN first value, say).
 */
export function createBestTracker(config: EarlyStoppingConfig): BestTracker {
  const minDelta = Math.abs(config.minDelta);
  const isMin = config.mode === 'min';
  const isImprovement = (current: number, reference: number): boolean => (isMin ? current + minDelta < reference : current - minDelta > reference);
  let best = isMin ? Infinity : -Infinity;
  let bestEpoch: number | null = null;
  return {
    observe(epoch, current) {
      let saveWeights = false;
      if (bestEpoch === null) {
        bestEpoch = epoch;
        saveWeights = config.restoreBestWeights;
      }
      if (!isImprovement(current, best)) return { improved: false, saveWeights };
      best = current;
      bestEpoch = epoch;
      return { improved: true, saveWeights: config.restoreBestWeights };
    },
    isImprovement,
    get best() {
      return best;
    },
    get bestEpoch() {
      return bestEpoch;
    },
  };
}

/** Short, stable number formatting for messages (no float noise like 0.30000000000000004). */
export function formatValue(value: number, digits = 6): string {
  return Number.isFinite(value) ? String(Number(value.toPrecision(digits))) : String(value);
}
