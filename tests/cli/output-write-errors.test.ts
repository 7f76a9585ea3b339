import { accessSync, chmodSync, constants, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type * as FsPromises from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { writeFileAtomic } from '../../src/util/atomic-write.js';
import { runNnspec } from './run-cli.js';
import { repoRoot } from '../support/repo-root.js';

/**
 * Files whose writes go to /dev/full instead (a real ENOSPC from the kernel, which names no
 * path), or fail with a made-up ENOSPC where /dev/full cannot be opened.
 */
const fullDisk = new Set<string>();

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof FsPromises>();
  const noSpace = (): NodeJS.ErrnoException =>
    Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
  const isFull = (file: unknown): boolean => typeof file === 'string' && [...fullDisk].some((name) => path.basename(file).includes(name));
  const toDevFull = async (flags: unknown) => {
    try {
      accessSync('/dev/full', constants.W_OK);
      return await actual.open('/dev/full', flags as string);
    } catch {
      return undefined;
    }
  };
  return {
    ...actual,
    open: (async (file: Parameters<typeof actual.open>[0], flags?: string | number, mode?: number) => {
      if (isFull(file)) {
        const full = await toDevFull(flags);
        if (full) return full;
        const handle = await actual.open(file, flags, mode);
        return Object.assign(Object.create(handle) as object, {
          writeFile: async () => Promise.reject(noSpace()),
          sync: () => handle.sync(),
          close: () => handle.close(),
        });
      }
      return actual.open(file, flags, mode);
    }) as typeof actual.open,
    writeFile: (async (
      file: Parameters<typeof actual.writeFile>[0],
      data: Parameters<typeof actual.writeFile>[1],
      options?: Parameters<typeof actual.writeFile>[2],
    ) => {
      if (isFull(file)) return actual.writeFile('/dev/full', data).catch(() => Promise.reject(noSpace()));
      return actual.writeFile(file, data, options);
    }) as typeof actual.writeFile,
  };
});

afterEach(() => fullDisk.clear());

describe('a full disk names the file it could not write', () => {
  it('writeFileAtomic: the error names the target, not a temporary file or nothing', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nnspec-full-'));
    const target = path.join(dir, 'r.json');
    fullDisk.add('r.json');
    const error = (await writeFileAtomic(target, '{}').catch((failure: unknown) => failure)) as NodeJS.ErrnoException;
    expect(error.code).toBe('ENOSPC');
    expect(error.path).toBe(target);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('nnspec fmt: `cannot write <file>: no space left on the device`, the file unchanged', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nnspec-full-'));
    const spec = path.join(dir, 'messy.nn');
    writeFileSync(spec, 'model m {\ninput(shape: [4])\n  dense(2)\n}\n');
    fullDisk.add('messy.nn');
    const run = await runNnspec(['fmt', 'messy.nn'], { cwd: dir });
    expect(run).toMatchObject({ code: 2, stderr: `error: cannot write \`${spec}\`: no space left on the device\n` });
    expect(readFileSync(spec, 'utf8')).toBe('model m {\ninput(shape: [4])\n  dense(2)\n}\n');
    expect(readdirSync(dir)).toEqual(['messy.nn']);
  });

  it('nnspec compile: names the output folder', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nnspec-full-'));
    fullDisk.add('weights.bin');
    const run = await runNnspec(['compile', path.join(repoRoot, 'specs', 'iris.nn'), '-o', 'out', '--backend', 'cpu'], { cwd: dir });
    expect(run).toMatchObject({ code: 2, stderr: `error: cannot write \`${path.join(dir, 'out')}\`: no space left on the device\n` });
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('an output folder that cannot be written is found before training', () => {
  it('names the option, the path and the folder, and trains nothing', async () => {
    let folder: string;
    const isRoot = process.getuid?.() === 0;
    if (!isRoot) {
      folder = mkdtempSync(path.join(tmpdir(), 'nnspec-ro-'));
      chmodSync(folder, 0o555);
    } else {
      // Permissions do not stop root; /proc/self refuses new files even to root (EPERM).
      folder = '/proc/self';
    }
    const target = path.join(folder, 'sub', 'r.json');
    const run = await runNnspec(['train', path.join(repoRoot, 'specs', 'iris.nn'), '--backend', 'cpu', '--json', target]);
    expect(run).toMatchObject({
      code: 2,
      stdout: '',
      stderr: `error: --json: cannot write \`${target}\`: the folder \`${folder}\` is not writable (permission denied)\n`,
    });
    const save = await runNnspec(['train', path.join(repoRoot, 'specs', 'iris.nn'), '--backend', 'cpu', '--save', path.join(folder, 'model')]);
    expect(save.stderr).toBe(`error: --save: cannot write \`${path.join(folder, 'model')}\`: the folder \`${folder}\` is not writable (permission denied)\n`);
    if (!isRoot) chmodSync(folder, 0o755);
  });
});
