import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runStudy, type StudyOptions } from '../../src/train/study/run-study-node.js';
import { studyManifest, writeStudyManifest } from '../../src/train/study/study-folder-node.js';
import type { StudyPlan } from '../../src/ir/study-plan.js';
import { csvTrainSpec } from '../support/train-spec.js';
import { planOf, studySpec, withDropout, withLearningRate } from './helpers.js';

/** 48 rows of 4 features and a 3-class label: distinct per `shift`. */
function csvText(shift = 0): string {
  const rows = ['a,b,c,d,kind'];
  for (let i = 0; i < 48; i++) rows.push(`${(i % 7) + shift},${(i * 3) % 5},${i % 3},${(i * 7) % 11},k${i % 3}`);
  return `${rows.join('\n')}\n`;
}

function folder(): { dir: string; outDir: string; spec: string; plan: StudyPlan } {
  const dir = mkdtempSync(path.join(tmpdir(), 'nnspec-study-folder-'));
  writeFileSync(path.join(dir, 'points.csv'), csvText());
  const spec = csvTrainSpec('points.csv', { inputs: 4, classes: 3, epochs: 2, dataLines: ['split: { train: 0.5, validation: 0.25, test: 0.25 }'] });
  return { dir, outDir: path.join(dir, 'out'), spec, plan: planOf(spec, [withLearningRate(0.01), withLearningRate(0.05)], [1, 2]) };
}

async function study(plan: StudyPlan, options: StudyOptions & { started?: string[] }) {
  const started = options.started ?? [];
  return runStudy(plan, { jobs: 1, ...options, onTrialStart: (trial) => started.push(trial.id) });
}

const errors = (result: { diagnostics: { severity: string; code: string; message: string; help?: string }[] }) =>
  result.diagnostics.filter((d) => d.severity === 'error');

