/**
 * The PyTorch runtime's pieces (python/nnspec_torch: early stopping, schedules, overfitting onset,
 * losses, metrics, optimizers) against nnspec's own on the same cases: every case goes to both,
 * and the answers must agree (decisions and messages exactly, numbers to float32 precision).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLoss, createMetrics, createOptimizer, initBackend, setLearningRate } from '../../src/backend/index.js';
import type { IrCall } from '../../src/ir/schema.js';
import { createEarlyStopping, type EarlyStoppingConfig } from '../../src/train/early-stopping.js';
import { findOverfittingOnset } from '../../src/train/overfitting.js';
import { createSchedule } from '../../src/train/schedules.js';
import { statsLayout, statisticsRow, summarizeRows, readRows } from '../../src/train/trainer/metric-accumulator.js';
import { runPython } from './python.js';
import { repoRoot } from '../support/repo-root.js';

const CROSSCHECK = path.join(repoRoot, 'tests/interop/fixtures/pytorch-train/crosscheck.py');

/** Runs crosscheck.py on `cases` with the runtime of python/ on the path. */
async function python(cases: unknown[]): Promise<unknown[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'nnspec-crosscheck-'));
  const file = path.join(dir, 'cases.json');
  writeFileSync(file, JSON.stringify(cases));
  const { stdout } = await runPython([CROSSCHECK, file], { cwd: dir, env: { PYTHONPATH: path.join(repoRoot, 'python') } });
  return JSON.parse(stdout) as unknown[];
}

/** Seeded numbers in [0, 1). */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

beforeAll(async () => {
  await initBackend('cpu');
});

