import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import onnxProto from 'onnx-proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNnspec } from '../cli/run-cli.js';
import { readBundleFolder } from '../../src/bundle/read-bundle-node.js';
import { applyNormalization } from '../../src/train/data/normalize.js';
import { normalizationFromRecord } from '../../src/train/data/preprocessing.js';
import { buildModel } from '../../src/backend/index.js';
import { checkSource } from '../../src/check/index.js';
import { lower } from '../../src/lower/index.js';
import { expectClose, randomInputs, runOnnx, startTfjs } from './onnx-harness.js';

const onnx_ = onnxProto.onnx;

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'nnspec-onnx-cli-'));
  // Feature `flat` is constant: its normalization divisor is 0.
  const rows = Array.from({ length: 40 }, (_, i) => `${i % 7},${((i * 37) % 11) - 5},4,${100 + 3 * i + (i % 7)}`);
  writeFileSync(path.join(dir, 'houses.csv'), `rooms,slope,flat,price\n${rows.join('\n')}\n`);
  writeFileSync(
    path.join(dir, 'houses.nn'),
    `data houses {
  source: csv(path: "houses.csv", label: "price")
  normalize: standard
  normalize_target: standard
  split: { train: 0.8, validation: 0.2 }
}
model m {
  input(shape: [3])
  dense(4, activation: relu)
  dense(1)
}
train m on houses {
  loss: mse
  optimizer: adam
  epochs: 3
  seed: 5
}
`,
  );
  await startTfjs();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('nnspec export', () => {
  it('exports a spec untrained, with its seed: ONNX Runtime loads it and it is the seeded TF.js model', async () => {
    const out = path.join(dir, 'iris.onnx');
    const run = await runNnspec(['export', 'specs/iris.nn', '--to', 'onnx', '-o', out]);
    expect(run.stderr).toContain('note: exported `iris_net` untrained (the initial weights of seed 11) and without normalization');
    expect(run.stderr).toContain(`wrote ${out}`);
    expect(run.code).toBe(0);
    const x = randomInputs(5 * 4, 2, 3);
    const onnx = await runOnnx(readFileSync(out), x, [5, 4]);
    expect(onnx.dims).toEqual([5, 3]);
    const text = readFileSync(path.join(process.cwd(), 'specs/iris.nn'), 'utf8');
    const ir = lower(checkSource(text).value).value[0]!.model;
    const model = buildModel(ir, { seed: 11 });
    const expected = tf.tidy(() => (model.predict(tf.tensor(x, [5, 4])) as tf.Tensor).dataSync() as Float32Array);
    model.dispose();
    expectClose(onnx.data, Float32Array.from(expected), 5, 'iris');
  });

  it('--seed changes the exported weights', async () => {
    const a = path.join(dir, 'a.onnx');
    const b = path.join(dir, 'b.onnx');
    expect((await runNnspec(['export', 'specs/iris.nn', '--to', 'onnx', '-o', a, '--seed', '1'])).code).toBe(0);
    expect((await runNnspec(['export', 'specs/iris.nn', '--to', 'onnx', '-o', b, '--seed', '2'])).code).toBe(0);
    expect(readFileSync(a).equals(readFileSync(b))).toBe(false);
  });

  it("exports a trained bundle with its normalization and target scaling folded in: raw rows give predict's values", async () => {
    const train = await runNnspec(['train', 'houses.nn', '--save', 'bundle', '--quiet'], { cwd: dir });
    expect(train.code).toBe(0);
    const run = await runNnspec(['export', 'bundle', '--to', 'onnx', '-o', 'houses.onnx'], { cwd: dir });
    expect(run.stderr).toBe('wrote houses.onnx\n');
    expect(run.code).toBe(0);
    const loaded = await readBundleFolder(path.join(dir, 'bundle'));
    const bundle = loaded.value!;
    try {
      const { normalization, target } = bundle.json.preprocessing;
      expect(normalization.kind).toBe('standard');
      expect(target.kind).toBe('standard');
      const raw = Float32Array.from([3, -2, 4, 0, 5, 4, 6, 0, 4, 1, 1, 4, 5, -5, 4]);
      const scaled = applyNormalization(normalizationFromRecord(normalization), {
        features: raw,
        featureShape: [3],
        labels: new Float32Array(5),
        task: 'regression',
        classNames: null,
        count: 5,
      }).features;
      const expected = tf.tidy(() => (bundle.model.predict(tf.tensor(scaled, [5, 3])) as tf.Tensor).dataSync() as Float32Array);
      const onnx = await runOnnx(readFileSync(path.join(dir, 'houses.onnx')), raw, [5, 3]);
      expect(onnx.dims).toEqual([5, 1]);
      expectClose(onnx.data, Float32Array.from(expected), 5, 'houses bundle');
      // In the target's units (prices from 100 to 220), not standardised ones.
      expect(Math.max(...Array.from(expected, Math.abs))).toBeGreaterThan(20);
      const metadata = onnx_.ModelProto.decode(readFileSync(path.join(dir, 'houses.onnx'))).metadataProps.map((entry) => [entry.key, entry.value]);
      expect(metadata).toEqual([
        ['nnspec.task', 'regression'],
        ['nnspec.featureNames', '["rooms","slope","flat"]'],
      ]);
    } finally {
      bundle.dispose();
    }
  });

  it('refuses another format, a missing file, a folder that is no bundle and a missing -o, writing nothing', async () => {
    const out = path.join(dir, 'never.onnx');
    const format = await runNnspec(['export', 'specs/iris.nn', '--to', 'tflite', '-o', out]);
    expect([format.code, format.stderr]).toEqual([2, 'error: --to: unknown format `tflite`; the formats are `onnx` and `pytorch`\n']);
    const missing = await runNnspec(['export', 'no-such.nn', '--to', 'onnx', '-o', out]);
    expect([missing.code, missing.stderr]).toEqual([2, 'error: cannot read `no-such.nn`: no such file\n']);
    const noTo = await runNnspec(['export', 'specs/iris.nn', '-o', out]);
    expect([noTo.code, noTo.stderr]).toEqual([2, 'error: `nnspec export` needs `--to onnx` or `--to pytorch`\n']);
    const noOut = await runNnspec(['export', 'specs/iris.nn', '--to', 'onnx']);
    expect([noOut.code, noOut.stderr]).toEqual([2, 'error: `nnspec export` needs `-o FILE`, the ONNX file to write\n']);
    const notBundle = await runNnspec(['export', 'specs', '--to', 'onnx', '-o', out, '--no-color']);
    expect(notBundle.code).toBe(1);
    expect(notBundle.stderr).toContain('error[NN5001]');
    expect(notBundle.stderr).toContain('this folder is not a model bundle');
    expect(existsSync(out)).toBe(false);
  });

  it('a spec with errors writes nothing', async () => {
    writeFileSync(path.join(dir, 'bad.nn'), 'model m {\n  input(shape: [3])\n  dense(0)\n}\n');
    const run = await runNnspec(['export', 'bad.nn', '--to', 'onnx', '-o', 'bad.onnx', '--no-color'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(existsSync(path.join(dir, 'bad.onnx'))).toBe(false);
  });
});
