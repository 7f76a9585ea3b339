/**
 * The generated train.py, run by Debian's Python with PyTorch in an exported project: one process
 * (the report, the best epoch and stop by the rule, the bundle), two gloo ranks started by hand
 * (Debian's torchrun crashes), the batch the ranks cannot share, `--epochs 0`, divergence, Ctrl-C.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleSchema } from '../../src/bundle/bundle-schema.js';
import { trainingReportSchema, type TrainingReport } from '../../src/report/report-schema.js';
import { PYTHON, runPython, type PythonRun } from './python.js';
import { runRanks } from './ranks.js';
import { writeTrainProject } from './train-project.js';
import { repoRoot } from '../support/repo-root.js';

function readReport(file: string): TrainingReport {
  return trainingReportSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

/** A rank's epoch lines without the rank prefix and the seconds: the global figures it logged. */
function epochLines(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((line) => /^\[rank \d+\/\d+\] epoch /.test(line))
    .map((line) => line.replace(/^\[rank \d+\/\d+\] /, '').replace(/\s+[\d.]+s$/, ''));
}

const FINAL_LINE = /^\[rank (\d+)\/(\d+)\] stopped at epoch (\d+) \((\w+)\), weights sha256 ([0-9a-f]{64})$/m;

describe('train.py on iris', () => {
  let dir: string;
  let single: PythonRun;
  let report: TrainingReport;

  beforeAll(async () => {
    const text = readFileSync(path.join(repoRoot, 'specs/iris.nn'), 'utf8');
    ({ dir } = await writeTrainProject(text, 'specs/iris.nn'));
    single = await runPython(['train.py', '--epochs', '80', '--json', 'one.json', '--save', 'one'], { cwd: dir });
    report = readReport(path.join(dir, 'one.json'));
  });

  it("writes a report in nnspec's schema, with the run's backend and overrides", () => {
    expect(report.training).toMatchObject({ backend: 'pytorch-cpu', threads: 1, epochs: 80, seed: 11, batchSize: 16, optimizer: 'sgd' });
    expect(report.config.overrides).toEqual({ epochs: 80, seed: null });
    expect(report.config.ir.training!.epochs).toBe(80);
    expect(report.data.sizes).toEqual({ train: 90, validation: 30, test: 30 });
  });

  it('stops by patience, 30 epochs after the first epoch of best validation accuracy, and restores it', () => {
    const { summary, history } = report;
    expect(history).toHaveLength(summary.epochsRun);
    expect(history.map((record) => record.epoch)).toEqual(history.map((_, index) => index + 1));
    const best = Math.max(...history.map((record) => record.valMetrics.accuracy!));
    const firstBest = history.find((record) => record.valMetrics.accuracy === best)!.epoch;
    expect(summary).toMatchObject({ monitor: 'val_accuracy', mode: 'max', bestEpoch: firstBest, bestValue: best, restoredBestWeights: true });
    if (summary.stopReason === 'patience') {
      expect(summary.stopEpoch).toBe(firstBest + 30);
      expect(summary.stopMessage).toBe(`val_accuracy did not improve for 30 epochs after epoch ${firstBest}`);
    } else {
      expect(summary).toMatchObject({ stopReason: 'epochs', stopEpoch: 80, stopMessage: 'all 80 epochs ran' });
    }
    // The restored weights are the best epoch's: evaluated again, they give its validation figures.
    expect(summary.validation!.metrics.accuracy).toBe(best);
    expect(summary.validation!.loss).toBeCloseTo(history[firstBest - 1]!.valLoss!, 6);
    expect(summary.test!.metrics.accuracy).toBeGreaterThanOrEqual(0.85);
    expect(summary.testMinusTrainGap).toBeCloseTo(summary.test!.loss - summary.train!.loss, 12);
  });

  it('records every epoch as nnspec does: the gap, the rate, clean and validation figures', () => {
    for (const record of report.history) {
      expect(record.gap).toBeCloseTo(record.valLoss! - record.cleanTrainLoss!, 12);
      expect(record.learningRate).toBe(0.05);
      expect(Object.keys(record.trainMetrics)).toEqual(['accuracy']);
      expect(Object.keys(record.cleanTrainMetrics)).toEqual(['accuracy']);
    }
    expect(report.history.at(-1)!.trainLoss).toBeLessThan(report.history[0]!.trainLoss);
  });

  it("saves nnspec's bundle with the run's outcome, and logs one line per epoch and the stop line", () => {
    const bundle = bundleSchema.parse(JSON.parse(readFileSync(path.join(dir, 'one', 'nnspec.json'), 'utf8')));
    expect(bundle.training).toEqual({
      bestEpoch: report.summary.bestEpoch,
      restoredBestWeights: true,
      epochsRun: report.summary.epochsRun,
      stopReason: report.summary.stopReason,
      loss: 'categorical_crossentropy',
      metrics: ['accuracy'],
    });
    expect(bundle.metrics).toEqual({ train: report.summary.train, validation: report.summary.validation, test: report.summary.test });
    expect(bundle.manifest).toMatchObject({ seed: 11, backend: 'pytorch-cpu' });
    expect(bundle.ir.training!.epochs).toBe(80);
    expect(epochLines(single.stdout)).toHaveLength(report.summary.epochsRun);
    const final = FINAL_LINE.exec(single.stdout)!;
    expect(final.slice(1, 5)).toEqual(['0', '1', String(report.summary.stopEpoch), report.summary.stopReason]);
  });

  it('--epochs 0 trains nothing and evaluates the starting weights', async () => {
    await runPython(['train.py', '--epochs', '0', '--json', 'zero.json', '--save', ''], { cwd: dir });
    const zero = readReport(path.join(dir, 'zero.json'));
    expect(zero.history).toEqual([]);
    expect(zero.training.epochs).toBe(0);
    expect(zero.config.overrides).toEqual({ epochs: null, seed: null });
    expect(zero.summary).toMatchObject({ stopReason: 'epochs', stopEpoch: 0, epochsRun: 0, bestEpoch: null, restoredBestWeights: false });
    expect(zero.summary.stopMessage).toBe('no epoch ran (--epochs 0): the starting weights were evaluated');
    expect(zero.summary.test!.metrics.accuracy).toBeLessThan(report.summary.test!.metrics.accuracy!);
  });

  it('two gloo ranks log the same global losses, stop together with identical weights, and only rank 0 writes', async () => {
    const runs = await runRanks(['train.py', '--epochs', '80', '--json', 'two.json', '--save', 'two'], { cwd: dir, worldSize: 2 });
    const finals = runs.map((run) => FINAL_LINE.exec(run.stdout)!);
    expect(finals.map((final) => final.slice(1, 3))).toEqual([
      ['0', '2'],
      ['1', '2'],
    ]);
    expect(finals[1]![3]).toBe(finals[0]![3]);
    expect(finals[1]![4]).toBe(finals[0]![4]);
    expect(finals[1]![5]).toBe(finals[0]![5]);
    expect(epochLines(runs[1]!.stdout)).toEqual(epochLines(runs[0]!.stdout));
    expect(runs[1]!.stdout).not.toMatch(/wrote|saved/);
    const two = readReport(path.join(dir, 'two.json'));
    expect(two.training).toMatchObject({ backend: 'pytorch-gloo', threads: 2 });
    expect(two.summary.epochsRun).toBe(epochLines(runs[0]!.stdout).length);
    // Two ranks of 8 make the one-process batches of 16: the same run up to float rounding.
    for (const [index, record] of two.history.slice(0, 10).entries()) {
      expect(record.trainLoss).toBeCloseTo(report.history[index]!.trainLoss, 4);
      expect(record.valLoss!).toBeCloseTo(report.history[index]!.valLoss!, 4);
    }
    expect(Math.abs(two.summary.test!.metrics.accuracy! - report.summary.test!.metrics.accuracy!)).toBeLessThanOrEqual(0.1);
  });

  it('refuses a world size that does not divide the global batch: one sentence, exit status 2, nothing written', async () => {
    // One rank alone: it must refuse before joining the group (which would wait for the others).
    const failure = spawnSync(PYTHON, ['train.py', '--json', 'three.json'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, OMP_NUM_THREADS: '1', RANK: '0', WORLD_SIZE: '3', LOCAL_RANK: '0', MASTER_ADDR: '127.0.0.1', MASTER_PORT: '1' },
    });
    expect(failure.status).toBe(2);
    expect(failure.stderr).toBe(
      'error: batch_size 16 is the global batch and must divide evenly over the 3 ranks (WORLD_SIZE): run on a number of ranks that divides 16, or change batch_size in specs/iris.nn\n',
    );
    expect(existsSync(path.join(dir, 'three.json'))).toBe(false);
  });
});

