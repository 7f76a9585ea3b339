/**
 * Prechelt's stopping rules (`gl`, `pq`, `up`) on scripted loss sequences, against stop epochs
 * computed by hand: the arithmetic is in the comments. Epochs are 1-based.
 */
import { describe, expect, it } from 'vitest';
import { createEarlyStopping, type EarlyStoppingConfig } from '../../src/train/early-stopping.js';
import { generalizationLoss, progressQuotient, trainingProgress } from '../../src/train/stopping-rules.js';

const base: EarlyStoppingConfig = {
  monitor: 'val_loss',
  mode: 'min',
  minDelta: 0,
  patience: 0,
  baseline: null,
  restoreBestWeights: true,
  startFromEpoch: 0,
  rule: { type: 'gl', params: { alpha: 2 } },
};

/**
 * Feeds epochs 1..n: `monitored[i]` as the monitor (undefined: not reported) and `trainLoss[i]`
 * as `loss` (1 when not given). Returns the stop epoch (or null), each decision and the rule.
 */
function run(monitored: Array<number | undefined>, config: Partial<EarlyStoppingConfig>, trainLoss: number[] = []) {
  const full = { ...base, ...config };
  const rule = createEarlyStopping(full);
  const decisions = [];
  let stoppedAt: number | null = null;
  for (let index = 0; index < monitored.length; index++) {
    const value = monitored[index];
    const logs: Record<string, number | undefined> = { loss: trainLoss[index] ?? 1 };
    if (value !== undefined) logs[full.monitor] = value;
    const decision = rule.update(index + 1, logs);
    decisions.push(decision);
    if (decision.stop) {
      stoppedAt = index + 1;
      break;
    }
  }
  return { rule, decisions, stoppedAt, last: decisions[decisions.length - 1]! };
}

const gl = (alpha: number) => ({ type: 'gl', params: { alpha } });
const pq = (alpha: number, strip: number) => ({ type: 'pq', params: { alpha, strip } });
const up = (strips: number, strip: number) => ({ type: 'up', params: { strips, strip } });

describe('the formulas', () => {
  it('GL = 100 (E_va / E_opt - 1), undefined unless the best is above 0', () => {
    // 100 * (0.625 / 0.5 - 1) = 100 * 0.25 = 25 (both values exact in binary)
    expect(generalizationLoss(0.625, 0.5)).toBe(25);
    expect(generalizationLoss(0.5, 0.5)).toBe(0);
    expect(generalizationLoss(0.4, 0.5)).toBeCloseTo(-20, 10);
    expect(generalizationLoss(1, 0)).toBeUndefined();
    expect(generalizationLoss(1, -0.5)).toBeUndefined();
    expect(generalizationLoss(Number.NaN, 0.5)).toBeUndefined();
  });

  it('P_k = 1000 (sum / (k min) - 1), undefined for a minimum not above 0', () => {
    // [2, 1.5, 1, 1, 0.5]: sum 6, k·min = 5 · 0.5 = 2.5, 6 / 2.5 = 2.4 -> 1000 · 1.4 = 1400
    expect(trainingProgress([2, 1.5, 1, 1, 0.5])).toBeCloseTo(1400, 9);
    expect(trainingProgress([0.5, 0.5])).toBe(0);
    expect(trainingProgress([1, 0])).toBeUndefined();
    expect(trainingProgress([])).toBeUndefined();
    expect(trainingProgress([1, Number.NaN])).toBeUndefined();
  });

  it('PQ = GL / P, infinite without progress unless GL is 0', () => {
    expect(progressQuotient(6, 12)).toBe(0.5);
    expect(progressQuotient(3, 0)).toBe(Infinity);
    expect(progressQuotient(0, 0)).toBe(0);
  });
});