describe('early stopping', () => {
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
  const configs: Partial<EarlyStoppingConfig>[] = [
    {},
    { patience: 0 },
    { minDelta: 0.05, patience: 3 },
    { baseline: 0.5, patience: 3 },
    { startFromEpoch: 3, patience: 4 },
    { monitor: 'val_accuracy', mode: 'max', patience: 3, minDelta: 0.01 },
    { monitor: 'val_accuracy', mode: 'max', baseline: 0.8, patience: 2 },
    { rule: { type: 'gl', params: { alpha: 5 } } },
    { rule: { type: 'gl', params: { alpha: 2 } }, startFromEpoch: 2, minDelta: 0.01 },
    { rule: { type: 'pq', params: { alpha: 0.5, strip: 3 } } },
    { rule: { type: 'pq', params: { alpha: 2, strip: 2 } }, startFromEpoch: 1 },
    { rule: { type: 'up', params: { strips: 2, strip: 2 } } },
    { rule: { type: 'up', params: { strips: 1, strip: 3 } }, monitor: 'val_accuracy', mode: 'max' },
  ];
  /** Histories: a U-shaped curve, a plateau, a noisy one, one with epochs that lack the monitor. */
  function histories(): Array<Array<Record<string, number | null>>> {
    const draw = random(7);
    const u = Array.from({ length: 24 }, (_, i) => ({ loss: 1 / (i + 1), val_loss: 0.4 + (i - 8) ** 2 / 100, val_accuracy: 0.9 - Math.abs(i - 10) / 50 }));
    const flat = Array.from({ length: 16 }, (_, i) => ({ loss: 0.5 - i / 100, val_loss: 0.6, val_accuracy: 0.7 }));
    const noisy = Array.from({ length: 30 }, (_, i) => ({ loss: 1 / (i + 2) + draw() / 20, val_loss: 0.3 + draw() / 2, val_accuracy: 0.6 + draw() / 3 }));
    const holes = u.map((logs, i) => (i % 5 === 3 ? { loss: logs.loss, val_loss: null, val_accuracy: null } : logs));
    return [u, flat, noisy, holes];
  }

  it('makes the same decisions, with the same messages, epoch by epoch', async () => {
    const cases = configs.flatMap((partial) => histories().map((logs) => ({ config: { ...base, ...partial }, logs })));
    const expected = cases.map(({ config, logs }) => {
      const rule = createEarlyStopping(config);
      const decisions = logs.map((entry, index) => {
        const present = Object.fromEntries(Object.entries(entry).filter(([, value]) => value !== null)) as Record<string, number>;
        const decision = rule.update(index + 1, present);
        return {
          stop: decision.stop,
          improved: decision.improved,
          saveWeights: decision.saveWeights,
          reason: decision.reason ?? null,
          message: decision.message ?? null,
        };
      });
      return { decisions, bestEpoch: rule.bestEpoch, wait: rule.wait };
    });
    const answers = (await python(
      cases.map(({ config, logs }) => ({
        kind: 'stopping',
        logs,
        config: {
          monitor: config.monitor,
          mode: config.mode,
          min_delta: config.minDelta,
          patience: config.patience,
          baseline: config.baseline,
          restore_best_weights: config.restoreBestWeights,
          start_from_epoch: config.startFromEpoch,
          rule: config.rule,
        },
      })),
    )) as Array<{ decisions: unknown[]; bestEpoch: number | null; wait: number; stop: [string, string] | null }>;
    expect(answers.map(({ decisions, bestEpoch, wait }) => ({ decisions, bestEpoch, wait }))).toEqual(expected);
    // Some of the cases stop, with each rule, so the comparison covers the stop messages.
    const reasons = new Set(expected.flatMap((answer) => answer.decisions.filter((d) => d.stop).map((d) => d.reason)));
    expect([...reasons].sort()).toEqual(['gl', 'patience-exhausted', 'pq', 'up']);
  });

  it("words a patience stop as nnspec's runner: patience, or the baseline not beaten", async () => {
    const flat = Array.from({ length: 8 }, () => ({ loss: 1, val_loss: 0.6 }));
    const falling = [0.9, 0.8, 0.85, 0.86, 0.87, 0.88].map((value) => ({ loss: 1, val_loss: value }));
    const snake = (config: Partial<EarlyStoppingConfig>) => ({
      monitor: 'val_loss',
      mode: 'min',
      min_delta: config.minDelta ?? 0,
      patience: config.patience ?? 2,
      baseline: config.baseline ?? null,
      restore_best_weights: true,
      start_from_epoch: 0,
      rule: { type: 'patience', params: {} },
    });
    const answers = (await python([
      { kind: 'stopping', logs: falling, config: snake({ minDelta: 0.0001, patience: 3 }) },
      { kind: 'stopping', logs: flat, config: snake({ baseline: 0.5, patience: 2 }) },
      { kind: 'stopping', logs: falling, config: snake({ patience: 1 }) },
    ])) as Array<{ stop: [string, string] }>;
    expect(answers.map((answer) => answer.stop)).toEqual([
      ['patience', 'val_loss did not improve by more than 0.0001 for 3 epochs after epoch 2'],
      ['baseline', 'val_loss did not beat the baseline 0.5 within 2 epochs'],
      ['patience', 'val_loss did not improve for 1 epoch after epoch 2'],
    ]);
  });
});