describe('train.py on a regression with a schedule and a Prechelt rule', () => {
  it('trains the sine spec with rmsprop, reduce_on_plateau and up, and reports its metrics', async () => {
    const text = readFileSync(path.join(repoRoot, 'specs/sine.nn'), 'utf8')
      .replace('optimizer: adam(learning_rate: 0.01)', 'optimizer: rmsprop(learning_rate: 0.01, momentum: 0.5)')
      .replace('schedule: exponential_decay(rate: 0.97, steps: 1)', 'schedule: reduce_on_plateau(patience: 1, factor: 0.5)')
      .replace('metrics: [mae]', 'metrics: [mae, rmse, r2]')
      .replace('patience: 20,', 'patience: 20,\n    rule: up(strips: 2, strip: 2),');
    const { dir } = await writeTrainProject(text, 'sine-variant.nn');
    const train = readFileSync(path.join(dir, 'train.py'), 'utf8');
    expect(train).toContain('SCHEDULE = {');
    expect(train).toContain('"rule": {"type": "up", "params": {"strips": 2, "strip": 2}}');
    await runPython(['train.py', '--epochs', '12', '--seed', '3'], { cwd: dir });
    const report = readReport(path.join(dir, 'report.json'));
    expect(report.training).toMatchObject({ optimizer: 'rmsprop', loss: 'mean_squared_error', metrics: ['mae', 'rmse', 'r2'], seed: 3, epochs: 12 });
    expect(report.config.overrides).toEqual({ epochs: 12, seed: 3 });
    for (const record of report.history) {
      expect(Object.keys(record.valMetrics)).toEqual(['mae', 'rmse', 'r2']);
      // rmse over the whole split is the root of the mean squared error, the loss here.
      expect(record.cleanTrainMetrics.rmse).toBeCloseTo(Math.sqrt(record.cleanTrainLoss!), 6);
    }
    // The rate starts at the optimizer's and only ever halves.
    const rates = report.history.map((record) => record.learningRate);
    expect(rates[0]).toBe(0.01);
    rates.slice(1).forEach((rate, index) => expect([rates[index], rates[index]! / 2]).toContainEqual(rate));
    expect(['epochs', 'up']).toContain(report.summary.stopReason);
    expect(report.summary.test!.metrics.r2).toBeGreaterThan(0.5);
  });
});

