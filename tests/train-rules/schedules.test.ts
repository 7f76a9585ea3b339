import { describe, expect, it } from 'vitest';
import { cosineDecay, createReduceOnPlateau, createSchedule, exponentialDecay, stepDecay, type ReduceOnPlateauConfig } from '../../src/train/schedules.js';

describe('per-epoch schedules', () => {
  it('step_decay halves every 10 epochs', () => {
    const lr = stepDecay(0.1, { drop: 0.5, every: 10 });
    expect([1, 10, 11, 20, 21, 31].map(lr)).toEqual([0.1, 0.1, 0.05, 0.05, 0.025, 0.0125]);
  });

  it('exponential_decay is smooth', () => {
    const lr = exponentialDecay(0.1, { rate: 0.5, steps: 2 });
    expect(lr(1)).toBe(0.1);
    expect(lr(2)).toBeCloseTo(0.1 * Math.SQRT1_2, 15);
    expect(lr(3)).toBeCloseTo(0.05, 15);
    expect(lr(5)).toBeCloseTo(0.025, 15);
  });

  it('cosine_decay goes from the initial rate to min_lr and stays there', () => {
    const lr = cosineDecay(0.1, { epochs: 4, minLr: 0.001 });
    expect(lr(1)).toBeCloseTo(0.1, 15);
    expect(lr(3)).toBeCloseTo(0.0505, 15); // halfway: (0.1 + 0.001) / 2
    expect(lr(2)).toBeCloseTo(0.001 + (0.099 * (1 + Math.SQRT1_2)) / 2, 15);
    expect(lr(5)).toBeCloseTo(0.001, 15);
    expect(lr(9)).toBeCloseTo(0.001, 15);
  });
});

const plateauBase: ReduceOnPlateauConfig = { monitor: 'val_loss', mode: 'auto', factor: 0.5, patience: 2, minDelta: 0, minLr: 0, cooldown: 0 };

function feed(values: number[], config: Partial<ReduceOnPlateauConfig> = {}, initial = 0.1) {
  const plateau = createReduceOnPlateau(initial, { ...plateauBase, ...config });
  return values.map((value, index) => plateau.update(index + 1, { [config.monitor ?? 'val_loss']: value }).learningRate);
}

describe('reduce_on_plateau (Keras semantics)', () => {
  it('reduces after patience epochs without improvement, then waits again', () => {
    expect(feed([1, 1, 1, 1, 1, 1])).toEqual([0.1, 0.1, 0.05, 0.05, 0.025, 0.025]);
  });

  it('min_delta: small improvements do not count', () => {
    expect(feed([1, 0.99, 0.98, 0.5], { minDelta: 0.05 })).toEqual([0.1, 0.1, 0.05, 0.05]);
  });

  it('cooldown: epochs in cooldown do not count towards patience', () => {
    // reduce at 3; cooldown 2: epochs 4 (counter 2->1) and 5 (1->0, then counts: wait 1); 6: wait 2 -> reduce
    expect(feed([1, 1, 1, 1, 1, 1, 1], { cooldown: 2 })).toEqual([0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025]);
  });

  it('never goes below min_lr and stops reducing at it', () => {
    expect(feed([1, 1, 1, 1, 1, 1, 1], { minLr: 0.03 })).toEqual([0.1, 0.1, 0.05, 0.05, 0.03, 0.03, 0.03]);
    const plateau = createReduceOnPlateau(0.03, { ...plateauBase, minLr: 0.03, patience: 1 });
    plateau.update(1, { val_loss: 1 });
    expect(plateau.update(2, { val_loss: 1 })).toEqual({ learningRate: 0.03, reduced: false });
  });

  it('auto mode maximises accuracy monitors', () => {
    expect(feed([0.5, 0.6, 0.6, 0.6], { monitor: 'val_accuracy' })).toEqual([0.1, 0.1, 0.1, 0.05]);
  });

  it('auto mode takes the catalogue direction: up for r2, f1 and auc, down for rmse', () => {
    // Rising values improve a metric that is better higher: no reduction.
    for (const monitor of ['val_r2', 'f1', 'val_auc']) expect(feed([0.5, 0.6, 0.7, 0.8], { monitor }), monitor).toEqual([0.1, 0.1, 0.1, 0.1]);
    expect(feed([0.5, 0.6, 0.7, 0.8], { monitor: 'val_rmse' })).toEqual([0.1, 0.1, 0.05, 0.05]);
  });

  it('a missing monitor is ignored with a message', () => {
    const plateau = createReduceOnPlateau(0.1, plateauBase);
    const decision = plateau.update(1, { loss: 1 });
    expect(decision).toEqual({ learningRate: 0.1, reduced: false, message: 'reduce_on_plateau monitors `val_loss`, which epoch 1 did not report' });
  });
});

