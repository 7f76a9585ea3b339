/**
 * The acceptance of the PyTorch export (issue 14), end to end with the real PyTorch: the digits
 * spec exported, trained from scratch by its train.py on one process and on two gloo ranks, its
 * report rendered and its saved bundle loaded back by nnspec; and a project started from a bundle's
 * trained weights.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNnspec } from '../cli/run-cli.js';
import { parseReportJson } from '../../src/report/read-report.js';
import type { TrainingReport } from '../../src/report/report-schema.js';
import { runPython } from './python.js';
import { runRanks } from './ranks.js';

let dir: string;
let nnspecReport: TrainingReport;
let singleReport: TrainingReport;
const project = (): string => path.join(dir, 'torch-digits');

function readReport(file: string): TrainingReport {
  const parsed = parseReportJson(readFileSync(file, 'utf8'), file);
  expect(parsed.diagnostics.map((diagnostic) => diagnostic.message)).toEqual([]);
  return parsed.value!;
}

function testAccuracy(report: TrainingReport): number {
  return report.summary.test!.metrics.accuracy!;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'nnspec-pytorch-'));
  const trained = await runNnspec(['train', 'specs/digits.nn', '--quiet', '--json', path.join(dir, 'nnspec.json'), '--save', path.join(dir, 'tf-bundle')]);
  expect(trained.code, trained.stderr).toBe(0);
  nnspecReport = JSON.parse(readFileSync(path.join(dir, 'nnspec.json'), 'utf8')) as TrainingReport;
  const exported = await runNnspec(['export', 'specs/digits.nn', '--to', 'pytorch', '-o', project()]);
  expect(exported.code, exported.stderr).toBe(0);
  expect(exported.stderr).toContain(`wrote ${project()}`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('nnspec export --to pytorch, digits', () => {
  it('writes the project: scripts, runtime, data with credit, and the run file', () => {
    const files = readdirSync(project());
    for (const name of ['model.py', 'data.py', 'train.py', 'README.md', 'nnspec-run.json', 'nnspec_torch', 'data']) expect(files).toContain(name);
    expect(readdirSync(path.join(project(), 'nnspec_torch'))).toContain('__init__.py');
    expect(existsSync(path.join(project(), 'initial'))).toBe(false);
  });

  it('trains from scratch in PyTorch to within 1 point of nnspec, and nnspec renders its report and loads its bundle', async () => {
    await runPython(['train.py', '--json', 'report.json', '--save', 'trained'], { cwd: project() });
    singleReport = readReport(path.join(project(), 'report.json'));
    expect(singleReport.training.backend).toBe('pytorch-cpu');
    expect(singleReport.history).toHaveLength(singleReport.summary.epochsRun);
    expect(singleReport.summary.restoredBestWeights).toBe(true);
    expect(Math.abs(testAccuracy(singleReport) - testAccuracy(nnspecReport))).toBeLessThanOrEqual(0.01);

    const rendered = await runNnspec(['report', path.join(project(), 'report.json'), '--html', path.join(dir, 'torch.html')]);
    expect(rendered.code, rendered.stderr).toBe(0);
    expect(rendered.stdout).toContain(`epoch ${singleReport.summary.stopEpoch} of 200`);

    // The saved bundle is nnspec's: evaluate reloads the run's own test split through it.
    const evaluated = await runNnspec(['evaluate', path.join(project(), 'trained'), '--split', 'test', '--json', path.join(dir, 'eval.json')]);
    expect(evaluated.code, evaluated.stderr).toBe(0);
    const evaluation = JSON.parse(readFileSync(path.join(dir, 'eval.json'), 'utf8')) as { loss: number; metrics: Record<string, number> };
    expect(evaluation.metrics.accuracy).toBeCloseTo(testAccuracy(singleReport), 6);
    expect(Math.abs(evaluation.loss - singleReport.summary.test!.loss)).toBeLessThanOrEqual(1e-4 * Math.max(1, singleReport.summary.test!.loss));
  });

  it('trains on two gloo ranks: identical weights and stop epoch, global losses, accuracy within 1 point of one process', async () => {
    const ranks = await runRanks(['train.py', '--json', 'ddp.json', '--save', 'ddp-trained'], { cwd: project(), worldSize: 2 });
    const ends = ranks.map(({ stdout, stderr }) => {
      const match = /\[rank (\d)\/2\] stopped at epoch (\d+) \((\w+)\), weights sha256 ([0-9a-f]{64})/.exec(stdout + stderr);
      expect(match, stdout + stderr).not.toBeNull();
      return { rank: Number(match![1]), epoch: Number(match![2]), reason: match![3], hash: match![4] };
    });
    expect(ends.map((end) => end.rank)).toEqual([0, 1]);
    expect(ends[1]!.epoch).toBe(ends[0]!.epoch);
    expect(ends[1]!.hash).toBe(ends[0]!.hash);
    // Every rank logs the same (all-reduced) figures each epoch.
    const epochLines = ranks.map(({ stdout, stderr }) =>
      (stdout + stderr)
        .split('\n')
        .filter((line) => /^\[rank \d\/2\] epoch /.test(line))
        .map((line) => line.replace(/^\[rank \d\/2\] /, '').replace(/ \d+(\.\d+)?s$/, '')),
    );
    expect(epochLines[0]!.length).toBe(ends[0]!.epoch);
    expect(epochLines[1]).toEqual(epochLines[0]);
    // Only rank 0 writes files.
    const ddp = readReport(path.join(project(), 'ddp.json'));
    expect(ddp.training.backend).toBe('pytorch-gloo');
    expect(ddp.summary.stopEpoch).toBe(ends[0]!.epoch);
    expect(Math.abs(testAccuracy(ddp) - testAccuracy(singleReport))).toBeLessThanOrEqual(0.01);
  });

  it("starts from a trained bundle's weights: before any training PyTorch measures what nnspec measured", async () => {
    const started = path.join(dir, 'torch-started');
    const exported = await runNnspec(['export', 'specs/digits.nn', '--to', 'pytorch', '-o', started, '--weights', path.join(dir, 'tf-bundle')]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(readdirSync(path.join(started, 'initial')).sort()).toEqual(['model.json', 'weights.bin']);
    await runPython(['train.py', '--epochs', '0', '--json', 'start.json', '--save', 'unchanged'], { cwd: started });
    const start = readReport(path.join(started, 'start.json'));
    for (const split of ['train', 'validation', 'test'] as const) {
      const torch = start.summary[split]!;
      const tfjs = nnspecReport.summary[split]!;
      expect(Math.abs(torch.loss - tfjs.loss), split).toBeLessThanOrEqual(1e-4 * Math.max(1, tfjs.loss));
      expect(torch.metrics.accuracy, split).toBeCloseTo(tfjs.metrics.accuracy!, 6);
    }
  });
});
