/**
 * Learning-rate schedules acting per epoch, pure and independent of TF.js: the trainer asks for
 * the rate before each epoch and reports each epoch's logs afterwards. Epochs are 1-based and
 * epoch 1 always trains at the optimizer's initial rate.
 */
import type { Diagnostic, StageResult } from '../diagnostics/diagnostic.js';
import { DATA_CODE } from '../diagnostics/codes/data-codes.js';
import type { IrCall } from '../ir/schema.js';
import { defaultCallSchemas } from '../ir/param-schemas.js';
import { formatIrPath } from '../ir/validate.js';
import { nullableNumberParam, numberParam, stringParam } from '../ir/read-params.js';
import { FILE_START } from './data/data-diagnostic.js';
import { monitorDirection } from '../catalogue/catalogue.js';

/** `lr(e) = initial · drop^floor((e - 1) / every)`: the rate is multiplied by `drop` every `every` epochs. */
export function stepDecay(initial: number, params: { drop: number; every: number }): (epoch: number) => number {
  return (epoch) => initial * params.drop ** Math.floor((epoch - 1) / params.every);
}

/** `lr(e) = initial · rate^((e - 1) / steps)`: smooth decay by `rate` every `steps` epochs. */
export function exponentialDecay(initial: number, params: { rate: number; steps: number }): (epoch: number) => number {
  return (epoch) => initial * params.rate ** ((epoch - 1) / params.steps);
}

/**
 * `lr(e) = minLr + (initial - minLr) · (1 + cos(π · min(e - 1, epochs) / epochs)) / 2`: half a
 * cosine from `initial` at epoch 1 down to `minLr` at epoch `epochs + 1`, then flat.
 */
export function cosineDecay(initial: number, params: { epochs: number; minLr: number }): (epoch: number) => number {
  return (epoch) => {
    const progress = Math.min(Math.max(epoch - 1, 0), params.epochs) / params.epochs;
    return params.minLr + (initial - params.minLr) * 0.5 * (1 + Math.cos(Math.PI * progress));
  };
}

/** Configuration of {@link createReduceOnPlateau} (Keras's `ReduceLROnPlateau` fields in camelCase). */
export interface ReduceOnPlateauConfig {
  monitor: string;
  /** `auto` takes the catalogue's direction of the monitored metric (`max` for `val_accuracy`, `val_r2`), `min` for losses. */
  mode: 'min' | 'max' | 'auto';
  /** Multiplies the rate on a plateau; must be below 1. */
  factor: number;
  patience: number;
  minDelta: number;
  minLr: number;
  cooldown: number;
}

/** What happened after one epoch. */
export interface PlateauDecision {
  /** The rate for the next epoch. */
  learningRate: number;
  /** Whether the rate was just reduced. */
  reduced: boolean;
  /** Set when the logs lacked the monitored value (the epoch is ignored). */
  message?: string;
}

/** The reduce-on-plateau state machine. */
export interface ReduceOnPlateau {
  /** The current rate (for the next epoch). */
  readonly learningRate: number;
  readonly best: number;
  readonly wait: number;
  readonly cooldownCounter: number;
  /** Feeds one finished epoch's logs (1-based epoch). */
  update(epoch: number, logs: Readonly<Record<string, number | undefined>>): PlateauDecision;
}

/**
 * Keras's `ReduceLROnPlateau.on_epoch_end`, exactly: an improvement is `current < best - minDelta`
 * (min) or `current > best + minDelta` (max), `best` starting at ±Infinity. Per epoch: if in
 * cooldown, count it down and clear `wait`; on improvement take `best` and clear `wait`; otherwise,
 * when not (or no longer) in cooldown, `wait += 1`, and when `wait >= patience` and the rate is
 * above `minLr`, multiply it by `factor` (not below `minLr`), start the cooldown and clear `wait`.
 */
