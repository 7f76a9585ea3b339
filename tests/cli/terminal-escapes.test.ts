import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNnspec } from './run-cli.js';
import { csvTrainSpec } from '../support/train-spec.js';

/** Any ESC that does not start a colour (SGR) sequence `ESC [ ... m`, or another control character but `\n` and `\r`. */
const RAW_CONTROL = /\u001b(?!\[[0-9;]*m)|[\u0000-\u0009\u000b\u000c\u000e-\u001a\u001c-\u001f\u007f-\u009f]/;
const CLEAR = '\u001b[2J';
const TITLE = '\u001b]0;pwned\u0007';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'nnspec-escapes-'));
  // A comment and a string with a title-setting sequence, on lines that have errors.
  writeFileSync(path.join(dir, 'bad.nn'), `model m {\n  input(shape: [4])\n  dens(3) // ${TITLE}\n  dense(2, activation: "${CLEAR}relu")\n}\n`);
  // Class names with ESC and BEL, from the data. (A control character in the header makes the
  // file NN4635, "does not look like a CSV file", so the column names here are plain.)
  const rows = Array.from({ length: 24 }, (_, i) => `${i},${i % 5},${i % 2 ? `${CLEAR}odd` : `even\u0007`}`);
  writeFileSync(path.join(dir, 'cells.csv'), `a,b,kind\n${rows.join('\n')}\n`);
  writeFileSync(
    path.join(dir, 'cells.nn'),
    csvTrainSpec('cells.csv', { dataLines: ['split: { train: 0.5, validation: 0.25, test: 0.25 }'], trainLines: ['batch_size: 8'], epochs: 2 }),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('control characters from specs and data never reach the terminal raw', () => {
  it('check: a code frame shows ESC and BEL as escapes (colours off: no ESC at all)', async () => {
    const run = await runNnspec(['check', 'bad.nn'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('3 |   dens(3) // \\x1b]0;pwned\\x07');
    expect(run.stderr).not.toContain('\u001b');
    expect(run.stderr + run.stdout).not.toMatch(RAW_CONTROL);
  });

  it('check with colours on: only colour sequences', async () => {
    const run = await runNnspec(['check', 'bad.nn'], { cwd: dir, env: { FORCE_COLOR: '1' } });
    expect(run.stderr).toContain('\u001b[');
    expect(run.stderr + run.stdout).not.toMatch(RAW_CONTROL);
  });

  it('train: class names from the data are escaped in the summary', async () => {
    const run = await runNnspec(['train', 'cells.nn', '--backend', 'cpu'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('classes (2): \\x1b[2Jodd, even\\x07');
    expect(run.stdout + run.stderr).not.toContain('\u001b');
    const colored = await runNnspec(['train', 'cells.nn', '--backend', 'cpu'], { cwd: dir, env: { FORCE_COLOR: '1' } });
    expect(colored.code).toBe(0);
    expect(colored.stdout).toContain('\u001b[');
    expect(colored.stdout + colored.stderr).not.toMatch(RAW_CONTROL);
  });

  it('usage errors and file names echo control characters as escapes', async () => {
    const run = await runNnspec(['explain', `NN${CLEAR}`], { cwd: dir });
    expect(run).toMatchObject({ code: 2, stderr: 'error: no diagnostic code `NN\\x1b[2J` (see `nnspec explain --list`)\n' });
    const missing = await runNnspec(['check', `missing${TITLE}.nn`], { cwd: dir });
    expect(missing.stderr).toContain('missing\\x1b]0;pwned\\x07.nn');
    expect(missing.stderr).not.toMatch(RAW_CONTROL);
  });
});
