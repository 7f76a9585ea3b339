/**
 * A regression bundle (one-hot column, standardised target) evaluated against a hand computation,
 * and an image bundle (IDX) predicted and evaluated from IDX files.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadedBundle } from '../../src/bundle/loaded-bundle.js';
import { evaluate, parseCsvInput, parseIdxInput, parseJsonLinesInput, predict } from '../../src/train-entry.js';
import { readModelInput } from '../../src/predict/read-input-node.js';
import { idxFile } from '../support/idx-file.js';
import { runNnspec } from '../cli/run-cli.js';
import { tempDir, trainBundle } from './bundle-fixtures.js';

let dir: string;
let houses: LoadedBundle;
let images: LoadedBundle;
let imagesFolder: string;

const houseRows = Array.from({ length: 40 }, (_, i) => `${i % 5},${['red', 'blue', 'green'][i % 3]},${100 + 20 * (i % 5) + (i % 3) * 7}`);

/** 4x4 images: class 1 lights the left half, class 0 the right half. */
function imageSet(count: number): { images: Uint8Array; labels: Uint8Array } {
  const pixels: number[] = [];
  const labels: number[] = [];
  for (let n = 0; n < count; n++) {
    const label = n % 2;
    labels.push(label);
    for (let r = 0; r < 4; r++) for (let c = 0; c < 4; c++) pixels.push(c < 2 === (label === 1) ? 200 + ((n * 7 + r + c) % 50) : (n * 3 + r * c) % 40);
  }
  return { images: idxFile([count, 4, 4], pixels), labels: idxFile([count], labels) };
}

beforeAll(async () => {
  dir = tempDir();
  houses = (
    await trainBundle(
      dir,
      'houses',
      `data houses {
  source: csv(path: "houses.csv", label: "price")
  normalize: standard
  normalize_target: standard
  split: { train: 0.8, validation: 0.2 }
}
model m {
  input(shape: [4])
  dense(8, activation: relu)
  dense(1)
}
train m on houses {
  loss: mse
  metrics: [mae, r2]
  optimizer: adam(learning_rate: 0.05)
  epochs: 20
  batch_size: 8
  seed: 4
}
`,
      { 'houses.csv': `rooms,color,price\n${houseRows.join('\n')}\n` },
    )
  ).bundle;
  const set = imageSet(40);
  const trained = await trainBundle(
    dir,
    'images',
    `data pics {
  source: idx(images: "images.idx", labels: "labels.idx")
  normalize: minmax
  split: { train: 0.7, validation: 0.3 }
}
model cnn {
  input(shape: [4, 4, 1])
  flatten()
  dense(2, activation: softmax)
}
train cnn on pics {
  loss: categorical_crossentropy
  metrics: [accuracy]
  optimizer: adam(learning_rate: 0.05)
  epochs: 10
  batch_size: 8
  seed: 2
}
`,
    { 'images.idx': set.images, 'labels.idx': set.labels },
  );
  images = trained.bundle;
  imagesFolder = trained.folder;
}, 120_000);

afterAll(() => {
  houses?.dispose();
  images?.dispose();
});

describe('evaluate a regression', () => {
  it('gives MSE, MAE and R² as computed by hand from the predictions, and the run loss and metrics', () => {
    const text = `price,color,rooms\n${houseRows
      .slice(0, 12)
      .map((row) => row.split(',').reverse().join(','))
      .join('\n')}\n`;
    const input = parseCsvInput(text, houses.json, { file: 'h.csv', labels: 'require' });
    expect(input.diagnostics).toEqual([]);
    const truth = houseRows.slice(0, 12).map((row) => Number(row.split(',')[2]));
    expect(Array.from(input.value!.labels!)).toEqual(truth);
    const predicted = predict(houses, input.value!).value.rows.map((row) => row.values[0]!);
    expect(predict(houses, input.value!).value.outputNames).toEqual(['price']);
    const n = truth.length;
    const mse = truth.reduce((sum, y, i) => sum + (predicted[i]! - y) ** 2, 0) / n;
    const mae = truth.reduce((sum, y, i) => sum + Math.abs(predicted[i]! - y), 0) / n;
    const mean = truth.reduce((a, b) => a + b, 0) / n;
    const r2 = 1 - (mse * n) / truth.reduce((sum, y) => sum + (y - mean) ** 2, 0);
    const result = evaluate(houses, input.value!);
    expect(result.diagnostics).toEqual([]);
    const regression = result.value!.regression!;
    expect(regression.mse).toBeCloseTo(mse, 6);
    expect(regression.mae).toBeCloseTo(mae, 6);
    expect(regression.r2).toBeCloseTo(r2, 9);
    expect(result.value!.classification).toBeNull();
    expect(result.value!.lossName).toBe('mean_squared_error');
    // The run's own loss and metrics (backend code), in the target's units.
    expect(result.value!.loss).toBeCloseTo(mse, 2);
    expect(result.value!.metrics.mae).toBeCloseTo(mae, 3);
    expect(result.value!.metrics.r2).toBeCloseTo(r2, 4);
  });

  it('--mc on a model without dropout keeps the target scaling: the mean is the plain prediction', () => {
    const input = parseCsvInput('rooms,color\n2,red\n4,green\n', houses.json).value!;
    const plain = predict(houses, input).value.rows;
    const mc = predict(houses, input, { mc: 5 }).value.rows;
    expect(mc.map((row) => row.values)).toEqual(plain.map((row) => row.values));
    expect(mc.map((row) => row.std)).toEqual([[0], [0]]);
    expect(plain[0]!.values[0]).toBeGreaterThan(50);
  });

  it('warns about a category the training split never had, and reports a bad cell at its place', () => {
    const unseen = parseCsvInput('rooms,color\n2,mauve\n3,red\n4,mauve\n', houses.json, { file: 'u.csv' });
    expect(unseen.value?.count).toBe(3);
    expect(unseen.diagnostics.map((d) => [d.code, d.severity, d.range.start.line, d.range.start.column])).toEqual([['NN5107', 'warning', 2, 3]]);
    expect(unseen.diagnostics[0]!.message).toContain('2 rows of column `color`');
    const bad = parseCsvInput('rooms,color\n,red\n', houses.json, { file: 'b.csv' });
    expect(bad.value).toBeUndefined();
    expect(bad.diagnostics.map((d) => [d.code, d.file, d.range.start.line, d.range.start.column])).toEqual([['NN5103', 'b.csv', 2, 1]]);
    expect(bad.diagnostics[0]!.message).toBe('empty cell in column `rooms` of `b.csv` (line 2, column 1)');
    const quote = parseCsvInput('rooms,color\n2,red\n3,"blue\n', houses.json, { file: 'q.csv' });
    expect(quote.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.column, d.message])).toEqual([
      ['NN4608', 3, 3, 'the quoted cell at line 3, column 3 of `q.csv` is never closed'],
    ]);
  });
});