export function createReduceOnPlateau(initialLearningRate: number, config: ReduceOnPlateauConfig): ReduceOnPlateau {
  const isMax = config.mode === 'max' || (config.mode === 'auto' && monitorDirection(config.monitor) === 'max');
  const improves = (current: number, best: number) => (isMax ? current > best + config.minDelta : current < best - config.minDelta);
  let learningRate = initialLearningRate;
  let best = isMax ? -Infinity : Infinity;
  let wait = 0;
  let cooldownCounter = 0;

  function update(epoch: number, logs: Readonly<Record<string, number | undefined>>): PlateauDecision {
    const current = logs[config.monitor];
    if (current === undefined || current === null) {
      return { learningRate, reduced: false, message: `reduce_on_plateau monitors \`${config.monitor}\`, which epoch ${epoch} did not report` };
    }
    if (cooldownCounter > 0) {
      cooldownCounter -= 1;
      wait = 0;
    }
    if (improves(current, best)) {
      best = current;
      wait = 0;
      return { learningRate, reduced: false };
    }
    if (cooldownCounter > 0) return { learningRate, reduced: false };
    wait += 1;
    // Keras compares in float32, the optimizer's precision: a rate already at min_lr stays put.
    if (wait >= config.patience && Math.fround(learningRate) > Math.fround(config.minLr)) {
      learningRate = Math.max(learningRate * config.factor, config.minLr);
      cooldownCounter = config.cooldown;
      wait = 0;
      return { learningRate, reduced: true };
    }
    return { learningRate, reduced: false };
  }

  return {
    update,
    get learningRate() {
      return learningRate;
    },
    get best() {
      return best;
    },
    get wait() {
      return wait;
    },
    get cooldownCounter() {
      return cooldownCounter;
    },
  };
}

/** Any schedule, as the trainer drives it. */
export interface LearningRateSchedule {
  /** The IR's schedule type (`step_decay`, ...). */
  readonly type: string;
  /** The rate to train the given 1-based epoch with; ask before the epoch starts. */
  rateForEpoch(epoch: number): number;
  /** Reports a finished epoch; only `reduce_on_plateau` reacts. Returns its decision, else `null`. */
  endEpoch(epoch: number, logs: Readonly<Record<string, number | undefined>>): PlateauDecision | null;
}

/**
 * Builds the schedule of an IR `training.schedule` call. The call is checked against the
 * catalogue's schedule schema (the only place its parameters' defaults and ranges are written):
 * a schedule the catalogue lacks, or a parameter missing, mistyped or out of range, comes back as
 * a diagnostic (`NN4904`). `epochs` (the run's epoch count) is the length of a `cosine_decay`
 * whose `epochs` is `null` (lowering writes the run's length; a hand-made document may not).
 */
export function createSchedule(call: IrCall, options: { initialLearningRate: number; epochs: number }): StageResult<LearningRateSchedule | undefined> {
  const parsed = defaultCallSchemas().schedule.safeParse(call, { reportInput: true });
  if (!parsed.success) {
    const diagnostics = parsed.error.issues.slice(0, 10).map((issue) => {
      const where = formatIrPath(issue.path);
      const what = issue.code === 'invalid_type' && issue.input === undefined ? 'missing' : issue.message;
      return scheduleDiagnostic(
        issue.path.length === 0 || issue.path.join('.') === 'type' ? what : `\`${call.type}\`: ${where}: ${what}`,
        'the schedules and their parameters are in docs/catalogue.md',
      );
    });
    return { value: undefined, diagnostics };
  }
  const initial = options.initialLearningRate;
  const n = (name: string): number => numberParam(call, name);
  const fixed = (rate: (epoch: number) => number): LearningRateSchedule => ({ type: call.type, rateForEpoch: rate, endEpoch: () => null });
  switch (call.type) {
    case 'step_decay':
      return { value: fixed(stepDecay(initial, { drop: n('drop'), every: n('every') })), diagnostics: [] };
    case 'exponential_decay':
      return { value: fixed(exponentialDecay(initial, { rate: n('rate'), steps: n('steps') })), diagnostics: [] };
    case 'cosine_decay':
      return { value: fixed(cosineDecay(initial, { epochs: nullableNumberParam(call, 'epochs') ?? options.epochs, minLr: n('min_lr') })), diagnostics: [] };
    case 'reduce_on_plateau': {
      const mode = stringParam(call, 'mode');
      const plateau = createReduceOnPlateau(initial, {
        monitor: stringParam(call, 'monitor'),
        mode: mode === 'min' || mode === 'max' ? mode : 'auto',
        factor: n('factor'),
        patience: n('patience'),
        minDelta: n('min_delta'),
        minLr: n('min_lr'),
        cooldown: n('cooldown'),
      });
      return { value: { type: call.type, rateForEpoch: () => plateau.learningRate, endEpoch: (epoch, logs) => plateau.update(epoch, logs) }, diagnostics: [] };
    }
    default:
      // The catalogue has a schedule this trainer does not implement: a bug.
      throw new Error(`nnspec trainer: no implementation of the schedule \`${call.type}\``);
  }
}

function scheduleDiagnostic(message: string, help?: string): Diagnostic {
  return { code: DATA_CODE.badSchedule, severity: 'error', message, range: FILE_START, ...(help !== undefined ? { help } : {}) };
}
