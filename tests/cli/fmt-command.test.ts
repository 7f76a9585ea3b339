import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runNnspec } from './run-cli.js';

const MESSY = 'model m {input(shape:[4])   // first\n  dense( 3 )}\n';
const TIDY = 'model m {\n  input(shape: [4]) // first\n  dense(3)\n}\n';

function folderWith(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'nnspec-fmt-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  return dir;
}

describe('nnspec fmt', () => {
  it('formats files in place and leaves formatted ones alone', async () => {
    const dir = folderWith({ 'a.nn': MESSY, 'b.nn': TIDY });
    const run = await runNnspec(['fmt', 'a.nn', 'b.nn'], { cwd: dir });
    expect(run).toMatchObject({ code: 0, stdout: 'a.nn: formatted\n' });
    expect(readFileSync(path.join(dir, 'a.nn'), 'utf8')).toBe(TIDY);
    expect(readdirSync(dir).sort()).toEqual(['a.nn', 'b.nn']);
  });

  it('--check names the files that would change, exits 1 and writes nothing', async () => {
    const dir = folderWith({ 'a.nn': MESSY, 'b.nn': TIDY });
    const run = await runNnspec(['fmt', '--check', 'a.nn', 'b.nn'], { cwd: dir });
    expect(run).toMatchObject({ code: 1, stdout: 'a.nn: would be reformatted\n' });
    expect(readFileSync(path.join(dir, 'a.nn'), 'utf8')).toBe(MESSY);
    expect((await runNnspec(['fmt', '--check', 'b.nn'], { cwd: dir })).code).toBe(0);
  });

  it('formats standard input to standard output', async () => {
    expect(await runNnspec(['fmt', '-'], { stdin: MESSY })).toMatchObject({ code: 0, stdout: TIDY });
  });

  it('leaves a file with syntax errors untouched and prints its diagnostics', async () => {
    const broken = 'model m {\n  dense(3\n}\n';
    const dir = folderWith({ 'bad.nn': broken });
    const run = await runNnspec(['fmt', 'bad.nn'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error[NN1006]: expected `)` to close the arguments of `dense`');
    expect(run.stderr).toContain('bad.nn: not formatted: fix the syntax errors first');
    expect(readFileSync(path.join(dir, 'bad.nn'), 'utf8')).toBe(broken);
  });
});