describe('IDX images', () => {
  it('predicts and evaluates IDX images with the bundle normalisation, and refuses another image size', async () => {
    const set = imageSet(10);
    const parsed = parseIdxInput(set.images, images.json, { file: 'new.idx', labels: { bytes: set.labels, file: 'new-labels.idx' } });
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.value!.shape).toEqual([4, 4, 1]);
    expect(Array.from(parsed.value!.labels!)).toEqual([0, 1, 0, 1, 0, 1, 0, 1, 0, 1]);
    // minmax fitted on the training split: every value of these images lies within about [0, 1].
    expect(Math.min(...parsed.value!.features)).toBeGreaterThanOrEqual(-0.1);
    const result = evaluate(images, parsed.value!).value!;
    expect(result.classification!.confusion.flat().reduce((a, b) => a + b, 0)).toBe(10);
    expect(result.metrics.accuracy).toBe(result.classification!.accuracy);
    const classes = predict(images, parsed.value!).value.rows.map((row) => row.className);
    expect(classes.filter((name, i) => name === String(i % 2)).length / 10).toBe(result.classification!.accuracy);

    const wrong = parseIdxInput(idxFile([2, 3, 3], new Array(18).fill(1)), images.json, { file: 'small.idx' });
    expect(wrong.value).toBeUndefined();
    expect(wrong.diagnostics.map((d) => [d.code, d.file])).toEqual([['NN5106', 'small.idx']]);
    expect(wrong.diagnostics[0]!.message).toBe('the images of `small.idx` have shape [3, 3, 1] (9 values), but the model takes [4, 4, 1] (16 values)');

    const badLabel = parseIdxInput(set.images, images.json, { file: 'a.idx', labels: { bytes: idxFile([10], [0, 1, 0, 1, 7, 1, 0, 1, 0, 1]), file: 'l.idx' } });
    expect(badLabel.diagnostics.map((d) => [d.code, d.range.start.offset])).toEqual([['NN5108', 12]]);
  });

  it('through the CLI: predict reads IDX files, evaluate takes --labels', async () => {
    const set = imageSet(6);
    writeFileSync(path.join(dir, 'six.idx'), set.images);
    writeFileSync(path.join(dir, 'six-labels.idx'), set.labels);
    const predicted = await runNnspec(['predict', imagesFolder, 'six.idx'], { cwd: dir });
    expect(predicted.code).toBe(0);
    expect(predicted.stdout.split('\n')[0]).toBe('class,p(0),p(1)');
    expect(predicted.stdout.trim().split('\n')).toHaveLength(7);
    const evaluated = await runNnspec(['evaluate', imagesFolder, 'six.idx', '--labels', 'six-labels.idx'], { cwd: dir });
    expect(evaluated.code).toBe(0);
    expect(evaluated.stdout).toMatch(/^Evaluation on six\.idx: 6 examples/);
    const unlabelled = await runNnspec(['evaluate', imagesFolder, 'six.idx'], { cwd: dir });
    expect(unlabelled.code).toBe(1);
    expect(unlabelled.stderr).toContain('error[NN5109]');
    const fromFile = await readModelInput(path.join(dir, 'six.idx'), images.json);
    expect(fromFile.value?.count).toBe(6);
  });

  it('reads positional examples from JSON-lines arrays and from CSV columns, and checks their size', () => {
    const row = Array.from({ length: 16 }, (_, i) => (i % 4 < 2 ? 220 : 10));
    const csv = parseCsvInput(`${row.map((_, i) => `p${i}`).join(',')}\n${row.join(',')}\n`, images.json);
    expect(csv.diagnostics).toEqual([]);
    const jsonl = parseJsonLinesInput(`${JSON.stringify(row)}\n\n[1, 2]\n`, images.json, { file: 'p.jsonl' });
    expect(jsonl.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.column])).toEqual([['NN5106', 3, 1]]);
    const one = parseJsonLinesInput(`${JSON.stringify(row)}\n`, images.json).value!;
    expect(one.features).toEqual(csv.value!.features);
    expect(predict(images, one).value.rows[0]!.className).toBe('1');
    const short = parseCsvInput('a,b\n1,2\n', images.json, { file: 's.csv' });
    expect(short.diagnostics.map((d) => [d.code, d.range.start.line])).toEqual([['NN5106', 1]]);
  });
});
