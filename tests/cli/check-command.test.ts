import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runNnspec } from './run-cli.js';

function tempFile(name: string, content: string | Uint8Array): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'nnspec-check-'));
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

const BROKEN = `model m {
  input(shape: [4])
  dens(8, activation: relu)
  dense(3, activation: softmax)
}
`;

describe('nnspec check', () => {
  it('passes a clean spec with exit 0 and prints the model summary with Keras-style totals', async () => {
    const run = await runNnspec(['check', 'specs/digits.nn']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Model: "mlp"');
    expect(run.stdout).toContain('Total params: 50,826 (198.54 KB)');
    expect(run.stdout).toContain('Data: "digits", features (None, 64), 10 classes');
    expect(run.stderr).toBe('specs/digits.nn: no problems\n');
  });

  it('checks every spec in specs/ without errors', async () => {
    const files = ['digits.nn', 'digits-overfit.nn', 'digits-dropout.nn', 'digits-conv.nn', 'spirals.nn', 'iris.nn', 'sine.nn'];
    const run = await runNnspec(['check', '--quiet', ...files.map((file) => `specs/${file}`)]);
    expect(run.stderr.split('\n').filter((line) => line.includes('error'))).toEqual([]);
    expect(run.code).toBe(0);
  });

  it('reports an error with its code, location, caret and help, and exits 1', async () => {
    const file = tempFile('broken.nn', BROKEN);
    const run = await runNnspec(['check', 'broken.nn'], { cwd: path.dirname(file) });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error\[NN2001\]: unknown layer `dens`/m);
    expect(run.stderr).toContain(' --> broken.nn:3:3');
    expect(run.stderr).toContain('3 |   dens(8, activation: relu)');
    expect(run.stderr).toContain('  |   ^^^^');
    expect(run.stderr).toContain('did you mean `dense`?');
    expect(run.stdout).toBe('');
  });

  it('prints diagnostics and summaries as JSON with --format json', async () => {
    const file = tempFile('broken.nn', BROKEN);
    const run = await runNnspec(['check', '--format', 'json', 'broken.nn', path.resolve('specs/digits.nn')], { cwd: path.dirname(file) });
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout) as { files: { file: string; errors: number; diagnostics: { code: string; range: { start: { line: number; column: number } } }[]; models: { model: string; totalParams: number }[] }[] };
    expect(json.files.map((entry) => entry.file)).toEqual(['broken.nn', path.resolve('specs/digits.nn')]);
    expect(json.files[0]!.errors).toBe(1);
    expect(json.files[0]!.diagnostics.find((d) => d.code === 'NN2001')!.range.start).toMatchObject({ line: 3, column: 3 });
    expect(json.files[1]!.models[0]).toMatchObject({ model: 'mlp', totalParams: 50826 });
  });

  it('reads standard input with -', async () => {
    const run = await runNnspec(['check', '-'], { stdin: BROKEN });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(' --> <stdin>:3:3');
  });

  it('turns unreadable input into one-line usage errors with exit 2', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nnspec-check-'));
    mkdirSync(path.join(dir, 'folder.nn'));
    writeFileSync(path.join(dir, 'binary.nn'), new Uint8Array([0x6d, 0x00, 0xff]));
    writeFileSync(path.join(dir, 'latin1.nn'), new Uint8Array([0x6d, 0xe9, 0x0a]));
    const cases: [string, string][] = [
      ['missing.nn', 'error: cannot read `missing.nn`: no such file\n'],
      ['folder.nn', 'error: cannot read `folder.nn`: it is a directory, not a .nn file\n'],
      ['binary.nn', 'error: cannot read `binary.nn`: it looks like a binary file, not a .nn spec\n'],
      ['latin1.nn', 'error: cannot read `latin1.nn`: it is not valid UTF-8 text\n'],
    ];
    for (const [name, message] of cases) {
      const run = await runNnspec(['check', name], { cwd: dir });
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(message);
    }
    const usage = await runNnspec(['check', '--format', 'xml', 'specs/digits.nn']);
    expect(usage).toMatchObject({ code: 2, stderr: 'error: --format must be `human` or `json`, not `xml`\n' });
    const noFiles = await runNnspec(['check']);
    expect(noFiles.code).toBe(2);
  });
});
