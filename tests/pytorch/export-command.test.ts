import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNnspec } from '../cli/run-cli.js';
import type { PytorchRunFile } from '../../src/pytorch/project.js';

let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'nnspec-pytorch-cli-'));
  const trained = await runNnspec(['train', 'specs/iris.nn', '--epochs', '2', '--quiet', '--save', path.join(dir, 'iris-bundle')]);
  expect(trained.code, trained.stderr).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('nnspec export --to pytorch', () => {
  it('writes the whole project for a spec, and says how to run it', async () => {
    const out = path.join(dir, 'iris-project');
    const run = await runNnspec(['export', 'specs/iris.nn', '--to', 'pytorch', '-o', out]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`wrote ${out}`);
    expect(run.stderr).toContain('python3 train.py --json report.json');
    const files = readdirSync(out).sort();
    expect(files).toEqual(expect.arrayContaining(['README.md', 'data', 'data.py', 'model.py', 'nnspec-run.json', 'nnspec_torch', 'train.py']));
    const runFile = JSON.parse(readFileSync(path.join(out, 'nnspec-run.json'), 'utf8')) as PytorchRunFile;
    expect(runFile.report.spec).toBe('specs/iris.nn');
    expect(runFile.report.data.sizes.train + runFile.report.data.sizes.validation + runFile.report.data.sizes.test).toBe(150);
    expect(runFile.bundle.manifest.spec.path).toBe(path.join(path.resolve('specs'), 'iris.nn'));
    // The TF.js weight layout the saved bundle must have: every weight of the model, named as TF.js names it.
    const manifest = (runFile.tfjsModel as { weightsManifest: { paths: string[]; weights: { name: string; shape: number[] }[] }[] }).weightsManifest;
    expect(manifest[0]!.paths).toEqual(['weights.bin']);
    expect(manifest[0]!.weights.map((weight) => weight.name)).toContain('dense_1/kernel');
    expect(readdirSync(path.join(out, 'nnspec_torch'))).toContain('__init__.py');
  });

  it('copies a bundle of the same model as the starting weights', async () => {
    const out = path.join(dir, 'iris-started');
    const run = await runNnspec(['export', 'specs/iris.nn', '--to', 'pytorch', '-o', out, '--weights', path.join(dir, 'iris-bundle')]);
    expect(run.code, run.stderr).toBe(0);
    expect(readdirSync(path.join(out, 'initial')).sort()).toEqual(['model.json', 'weights.bin']);
    expect(readFileSync(path.join(out, 'initial', 'weights.bin'))).toEqual(readFileSync(path.join(dir, 'iris-bundle', 'weights.bin')));
    const modelJson = JSON.parse(readFileSync(path.join(out, 'initial', 'model.json'), 'utf8')) as { weightsManifest: { paths: string[] }[] };
    expect(modelJson.weightsManifest[0]!.paths).toEqual(['weights.bin']);
  });

  it('refuses the bundle of another model with NN5210, and writes nothing', async () => {
    const out = path.join(dir, 'digits-wrong');
    const run = await runNnspec(['export', 'specs/digits.nn', '--to', 'pytorch', '-o', out, '--weights', path.join(dir, 'iris-bundle')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/error\[NN5210\]: the bundle `[^`]*iris-bundle` holds model `\w+`, the spec trains `mlp`/);
    expect(existsSync(out)).toBe(false);
  });

  it('reports a missing bundle as NN5001', async () => {
    const run = await runNnspec(['export', 'specs/iris.nn', '--to', 'pytorch', '-o', path.join(dir, 'x'), '--weights', path.join(dir, 'nope')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error[NN5001]');
    expect(existsSync(path.join(dir, 'x'))).toBe(false);
  });

  it('is a usage error for a bundle folder as the spec, a missing -o, or pytorch options with onnx', async () => {
    const folder = await runNnspec(['export', path.join(dir, 'iris-bundle'), '--to', 'pytorch', '-o', path.join(dir, 'y')]);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toContain('`--to pytorch` exports a spec');
    expect(folder.stderr).toContain(`--weights ${path.join(dir, 'iris-bundle')}`);
    const noOut = await runNnspec(['export', 'specs/iris.nn', '--to', 'pytorch']);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toContain('needs `-o DIR`');
    const onnx = await runNnspec(['export', 'specs/iris.nn', '--to', 'onnx', '-o', path.join(dir, 'z.onnx'), '--weights', path.join(dir, 'iris-bundle')]);
    expect(onnx.code).toBe(2);
    expect(onnx.stderr).toContain('--weights and --data-root are for `--to pytorch`');
    const unknown = await runNnspec(['export', 'specs/iris.nn', '--to', 'keras', '-o', path.join(dir, 'k')]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('the formats are `onnx` and `pytorch`');
  });
});