describe('the study folder', () => {
  it('keeps a manifest and every finished trial, resumes the missing ones, and refuses a changed spec, data or plan', async () => {
    const { dir, outDir, spec, plan } = folder();
    // Ctrl-C after the first trial: it is kept, the others never start.
    let ended = 0;
    const stopped = await study(plan, { baseDir: dir, specText: spec, outDir, onTrialEnd: () => (ended += 1), shouldStop: () => ended > 0 });
    const statuses = stopped.value!.trials.map((trial) => trial.status);
    expect(statuses[0]).toBe('completed');
    expect(statuses.slice(1)).toEqual(['interrupted', 'interrupted', 'interrupted']);
    expect(stopped.value!.trials[3]!.report).toBeNull();
    expect(readdirSync(path.join(outDir, 'trials'))).toEqual(['s0-seed1.json']);

    const manifest = JSON.parse(readFileSync(path.join(outDir, 'study.json'), 'utf8'));
    expect(manifest).toMatchObject({
      format: 'nnspec-study',
      study: 'test',
      model: 'net',
      params: ['lr'],
      seeds: [1, 2],
      prune: null,
      trials: ['s0-seed1', 's1-seed1', 's0-seed2', 's1-seed2'],
    });
    expect(manifest.specSha256).toBe(createHash('sha256').update(spec).digest('hex'));
    expect(manifest.dataFiles).toEqual([
      { data: 'points', path: 'points.csv', bundled: false, bytes: csvText().length, sha256: createHash('sha256').update(csvText()).digest('hex') },
    ]);
    expect(manifest.planSha256).toMatch(/^[0-9a-f]{64}$/);
    const file = JSON.parse(readFileSync(path.join(outDir, 'trials', 's0-seed1.json'), 'utf8'));
    expect(file).toEqual({
      format: 'nnspec-study-trial',
      version: 1,
      planSha256: manifest.planSha256,
      ...JSON.parse(JSON.stringify(stopped.value!.trials[0])),
    });

    // Resuming runs the three missing trials; the kept one is read back as it was.
    const started: string[] = [];
    const resumed = await study(plan, { baseDir: dir, specText: spec, outDir, resume: true, started });
    expect(errors(resumed)).toEqual([]);
    expect(started).toEqual(['s1-seed1', 's0-seed2', 's1-seed2']);
    expect(resumed.value!.resumed).toBe(1);
    expect(resumed.value!.trials[0]).toEqual(JSON.parse(JSON.stringify(stopped.value!.trials[0])));
    expect(resumed.value!.trials.map((trial) => trial.status)).toEqual(['completed', 'completed', 'completed', 'completed']);

    // Resuming a finished study runs nothing.
    const again: string[] = [];
    const finished = await study(plan, { baseDir: dir, specText: spec, outDir, resume: true, started: again });
    expect(again).toEqual([]);
    expect(finished.value!.resumed).toBe(4);

    // A changed spec (a comment is enough), data file or plan is refused before any trial starts.
    const refusals: string[] = [];
    const edited = await study(plan, { baseDir: dir, specText: `${spec}// edited\n`, outDir, resume: true, started: refusals });
    expect(edited.value).toBeUndefined();
    expect(errors(edited)).toEqual([
      expect.objectContaining({
        code: 'NN4906',
        message: `the spec changed since the study in \`${outDir}\` began (its SHA-256 is not the one in \`study.json\`), so its trials cannot be resumed`,
        help: 'restore the spec as it was, or run the study without `--resume` into a new output folder (`--out`)',
      }),
    ]);
    const other = await study(planOf(spec, [withLearningRate(0.01), withLearningRate(0.05)], [1, 2, 3]), {
      baseDir: dir,
      specText: spec,
      outDir,
      resume: true,
      started: refusals,
    });
    expect(errors(other).map((d) => d.code)).toEqual(['NN4908']);
    const otherFresh = await study(planOf(spec, [withLearningRate(0.1)], [1]), { baseDir: dir, specText: spec, outDir, started: refusals });
    expect(errors(otherFresh).map((d) => d.code)).toEqual(['NN4905']);
    expect(errors(otherFresh)[0]!.message).toBe(
      `\`${outDir}\` holds 4 trials of another study (study \`test\`, made from another study plan); the two would be mixed`,
    );
    writeFileSync(path.join(dir, 'points.csv'), csvText(1));
    const changedData = await study(plan, { baseDir: dir, specText: spec, outDir, resume: true, started: refusals });
    expect(errors(changedData).map((d) => d.code)).toEqual(['NN4907']);
    expect(errors(changedData)[0]!.message).toMatch(
      /^the data changed since the study in `.*` began: `points.csv` \(data `points`\) changed: \d+ bytes, SHA-256 [0-9a-f]{12}\.\.\. then; \d+ bytes, SHA-256 [0-9a-f]{12}\.\.\. now$/,
    );
    expect(refusals).toEqual([]);
  });

  it('refuses trial files without a manifest, a damaged trial file, and a file in the way', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nnspec-study-damaged-'));
    const outDir = path.join(dir, 'out');
    const spec = studySpec();
    const plan = planOf(spec, [withDropout(0), withDropout(0.5)], [1]);
    mkdirSync(path.join(outDir, 'trials'), { recursive: true });
    writeFileSync(path.join(outDir, 'trials', 's0-seed1.json'), 'not json');
    const started: string[] = [];
    const orphan = await study(plan, { baseDir: dir, specText: spec, outDir, resume: true, started });
    expect(errors(orphan).map((d) => d.code)).toEqual(['NN4909']);
    expect(errors(orphan)[0]!.message).toBe(`\`${outDir}\` holds trial files but no \`study.json\`: nothing says which study they belong to`);

    // Synthetic data reads no file: the manifest a run would write.
    const manifest = studyManifest(plan, ['s0-seed1', 's1-seed1'], spec, []);
    await writeStudyManifest(outDir, manifest);
    const damaged = await study(plan, { baseDir: dir, specText: spec, outDir, resume: true, started });
    expect(errors(damaged)).toEqual([
      expect.objectContaining({
        code: 'NN4910',
        message: `\`${path.join(outDir, 'trials', 's0-seed1.json')}\` is not a finished trial of this study: it is not valid JSON`,
        help: 'delete the file: `--resume` then runs its trial again',
      }),
    ]);
    writeFileSync(path.join(outDir, 'trials', 's0-seed1.json'), JSON.stringify({ format: 'nnspec-study-trial', planSha256: '0'.repeat(64), id: 's0-seed1' }));
    const foreign = await study(plan, { baseDir: dir, specText: spec, outDir, resume: true, started });
    expect(errors(foreign)[0]!.message).toMatch(/: it was written for another study plan$/);

    const file = path.join(dir, 'file-in-the-way');
    writeFileSync(file, 'x');
    const inTheWay = await study(plan, { baseDir: dir, specText: spec, outDir: file, started });
    expect(errors(inTheWay).map((d) => d.code)).toEqual(['NN4909']);
    expect(started).toEqual([]);
  });

  it('stops on a data error before any trial starts, writing nothing', async () => {
    const spec = csvTrainSpec('missing.csv', { inputs: 4, classes: 3 });
    const dir = mkdtempSync(path.join(tmpdir(), 'nnspec-study-data-'));
    const started: string[] = [];
    const result = await study(planOf(spec, [withLearningRate(0.01)], [1]), { baseDir: dir, specText: spec, outDir: path.join(dir, 'out'), started });
    expect(result.value).toBeUndefined();
    expect(errors(result).map((d) => d.code)).toEqual(['NN4501']);
    expect(started).toEqual([]);
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });
});
