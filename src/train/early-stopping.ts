/**
 * Early stopping as pure state machines, independent of TF.js: the trainer feeds a rule each
 * epoch's logs and acts on the answer (stop, snapshot the weights). `rule: patience` (the
 * default) is Keras 3's rule (./patience-rule.ts); `gl`, `pq` and `up` are Prechelt's
 * (./stopping-rules.ts). Every rule counts epochs and keeps the best one the same way
 * (./epoch-tracking.ts), so `restore_best_weights` works with each.
 */
import type { IrEarlyStopping } from '../ir/schema.js';
import { createPatienceRule } from './patience-rule.js';
import { createGlRule, createPqRule, createUpRule } from './stopping-rules.js';

/** Configuration: the IR's early-stopping block (Keras's fields in camelCase, mode resolved, the rule with every parameter). */
export type EarlyStoppingConfig = IrEarlyStopping;

/**
 * Why an epoch did not count (`warm-up`, `missing-monitor`), or which rule stops training:
 * `patience-exhausted` (patience), `gl`, `pq`, `up` (Prechelt's criteria).
 */
export type EarlyStoppingReason = 'warm-up' | 'missing-monitor' | 'patience-exhausted' | 'gl' | 'pq' | 'up';

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
  /** Set when the epoch was skipped (`warm-up`, `missing-monitor`) or training stops (the rule's reason). */
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
  /**
   * Counted epochs since the last improvement. For `patience` it is Keras's `wait`, which an
   * improvement resets only when it also beats `baseline`.
   */
  readonly wait: number;
  /** The 1-based epoch at which stopping was decided, or `null`. */
  readonly stoppedEpoch: number | null;
  /** Epochs whose logs lacked the monitored value, in order (the trainer may warn once). */
  readonly missingEpochs: readonly number[];
}

/**
 * Creates the early-stopping rule the configuration names (`config.rule.type`), with the
 * parameters the IR carries (lowering filled in every default). An IR document from outside is
 * validated before it gets here (`validateIr`, which `runTraining` runs); an unknown rule is a bug.
 */
export function createEarlyStopping(config: EarlyStoppingConfig): EarlyStopping {
  switch (config.rule.type) {
    case 'patience':
      return createPatienceRule(config);
    case 'gl':
      return createGlRule(config);
    case 'pq':
      return createPqRule(config);
    case 'up':
      return createUpRule(config);
    default:
      throw new Error(`nnspec: unknown early-stopping rule \`${config.rule.type}\` (the IR was not validated)`);
  }
}
