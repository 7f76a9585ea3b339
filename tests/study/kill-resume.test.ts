import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { runStudy } from '../../src/train/study/run-study-node.js';
import { killPlan } from './fixtures/kill-plan.js';

const script = fileURLToPath(new URL('./fixtures/run-study-script.ts', import.meta.url));

/** Starts the study in its own process and SIGKILLs it as soon as its first trial file is written. */
function runAndKill(outDir: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, outDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('ended ')) child.kill('SIGKILL');
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      signal === 'SIGKILL' ? resolve(stdout) : reject(new Error(`the study was not killed (exit ${code}): ${stdout}${stderr}`)),
    );
  });
}

it('resumes a study killed with SIGKILL mid-run, running only the trials with no file', async () => {
  const outDir = mkdtempSync(path.join(tmpdir(), 'nnspec-study-kill-'));
  const stdout = await runAndKill(outDir);
  expect(stdout).not.toContain('finished');
  const trialsDir = path.join(outDir, 'trials');
  const before = readdirSync(trialsDir).filter((name) => name.endsWith('.json') && !name.startsWith('.'));
  const { plan, spec } = killPlan();
  expect(before.length).toBeGreaterThanOrEqual(1);
  expect(before.length).toBeLessThan(6);

  const started: string[] = [];
  const result = await runStudy(plan, { baseDir: '.', specText: spec, jobs: 1, outDir, resume: true, onTrialStart: (trial) => started.push(trial.id) });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const run = result.value!;
  expect(run.resumed).toBe(before.length);
  expect(started.sort()).toEqual(
    run.trials
      .map((trial) => trial.id)
      .filter((id) => !before.includes(`${id}.json`))
      .sort(),
  );
  expect(run.trials.map((trial) => trial.status)).toEqual(Array(6).fill('completed'));
  expect(
    readdirSync(trialsDir)
      .filter((name) => !name.startsWith('.'))
      .sort(),
  ).toEqual(run.trials.map((trial) => `${trial.id}.json`).sort());
});
