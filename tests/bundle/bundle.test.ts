/**
 * The trained-model bundle: `train --save DIR` writes `nnspec.json` beside the TF.js files, and
 * `readBundleFolder` gives back the model (rebuilt from the IR, with the saved weights) and its
 * checked description, or refuses a damaged, edited or newer bundle with the field named.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBundleFolder } from '../../src/bundle/read-bundle-node.js';
import { parseBundleJson } from '../../src/bundle/load-bundle.js';
import { BUNDLE_FILE, type BundleJson } from '../../src/bundle/bundle-schema.js';
import { trainingReportSchema } from '../../src/report/report-schema.js';
import { runNnspec } from '../cli/run-cli.js';
import { repoRoot } from '../support/repo-root.js';

let out: string;
let bundleDir: string;
let json: BundleJson;

function copyBundle(name: string): string {
  const dir = path.join(out, name);
  cpSync(bundleDir, dir, { recursive: true });
  return dir;
}

function editJson(dir: string, edit: (value: Record<string, unknown>) => void): void {
  const file = path.join(dir, BUNDLE_FILE);
  const value = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  edit(value);
  writeFileSync(file, JSON.stringify(value));
}

beforeAll(async () => {
  out = mkdtempSync(path.join(tmpdir(), 'nnspec-bundle-'));
  bundleDir = path.join(out, 'iris');
  const run = await runNnspec(['train', 'specs/iris.nn', '--epochs', '6', '--quiet', '--save', bundleDir, '--json', path.join(out, 'r.json')]);
  expect(run.code).toBe(0);
  json = JSON.parse(readFileSync(path.join(bundleDir, BUNDLE_FILE), 'utf8')) as BundleJson;
}, 120_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('nnspec.json', () => {
  it('records the preprocessing, the features in column order, the classes, the metrics and a manifest', () => {
    const report = trainingReportSchema.parse(JSON.parse(readFileSync(path.join(out, 'r.json'), 'utf8')));
    expect(json.format).toBe('nnspec-bundle');
    expect(json.version).toBe(1);
    expect(json.task).toBe('classification');
    expect(json.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(json.input).toEqual({
      shape: [4],
      columns: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'],
      featureNames: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'],
      label: 'species',
    });
    expect(json.preprocessing).toEqual(report.data.preprocessing);
    expect(json.preprocessing.normalization.kind).toBe('standard');
    expect(json.ir).toEqual(report.config.ir);
    expect(json.metrics).toEqual({ train: report.summary.train, validation: report.summary.validation, test: report.summary.test });
    expect(json.training).toMatchObject({ epochsRun: 6, stopReason: 'epochs', loss: 'categorical_crossentropy', metrics: ['accuracy'] });
    const weights = readFileSync(path.join(bundleDir, 'weights.bin'));
    expect(json.manifest).toMatchObject({
      nnspecVersion: '0.1.0',
      seed: 11,
      backend: 'wasm',
      spec: { path: path.relative(bundleDir, path.join(repoRoot, 'specs/iris.nn')), sha256: report.config.specSha256 },
      dataFiles: report.config.dataFiles,
      files: { model: 'model.json', weights: 'weights.bin', weightsBytes: weights.length },
    });
    expect(json.manifest.files.weightsSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(Date.parse(json.manifest.date)).toBeGreaterThan(Date.parse('2026-01-01'));
  });
});

describe('readBundleFolder', () => {
  it('rebuilds the model with the saved weights: its outputs equal the plain TF.js model.json', async () => {
    const loaded = await readBundleFolder(bundleDir);
    expect(loaded.diagnostics).toEqual([]);
    const bundle = loaded.value!;
    const saved = JSON.parse(readFileSync(path.join(bundleDir, 'model.json'), 'utf8')) as tf.io.ModelJSON;
    const weights = readFileSync(path.join(bundleDir, 'weights.bin'));
    const plain = await tf.loadLayersModel(
      tf.io.fromMemory({ modelTopology: saved.modelTopology, weightSpecs: saved.weightsManifest[0]!.weights, weightData: new Uint8Array(weights).buffer }),
    );
    const x = tf.tensor2d([
      [0.5, -1, 1.2, 0.3],
      [-1, 0.2, -1.3, -1.1],
    ]);
    const ours = (bundle.model.predict(x) as tf.Tensor).arraySync() as number[][];
    const theirs = (plain.predict(x) as tf.Tensor).arraySync() as number[][];
    expect(ours).toEqual(theirs);
    expect(ours[0]!.reduce((a, b) => a + b)).toBeCloseTo(1, 5);
    expect(bundle.json.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(bundle.origin).toBe(bundleDir);
    bundle.dispose();
    plain.dispose();
    x.dispose();
  });

  it('refuses a hand-edited nnspec.json, naming the field', async () => {
    const dir = copyBundle('edited');
    editJson(dir, (value) => {
      (value.manifest as Record<string, unknown>).seed = -3;
      (value.preprocessing as { normalization: { mean: unknown } }).normalization.mean = 'zero';
    });
    const loaded = await readBundleFolder(dir);
    expect(loaded.value).toBeUndefined();
    const messages = loaded.diagnostics.map((d) => `${d.code} ${d.message}`);
    expect(messages).toHaveLength(2);
    expect(messages.some((m) => m.startsWith(`NN5002 ${path.join(dir, 'nnspec.json')}: preprocessing.normalization.mean: `))).toBe(true);
    expect(messages.some((m) => m.startsWith(`NN5002 ${path.join(dir, 'nnspec.json')}: manifest.seed: too small`))).toBe(true);
    expect(loaded.diagnostics[0]!.file).toBe(path.join(dir, 'nnspec.json'));
    expect(loaded.diagnostics[0]!.help).toContain('docs/bundle.md');
  });

  it('refuses a layer parameter the catalogue does not allow, through the IR check', () => {
    const edited = structuredClone(json);
    (edited.ir.model.nodes[1]!.params as Record<string, unknown>).units = 0;
    const parsed = parseBundleJson(JSON.stringify(edited), 'b/nnspec.json');
    expect(parsed.value).toBeUndefined();
    expect(parsed.diagnostics[0]!.code).toBe('NN5002');
    expect(parsed.diagnostics[0]!.message).toMatch(/^b\/nnspec\.json: ir\.model\.nodes\[1\]\.params\.units: /);
  });

  it('refuses a truncated nnspec.json, and a file that is not a bundle', () => {
    const truncated = parseBundleJson(readFileSync(path.join(bundleDir, BUNDLE_FILE), 'utf8').slice(0, 100), 'x/nnspec.json');
    expect(truncated.diagnostics.map((d) => d.code)).toEqual(['NN5002']);
    expect(truncated.diagnostics[0]!.message).toMatch(/^x\/nnspec\.json is not valid JSON: /);
    const report = parseBundleJson(readFileSync(path.join(out, 'r.json'), 'utf8'), 'r.json');
    expect(report.diagnostics[0]!.message).toBe('r.json is not an nnspec bundle: `format` is not "nnspec-bundle"');
  });

  it('refuses a bundle from a newer nnspec with NN5003, naming its version', async () => {
    const dir = copyBundle('future');
    editJson(dir, (value) => {
      value.version = 2;
      (value.manifest as Record<string, unknown>).nnspecVersion = '9.0.0';
      value.newField = true;
    });
    const loaded = await readBundleFolder(dir);
    expect(loaded.diagnostics.map((d) => d.code)).toEqual(['NN5003']);
    expect(loaded.diagnostics[0]!.message).toBe(
      `${path.join(dir, 'nnspec.json')} is bundle format version 2, written by nnspec 9.0.0; this nnspec reads version 1`,
    );
  });

  it('refuses weights that are not the recorded ones (NN5004)', async () => {
    const dir = copyBundle('damaged');
    const weights = readFileSync(path.join(dir, 'weights.bin'));
    weights[10] = (weights[10]! + 1) % 256;
    writeFileSync(path.join(dir, 'weights.bin'), weights);
    const loaded = await readBundleFolder(dir);
    expect(loaded.diagnostics.map((d) => d.code)).toEqual(['NN5004']);
    expect(loaded.diagnostics[0]!.message).toMatch(/weights\.bin's SHA-256 is [0-9a-f]{12}\.\.\., not the [0-9a-f]{12}\.\.\. .*nnspec\.json records$/);
    writeFileSync(path.join(dir, 'weights.bin'), weights.subarray(0, 40));
    const short = await readBundleFolder(dir);
    expect(short.diagnostics[0]!.message).toBe(
      `${path.join(dir, 'weights.bin')} has 40 bytes; ${path.join(dir, 'nnspec.json')} records ${json.manifest.files.weightsBytes}`,
    );
  });

  it('refuses a model.json whose weights do not fit the IR (NN5004)', async () => {
    const dir = copyBundle('mixed');
    const file = path.join(dir, 'model.json');
    writeFileSync(file, readFileSync(file, 'utf8').replaceAll('dense_1/kernel', 'dense_9/kernel'));
    const loaded = await readBundleFolder(dir);
    expect(loaded.diagnostics.map((d) => d.code)).toEqual(['NN5004']);
    expect(loaded.diagnostics[0]!.message).toBe(`${file} does not fit the model of ${path.join(dir, 'nnspec.json')}: no saved weight \`dense_1/kernel\``);
  });

  it('says what is missing: the folder, or nnspec.json in an older save (NN5001)', async () => {
    const gone = await readBundleFolder(path.join(out, 'nope'));
    expect(gone.diagnostics.map((d) => [d.code, d.message])).toEqual([['NN5001', `the model bundle folder ${path.join(out, 'nope')} does not exist`]]);
    const dir = copyBundle('old');
    rmSync(path.join(dir, 'nnspec.json'));
    const old = await readBundleFolder(dir);
    expect(old.diagnostics[0]!.code).toBe('NN5001');
    expect(old.diagnostics[0]!.message).toContain('nnspec.json does not exist: this folder is not a model bundle');
    const noWeights = copyBundle('no-weights');
    rmSync(path.join(noWeights, 'weights.bin'));
    const missingWeights = await readBundleFolder(noWeights);
    expect(missingWeights.diagnostics.map((d) => [d.code, d.message])).toEqual([['NN5001', `${path.join(noWeights, 'weights.bin')} does not exist`]]);
  });
});