describe('schedules and the overfitting onset', () => {
  it('gives the same rate for every epoch', async () => {
    const logs = [0.9, 0.8, 0.8, 0.81, 0.79, 0.8, 0.8, 0.8, 0.7, 0.71, 0.72, 0.73, 0.74, 0.75, 0.76].map((value) => ({
      loss: 1,
      val_loss: value,
      val_accuracy: 1 - value,
    }));
    const calls: IrCall[] = [
      { type: 'step_decay', params: { drop: 0.5, every: 3 } },
      { type: 'exponential_decay', params: { rate: 0.9, steps: 2 } },
      { type: 'cosine_decay', params: { epochs: null, min_lr: 0.001 } },
      { type: 'cosine_decay', params: { epochs: 5, min_lr: 0 } },
      { type: 'reduce_on_plateau', params: { monitor: 'val_loss', mode: 'min', factor: 0.5, patience: 2, min_delta: 0.005, min_lr: 0.01, cooldown: 1 } },
      { type: 'reduce_on_plateau', params: { monitor: 'val_accuracy', mode: 'max', factor: 0.1, patience: 1, min_delta: 0, min_lr: 0, cooldown: 0 } },
    ];
    const expected = calls.map((call) => {
      const schedule = createSchedule(call, { initialLearningRate: 0.1, epochs: logs.length }).value!;
      return logs.map((entry, index) => {
        const rate = schedule.rateForEpoch(index + 1);
        schedule.endEpoch(index + 1, entry);
        return rate;
      });
    });
    const answers = (await python(calls.map((call) => ({ kind: 'schedule', call, initial: 0.1, epochs: logs.length, logs })))) as number[][];
    answers.forEach((rates, index) => rates.forEach((rate, epoch) => expect(rate).toBeCloseTo(expected[index]![epoch]!, 12)));
  });

  it('finds the same onset of overfitting', async () => {
    const cases = [
      { train: [1, 0.8, 0.6, 0.5, 0.4, 0.35, 0.3], validation: [1, 0.8, 0.7, 0.75, 0.8, 0.9, 1] },
      { train: [1, 0.8, 0.6, 0.5, 0.4], validation: [1, 0.9, 0.8, 0.7, 0.6] },
      { train: [1, 0.8, 0.6, 0.5, 0.4, 0.3], validation: [null, 0.8, 0.7, 0.7005, 0.9, 0.95] },
      { train: [1, 0.8, 0.6, 0.7, 0.8, 0.9], validation: [1, 0.8, 0.7, 0.8, 0.9, 1] },
    ];
    const expected = cases.map(
      ({ train, validation }) =>
        findOverfittingOnset(
          train,
          validation.map((value) => value ?? NaN),
        )?.epoch ?? null,
    );
    expect(expected).toContain(3);
    expect(await python(cases.map((entry) => ({ kind: 'onset', ...entry })))).toEqual(expected);
  });
});

describe('losses and metrics', () => {
  /** Two batches of predictions for a label kind: probabilities (rows summing to 1), or values. */
  function batches(kind: 'one-hot' | 'index' | 'binary' | 'value', units: number, seed: number) {
    const draw = random(seed);
    return [7, 5].map((size) => {
      const rows = Array.from({ length: size }, () => {
        if (kind === 'binary') return { p: [draw()], y: [draw() < 0.5 ? 1 : 0] };
        if (kind === 'value') return { p: [draw() * 4 - 2], y: [draw() * 4 - 2] };
        const raw = Array.from({ length: units }, () => draw() + 0.01);
        const total = raw.reduce((a, b) => a + b, 0);
        const label = Math.floor(draw() * units);
        return { p: raw.map((v) => v / total), y: kind === 'index' ? label : Array.from({ length: units }, (_, c) => (c === label ? 1 : 0)) };
      });
      return { p: rows.map((row) => row.p), y: rows.map((row) => row.y) };
    });
  }
  const cases = [
    { loss: { type: 'categorical_crossentropy', params: {} }, kind: 'one-hot', units: 4, names: ['accuracy', 'top_k_accuracy', 'precision', 'recall', 'f1'] },
    { loss: { type: 'sparse_categorical_crossentropy', params: {} }, kind: 'index', units: 3, names: ['accuracy', 'top_k_accuracy', 'f1'] },
    { loss: { type: 'binary_crossentropy', params: {} }, kind: 'binary', units: 1, names: ['accuracy', 'precision', 'recall', 'f1', 'auc'] },
    { loss: { type: 'mean_squared_error', params: {} }, kind: 'value', units: 1, names: ['mse', 'mae', 'rmse', 'r2'] },
    { loss: { type: 'mean_absolute_error', params: {} }, kind: 'value', units: 1, names: ['mae'] },
    { loss: { type: 'huber', params: { delta: 0.7 } }, kind: 'value', units: 1, names: ['r2'] },
  ] as const;

  it('every loss per example, and every metric over two batches, as nnspec computes them', async () => {
    const params = { top_k_accuracy: { k: 2 } };
    const inputs = cases.map((entry, index) => ({ ...entry, batches: batches(entry.kind, entry.units, index + 3) }));
    const expected = inputs.map((entry) => {
      const metrics = createMetrics(entry.names, entry.loss, { params, outputUnits: entry.units });
      const layout = statsLayout(metrics);
      const loss = createLoss(entry.loss);
      const perExample: number[] = [];
      const rows = entry.batches.map((batch) =>
        tf.tidy(() => {
          const p = tf.tensor2d(batch.p);
          const y = entry.kind === 'index' ? tf.tensor1d(batch.y as number[]) : tf.tensor2d(batch.y as number[][]);
          const values = loss(y, p);
          perExample.push(...values.dataSync());
          return statisticsRow(layout, tf.sum(values) as tf.Scalar, y, p);
        }),
      );
      const { mean } = summarizeRows(
        readRows(rows, layout.width),
        layout,
        entry.batches.map((batch) => batch.p.length),
      );
      rows.forEach((row) => row.dispose());
      return { loss: mean.loss, perExample, metrics: mean.metrics };
    });
    const answers = (await python(
      inputs.map(({ loss, names, units, batches: b }) => ({ kind: 'metrics', loss, names, units, params, batches: b })),
    )) as typeof expected;
    answers.forEach((answer, index) => {
      const want = expected[index]!;
      expect(answer.loss).toBeCloseTo(want.loss, 5);
      answer.perExample.forEach((value, k) => expect(value).toBeCloseTo(want.perExample[k]!, 5));
      expect(Object.keys(answer.metrics)).toEqual(Object.keys(want.metrics));
      for (const [name, value] of Object.entries(answer.metrics)) expect(value, `${cases[index]!.loss.type} ${name}`).toBeCloseTo(want.metrics[name]!, 5);
    });
  });
});

