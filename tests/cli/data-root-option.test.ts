import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNnspec } from './run-cli.js';
import { csvTrainSpec } from '../support/train-spec.js';

const SECRET = 'root:x:0:0:root:/root:/bin/bash';
let base: string;

/** A spec in the data root reading the CSV `file` (two numeric columns and `kind`). */
function spec(file: string): string {
  return csvTrainSpec(file, { dataLines: ['split: { train: 0.5, validation: 0.25, test: 0.25 }'], trainLines: ['batch_size: 8'] });
}

beforeAll(() => {
  base = realpathSync(mkdtempSync(path.join(tmpdir(), 'nnspec-data-root-')));
  mkdirSync(path.join(base, 'root'));
  mkdirSync(path.join(base, 'outside'));
  writeFileSync(
    path.join(base, 'root', 'data.csv'),
    `a,b,kind\n${Array.from({ length: 24 }, (_, i) => `${i},${i % 5},${i % 2 ? 'odd' : 'even'}`).join('\n')}\n`,
  );
  writeFileSync(path.join(base, 'outside', 'secret.csv'), `${SECRET}\n`);
  symlinkSync(path.join(base, 'outside'), path.join(base, 'root', 'link'));
  writeFileSync(path.join(base, 'root', 'inside.nn'), spec('data.csv'));
  writeFileSync(path.join(base, 'root', 'escape.nn'), spec('../outside/secret.csv'));
  writeFileSync(path.join(base, 'root', 'escape-missing.nn'), spec('../outside/absent.csv'));
  writeFileSync(path.join(base, 'root', 'absolute.nn'), spec(path.join(base, 'outside', 'secret.csv')));
  writeFileSync(path.join(base, 'root', 'symlink.nn'), spec('link/secret.csv'));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

const cwd = () => base;

describe('--data-root', () => {
  it('check --data: refuses paths outside the root with NN4504 and never prints the file', async () => {
    for (const name of ['escape.nn', 'absolute.nn', 'symlink.nn']) {
      const run = await runNnspec(['check', '--data', '--data-root', 'root', `root/${name}`], { cwd: cwd() });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('error[NN4504]: data path `');
      expect(run.stderr).toContain('is outside the data root; it was not read');
      expect(run.stderr).not.toContain('root:x');
      expect(run.stderr).not.toContain('does not exist');
    }
  });

  it('says the same for a missing and an existing file outside', async () => {
    const existing = await runNnspec(['check', '--data', '--data-root', 'root', 'root/escape.nn', '--format', 'json'], { cwd: cwd() });
    const missing = await runNnspec(['check', '--data', '--data-root', 'root', 'root/escape-missing.nn', '--format', 'json'], { cwd: cwd() });
    const diagnosticsOf = (stdout: string) =>
      (JSON.parse(stdout) as { files: { diagnostics: { code: string; message: string; range: unknown }[] }[] }).files[0]!.diagnostics;
    const strip = (stdout: string) => diagnosticsOf(stdout).map((diagnostic) => ({ ...diagnostic, message: diagnostic.message.replace(/secret|absent/, 'X') }));
    expect(diagnosticsOf(existing.stdout).map((diagnostic) => diagnostic.code)).toEqual(['NN4504']);
    expect(strip(missing.stdout)).toEqual(strip(existing.stdout));
    expect(missing.code).toBe(existing.code);
  });

  it('check --data reads a path inside the root', async () => {
    const run = await runNnspec(['check', '--data', '--data-root', 'root', 'root/inside.nn'], { cwd: cwd() });
    expect(run.stderr).toBe('root/inside.nn: no problems\n');
    expect(run.code).toBe(0);
  });

  it('train: refuses a path outside the root before training, and trains one inside', async () => {
    const refused = await runNnspec(['train', 'root/escape.nn', '--data-root', 'root', '--backend', 'cpu'], { cwd: cwd() });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('error[NN4504]: data path `../outside/secret.csv` of `points` is outside the data root; it was not read');
    expect(refused.stderr).toContain('  source: csv(path: "../outside/secret.csv", label: "kind")');
    expect(refused.stderr).not.toContain('root:x');
    expect(refused.stdout).toBe('');
    const trained = await runNnspec(['train', 'root/inside.nn', '--data-root', 'root', '--backend', 'cpu', '--quiet'], { cwd: cwd() });
    expect(trained.stderr).toBe('');
    expect(trained.code).toBe(0);
  });

  it('is a clear usage error without a value or with a root that is not a folder', async () => {
    const noValue = await runNnspec(['train', 'root/inside.nn', '--data-root'], { cwd: cwd() });
    expect(noValue).toMatchObject({ code: 2, stderr: 'error: `--data-root` needs a value, e.g. `--data-root <value>` (see `nnspec train --help`)\n' });
    const missing = await runNnspec(['train', 'root/inside.nn', '--data-root', 'nope'], { cwd: cwd() });
    expect(missing).toMatchObject({ code: 2, stderr: 'error: --data-root: `nope` does not exist; give an existing folder\n' });
    const file = await runNnspec(['check', '--data', '--data-root', 'root/data.csv', 'root/inside.nn'], { cwd: cwd() });
    expect(file).toMatchObject({ code: 2, stderr: 'error: --data-root: `root/data.csv` is not a folder; give an existing folder\n' });
  });
});
