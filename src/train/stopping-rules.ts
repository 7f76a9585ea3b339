/**
 * Prechelt's stopping criteria ("Early stopping — but when?", Neural Networks 11, 1998), as
 * state machines with the decision interface of ./patience-rule.ts. Epochs are 1-based;
 * E_va(t) is the monitored value at epoch t, E_opt(t) the best of them so far, E_tr(t) the
 * epoch's training loss (`loss`: the mean over its batches, as Prechelt's "average training
 * error during the epoch").
 *
 * - `gl`: GL(t) = 100 (E_va(t) / E_opt(t) - 1); stop at the first epoch where GL(t) > alpha.
 * - `pq`: P_k(t) = 1000 (sum of E_tr over the strip / (k · min of E_tr over the strip) - 1), the
 *   training progress over the strip of k epochs ending at t; stop at the first strip end where
 *   GL(t) / P_k(t) > alpha.
 * - `up`: stop at a strip end where E_va got worse than at the previous strip end, for `strips`
 *   successive strips.
 *
 * Edge cases, decided here (docs/training.md repeats them):
 * - Epochs that do not count (warm-up up to `start_from_epoch`, a missing monitored value) are
 *   skipped as with `patience`. The rules see the run as starting after the warm-up: strips end
 *   at epochs t where t - start_from_epoch is a multiple of k.
 * - E_opt is the best counted value, so with `min_delta` it only moves on an improvement larger
 *   than `min_delta`: the epoch GL measures from is the epoch restored. For `up`, "worse" means
 *   worse by more than `min_delta`.
 * - GL needs E_opt > 0 (a loss); while it is not (or a value is not finite), GL is undefined and
 *   `gl` and `pq` do not stop.
 * - P_k needs every epoch of the strip counted, with a finite training loss whose minimum is
 *   above 0; otherwise that strip end is skipped. P_k = 0 (the training loss did not move) makes
 *   the quotient infinite when GL > 0 (stop), and 0 when GL = 0.
 * - `up` compares with the previous strip end only when that epoch counted; otherwise the run of
 *   worse strips starts again.
 * - The direction is the monitor's: worse is higher for `min`, lower for `max`. `gl` and `pq`
 *   take a minimised monitor only (a ratio to the best makes sense for a loss); the checker
 *   refuses a maximised one (NN4405) and so does IR validation.
 */
import type { EarlyStopping, EarlyStoppingConfig } from './early-stopping.js';
import { createCountingRule, formatValue, type CountedEpoch } from './epoch-tracking.js';
import { numberParam } from '../ir/read-params.js';

/**
 * GL = 100 (value / best - 1): by how many percent `value` is above the best value so far.
 * `undefined` when `best` is not above 0 or either value is not finite.
 */
export function generalizationLoss(value: number, best: number): number | undefined {
  if (!Number.isFinite(value) || !Number.isFinite(best) || best <= 0) return undefined;
  return 100 * (value / best - 1);
}

/**
 * P_k = 1000 (sum / (k · min) - 1) over a strip of k training losses: how much the mean of the
 * strip is above its minimum, in per mille. `undefined` for an empty strip, a value that is not
 * finite, or a minimum not above 0.
 */
export function trainingProgress(strip: readonly number[]): number | undefined {
  if (strip.length === 0 || strip.some((value) => !Number.isFinite(value))) return undefined;
  const min = Math.min(...strip);
  if (min <= 0) return undefined;
  const sum = strip.reduce((total, value) => total + value, 0);
  return 1000 * (sum / (strip.length * min) - 1);
}

/** PQ = GL / P; with no progress (P = 0) it is infinite when GL > 0 and 0 when GL = 0. */
export function progressQuotient(gl: number, progress: number): number {
  if (progress > 0) return gl / progress;
  return gl > 0 ? Infinity : 0;
}

/** A rule parameter from the IR (validated: present and in range). */
const ruleParam = (config: EarlyStoppingConfig, name: string): number => numberParam(config.rule, name);

const fixed2 = (value: number): string => (Number.isFinite(value) ? value.toFixed(2) : 'infinite');
const fmt = (value: number): string => formatValue(value, 4);