describe('optimizers', () => {
  it("every optimizer takes TF.js's steps, the learning rate changing between them", async () => {
    const calls: IrCall[] = [
      { type: 'sgd', params: { learning_rate: 0.1, momentum: 0, nesterov: false } },
      { type: 'sgd', params: { learning_rate: 0.1, momentum: 0.9, nesterov: false } },
      { type: 'sgd', params: { learning_rate: 0.1, momentum: 0.9, nesterov: true } },
      { type: 'adam', params: { learning_rate: 0.01, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7 } },
      { type: 'adamax', params: { learning_rate: 0.01, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7 } },
      { type: 'rmsprop', params: { learning_rate: 0.01, rho: 0.9, momentum: 0, epsilon: 1e-7, centered: false } },
      { type: 'rmsprop', params: { learning_rate: 0.01, rho: 0.9, momentum: 0.5, epsilon: 1e-7, centered: false } },
      { type: 'rmsprop', params: { learning_rate: 0.01, rho: 0.9, momentum: 0.5, epsilon: 1e-7, centered: true } },
      { type: 'adagrad', params: { learning_rate: 0.1, initial_accumulator_value: 0.1 } },
      { type: 'adadelta', params: { learning_rate: 1, rho: 0.95, epsilon: 1e-7 } },
    ];
    const initial = [0.5, -1.25, 2, 0.125];
    const draw = random(11);
    const steps = [1, 1, 0.5, 0.5, 0.25].map((scale, index) => ({ factor: scale, gradient: initial.map(() => draw() * 2 - 1), index }));
    const expected = calls.map((call) => {
      const optimizer = createOptimizer(call);
      const rate = Number(call.params.learning_rate);
      const variable = tf.variable(tf.tensor1d(initial), true, `w_${call.type}_${Math.floor(draw() * 1e9)}`);
      for (const step of steps) {
        setLearningRate(optimizer, rate * step.factor);
        optimizer.applyGradients({ [variable.name]: tf.tensor1d(step.gradient) });
      }
      const values = Array.from(variable.dataSync());
      variable.dispose();
      optimizer.dispose();
      return values;
    });
    const answers = (await python(
      calls.map((call) => ({
        kind: 'optimizer',
        call,
        initial,
        steps: steps.map((step) => ({ lr: Number(call.params.learning_rate) * step.factor, gradient: step.gradient })),
      })),
    )) as number[][];
    answers.forEach((values, index) =>
      values.forEach((value, k) =>
        expect(Math.abs(value - expected[index]![k]!), `${calls[index]!.type} ${JSON.stringify(calls[index]!.params)}`).toBeLessThan(
          1e-5 * Math.max(1, Math.abs(value)),
        ),
      ),
    );
  });
});
