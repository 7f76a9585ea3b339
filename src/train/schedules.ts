/**
 * Learning-rate schedules acting per epoch, pure and independent of TF.js: the trainer asks for
 * the rate before each epoch and reports each epoch's logs afterwards. Epochs are 1-based and
 * epoch 1 always trains at the optimizer's initial rate.
 */
import type { Diagnostic, StageResult } from '../diagnostics/diagnostic.js';
import { DATA_CODE } from '../diagnostics/codes/data-codes.js';
import type { IrCall, IrValue } from '../ir/schema.js';
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

/** Defaults for parameters the IR leaves out (Keras's where Keras has one). */
export const SCHEDULE_DEFAULTS = {
  step_decay: { drop: 0.5, every: 10 },
  exponential_decay: { rate: 0.96, steps: 1 },
  cosine_decay: { min_lr: 0 },
  reduce_on_plateau: { monitor: 'val_loss', factor: 0.1, patience: 10, min_delta: 1e-4, min_lr: 0, cooldown: 0 },
} as const;

/**
 * Builds the schedule of an IR `training.schedule` call. `epochs` (the run's epoch count) is
 * `cosine_decay`'s default length. Bad parameters come back as diagnostics (`NN4904`).
 */
export function createSchedule(call: IrCall, options: { initialLearningRate: number; epochs: number }): StageResult<LearningRateSchedule | undefined> {
  const diagnostics: Diagnostic[] = [];
  const initial = options.initialLearningRate;
  const number = (name: string, fallback: number | undefined, valid: (value: number) => boolean, what: string): number => {
    const raw: IrValue | undefined = call.params[name];
    if (raw === undefined || raw === null) {
      if (fallback !== undefined) return fallback;
      diagnostics.push(scheduleDiagnostic(`\`${call.type}\` needs the parameter \`${name}\``));
      return NaN;
    }
    if (typeof raw !== 'number' || !Number.isFinite(raw) || !valid(raw)) {
      diagnostics.push(scheduleDiagnostic(`\`${name}\` of \`${call.type}\` must be ${what}, got \`${JSON.stringify(raw)}\``));
      return NaN;
    }
    return raw;
  };
  const positive = (value: number) => value > 0;
  const positiveInt = (value: number) => value > 0 && Number.isInteger(value);
  const nonNegative = (value: number) => value >= 0;
  const nonNegativeInt = (value: number) => value >= 0 && Number.isInteger(value);
  const fixed = (rate: (epoch: number) => number): LearningRateSchedule => ({ type: call.type, rateForEpoch: rate, endEpoch: () => null });
  const done = (schedule: LearningRateSchedule): StageResult<LearningRateSchedule | undefined> =>
    diagnostics.length > 0 ? { value: undefined, diagnostics } : { value: schedule, diagnostics };

  switch (call.type) {
    case 'step_decay': {
      const drop = number('drop', SCHEDULE_DEFAULTS.step_decay.drop, positive, 'a number above 0');
      const every = number('every', SCHEDULE_DEFAULTS.step_decay.every, positiveInt, 'a positive whole number of epochs');
      return done(fixed(stepDecay(initial, { drop, every })));
    }
    case 'exponential_decay': {
      const rate = number('rate', SCHEDULE_DEFAULTS.exponential_decay.rate, positive, 'a number above 0');
      const steps = number('steps', SCHEDULE_DEFAULTS.exponential_decay.steps, positive, 'a number of epochs above 0');
      return done(fixed(exponentialDecay(initial, { rate, steps })));
    }
    case 'cosine_decay': {
      const epochs = number('epochs', options.epochs, positiveInt, 'a positive whole number of epochs');
      const minLr = number('min_lr', SCHEDULE_DEFAULTS.cosine_decay.min_lr, nonNegative, 'a number of at least 0');
      return done(fixed(cosineDecay(initial, { epochs, minLr })));
    }
    case 'reduce_on_plateau': {
      const defaults = SCHEDULE_DEFAULTS.reduce_on_plateau;
      const monitorRaw = call.params.monitor;
      const monitor = typeof monitorRaw === 'string' && monitorRaw.length > 0 ? monitorRaw : defaults.monitor;
      const modeRaw = call.params.mode;
      const mode = modeRaw === 'min' || modeRaw === 'max' ? modeRaw : 'auto';
      const plateau = createReduceOnPlateau(initial, {
        monitor,
        mode,
        factor: number('factor', defaults.factor, (value) => value > 0 && value < 1, 'a number between 0 and 1 (exclusive)'),
        patience: number('patience', defaults.patience, nonNegativeInt, 'a whole number of at least 0'),
        minDelta: number('min_delta', defaults.min_delta, nonNegative, 'a number of at least 0'),
        minLr: number('min_lr', defaults.min_lr, nonNegative, 'a number of at least 0'),
        cooldown: number('cooldown', defaults.cooldown, nonNegativeInt, 'a whole number of at least 0'),
      });
      return done({ type: call.type, rateForEpoch: () => plateau.learningRate, endEpoch: (epoch, logs) => plateau.update(epoch, logs) });
    }
    default:
      diagnostics.push(scheduleDiagnostic(`unknown learning-rate schedule \`${call.type}\``, 'known schedules: `step_decay`, `exponential_decay`, `cosine_decay`, `reduce_on_plateau`'));
      return { value: undefined, diagnostics };
  }
}

function scheduleDiagnostic(message: string, help?: string): Diagnostic {
  return { code: DATA_CODE.badSchedule, severity: 'error', message, range: FILE_START, ...(help !== undefined ? { help } : {}) };
}
