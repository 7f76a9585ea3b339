/**
 * The study section (issue 11): the wall time of `nnspec study specs/dropout-study.nn` with
 * `--jobs 1` and `--jobs 2`, as whole processes of the built CLI, and their ratio (goal: jobs 2
 * at most 0.6x jobs 1 on 2 cores). Also checks that both runs gave identical trial histories.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { table } from './stats.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SPEC = 'specs/dropout-study.nn';

interface StudyTiming {
  jobs: number;
  seconds: number;
  /** Each trial's history without the `seconds` of its epochs, by trial id. */
  histories: Map<string, string>;
  epochs: number;
}

function runStudy(jobs: number): StudyTiming {
  const out = mkdtempSync(path.join(tmpdir(), 'nnspec-bench-study-'));
  try {
    const started = performance.now();
    const result = spawnSync(process.execPath, [path.join(root, 'bin/nnspec.js'), 'study', SPEC, '--jobs', String(jobs), '--out', out, '--quiet'], {
      cwd: root,
      encoding: 'utf8',
    });
    const seconds = (performance.now() - started) / 1000;
    if (result.status !== 0) throw new Error(`nnspec study --jobs ${jobs} exited with ${result.status}:\n${result.stderr}`);
    const histories = new Map<string, string>();
    let epochs = 0;
    for (const file of readdirSync(path.join(out, 'trials'))) {
      const trial = JSON.parse(readFileSync(path.join(out, 'trials', file), 'utf8')) as { report: { history: { seconds: number }[] } };
      epochs += trial.report.history.length;
      histories.set(file, JSON.stringify(trial.report.history.map((record) => ({ ...record, seconds: 0 }))));
    }
    return { jobs, seconds, histories, epochs };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Runs the study benchmark and returns its report as text. */
export async function runStudyBench(): Promise<string> {
  const one = runStudy(1);
  const two = runStudy(2);
  const identical = one.histories.size === two.histories.size && [...one.histories].every(([id, history]) => two.histories.get(id) === history);
  const rows = [
    ['run', 'wall time', 'vs --jobs 1', 'epochs trained'],
    [`${SPEC} --jobs 1`, `${one.seconds.toFixed(1)} s`, '1.00x', String(one.epochs)],
    [`${SPEC} --jobs 2`, `${two.seconds.toFixed(1)} s`, `${(two.seconds / one.seconds).toFixed(2)}x`, String(two.epochs)],
  ];
  return `${table(rows)}\n\n${one.histories.size} trials; identical histories with --jobs 1 and --jobs 2 (epoch times aside): ${identical ? 'yes' : 'NO'}`;
}
