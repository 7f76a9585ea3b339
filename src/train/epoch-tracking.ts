/**
 * What every early-stopping rule shares, with Keras 3's semantics: which epochs count (the
 * monitored value is reported, the warm-up is over), which counted epoch is the best one (the
 * epoch whose weights `restore_best_weights` brings back), and the state machine around them
 * ({@link createCountingRule}). The rules (./patience-rule.ts, ./stopping-rules.ts) differ only
 * in when they stop.
 */
import type { EarlyStopping, EarlyStoppingConfig, EarlyStoppingDecision, EarlyStoppingReason } from './early-stopping.js';

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

/**
 * Whether `current` improves on `reference`: by more than `|minDelta|`, in the monitor's
 * direction (Keras: `monitor_op(current - min_delta, reference)`, with min_delta negated in min mode).
 */
export function improvementTest(config: Pick<EarlyStoppingConfig, 'minDelta' | 'mode'>): (current: number, reference: number) => boolean {
  const minDelta = Math.abs(config.minDelta);
  return config.mode === 'min' ? (current, reference) => current + minDelta < reference : (current, reference) => current - minDelta > reference;
}

/** The best counted epoch so far, as {@link createBestTracker} keeps it. */
export interface BestTracker {
  /**
   * Records a counted epoch's monitored value: `improved` when it beat the best by more than
   * `minDelta`, `saveWeights` when `restoreBestWeights` is on and this epoch became the best one.
   */
  observe(epoch: number, current: number): { improved: boolean; saveWeights: boolean };
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
  const isImprovement = improvementTest(config);
  const isMin = config.mode === 'min';
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
    get best() {
      return best;
    },
    get bestEpoch() {
      return bestEpoch;
    },
  };
}

/** A counted epoch, as a rule's criterion sees it after the best epoch was updated with it. */
export interface CountedEpoch {
  epoch: number;
  /** The epoch's place after the warm-up (1 for the first epoch after `start_from_epoch`). */
  counted: number;
  current: number;
  logs: EpochLogs;
  /** The value beat the best by more than `minDelta`: this epoch is the new best. */
  improved: boolean;
  /** Counted epochs since the wait was last reset (this one included). */
  wait: number;
  best: number;
  bestEpoch: number;
}

/** A rule's verdict on a counted epoch: why it stops, in a reason and a sentence; `undefined` to go on. */
export type Criterion = (at: CountedEpoch) => { reason: Exclude<EarlyStoppingReason, 'warm-up' | 'missing-monitor'>; message: string } | undefined;

/**
 * The state machine every rule is: skips epochs that do not count, keeps the best epoch, asks
 * `criterion` about each counted epoch (also an improving one, so a rule can keep its own
 * records; an improving epoch never stops training, whatever it answers). `wait` counts the
 * counted epochs since the last improvement for which `resetsWait(value)` holds (every one by
 * default; Keras's `patience` resets only when the value also beats `baseline`).
 */
export function createCountingRule(config: EarlyStoppingConfig, criterion: Criterion, resetsWait: (current: number) => boolean = () => true): EarlyStopping {
  const tracker = createBestTracker(config);
  let wait = 0;
  let stoppedEpoch: number | null = null;
  const missingEpochs: number[] = [];

  function update(epoch: number, logs: EpochLogs): EarlyStoppingDecision {
    const skipped = uncountedEpoch(config, epoch, logs, missingEpochs);
    if (skipped) return skipped;
    const current = logs[config.monitor]!;
    const { improved, saveWeights } = tracker.observe(epoch, current);
    wait = improved && resetsWait(current) ? 0 : wait + 1;
    const verdict = criterion({
      epoch,
      counted: epoch - config.startFromEpoch,
      current,
      logs,
      improved,
      wait,
      best: tracker.best,
      bestEpoch: tracker.bestEpoch!,
    });
    if (improved || !verdict) return { stop: false, improved, saveWeights };
    stoppedEpoch = epoch;
    return { stop: true, improved: false, saveWeights, reason: verdict.reason, message: verdict.message };
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

/** Short, stable number formatting for messages (no float noise like 0.30000000000000004). */
export function formatValue(value: number, digits = 6): string {
  return Number.isFinite(value) ? String(Number(value.toPrecision(digits))) : String(value);
}
