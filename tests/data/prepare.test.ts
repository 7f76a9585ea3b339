import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/train/data/dataset.js';
import { applyNormalization, fitNormalization } from '../../src/train/data/normalize.js';
import { prepareData, type PrepareOptions } from '../../src/train/data/prepare.js';
import { allocate, splitSizes } from '../../src/train/data/split.js';

/** 1-feature classification data: example i has feature i and the given label. */
function dataset(labels: number[], classes = Math.max(...labels) + 1): Dataset {
  return {
    features: Float32Array.from(labels.map((_, i) => i)),
    featureShape: [1],
    labels: Float32Array.from(labels),
    task: 'classification',
    classNames: Array.from({ length: classes }, (_, k) => `c${k}`),
    count: labels.length,
  };
}

const options: PrepareOptions = { split: { train: 0.6, validation: 0.2, test: 0.2 }, stratify: false, normalize: 'none', limit: null, seed: 1 };

function counts(d: Dataset, classes: number): number[] {
  const result = new Array(classes).fill(0);
  for (const label of d.labels) result[label]++;
  return result;
}

describe('splitting', () => {
  it('sizes: validation and test rounded, train the rest', () => {
    expect(splitSizes(10, { train: 0.7, validation: 0.2, test: 0.1 })).toEqual({ train: 7, validation: 2, test: 1 });
    expect(splitSizes(101, { train: 0.6, validation: 0.2, test: 0.2 })).toEqual({ train: 61, validation: 20, test: 20 });
    expect(splitSizes(100, { train: 0.5, validation: 0.1, test: 0 })).toEqual({ train: 50, validation: 10, test: 0 });
  });

  it('allocate is proportional by largest remainder', () => {
    expect(allocate([50, 30, 20], 10)).toEqual([5, 3, 2]);
    expect(allocate([1, 1, 1], 2)).toEqual([1, 1, 0]);
    expect(allocate([5, 0], 3)).toEqual([3, 0]);
  });

  it('is a partition of the examples and deterministic per seed', () => {
    const data = dataset(Array.from({ length: 100 }, (_, i) => i % 3));
    const a = prepareData(data, options).value!;
    const all = [...a.train.features, ...a.validation.features, ...a.test.features].sort((x, y) => x - y);
    expect(all).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect([a.train.count, a.validation.count, a.test.count]).toEqual([60, 20, 20]);
    const b = prepareData(data, options).value!;
    expect(b.train.features).toEqual(a.train.features);
    const c = prepareData(data, { ...options, seed: 2 }).value!;
    expect(c.train.features).not.toEqual(a.train.features);
  });

  it('stratify keeps class proportions in every split', () => {
    // 150 of class 0, 45 of class 1, 5 of class 2
    const labels = [...new Array(150).fill(0), ...new Array(45).fill(1), ...new Array(5).fill(2)];
    const prepared = prepareData(dataset(labels), { ...options, stratify: true, seed: 3 }).value!;
    expect(counts(prepared.validation, 3)).toEqual([30, 9, 1]);
    expect(counts(prepared.test, 3)).toEqual([30, 9, 1]);
    expect(counts(prepared.train, 3)).toEqual([90, 27, 3]);
    // and each split is interleaved, not sorted by class
    expect(Array.from(prepared.train.labels)).not.toEqual([...prepared.train.labels].sort());
  });

  it('limit keeps N training examples (stratified when asked) and leaves validation and test alone', () => {
    const labels = [...new Array(80).fill(0), ...new Array(20).fill(1)];
    const full = prepareData(dataset(labels), { ...options, stratify: true }).value!;
    const limited = prepareData(dataset(labels), { ...options, stratify: true, limit: 10 }).value!;
    expect(limited.train.count).toBe(10);
    expect(counts(limited.train, 2)).toEqual([8, 2]);
    expect(limited.validation.features).toEqual(full.validation.features);
    expect(limited.test.features).toEqual(full.test.features);
    const bigger = prepareData(dataset(labels), { ...options, limit: 1000 }).value!;
    expect(bigger.train.count).toBe(60);
  });

  it('warns that stratify means nothing for regression', () => {
    const data: Dataset = { ...dataset([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), task: 'regression', classNames: null };
    const result = prepareData(data, { ...options, stratify: true });
    expect(result.value).toBeDefined();
    expect(result.diagnostics).toMatchObject([{ code: 'NN4806', severity: 'warning' }]);
  });

  it('errors: fractions over 1, empty splits', () => {
    const data = dataset([0, 1, 0, 1]);
    const over = prepareData(data, { ...options, split: { train: 0.8, validation: 0.2, test: 0.2 } });
    expect(over.value).toBeUndefined();
    expect(over.diagnostics[0]).toMatchObject({ code: 'NN4807', message: 'split fractions add up to 1.2, more than 1 (train 0.8, validation 0.2, test 0.2)' });
    const empty = prepareData(data, { ...options, split: { train: 0.9, validation: 0.05, test: 0.05 } });
    expect(empty.diagnostics[0]).toMatchObject({
      code: 'NN4801',
      message: 'the validation and test splits are empty: 4 examples are too few for fractions train 0.9, validation 0.05, test 0.05',
    });
  });
});

describe('normalisation', () => {
  it('minmax and standard are fitted per feature', () => {
    const train: Dataset = {
      features: Float32Array.from([0, 10, 2, 10, 4, 10]),
      featureShape: [2],
      labels: new Float32Array(3),
      task: 'regression',
      classNames: null,
      count: 3,
    };
    const minmax = fitNormalization('minmax', train);
    expect(Array.from(applyNormalization(minmax, train).features)).toEqual([0, 0, 0.5, 0, 1, 0]); // constant feature -> 0
    const standard = fitNormalization('standard', train);
    const out = applyNormalization(standard, train).features;
    expect(out[0]).toBeCloseTo(-Math.sqrt(1.5), 5);
    expect(out[2]).toBeCloseTo(0, 6);
    expect(out[1]).toBe(0);
  });

  it('is fitted on the training split only: changing validation/test values does not change the statistics', () => {
    const labels = Array.from({ length: 50 }, (_, i) => i % 2);
    const data = dataset(labels);
    const a = prepareData(data, { ...options, normalize: 'standard' }).value!;
    // Blow up every example that is not in the training split.
    const trainValues = new Set(prepareData(data, options).value!.train.features);
    const poisoned: Dataset = { ...data, features: data.features.map((v) => (trainValues.has(v) ? v : v * 1000 + 1e6)) };
    const b = prepareData(poisoned, { ...options, normalize: 'standard' }).value!;
    expect(b.normalization).toEqual(a.normalization);
    expect(b.train.features).toEqual(a.train.features);
    // the stats are exactly the training split's
    const raw = prepareData(data, options).value!.train.features;
    const mean = raw.reduce((s, v) => s + v, 0) / raw.length;
    expect(a.normalization.kind === 'standard' && a.normalization.mean[0]).toBeCloseTo(mean, 4);
    expect(Math.abs(a.train.features.reduce((s, v) => s + v, 0) / a.train.count)).toBeLessThan(1e-5);
  });

  it('minmax on train leaves other splits possibly outside [0, 1]', () => {
    const data = dataset(Array.from({ length: 40 }, (_, i) => i % 2));
    const prepared = prepareData(data, { ...options, normalize: 'minmax' }).value!;
    expect(Math.min(...prepared.train.features)).toBe(0);
    expect(Math.max(...prepared.train.features)).toBe(1);
  });
});

describe('separate test set', () => {
  it('maps the test set classes by name', () => {
    const main = dataset([0, 1, 2, 0, 1, 2, 0, 1, 2, 0]);
    const testSet: Dataset = { ...dataset([0, 1]), classNames: ['c2', 'c0'] };
    const prepared = prepareData(main, { ...options, split: { train: 0.8, validation: 0.2, test: 0 }, testSet }).value!;
    expect(Array.from(prepared.test.labels)).toEqual([2, 0]);
    expect(prepared.test.classNames).toEqual(['c0', 'c1', 'c2']);
  });

  it('errors on shape mismatch and unknown classes', () => {
    const main = dataset([0, 1, 0, 1, 0, 1, 0, 1, 0, 1]);
    const split = { train: 0.8, validation: 0.2, test: 0 };
    const shape = prepareData(main, { ...options, split, testSet: { ...dataset([0, 1]), featureShape: [2], features: new Float32Array(4) } });
    expect(shape.diagnostics[0]).toMatchObject({ code: 'NN4802', message: "the test data's examples have shape [2], the training data's [1]" });
    const unknown = prepareData(main, { ...options, split, testSet: { ...dataset([0, 1]), classNames: ['c0', 'zebra'] } });
    expect(unknown.value).toBeUndefined();
    expect(unknown.diagnostics[0]).toMatchObject({ code: 'NN4803', message: 'the test data has class `zebra` that the training data lacks' });
  });
});