describe('rule: gl', () => {
  it('stops at the first epoch whose GL exceeds alpha, and keeps the best epoch for restoring', () => {
    // best: e1 1.0, e2 0.8; e3 GL = 100 (0.81/0.8 - 1) = 1.25 <= 2; e4 0.6 is the new best;
    // e5 GL = 100 (0.61/0.6 - 1) = 1.67 <= 2; e6 GL = 100 (0.62/0.6 - 1) = 3.33 > 2 -> stop at 6.
    const { stoppedAt, rule, decisions, last } = run([1.0, 0.8, 0.81, 0.6, 0.61, 0.62], { rule: gl(2) });
    expect(stoppedAt).toBe(6);
    expect(rule.bestEpoch).toBe(4);
    expect(rule.bestValue).toBe(0.6);
    expect(rule.stoppedEpoch).toBe(6);
    expect(decisions.map((d) => d.improved)).toEqual([true, true, false, true, false, false]);
    // Weights are saved at every new best, so restore_best_weights brings back epoch 4.
    expect(decisions.map((d) => d.saveWeights)).toEqual([true, true, false, true, false, false]);
    expect(last.reason).toBe('gl');
    expect(last.message).toBe('generalization loss GL 3.33 > alpha 2 at epoch 6: val_loss 0.62, best 0.6 at epoch 4');
  });

  it('a smaller alpha stops earlier: GL 1.25 > 1 at epoch 3', () => {
    expect(run([1.0, 0.8, 0.81, 0.6, 0.61, 0.62], { rule: gl(1) }).stoppedAt).toBe(3);
  });

  it('GL equal to alpha does not stop (the criterion is GL > alpha)', () => {
    // E_opt 0.5: e2 GL = 100 (0.625/0.5 - 1) = 25, not > 25; e3 GL = 100 (0.75/0.5 - 1) = 50 -> stop at 3.
    expect(run([0.5, 0.625, 0.75], { rule: gl(25) }).stoppedAt).toBe(3);
  });

  it('does not stop while the best value is not above 0 (GL undefined)', () => {
    // E_opt = 0 from epoch 1 on: 100 (v / 0 - 1) has no meaning, so no epoch stops.
    expect(run([0, 0.5, 1, 2], { rule: gl(2) }).stoppedAt).toBeNull();
  });

  it('start_from_epoch: warm-up epochs are not the best value GL measures from', () => {
    // e1, e2 are warm-up (their 0.1 is ignored); best e3 1.0, e4 0.9; e5 GL = 100 (0.95/0.9 - 1) = 5.56 > 2 -> stop at 5.
    const warm = run([0.1, 0.1, 1.0, 0.9, 0.95], { rule: gl(2), startFromEpoch: 2 });
    expect(warm.decisions.slice(0, 2).map((d) => d.reason)).toEqual(['warm-up', 'warm-up']);
    expect(warm.stoppedAt).toBe(5);
    expect(warm.rule.bestEpoch).toBe(4);
    // Without the warm-up, E_opt = 0.1 and e3 has GL = 100 (1.0/0.1 - 1) = 900 -> stop at 3.
    expect(run([0.1, 0.1, 1.0, 0.9, 0.95], { rule: gl(2) }).stoppedAt).toBe(3);
  });

  it('min_delta: E_opt moves only on an improvement larger than min_delta', () => {
    // min_delta 0.05: e2 0.97 + 0.05 = 1.02 is not below 1.0, so E_opt stays 1.0 (epoch 1);
    // e2 GL = -3, e3 GL = 100 (0.99/1.0 - 1) = -1, e4 GL = 100 (1.03/1.0 - 1) = 3 > 2 -> stop at 4, best epoch 1.
    const strict = run([1.0, 0.97, 0.99, 1.03], { rule: gl(2), minDelta: 0.05 });
    expect(strict.stoppedAt).toBe(4);
    expect(strict.rule.bestEpoch).toBe(1);
    // min_delta 0: E_opt = 0.97 at e2; e3 GL = 100 (0.99/0.97 - 1) = 2.06 > 2 -> stop at 3.
    expect(run([1.0, 0.97, 0.99, 1.03], { rule: gl(2) }).stoppedAt).toBe(3);
  });

  it('skips an epoch without the monitored value', () => {
    // e2 not reported (not counted); e3 GL = 100 (1.05/1.0 - 1) = 5 > 2 -> stop at 3.
    const { stoppedAt, rule, decisions } = run([1.0, undefined, 1.05], { rule: gl(2) });
    expect(decisions[1].reason).toBe('missing-monitor');
    expect(rule.missingEpochs).toEqual([2]);
    expect(stoppedAt).toBe(3);
  });
});

