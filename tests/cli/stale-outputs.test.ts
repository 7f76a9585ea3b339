import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { processIsAlive, removeStaleOutputs, temporaryFilePath, temporaryFolderPath } from '../../src/util/stale-outputs.js';
import { runNnspec } from './run-cli.js';
import { repoRoot } from '../support/repo-root.js';

/** The id of a process that has run and exited (a pid not reused in the moments the test takes). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  if (child.pid === undefined || processIsAlive(child.pid)) throw new Error('could not get the pid of an exited process');
  return child.pid;
}

/** A folder with what killed runs leave (of a dead and of a live process) and look-alikes that are not ours. */
function leftovers(dead: number): { dir: string; stale: string[]; kept: string[] } {
  const dir = mkdtempSync(path.join(tmpdir(), 'nnspec-stale-'));
  const live = process.pid;
  const files = {
    stale: [`.r.json.nnspec-${dead}-1.tmp`, `.r.html.nnspec-${dead}-7.tmp`, `.r.json.${dead}.3.tmp`],
    kept: [`.r.json.nnspec-${live}-999999.tmp`, `.r.json.nnspec-${process.ppid}-1.tmp`, `.other.${dead}.1.tmp`, `r.json.${dead}.1.tmp`, 'notes.txt'],
  };
  const folders = {
    stale: [`model.nnspec-old-${dead}-1764670000000`, `model.nnspec-tmp-${dead}-1764670000000`, `.build.nnspec-tmp-${dead}-1764670000000`],
    kept: [`model.nnspec-tmp-${live}-1764670000000`, 'model.nnspec-old-x-1', 'model'],
  };
  for (const name of [...files.stale, ...files.kept]) writeFileSync(path.join(dir, name), 'x');
  for (const name of [...folders.stale, ...folders.kept]) {
    mkdirSync(path.join(dir, name));
    writeFileSync(path.join(dir, name, 'model.json'), '{}');
  }
  // A link named like a staging folder is not one of ours: left alone.
  symlinkSync(path.join(dir, 'model'), path.join(dir, `link.nnspec-old-${dead}-1`));
  return { dir, stale: [...files.stale, ...folders.stale], kept: [...files.kept, ...folders.kept, `link.nnspec-old-${dead}-1`] };
}

describe('temporary outputs of a killed run', () => {
  it("are removed when their process is gone, and only ours: a live process's and look-alikes stay", async () => {
    const dead = deadPid();
    const { dir, stale, kept } = leftovers(dead);
    const removed = await removeStaleOutputs(dir, { target: path.join(dir, 'r.json') });
    expect(removed.map((file) => path.basename(file)).sort()).toEqual([...stale].sort());
    expect(readdirSync(dir).sort()).toEqual([...kept].sort());
  });

  it('a process reported alive keeps its files (pid reuse errs on the side of keeping)', async () => {
    const dead = deadPid();
    const { dir } = leftovers(dead);
    expect(await removeStaleOutputs(dir, { target: path.join(dir, 'r.json'), isAlive: () => true })).toEqual([]);
  });

  it('nnspec train removes them from the folders it writes to', async () => {
    const dead = deadPid();
    const { dir, stale, kept } = leftovers(dead);
    const run = await runNnspec(
      ['train', path.join(repoRoot, 'specs', 'iris.nn'), '--epochs', '1', '--backend', 'cpu', '--quiet', '--json', 'r.json', '--save', 'model'],
      { cwd: dir },
    );
    expect(run.code).toBe(0);
    for (const name of stale) expect(existsSync(path.join(dir, name))).toBe(false);
    for (const name of kept) expect(existsSync(path.join(dir, name))).toBe(true);
    expect(readdirSync(dir).sort()).toEqual([...kept, 'r.json'].sort());
  });
});

describe("the writers' temporary names", () => {
  it('are the names the cleanup removes once their writer is gone (this process, taken as dead)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nnspec-stale-names-'));
    const file = temporaryFilePath(path.join(dir, 'r.json'), 3);
    const folders = [
      temporaryFolderPath(path.join(dir, 'model'), 'tmp'),
      temporaryFolderPath(path.join(dir, 'model'), 'old'),
      temporaryFolderPath(path.join(dir, '.build'), 'tmp'),
    ];
    writeFileSync(file, 'x');
    for (const folder of folders) mkdirSync(folder);
    expect(path.basename(file)).toBe(`.r.json.nnspec-${process.pid}-3.tmp`);
    const removed = await removeStaleOutputs(dir, { isAlive: () => false });
    expect(removed.sort()).toEqual([file, ...folders].sort());
    expect(readdirSync(dir)).toEqual([]);
  });
});
