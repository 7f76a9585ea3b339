import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/train/data/dataset.js';
import { applyNormalization, fitNormalization, normalizedSubset } from '../../src/train/data/normalize.js';
import { prepareData } from '../../src/train/data/prepare.js';
import { subset } from '../../src/train/data/split.js';

/** 3 features per example: a varying one, a constant one (7) and a negative one; labels 0..2, source rows kept. */
function threeFeatures(count: number): Dataset {
  const features = new Float32Array(count * 3);
  for (let row = 0; row < count; row++) features.set([Math.fround(Math.sin(row) * 100), 7, -row / 3], row * 3);
  return {
    features,
    featureShape: [3],
    labels: Float32Array.from({ length: count }, (_, row) => row % 3),
    task: 'classification',
    classNames: ['a', 'b', 'c'],
    count,
    sourceRows: Int32Array.from({ length: count }, (_, row) => 100 + row),
  };
}

const rows = Int32Array.from([9, 2, 17, 4, 11, 0, 5]);

describe('normalisation over rows read in place', () => {
  for (const kind of ['minmax', 'standard'] as const) {
    it(`${kind}: fitting on rows gives the statistics of the copied rows, value for value`, () => {
      const data = threeFeatures(20);
      const onRows = fitNormalization(kind, data, rows);
      expect(onRows).toEqual(fitNormalization(kind, subset(data, rows)));
      // The fit really used only those rows: row 1 (sin 1 * 100 = 84.1) is not among them.
      if (onRows.kind === 'minmax') expect(onRows.max[0]).toBeCloseTo(Math.sin(2) * 100, 4);
    });

    it(`${kind}: normalizedSubset equals applyNormalization of the subset, every field and bit`, () => {
      const data = threeFeatures(20);
      const normalization = fitNormalization(kind, data, rows);
      const fused = normalizedSubset(normalization, data, [3, 17, 0]);
      const twoSteps = applyNormalization(normalization, subset(data, [3, 17, 0]));
      expect(fused).toEqual(twoSteps);
      expect(Array.from(fused.sourceRows!)).toEqual([103, 117, 100]);
      // The constant feature maps to 0 in every split.
      expect([fused.features[1], fused.features[4], fused.features[7]]).toEqual([0, 0, 0]);
    });
  }

  it('none: normalizedSubset is the plain subset', () => {
    const data = threeFeatures(6);
    expect(normalizedSubset({ kind: 'none' }, data, [5, 1])).toEqual(subset(data, [5, 1]));
  });

  it('prepareData scales each split with the training split statistics (minmax of the training rows gives 0..1 there)', () => {
    const prepared = prepareData(threeFeatures(50), {
      split: { train: 0.6, validation: 0.2, test: 0.2 },
      stratify: false,
      normalize: 'minmax',
      limit: null,
      seed: 4,
    }).value!;
    const column = (data: Dataset, j: number) => Array.from({ length: data.count }, (_, row) => data.features[row * 3 + j]);
    expect(Math.min(...column(prepared.train, 0))).toBe(0);
    expect(Math.max(...column(prepared.train, 0))).toBe(1);
    expect(Math.min(...column(prepared.train, 2))).toBe(0);
    expect(Math.max(...column(prepared.train, 2))).toBe(1);
    expect(new Set(column(prepared.validation, 1))).toEqual(new Set([0]));
    expect([prepared.train.count, prepared.validation.count, prepared.test.count]).toEqual([30, 10, 10]);
  });
});