/** "val_loss 0.412, best 0.403 at epoch 12": where the monitor is against its best. */
function whereFromBest(config: EarlyStoppingConfig, at: CountedEpoch): string {
  return `${config.monitor} ${fmt(at.current)}, best ${fmt(at.best)} at epoch ${at.bestEpoch}`;
}

/** `rule: gl(alpha)`: stop at the first epoch whose generalization loss exceeds `alpha` percent. */
export function createGlRule(config: EarlyStoppingConfig): EarlyStopping {
  const alpha = ruleParam(config, 'alpha');
  return createCountingRule(config, (at) => {
    const gl = generalizationLoss(at.current, at.best);
    if (gl === undefined || !(gl > alpha)) return undefined;
    return {
      reason: 'gl',
      message: `generalization loss GL ${fixed2(gl)} > alpha ${alpha} at epoch ${at.epoch}: ${whereFromBest(config, at)}`,
    };
  });
}

/**
 * `rule: pq(alpha, strip)`: at the end of each strip of `strip` counted epochs, stop when the
 * generalization loss divided by the training progress over the strip exceeds `alpha`.
 */
export function createPqRule(config: EarlyStoppingConfig): EarlyStopping {
  const alpha = ruleParam(config, 'alpha');
  const k = ruleParam(config, 'strip');
  // The training losses of the last k counted epochs, by epoch.
  const recent: { epoch: number; loss: number }[] = [];
  return createCountingRule(config, (at) => {
    const loss = at.logs.loss;
    recent.push({ epoch: at.epoch, loss: loss ?? NaN });
    if (recent.length > k) recent.shift();
    if (at.counted % k !== 0) return undefined;
    // The whole strip must have counted (a skipped epoch leaves a hole).
    if (recent.length < k || recent[0]!.epoch !== at.epoch - k + 1) return undefined;
    const progress = trainingProgress(recent.map((entry) => entry.loss));
    const gl = generalizationLoss(at.current, at.best);
    if (progress === undefined || gl === undefined) return undefined;
    const pq = progressQuotient(gl, progress);
    if (!(pq > alpha)) return undefined;
    const why = progress === 0 ? 'the training loss did not move over the strip' : `training progress P ${fixed2(progress)}`;
    return {
      reason: 'pq',
      message: `progress quotient GL/P ${fixed2(pq)} > alpha ${alpha} at epoch ${at.epoch}, the end of a ${k}-epoch strip: GL ${fixed2(gl)}, ${why}; ${whereFromBest(config, at)}`,
    };
  });
}

/**
 * `rule: up(strips, strip)`: stop at a strip end when the monitored value got worse (by more than
 * `min_delta`) at the end of each of the last `strips` strips of `strip` counted epochs.
 */
export function createUpRule(config: EarlyStoppingConfig): EarlyStopping {
  const strips = ruleParam(config, 'strips');
  const k = ruleParam(config, 'strip');
  const minDelta = Math.abs(config.minDelta);
  const isWorse = (current: number, previous: number): boolean => (config.mode === 'min' ? current - previous > minDelta : previous - current > minDelta);
  let previous: { epoch: number; value: number } | undefined;
  // The strip ends of the current run of worse strips, from the one before the first rise.
  let run: { epoch: number; value: number }[] = [];
  return createCountingRule(config, (at) => {
    if (at.counted % k !== 0) return undefined;
    const point = { epoch: at.epoch, value: at.current };
    if (previous && previous.epoch === at.epoch - k && isWorse(at.current, previous.value)) {
      run = run.length > 0 ? [...run, point] : [previous, point];
    } else {
      run = [];
    }
    previous = point;
    if (run.length - 1 < strips) return undefined;
    const moved = config.mode === 'min' ? 'rose' : 'fell';
    const shown = run.slice(-(strips + 1));
    return {
      reason: 'up',
      message:
        `${config.monitor} ${moved} at the end of ${strips === 1 ? `a ${k}-epoch strip` : `${strips} successive ${k}-epoch strips`}: ` +
        `${shown.map((entry) => fmt(entry.value)).join(', ')} at epochs ${shown.map((entry) => entry.epoch).join(', ')}; best ${fmt(at.best)} at epoch ${at.bestEpoch}`,
    };
  });
}
