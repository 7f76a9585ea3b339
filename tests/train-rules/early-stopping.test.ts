import { describe, expect, it } from 'vitest';
import { createEarlyStopping, type EarlyStoppingConfig } from '../../src/train/early-stopping.js';

const base: EarlyStoppingConfig = {
  monitor: 'val_loss',
  mode: 'min',
  minDelta: 0,
  patience: 2,
  baseline: null,
  restoreBestWeights: true,
  startFromEpoch: 0,
  rule: { type: 'patience', params: {} },
};

/** Feeds a sequence (epochs 1..n) and returns the epoch at which it stopped (or null) and the rule. */
function run(values: Array<number | undefined>, config: Partial<EarlyStoppingConfig> = {}) {
  const rule = createEarlyStopping({ ...base, ...config });
  const decisions = [];
  let stoppedAt: number | null = null;
  for (let index = 0; index < values.length; index++) {
    const epoch = index + 1;
    const value = values[index];
    const decision = rule.update(epoch, value === undefined ? { loss: 1 } : { loss: 1, [config.monitor ?? base.monitor]: value });
    decisions.push(decision);
    if (decision.stop) {
      stoppedAt = epoch;
      break;
    }
  }
  return { rule, decisions, stoppedAt };
}

describe('early stopping (Keras semantics)', () => {
  it('stops when wait reaches patience', () => {
    const { stoppedAt, rule } = run([1.0, 0.8, 0.9, 0.85, 0.7]);
    // epoch 3: wait 1, epoch 4: wait 2 >= 2 -> stop
    expect(stoppedAt).toBe(4);
    expect(rule.bestEpoch).toBe(2);
    expect(rule.bestValue).toBe(0.8);
    expect(rule.stoppedEpoch).toBe(4);
  });

  it('patience 0 stops at the first non-improving epoch, but never at epoch 1', () => {
    expect(run([1, 0.9, 0.95], { patience: 0 }).stoppedAt).toBe(3);
    // a NaN first value does not improve on Infinity, yet epoch 1 never stops
    const nanFirst = run([Number.NaN, 0.5, 0.6], { patience: 0 });
    expect(nanFirst.decisions[0].stop).toBe(false);
    expect(nanFirst.stoppedAt).toBe(3);
  });

  it('resets wait on improvement', () => {
    const { stoppedAt, rule } = run([1, 1.1, 0.9, 1.0, 1.2, 1.3]);
    expect(stoppedAt).toBe(5);
    expect(rule.bestEpoch).toBe(3);
  });

  it('min_delta: a decrease smaller than min_delta is no improvement (min mode)', () => {
    const { stoppedAt, rule, decisions } = run([1.0, 0.95, 0.9, 0.89], { minDelta: 0.1 });
    // 0.95 + 0.1 < 1.0 is false: no improvement; epoch 3: 0.9 + 0.1 < 1.0 false (equal) -> wait 2 -> stop
    expect(decisions[1].improved).toBe(false);
    expect(stoppedAt).toBe(3);
    expect(rule.bestValue).toBe(1.0);
  });

  it('min_delta sign is taken as absolute', () => {
    const a = run([1.0, 0.95, 0.9, 0.89], { minDelta: -0.1 });
    expect(a.stoppedAt).toBe(3);
  });

  it('max mode with min_delta', () => {
    const { stoppedAt, rule, decisions } = run([0.5, 0.7, 0.75, 0.79, 0.81], { monitor: 'val_accuracy', mode: 'max', minDelta: 0.1 });
    // epoch 2: 0.7-0.1 > 0.5 improves; 3: 0.65 > 0.7 no (wait 1); 4: 0.69 > 0.7 no (wait 2) -> stop
    expect(decisions[1].improved).toBe(true);
    expect(stoppedAt).toBe(4);
    expect(rule.bestEpoch).toBe(2);
    expect(rule.bestValue).toBe(0.7);
  });

  it('baseline never beaten: best still tracks, wait keeps growing, improving epochs never stop', () => {
    const { decisions, stoppedAt, rule } = run([0.9, 0.8, 0.7, 0.75], { baseline: 0.5, patience: 2 });
    // 1: wait 1, improves (best 0.9), not under baseline -> wait stays 1
    // 2: wait 2, improves -> returns before the patience check
    // 3: wait 3, improves -> no stop
    // 4: wait 4, no improvement, 4 >= 2 -> stop
    expect(decisions.slice(0, 3).every((d) => d.improved && !d.stop)).toBe(true);
    expect(stoppedAt).toBe(4);
    expect(rule.bestEpoch).toBe(3);
    expect(rule.wait).toBe(4);
  });

  it('baseline beaten resets wait', () => {
    const { stoppedAt, rule } = run([0.9, 0.4, 0.45, 0.46, 0.47], { baseline: 0.5, patience: 3 });
    expect(stoppedAt).toBe(5);
    expect(rule.bestEpoch).toBe(2);
  });

  it('baseline not beaten stops after patience non-improving epochs counted from the start', () => {
    const { stoppedAt } = run([0.9, 0.95, 0.97], { baseline: 0.5, patience: 2 });
    expect(stoppedAt).toBe(2);
  });

  it('start_from_epoch: early epochs are neither counted nor recorded as best', () => {
    const { decisions, stoppedAt, rule } = run([0.1, 0.2, 1.0, 1.1, 1.2, 1.3], { startFromEpoch: 2, patience: 2 });
    expect(decisions[0].reason).toBe('warm-up');
    expect(decisions[1].reason).toBe('warm-up');
    expect(decisions[2].improved).toBe(true);
    expect(rule.bestEpoch).toBe(3);
    expect(stoppedAt).toBe(5);
  });

  it('asks to save weights at improvements and at the first counted epoch', () => {
    const { decisions } = run([Number.NaN, 0.5, 0.6], { patience: 5 });
    expect(decisions.map((d) => d.saveWeights)).toEqual([true, true, false]);
    const off = run([1, 0.5], { restoreBestWeights: false });
    expect(off.decisions.map((d) => d.saveWeights)).toEqual([false, false]);
  });

  it('a missing monitored value is skipped and named in a message', () => {
    const { decisions, rule, stoppedAt } = run([undefined, undefined, 1, 2, 3]);
    expect(decisions[0]).toMatchObject({ stop: false, improved: false, reason: 'missing-monitor' });
    expect(decisions[0].message).toBe('early stopping monitors `val_loss`, which epoch 1 did not report (available: `loss`)');
    expect(rule.missingEpochs).toEqual([1, 2]);
    expect(stoppedAt).toBe(5);
  });

  it('the stop message names the best epoch', () => {
    const { decisions } = run([1.0, 0.8, 0.9, 0.85]);
    expect(decisions[3].message).toBe('`val_loss` has not improved for 2 epochs (patience 2); best 0.8 at epoch 2');
  });

  it('equal values are not improvements', () => {
    expect(run([1, 1, 1], { patience: 1 }).stoppedAt).toBe(2);
  });
});

describe('the worked example of docs/training.md', () => {
  it('stops after epoch 6 and restores epoch 4', () => {
    const rule = createEarlyStopping({ ...base, minDelta: 0.01, patience: 2 });
    const values = [0.9, 0.7, 0.695, 0.65, 0.66, 0.655];
    const rows = values.map((value, index) => {
      const decision = rule.update(index + 1, { val_loss: value });
      return [decision.improved, rule.wait, decision.stop];
    });
    expect(rows).toEqual([
      [true, 0, false],
      [true, 0, false],
      [false, 1, false],
      [true, 0, false],
      [false, 1, false],
      [false, 2, true],
    ]);
    expect(rule.bestEpoch).toBe(4);
  });
});
