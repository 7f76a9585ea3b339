import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { studyReportSchema } from '../../src/report/index.js';
import { runNnspec } from './run-cli.js';
import { blobsStudySpec } from '../support/blobs-study.js';

function specIn(folder: string, text: string): string {
  const file = path.join(folder, 'study.nn');
  writeFileSync(file, text);
  return file;
}

const mean = (values: number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;

describe('nnspec study', () => {
  it('runs every setting x seed, prints the table, keeps each trial and writes the JSON and HTML reports', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'nnspec-study-'));
    const spec = specIn(folder, blobsStudySpec());
    const run = await runNnspec(['study', spec, '--jobs', '2', '--backend', 'cpu', '--json', 'r.json', '--html', 'r.html'], { cwd: folder });
    expect(run.stderr).toContain('study dropout (');
    expect(run.stderr).toContain('2 settings x 2 seeds = 4 trials; 2 at a time');
    expect(run.stderr.match(/^\[\d\/4\] rate = (0|0\.5), seed [12]: done; best epoch \d of 3/gm)).toHaveLength(4);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ {2}rate {2}trials/m);
    expect(run.stdout).toMatch(/^ {2}0 {5}2\/2 /m);
    expect(run.stdout).toMatch(/^ {2}0\.5 {3}2\/2 /m);
    expect(run.stdout).toContain('Best by validation: rate = ');
    expect(run.stdout).toContain('Against the control (rate = 0), paired by seed:');
    // Every trial kept, by id, beside the manifest.
    expect(readdirSync(path.join(folder, 'dropout.study', 'trials')).sort()).toEqual(['s0-seed1.json', 's0-seed2.json', 's1-seed1.json', 's1-seed2.json']);
    const report = studyReportSchema.parse(JSON.parse(readFileSync(path.join(folder, 'r.json'), 'utf8')));
    expect(report.settings.map((setting) => setting.label)).toEqual(['rate = 0', 'rate = 0.5']);
    for (const setting of report.settings) {
      const gaps = setting.trials.map((trial) => trial.report!.summary.testMinusTrainGap!);
      expect(setting.trials.map((trial) => trial.seed)).toEqual([1, 2]);
      expect(setting.summary.testGap.mean).toBeCloseTo(mean(gaps), 12);
    }
    // Every trial trains on the train block's split, whatever its own seed.
    const splits = report.settings.flatMap((setting) => setting.trials.map((trial) => trial.report!.config.ir.training!.splitSeed));
    expect(splits).toEqual([11, 11, 11, 11]);
    expect(readFileSync(path.join(folder, 'r.html'), 'utf8')).toContain('<table');
  });

  it("refuses a grid value out of a use's range before anything trains, at the value's line", async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'nnspec-study-'));
    const spec = specIn(folder, blobsStudySpec({ grid: '[0, 1.5]' }));
    const run = await runNnspec(['study', spec], { cwd: folder });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error[NN2031]: `rate` must be at least 0 and below 1, got 1.5');
    expect(run.stderr).toContain(`study.nn:26:21`);
    expect(run.stderr).toContain("used as `dropout`'s rate, which takes a number in [0, 1)");
    expect(run.stderr).toContain('1 error; no trial was run');
    expect(existsSync(path.join(folder, 'dropout.study'))).toBe(false);
  });

  it('says which studies exist when --name names none, and refuses --resume of a folder without a study', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'nnspec-study-'));
    const spec = specIn(folder, blobsStudySpec());
    const named = await runNnspec(['study', spec, '--name', 'dropuot'], { cwd: folder });
    expect(named.code).toBe(1);
    expect(named.stderr).toContain('no study `dropuot` in the spec');
    expect(named.stderr).toContain('studies: `dropout`');
    const resumed = await runNnspec(['study', spec, '--resume', '--out', 'nowhere'], { cwd: folder });
    expect(resumed.code).toBe(2);
    expect(resumed.stderr).toContain('--resume: `nowhere` holds no study to resume (no study.json); run without --resume to start it');
    const jobs = await runNnspec(['study', spec, '--jobs', '0'], { cwd: folder });
    expect(jobs.code).toBe(2);
    expect(jobs.stderr).toContain('--jobs must be a whole number from 1 to 64, not `0`');
  });
});

describe('nnspec train on a spec with a study', () => {
  it('trains the defaults and says how to run the study', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'nnspec-study-'));
    specIn(folder, blobsStudySpec());
    const run = await runNnspec(['train', 'study.nn', '--epochs', '1', '--backend', 'cpu'], { cwd: folder });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('note: study.nn declares a study (`dropout`); this trains each param at its default, `nnspec study study.nn` runs it');
    expect(run.stdout).toContain('stopped     epoch 1 of 1');
  });
});
