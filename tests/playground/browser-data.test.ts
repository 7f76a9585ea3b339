import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Dataset, PreparedData } from '../../src/train/data/dataset.js';
import { repoRoot } from '../support/repo-root.js';
import { checkSource } from '../../src/check/index.js';
import { lower } from '../../src/lower/index.js';
import type { IrData, IrDocument } from '../../src/ir/schema.js';
import { loadData } from '../../src/train/data/load-data.js';
import { loadTrainingData } from '../../src/train/data/training-data.js';
import { builtinDataUrl } from '../../playground/src/training/browser-data.js';
import { moonsSpec, repoDataLoader } from './helpers.js';

/** Prepared data without its file facts, each split's origin file relative to the data folder. */
function comparable(prepared: PreparedData, folder: string) {
  const { files: _files, ...rest } = prepared;
  const split = (dataset: Dataset) => (dataset.origin ? { ...dataset, origin: { ...dataset.origin, file: dataset.origin.file.replace(folder, '') } } : dataset);
  return { ...rest, train: split(rest.train), validation: split(rest.validation), test: split(rest.test) };
}

function trainedDocumentOf(text: string): IrDocument & { training: NonNullable<IrDocument['training']> } {
  const document = lower(checkSource(text).value).value.find((candidate) => candidate.training !== null)!;
  return { ...document, training: document.training! };
}

function trainingOf(text: string): NonNullable<IrDocument['training']> {
  return trainedDocumentOf(text).training;
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

  // The checker already refuses a bundled set's wrong task or class count, so those cases alter the
  // IR directly: the loaders must still agree on data the checker did not see (a file changed since).
  const digits = SPEC('builtin.digits', '[64]', 10);
  const withData = (text: string, change: Partial<IrData>) => {
    const document = trainedDocumentOf(text);
    return { ...document, training: { ...document.training, data: { ...document.training.data, ...change } } };
  };
  it.each([
    ['a task mismatch', digits, withData(digits, { task: 'regression' }), 'NN4808'],
    ['a declared-shape mismatch at the input layer', SPEC('builtin.digits', '[65]', 10), undefined, 'NN4804'],
    ['a class-count mismatch', digits, withData(digits, { classes: 4 }), 'NN4805'],
    ['a separate test set of the wrong shape', `data t { source: builtin.iris }\n${digits.replace('test: 0.2', 'test: t')}`, undefined, 'NN4804'],
  ])('reports %s exactly as Node loadData does', async (_name, text, changed, code) => {
    // Loaded as a run loads it, so the model's input span is given and shape mismatches point there.
    const document = changed ?? trainedDocumentOf(text);
    const options = { baseDir: '.', specText: text };
    const page = await loadTrainingData(document, repoDataLoader, options);
    const node = await loadTrainingData(document, loadData, options);
    expect(node.value).toBeUndefined();
    expect(page.value).toBeUndefined();
    expect(node.diagnostics.map((d) => d.code)).toEqual([code]);
    expect(page.diagnostics).toEqual(node.diagnostics);
  });

  it('places a declared-shape mismatch at the input layer, with the help Node gives', async () => {
    const text = SPEC('builtin.digits', '[65]', 10);
    const result = await loadTrainingData(trainedDocumentOf(text), repoDataLoader, { baseDir: '.', specText: text });
    expect(result.diagnostics.map((d) => [d.code, d.range.start.line, d.message, d.help])).toEqual([
      [
        'NN4804',
        8,
        "data `d` has examples of shape [64] (64 values), which does not fit the model's input [65] (65 values)",
        "make the model's input shape [64]",
      ],
    ]);
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