describe('rule: pq', () => {
  // Training losses over two strips of 5 and validation losses that turn up after epoch 4.
  const trainLoss = [2.0, 1.5, 1.2, 1.0, 0.9, 0.8, 0.795, 0.79, 0.785, 0.78];
  const valLoss = [1.0, 0.8, 0.7, 0.65, 0.66, 0.7, 0.7, 0.7, 0.7, 0.7];

  it("decides only at strip ends, on GL divided by the strip's training progress", () => {
    // Best: 0.65 at e4.
    // e5 (end of strip 1): P = 1000 ((2 + 1.5 + 1.2 + 1 + 0.9) / (5 · 0.9) - 1) = 1000 (6.6/4.5 - 1) = 466.67;
    //   GL = 100 (0.66/0.65 - 1) = 1.54; PQ = 1.54 / 466.67 = 0.0033 <= 0.5.
    // e6..e9 are inside strip 2: GL = 7.69 there, but pq does not look.
    // e10 (end of strip 2): P = 1000 ((0.8 + 0.795 + 0.79 + 0.785 + 0.78) / (5 · 0.78) - 1) = 1000 (3.95/3.9 - 1) = 12.82;
    //   GL = 100 (0.7/0.65 - 1) = 7.69; PQ = 7.69 / 12.82 = 0.60 > 0.5 -> stop at 10.
    const { stoppedAt, rule, last } = run(valLoss, { rule: pq(0.5, 5) }, trainLoss);
    expect(stoppedAt).toBe(10);
    expect(rule.bestEpoch).toBe(4);
    expect(last.reason).toBe('pq');
    expect(last.message).toBe(
      'progress quotient GL/P 0.60 > alpha 0.5 at epoch 10, the end of a 5-epoch strip: GL 7.69, training progress P 12.82; val_loss 0.7, best 0.65 at epoch 4',
    );
    // gl(alpha: 2) on the same run stops at e6: GL = 7.69 > 2, without waiting for a strip end.
    expect(run(valLoss, { rule: gl(2) }, trainLoss).stoppedAt).toBe(6);
  });

  it('a larger alpha waits longer: PQ 0.60 is not above 0.7', () => {
    expect(run(valLoss, { rule: pq(0.7, 5) }, trainLoss).stoppedAt).toBeNull();
  });

  it('stops when training made no progress over the strip and GL is above 0', () => {
    // Training loss constant over e1..e5: P = 1000 (5/5 - 1) = 0; best 0.9 at e2;
    // e5 GL = 100 (0.91/0.9 - 1) = 1.11 > 0, so PQ is infinite -> stop at 5.
    const { stoppedAt, last } = run([1, 0.9, 0.9, 0.9, 0.91], { rule: pq(0.5, 5) }, [1, 1, 1, 1, 1]);
    expect(stoppedAt).toBe(5);
    expect(last.message).toBe(
      'progress quotient GL/P infinite > alpha 0.5 at epoch 5, the end of a 5-epoch strip: GL 1.11, the training loss did not move over the strip; val_loss 0.91, best 0.9 at epoch 2',
    );
  });

  it('strips start after the warm-up', () => {
    // start_from_epoch 1, strip 2: strip ends at e3 (counted 2), e5 (counted 4).
    // e2 is best (1.0; e1's 0.1 is warm-up); e3: strip e2..e3 = [2, 1], P = 1000 (3/2 - 1) = 500,
    // GL = 100 (1.1/1.0 - 1) = 10, PQ = 0.02 > 0 -> stop at 3.
    expect(run([0.1, 1.0, 1.1, 1.2], { rule: pq(0, 2), startFromEpoch: 1 }, [5, 2, 1, 0.9]).stoppedAt).toBe(3);
    // Without warm-up the strip ends are e2, e4: e2 strip [5, 2], P = 1000 (7/4 - 1) = 750,
    // E_opt 0.1, GL = 100 (1.0/0.1 - 1) = 900, PQ = 1.2 > 0 -> stop at 2.
    expect(run([0.1, 1.0, 1.1, 1.2], { rule: pq(0, 2) }, [5, 2, 1, 0.9]).stoppedAt).toBe(2);
  });

  it('skips a strip with an epoch that did not count', () => {
    // strip 3: e3 ends strip e1..e3, but e2 did not report val_loss: skipped (else GL = 10 > 0 would stop).
    // e6: strip e4..e6 = [0.7, 0.6, 0.5], P = 1000 (1.8/1.5 - 1) = 200; GL = 100 (1.4/1.0 - 1) = 40;
    // PQ = 0.2 > 0 -> stop at 6.
    expect(run([1.0, undefined, 1.1, 1.2, 1.3, 1.4], { rule: pq(0, 3) }, [1, 0.9, 0.8, 0.7, 0.6, 0.5]).stoppedAt).toBe(6);
  });
});

