import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Dataset, PreparedData } from '../../src/train/data/dataset.js';
import { repoRoot } from '../support/repo-root.js';
import { checkSource } from '../../src/check/index.js';
import { lower } from '../../src/lower/index.js';
import type { IrDocument } from '../../src/ir/schema.js';
import { loadData } from '../../src/train/data/load-data.js';
import { builtinDataUrl } from '../../playground/src/training/browser-data.js';
import { moonsSpec, repoDataLoader } from './helpers.js';

/** Prepared data without its file facts, each split's origin file relative to the data folder. */
function comparable(prepared: PreparedData, folder: string) {
  const { files: _files, ...rest } = prepared;
  const split = (dataset: Dataset) => (dataset.origin ? { ...dataset, origin: { ...dataset.origin, file: dataset.origin.file.replace(folder, '') } } : dataset);
  return { ...rest, train: split(rest.train), validation: split(rest.validation), test: split(rest.test) };
}

function trainingOf(text: string): NonNullable<IrDocument['training']> {
  return lower(checkSource(text).value).value.find((document) => document.training !== null)!.training!;
}

const SPEC = (source: string, input: string, classes: number, extra = '') => `data d {
  source: ${source}
  normalize: minmax
  split: { train: 0.6, validation: 0.2, test: 0.2, stratify: true }
  ${extra}
}
model m {
  input(shape: ${input})
  ${input.includes(',') ? 'flatten()' : ''}
  dense(${classes}, activation: softmax)
}
train m on d {
  loss: categorical_crossentropy
  optimizer: adam(learning_rate: 0.01)
  epochs: 1
  seed: 3
}
`;

describe("the playground's data loader", () => {
  it.each([
    ['synthetic spirals', SPEC('synthetic.spirals(samples: 300, classes: 3, noise: 0.05)', '[2]', 3)],
    ['builtin.digits, limited', SPEC('builtin.digits', '[64]', 10, 'limit: 400')],
    ['builtin.digits as 8x8 images', SPEC('builtin.digits', '[8, 8, 1]', 10)],
    ['builtin.iris', SPEC('builtin.iris', '[4]', 3)],
  ])('prepares %s exactly as Node loadData does', async (_name, text) => {
    const training = trainingOf(text);
    const options = { baseDir: '.', seed: training.splitSeed ?? training.seed, specText: text };
    const page = await repoDataLoader(training.data, options);
    const node = await loadData(training.data, options);
    expect(page.diagnostics).toEqual(node.diagnostics);
    expect(page.value!.files).toEqual([]);
    // Same features, labels, splits, class names and normalisation statistics, bit for bit; only
    // the file the rows came from is named differently (the page's URL, Node's path).
    expect(comparable(page.value!, 'data/')).toEqual(comparable(node.value!, path.join(repoRoot, 'data/')));
  });

  it('fetches the bundled sets from the page folder', () => {
    expect(builtinDataUrl('digits.csv')).toBe('data/digits.csv');
  });

  it('refuses file sources with NN4703 at the data block, saying what to do', async () => {
    const text = moonsSpec().replace('synthetic.moons(samples: 200, noise: 0.2, seed: 4)', 'idx(images: "x.idx", labels: "y.idx")');
    const training = trainingOf(text);
    const result = await repoDataLoader(training.data, { baseDir: '.', seed: 1, specText: text });
    expect(result.value).toBeUndefined();
    expect(result.diagnostics.map((d) => [d.code, d.range.start.line, d.message])).toEqual([
      ['NN4703', 1, 'the playground cannot read data files: `moons` reads a `idx` source'],
    ]);
  });

  it('reports a bundled set it cannot fetch as a missing file', async () => {
    const failing = (await import('../../playground/src/training/browser-data.js')).playgroundDataLoader(async () => {
      throw new Error('HTTP 404');
    });
    const text = SPEC('builtin.iris', '[4]', 3);
    const result = await failing(trainingOf(text).data, { baseDir: '.', seed: 1, specText: text });
    expect(result.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['NN4501', 'the bundled data set `builtin.iris` could not be fetched from data/iris.csv: Error: HTTP 404'],
    ]);
  });
});
