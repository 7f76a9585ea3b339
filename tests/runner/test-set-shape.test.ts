import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.js';
import { loadData } from '../../src/train/data/load-data.js';
import { runTraining } from '../../src/train/runner/index.js';
import { documentOf } from './helpers.js';
import { idxFile as idx } from '../support/idx-file.js';

let dir: string;
beforeAll(async () => {
  await initBackend('cpu');
  dir = mkdtempSync(join(tmpdir(), 'nnspec-test-set-'));
  // 2x2 images, labels 0/1: 8 for training, 4 in the separate test set, and 4 of 3x3.
  const images = (count: number, size: number) => Array.from({ length: count * size }, (_, index) => (index * 37) % 256);
  const labels = (count: number) => Array.from({ length: count }, (_, index) => index % 2);
  writeFileSync(join(dir, 'train-images'), idx([8, 2, 2], images(8, 4)));
  writeFileSync(join(dir, 'train-labels'), idx([8], labels(8)));
  writeFileSync(join(dir, 'test-images'), idx([4, 2, 2], images(4, 4)));
  writeFileSync(join(dir, 'test-labels'), idx([4], labels(4)));
  writeFileSync(join(dir, 'big-images'), idx([4, 3, 3], images(4, 9)));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function spec(inputShape: string, testImages: string): string {
  return `data pictures_test {
  source: idx(images: "${testImages}", labels: "test-labels")
}
data pictures {
  source: idx(images: "train-images", labels: "train-labels")
  normalize: minmax
  split: { train: 0.75, validation: 0.25, test: pictures_test }
}
model m {
  input(shape: ${inputShape})
  ${inputShape === '[4]' ? '' : 'flatten()\n  '}dense(2, activation: softmax)
}
train m on pictures {
  loss: categorical_crossentropy
  optimizer: adam
  epochs: 1
}
`;
}

describe('a separate test set gets the model input shape by the same rule as the main data', () => {
  it.each([['[4]'], ['[2, 2]']])('reshapes IDX test images of [2, 2, 1] to input(shape: %s) and trains', async (shape) => {
    const text = spec(shape, 'test-images');
    const document = documentOf(text);
    const loaded = await loadData(document.training!.data, { baseDir: dir, seed: 0, specText: text });
    expect(loaded.diagnostics).toEqual([]);
    const expected = JSON.parse(shape) as number[];
    expect(loaded.value!.train.featureShape).toEqual(expected);
    expect(loaded.value!.test.featureShape).toEqual(expected);
    expect(loaded.value!.test.count).toBe(4);
    const run = await runTraining(document, { baseDir: dir, specText: text });
    expect(run.diagnostics).toEqual([]);
    expect(run.value!.report.summary.test).not.toBeNull();
    run.value!.model.dispose();
  });

  it('reports test images that cannot take the input shape once, at the model input, naming both shapes', async () => {
    const text = spec('[4]', 'big-images');
    const { value, diagnostics } = await runTraining(documentOf(text), { baseDir: dir, specText: text });
    expect(value).toBeUndefined();
    const inputStart = text.indexOf('input(shape: [4])');
    expect(diagnostics).toEqual([
      {
        code: 'NN4804',
        severity: 'error',
        message: `test data \`pictures_test\` from \`${join(dir, 'big-images')}\` has examples of shape [3, 3, 1] (9 values), which does not fit the model's input [4] (4 values)`,
        range: { start: { offset: inputStart, line: 10, column: 3 }, end: { offset: inputStart + 'input(shape: [4])'.length, line: 10, column: 20 } },
        label: 'takes [4] (4 values)',
        help: "a test set needs examples of the training data's size: 4 values each",
      },
    ]);
  });
});
