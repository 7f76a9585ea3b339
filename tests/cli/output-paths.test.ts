import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runNnspec } from './run-cli.js';
import { repoRoot } from '../support/repo-root.js';

const IRIS = path.join(repoRoot, 'specs', 'iris.nn');

function folder(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'nnspec-out-'));
  writeFileSync(path.join(dir, 'afile'), 'keep me');
  mkdirSync(path.join(dir, 'afolder'));
  return dir;
}

describe('output paths that cannot be written are one-line usage errors, found before any work', () => {
  it('train --json/--html under a file, or naming a folder', async () => {
    const dir = folder();
    expect(await runNnspec(['train', IRIS, '--epochs', '1', '--json', 'afile/r.json'], { cwd: dir })).toMatchObject({
      code: 2,
      stdout: '',
      stderr: `error: --json: cannot create \`${path.join(dir, 'afile/r.json')}\`: \`${path.join(dir, 'afile')}\` is a file, not a folder\n`,
    });
    expect((await runNnspec(['train', IRIS, '--html', 'afolder'], { cwd: dir })).stderr).toBe(
      `error: --html: \`${path.join(dir, 'afolder')}\` is a folder; give a file name\n`,
    );
  });

  it('train --save and compile -o onto an existing file leave the file alone', async () => {
    const dir = folder();
    expect((await runNnspec(['train', IRIS, '--epochs', '1', '--save', 'afile'], { cwd: dir })).stderr).toBe(
      `error: --save: \`${path.join(dir, 'afile')}\` is a file; give a folder name\n`,
    );
    const compiled = await runNnspec(['compile', IRIS, '-o', 'afile'], { cwd: dir });
    expect(compiled).toMatchObject({ code: 2, stderr: `error: -o: \`${path.join(dir, 'afile')}\` is a file; give a folder name\n` });
    expect(readFileSync(path.join(dir, 'afile'), 'utf8')).toBe('keep me');
    expect(readdirSync(dir).sort()).toEqual(['afile', 'afolder']);
  });
});
