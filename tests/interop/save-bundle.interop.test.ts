/**
 * `save_bundle` (python/nnspec_torch/bundle.py): the bundle the PyTorch program saves loads in
 * nnspec (`readBundleFolder`), predicts what the torch module predicts, and `nnspec evaluate`
 * finds the spec through the manifest's relative path.
 */
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { readBundleFolder } from '../../src/bundle/read-bundle-node.js';
import { generateModelPy } from '../../src/pytorch/model-py.js';
import { runNnspec } from '../cli/run-cli.js';
import { moonsSpec, tempDir, trainBundle } from '../predict/bundle-fixtures.js';
import { runPython } from './python.js';

const REPO = path.resolve(import.meta.dirname, '../..');
const dir = tempDir();

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('save_bundle', () => {
  it('writes a bundle nnspec loads, predicts with and evaluates', async () => {
    const { bundle, folder } = await trainBundle(
      dir,
      'net',
      moonsSpec('  dense(8, activation: relu)\n  batch_norm()\n  dropout(0.2)\n  dense(2, activation: softmax)'),
    );
    const json = bundle.json;
    bundle.dispose();

    // The project as the exporter lays it out: model.py, the runtime, nnspec-run.json.
    const project = path.join(dir, 'project');
    await mkdir(project);
    await cp(path.join(REPO, 'python/nnspec_torch'), path.join(project, 'nnspec_torch'), { recursive: true });
    await cp(path.join(REPO, 'tests/interop/save_bundle_check.py'), path.join(project, 'save_bundle_check.py'));
    const generated = generateModelPy(json.ir.model, { specPath: 'net.nn' });
    expect(generated.diagnostics).toEqual([]);
    await writeFile(path.join(project, 'model.py'), generated.value!);
    const { training, metrics, manifest, ...rest } = json;
    void training;
    void metrics;
    const { date, files, ...manifestRest } = manifest;
    void date;
    void files;
    const tfjsModel = JSON.parse(await readFile(path.join(folder, 'model.json'), 'utf8')) as Record<string, unknown>;
    const run = {
      format: 'nnspec-pytorch-run',
      version: 1,
      report: {},
      bundle: { ...rest, manifest: { ...manifestRest, spec: { ...manifestRest.spec, path: path.join(dir, 'net.nn') } } },
      tfjsModel,
    };
    await writeFile(path.join(project, 'nnspec-run.json'), JSON.stringify(run));
    const x = Array.from({ length: 10 }, (_, i) => Math.sin(i * 1.7) * 1.5);
    await writeFile(path.join(project, 'x.json'), JSON.stringify({ data: x, shape: [5, 2] }));

    await runPython(['save_bundle_check.py', folder, 'x.json', 'saved', 'result.json'], { cwd: project });
    const torchOutput = (JSON.parse(await readFile(path.join(project, 'result.json'), 'utf8')) as { output: number[] }).output;

    // The folder is complete and alone: no staging or old copy left beside it.
    expect((await readdir(project)).sort()).toEqual(['model.py', 'nnspec-run.json', 'nnspec_torch', 'result.json', 'save_bundle_check.py', 'saved', 'x.json']);
    expect((await readdir(path.join(project, 'saved'))).sort()).toEqual(['model.json', 'nnspec.json', 'weights.bin']);

    const loaded = await readBundleFolder(path.join(project, 'saved'));
    expect(loaded.diagnostics).toEqual([]);
    const saved = loaded.value!;
    expect(saved.json.manifest.spec.path).toBe('../../net.nn');
    expect(saved.json.manifest.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(saved.json.manifest.files.weightsBytes).toBe((json.ir.model.trainableParams + json.ir.model.nonTrainableParams) * 4);
    expect(saved.json.training).toEqual(json.training);
    expect(saved.json.metrics).toEqual(json.metrics);
    const predicted = (await (saved.model.predict(tf.tensor(x, [5, 2])) as tf.Tensor).data()) as Float32Array;
    saved.dispose();
    expect(predicted.length).toBe(torchOutput.length);
    for (let i = 0; i < predicted.length; i++) expect(Math.abs(predicted[i]! - torchOutput[i]!)).toBeLessThanOrEqual(1e-5);
    // Not the original weights: the torch module's own.
    const original = await readBundleFolder(folder);
    const before = (await (original.value!.model.predict(tf.tensor(x, [5, 2])) as tf.Tensor).data()) as Float32Array;
    original.value!.dispose();
    expect(Math.max(...Array.from(before, (value, i) => Math.abs(value - predicted[i]!)))).toBeGreaterThan(1e-3);

    // nnspec predict reads the raw features and normalises them with the bundle's statistics.
    const rows = Array.from({ length: 5 }, (_, i) => `${x[2 * i]},${x[2 * i + 1]}`).join('\n');
    await writeFile(path.join(dir, 'points.csv'), `x1,x2\n${rows}\n`);
    const predictedByCli = await runNnspec(['predict', path.join(project, 'saved'), 'points.csv'], { cwd: dir });
    expect(predictedByCli.stderr).toBe('');
    expect(predictedByCli.code).toBe(0);
    const lines = predictedByCli.stdout.trim().split('\n');
    expect(lines[0]).toBe('class,p(0),p(1)');
    expect(lines).toHaveLength(6);

    const evaluated = await runNnspec(['evaluate', path.join(project, 'saved'), '--split', 'test'], { cwd: dir });
    expect(evaluated.stderr).not.toContain('error');
    expect(evaluated.code).toBe(0);
    expect(evaluated.stdout).toContain('accuracy');
  });
});