describe('train.py when training diverges', () => {
  it('stops at the first non-finite batch loss as nnspec does, exits 1, and still writes the report', async () => {
    const text = readFileSync(path.join(repoRoot, 'specs/sine.nn'), 'utf8').replace(
      'optimizer: adam(learning_rate: 0.01)',
      'optimizer: sgd(learning_rate: 1e12)',
    );
    const { dir } = await writeTrainProject(text, 'sine-diverges.nn');
    const run = spawnSync(PYTHON, ['train.py', '--epochs', '3'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, OMP_NUM_THREADS: '1' },
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /^\[rank 0\/1\] error: training diverged: the loss became (NaN|infinite) at epoch 1, batch \d+ of 22; lower the learning rate \(it was 1000000000000; try 100000000000\)/,
    );
    const report = readReport(path.join(dir, 'report.json'));
    expect(report.history).toEqual([]);
    expect(report.summary).toMatchObject({ stopReason: 'diverged', stopEpoch: 1, epochsRun: 0, bestEpoch: null, restoredBestWeights: false });
    expect(report.summary.stopMessage).toMatch(/^the loss became non-finite at epoch 1, batch \d+; stopped at once$/);
  });
});

describe('train.py and Ctrl-C', () => {
  it('stops as nnspec does: the epoch evaluated as it stood, the report written, exit status 130', async () => {
    const text = readFileSync(path.join(repoRoot, 'specs/iris.nn'), 'utf8');
    const { dir } = await writeTrainProject(text, 'specs/iris.nn');
    const child = spawn(PYTHON, ['train.py', '--epochs', '100000'], { cwd: dir, env: { ...process.env, OMP_NUM_THREADS: '1' } });
    let stdout = '';
    let sent = false;
    // Interrupted once the first epoch is logged, whichever batch the signal then lands in.
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!sent && /\] epoch 1\//.test(stdout)) sent = child.kill('SIGINT');
    });
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(status).toBe(130);
    const report = readReport(path.join(dir, 'report.json'));
    expect(report.summary.stopReason).toBe('interrupted');
    expect(report.summary.stopEpoch).toBe(report.history.length);
    const last = report.history.at(-1)!;
    const message = last.partial
      ? `interrupted during epoch ${last.epoch} (Ctrl-C) after ${last.partial.batchesRun} of ${last.partial.batches} batches; that epoch was evaluated and counted as it stood`
      : `interrupted after epoch ${last.epoch} (Ctrl-C)`;
    expect(report.summary.stopMessage).toBe(message);
    expect(FINAL_LINE.exec(stdout)![4]).toBe('interrupted');
  });
});
