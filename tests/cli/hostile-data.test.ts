import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNnspec } from './run-cli.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'nnspec-hostile-cli-'));
  execFileSync('mkfifo', [path.join(dir, 'pipe.csv')]);
  // 2 GiB that cost no disk: refused by its size before a byte is read.
  writeFileSync(path.join(dir, 'huge.csv'), '');
  truncateSync(path.join(dir, 'huge.csv'), 2 * 1024 * 1024 * 1024);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A spec training on the CSV file at `dataPath`, written to the temporary folder. */
function specFor(dataPath: string): string {
  writeFileSync(
    path.join(dir, 'spec.nn'),
    `data d {\n  source: csv(${JSON.stringify(dataPath)}, label: "label")\n}\nmodel m {\n  input(shape: [2])\n  dense(2, activation: softmax)\n}\ntrain m on d { loss: categorical_crossentropy, optimizer: adam(), epochs: 1 }\n`,
  );
  return 'spec.nn';
}

describe('nnspec train on hostile data paths', () => {
  it.each([
    ['/dev/zero', 'NN4616', 'data path `/dev/zero` is a character device, not a regular file'],
    ['pipe.csv', 'NN4616', 'is a FIFO (named pipe), not a regular file'],
    ['huge.csv', 'NN4614', 'is 2 GiB (2,147,483,648 bytes), over the limit of 500 MiB (524,288,000 bytes) for a data file'],
  ])('refuses %s with %s, exit 1 and no stack trace', async (dataPath, code, message) => {
    const run = await runNnspec(['train', specFor(dataPath)], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(code);
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stdout).not.toMatch(/^epoch /m);
  });

  it('reports the same in `nnspec check --data`', async () => {
    const run = await runNnspec(['check', '--data', specFor('/dev/urandom')], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('NN4616');
    expect(run.stderr).toContain('data path `/dev/urandom` is a character device, not a regular file');
  });
});