describe('createSchedule', () => {
  it('builds each schedule from IR params', () => {
    const step = createSchedule({ type: 'step_decay', params: { drop: 0.1, every: 2 } }, { initialLearningRate: 1, epochs: 10 }).value!;
    expect([1, 2, 3, 5].map((e) => step.rateForEpoch(e))).toEqual([1, 1, 0.1, 1 * 0.1 ** 2]);
    expect(step.endEpoch(1, {})).toBeNull();
    const cosine = createSchedule({ type: 'cosine_decay', params: { epochs: null, min_lr: 0 } }, { initialLearningRate: 1, epochs: 2 }).value!;
    expect(cosine.rateForEpoch(2)).toBeCloseTo(0.5, 15);
    const plateau = createSchedule(
      { type: 'reduce_on_plateau', params: { monitor: 'loss', mode: 'auto', factor: 0.5, patience: 0, min_delta: 0, min_lr: 0, cooldown: 0 } },
      { initialLearningRate: 1, epochs: 5 },
    ).value!;
    plateau.endEpoch(1, { loss: 1 });
    expect(plateau.endEpoch(2, { loss: 1 })).toEqual({ learningRate: 0.5, reduced: true });
    expect(plateau.rateForEpoch(3)).toBe(0.5);
  });

  it('reports bad parameters and unknown schedules as NN4904', () => {
    const plateau = { monitor: 'val_loss', mode: 'auto', factor: 0.1, patience: 10, min_delta: 0.0001, min_lr: 0, cooldown: 0 };
    const bad = createSchedule({ type: 'reduce_on_plateau', params: { ...plateau, factor: 2 } }, { initialLearningRate: 1, epochs: 5 });
    expect(bad.value).toBeUndefined();
    expect(bad.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual(['NN4904 `reduce_on_plateau`: params.factor: must be above 0 and below 1, got 2']);
    // The catalogue's bound for `drop` is (0, 1]: the runner no longer takes any positive value.
    const drop = createSchedule({ type: 'step_decay', params: { drop: 1.5, every: 2 } }, { initialLearningRate: 1, epochs: 5 });
    expect(drop.diagnostics.map((d) => d.message)).toEqual(['`step_decay`: params.drop: must be above 0 and at most 1, got 1.5']);
    const missing = createSchedule({ type: 'step_decay', params: { drop: 0.5 } }, { initialLearningRate: 1, epochs: 5 });
    expect(missing.diagnostics.map((d) => d.message)).toEqual(['`step_decay`: params.every: missing']);
    const unknown = createSchedule({ type: 'linear_decay', params: {} }, { initialLearningRate: 1, epochs: 5 });
    expect(unknown.diagnostics[0]).toMatchObject({ code: 'NN4904' });
    expect(unknown.diagnostics[0]!.message).toMatch(/^unknown schedule `linear_decay` \(the schedules are `step_decay`, /);
  });
});

describe('the worked example of docs/training.md', () => {
  it('reduce_on_plateau with patience 2, cooldown 1', () => {
    const plateau = createReduceOnPlateau(0.1, { ...plateauBase, patience: 2, cooldown: 1 });
    const rows = [1.0, 0.9, 0.95, 0.92, 0.91, 0.93, 0.94, 0.85].map((value, index) => {
      const decision = plateau.update(index + 1, { val_loss: value });
      return [plateau.wait, plateau.cooldownCounter, decision.learningRate];
    });
    expect(rows).toEqual([
      [0, 0, 0.1],
      [0, 0, 0.1],
      [1, 0, 0.1],
      [0, 1, 0.05],
      [1, 0, 0.05],
      [0, 1, 0.025],
      [1, 0, 0.025],
      [0, 0, 0.025],
    ]);
  });
});
