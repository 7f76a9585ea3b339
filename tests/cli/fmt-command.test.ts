import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runNnspec } from './run-cli.js';
import { repoRoot } from '../support/repo-root.js';

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

  it('formats a file with a byte-order mark and CRLF line ends to the canonical LF text', async () => {
    const dir = folderWith({ 'win.nn': `\ufeff${MESSY.replace(/\n/g, '\r\n')}` });
    expect(await runNnspec(['fmt', 'win.nn'], { cwd: dir })).toMatchObject({ code: 0, stdout: 'win.nn: formatted\n', stderr: '' });
    expect(readFileSync(path.join(dir, 'win.nn'), 'utf8')).toBe(TIDY);
  });

  it('rejects standard input that is not UTF-8 in one line, as it does files', () => {
    const bin = path.join(repoRoot, 'bin', 'nnspec.js');
    const run = spawnSync(process.execPath, [bin, 'fmt', '-'], { input: Buffer.from([0x6d, 0x6f, 0xff, 0x0a]), encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('error: cannot read standard input: it is not valid UTF-8 text\n');
    expect(run.stdout).toBe('');
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
