import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runNnspec } from './run-cli.js';
import { NNSPEC_VERSION } from '../../src/cli/version.js';
import { repoRoot } from '../support/repo-root.js';

describe('nnspec (the command itself)', () => {
  it('prints help listing every command, and exits 0', async () => {
    const run = await runNnspec(['--help']);
    expect(run.code).toBe(0);
    for (const command of ['train', 'check', 'compile', 'fmt', 'explain', 'lsp']) expect(run.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    expect((await runNnspec([])).stdout).toBe(run.stdout);
  });

  it('prints the version of package.json', async () => {
    const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    expect(NNSPEC_VERSION).toBe(manifest.version);
    expect(await runNnspec(['--version'])).toMatchObject({ code: 0, stdout: `nnspec ${manifest.version}\n` });
  });

  it("prints a command's own help", async () => {
    const run = await runNnspec(['train', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: nnspec train [SPEC]');
  });

  it('turns unknown commands and options into one-line errors with exit 2', async () => {
    expect(await runNnspec(['trian'])).toMatchObject({ code: 2, stderr: 'error: unknown command `trian`; did you mean `train`? (see `nnspec --help`)\n' });
    const option = await runNnspec(['check', '--colour', 'specs/digits.nn']);
    expect(option.code).toBe(2);
    expect(option.stderr).toBe('error: unknown option `--colour` for `nnspec check` (see `nnspec check --help`)\n');
    expect((await runNnspec(['train', '--epoch', '5'])).stderr).toBe(
      'error: unknown option `--epoch` for `nnspec train`; did you mean `--epochs`? (see `nnspec train --help`)\n',
    );
    expect((await runNnspec(['train', '--epochs'])).stderr).toBe('error: `--epochs` needs a value, e.g. `--epochs <value>` (see `nnspec train --help`)\n');
    expect((await runNnspec(['check', '--quiet=yes', 'specs/digits.nn'])).stderr).toBe(
      'error: `--quiet` is a switch and takes no value (see `nnspec check --help`)\n',
    );
    expect((await runNnspec(['chekc'])).stderr).toBe('error: unknown command `chekc`; did you mean `check`? (see `nnspec --help`)\n');
  });

  it('explains a diagnostic code and lists them all', async () => {
    const run = await runNnspec(['explain', 'nn1006']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^NN1006: unclosed bracket \(error\)\n\nA `\{`, `\(` or `\[` is not closed/);
    const list = await runNnspec(['explain', '--list']);
    expect(list.stdout).toContain('NN1001  error    unexpected character');
    expect(list.stdout).toContain('NN4901');
    expect(await runNnspec(['explain', 'NN9999'])).toMatchObject({ code: 2, stderr: 'error: no diagnostic code `NN9999` (see `nnspec explain --list`)\n' });
  });
});
