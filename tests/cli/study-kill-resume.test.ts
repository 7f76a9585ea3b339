import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';
import { repoRoot, runNnspec } from './run-cli.js';
import { blobsStudySpec } from '../support/blobs-study.js';

const cli = fileURLToPath(new URL('../study/fixtures/cli-script.ts', import.meta.url));
/** tsx's loader by path: the study runs in a temporary folder, where `--import tsx` would not resolve. */
const tsxLoader = pathToFileURL(path.join(repoRoot, 'node_modules/tsx/dist/loader.mjs')).href;

const spec = blobsStudySpec({ samples: 160, units: 8, seed: 5 });

/** Runs `nnspec study` as a process and SIGKILLs it once its first trial is reported done. */
function studyKilledAfterFirstTrial(cwd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', tsxLoader, cli, 'study', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (/\[1\/4\]/.test(stderr)) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve(stderr) : reject(new Error(`not killed (exit ${code}): ${stderr}`))));
  });
}

it('a study killed with SIGKILL resumes with --resume, running only the unfinished trials; a changed spec is refused', async () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'nnspec-study-kill-'));
  writeFileSync(path.join(folder, 'study.nn'), spec);
  await studyKilledAfterFirstTrial(folder, ['study.nn', '--jobs', '1', '--out', 'out']);
  const kept = readdirSync(path.join(folder, 'out', 'trials')).filter((name) => name.endsWith('.json') && !name.startsWith('.'));
  expect(kept.length).toBeGreaterThanOrEqual(1);
  expect(kept.length).toBeLessThan(4);

  // The spec changed (a comment is enough): --resume refuses, nothing runs.
  writeFileSync(path.join(folder, 'changed.nn'), `// edited\n${spec}`);
  const refused = await runNnspec(['study', 'changed.nn', '--resume', '--out', 'out', '--backend', 'cpu'], { cwd: folder });
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain('NN4906');
  expect(refused.stderr).not.toMatch(/\[\d\/4\]/);

  const resumed = await runNnspec(['study', 'study.nn', '--resume', '--out', 'out', '--jobs', '1'], { cwd: folder });
  expect(resumed.code).toBe(0);
  expect(resumed.stderr).toContain(`4 trials, ${kept.length} already done; 1 at a time`);
  // One progress line per trial run now: only those the killed run had not finished.
  const ranNow = [...resumed.stderr.matchAll(/^\[\d\/4\] (rate = [0-9.]+, seed \d): done/gm)].map((match) => match[1]);
  expect(ranNow).toHaveLength(4 - kept.length);
  expect(
    readdirSync(path.join(folder, 'out', 'trials'))
      .filter((name) => !name.startsWith('.'))
      .sort(),
  ).toEqual(['s0-seed1.json', 's0-seed2.json', 's1-seed1.json', 's1-seed2.json']);
  // The report covers all four, the kept ones read back.
  expect(resumed.stdout).toMatch(/^ {2}0 {5}2\/2 /m);
  expect(JSON.parse(readFileSync(path.join(folder, 'out', 'study.json'), 'utf8')).trials).toEqual(['s0-seed1', 's1-seed1', 's0-seed2', 's1-seed2']);
});
