/** Monte Carlo dropout through the library API: only the dropout layers on, seeded, reproducible. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadedBundle } from '../../src/bundle/loaded-bundle.js';
import { parseJsonLinesInput, predict } from '../../src/train-entry.js';
import { createMcModel, isDropoutNode } from '../../src/predict/mc-forward.js';
import type { ModelInput } from '../../src/predict/model-input.js';
import { runNnspec } from '../cli/run-cli.js';
import { moonsSpec, tempDir, trainBundle } from './bundle-fixtures.js';

let dropout: LoadedBundle;
let dropoutFolder: string;
let dir: string;
let noDropout: LoadedBundle;
let input: ModelInput;
const points = ['[0.1, 0.4]', '[1.5, -0.3]', '[-0.8, 0.9]', '[0.5, 0.2]'].join('\n');

beforeAll(async () => {
  dir = tempDir();
  const trained = await trainBundle(dir, 'dropout', moonsSpec('  dense(32, activation: relu)\n  dropout(0.4)\n  dense(2, activation: softmax)'));
  dropout = trained.bundle;
  dropoutFolder = trained.folder;
  // Batch norm and Gaussian noise change outputs only in training mode; neither is dropout.
  noDropout = (
    await trainBundle(dir, 'plain', moonsSpec('  dense(16, activation: relu)\n  batch_norm()\n  gaussian_noise(0.5)\n  dense(2, activation: softmax)'))
  ).bundle;
  const parsed = parseJsonLinesInput(points, dropout.json, { file: 'points.jsonl' });
  expect(parsed.diagnostics).toEqual([]);
  input = parsed.value!;
}, 120_000);

afterAll(() => {
  dropout?.dispose();
  noDropout?.dispose();
});

describe('predict', () => {
  it('equals model.predict without --mc', () => {
    const result = predict(dropout, input);
    const expected = tf.tidy(() => (dropout.model.predict(tf.tensor(input.features, [input.count, 2])) as tf.Tensor).arraySync()) as number[][];
    expect(result.value.rows.map((row) => row.values)).toEqual(expected.map((row) => Array.from(Float32Array.from(row))));
    expect(result.value.rows.every((row) => row.std === null && row.entropy === null)).toBe(true);
    expect(result.value.outputNames).toEqual(dropout.json.classNames);
  });

  it('turns on only the dropout layers: the walk in inference mode is model.predict', () => {
    expect(dropout.json.ir.model.nodes.filter(isDropoutNode).map((node) => node.type)).toEqual(['dropout']);
    expect(noDropout.json.ir.model.nodes.filter(isDropoutNode)).toEqual([]);
    const mc = createMcModel(noDropout.json.ir, noDropout.model, 1, noDropout.json.preprocessing.target);
    const x = tf.tensor(input.features, [input.count, 2]);
    const walked = tf.tidy(() => mc.forward(x).arraySync());
    const predicted = tf.tidy(() => (noDropout.model.predict(x) as tf.Tensor).arraySync());
    expect(walked).toEqual(predicted);
    x.dispose();
    mc.dispose();
  });

  it('--mc 30 with dropout: a standard deviation above 0, the same numbers for the same seed, others for another', () => {
    const first = predict(dropout, input, { mc: 30, seed: 5 });
    const again = predict(dropout, input, { mc: 30, seed: 5 });
    const other = predict(dropout, input, { mc: 30, seed: 6 });
    expect(first.diagnostics).toEqual([]);
    expect(first.value.mc).toEqual({ passes: 30, seed: 5, hasDropout: true });
    for (const row of first.value.rows) {
      expect(Math.max(...row.std!)).toBeGreaterThan(0);
      expect(row.values.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      expect(row.entropy).toBeCloseTo(-row.values.reduce((sum, p) => sum + (p > 0 ? p * Math.log(p) : 0), 0), 12);
    }
    expect(again.value.rows).toEqual(first.value.rows);
    expect(other.value.rows).not.toEqual(first.value.rows);
    // The default seed is the bundle's.
    expect(predict(dropout, input, { mc: 30 }).value).toEqual(predict(dropout, input, { mc: 30, seed: dropout.json.manifest.seed }).value);
  });

  it('--mc without dropout (batch norm and noise stay in inference mode): std exactly 0, the plain prediction, and a note', () => {
    const plain = predict(noDropout, input);
    const mc = predict(noDropout, input, { mc: 30, seed: 2 });
    expect(mc.diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.severity])).toEqual([['NN5110', 'info']]);
    expect(mc.diagnostics[0]!.message).toContain('model `net` has no dropout');
    mc.value.rows.forEach((row, index) => {
      expect(row.std).toEqual([0, 0]);
      expect(row.values).toEqual(plain.value.rows[index]!.values);
      expect(row.className).toBe(plain.value.rows[index]!.className);
    });
  });

  it('through the CLI: nnspec predict --mc 30 --seed S prints means, standard deviations above 0 and the entropy, the same for the same seed', async () => {
    writeFileSync(path.join(dir, 'points.jsonl'), `${points}\n`);
    const args = ['predict', dropoutFolder, 'points.jsonl', '--mc', '30', '--seed', '8'];
    const first = await runNnspec(args, { cwd: dir });
    const again = await runNnspec(args, { cwd: dir });
    const other = await runNnspec([...args.slice(0, -1), '9'], { cwd: dir });
    expect(first.code).toBe(0);
    expect(first.stderr).toBe('');
    const lines = first.stdout.trim().split('\n');
    expect(lines[0]).toBe('class,mean(0),mean(1),std(0),std(1),entropy');
    expect(lines).toHaveLength(5);
    for (const line of lines.slice(1)) expect(Number(line.split(',')[3])).toBeGreaterThan(0);
    expect(again.stdout).toBe(first.stdout);
    expect(other.stdout).not.toBe(first.stdout);
  });
});