describe('rule: up', () => {
  it('stops when the value rose at the end of `strips` successive strips', () => {
    // strip 2: strip ends e2, e4, e6, e8.
    // e2 0.8 (nothing to compare); e4 0.75 < 0.8 (better, run 0); e6 0.78 > 0.75 (worse, run 1);
    // e8 0.80 > 0.78 (worse, run 2 = strips) -> stop at 8. e7's 0.9 is inside a strip: not compared.
    const { stoppedAt, rule, last } = run([1.0, 0.8, 0.7, 0.75, 0.6, 0.78, 0.9, 0.8], { rule: up(2, 2) });
    expect(stoppedAt).toBe(8);
    expect(rule.bestEpoch).toBe(5);
    expect(last.reason).toBe('up');
    expect(last.message).toBe('val_loss rose at the end of 2 successive 2-epoch strips: 0.75, 0.78, 0.8 at epochs 4, 6, 8; best 0.6 at epoch 5');
  });

  it('a strip end that is not worse starts the count again', () => {
    // strip 1: e2 1.1 > 1 (run 1), e3 1.0 < 1.1 (run 0), e4 1.1 > 1.0 (run 1), e5 1.2 > 1.1 (run 2) -> stop at 5.
    expect(run([1, 1.1, 1.0, 1.1, 1.2], { rule: up(2, 1) }).stoppedAt).toBe(5);
    // UP_1 stops at the first rise: e2.
    expect(run([1, 1.1, 1.0, 1.1, 1.2], { rule: up(1, 1) }).stoppedAt).toBe(2);
  });

  it('max mode: worse means the value fell', () => {
    // strip 2: e2 0.6; e4 0.58 < 0.6 fell -> stop at 4; best 0.7 at e3.
    const { stoppedAt, rule, last } = run([0.5, 0.6, 0.7, 0.58], { monitor: 'val_accuracy', mode: 'max', rule: up(1, 2) });
    expect(stoppedAt).toBe(4);
    expect(rule.bestEpoch).toBe(3);
    expect(last.message).toBe('val_accuracy fell at the end of a 2-epoch strip: 0.6, 0.58 at epochs 2, 4; best 0.7 at epoch 3');
  });

  it('min_delta: a rise must exceed it', () => {
    // strip 1, min_delta 0.1: e2 rose 0.05 (not worse), e3 rose 0.15 > 0.1 -> stop at 3.
    expect(run([1.0, 1.05, 1.2], { rule: up(1, 1), minDelta: 0.1 }).stoppedAt).toBe(3);
  });

  it('a strip end without the value breaks the run of worse strips', () => {
    // strip 1: e2 1.1 > 1.0 (run 1); e3 not reported; e4 1.2 cannot be compared with e3 (run 0);
    // e5 1.3 > 1.2 (run 1); e6 1.4 > 1.3 (run 2) -> stop at 6.
    expect(run([1.0, 1.1, undefined, 1.2, 1.3, 1.4], { rule: up(2, 1) }).stoppedAt).toBe(6);
  });
});

describe('rule: patience through the same dispatcher', () => {
  it("is Keras's rule", () => {
    // patience 2: e3 wait 1, e4 wait 2 -> stop at 4.
    const { stoppedAt, last } = run([1.0, 0.8, 0.9, 0.85], { rule: { type: 'patience', params: {} }, patience: 2 });
    expect(stoppedAt).toBe(4);
    expect(last.reason).toBe('patience-exhausted');
  });
});
