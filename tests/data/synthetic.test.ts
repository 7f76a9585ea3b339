import { describe, expect, it } from 'vitest';
import { irData } from '../support/ir-data.js';
import type { IrData } from '../../src/ir/schema.js';
import { generateSynthetic, type SyntheticSourceType } from '../../src/train/data/synthetic-source.js';

const where = (params: IrData['source']['params'] = {}) => ({
  data: irData('synthetic.spirals', params),
});

function gen(type: SyntheticSourceType, params: IrData['source']['params'] = {}, seed = 1) {
  return generateSynthetic(type, params, seed, where(params));
}

function classCounts(labels: Float32Array): number[] {
  const counts: number[] = [];
  for (const label of labels) counts[label] = (counts[label] ?? 0) + 1;
  return counts;
}

describe('synthetic generators', () => {
  it.each([
    ['synthetic.spirals', 600, [2], 3],
    ['synthetic.moons', 500, [2], 2],
    ['synthetic.circles', 500, [2], 2],
    ['synthetic.xor', 400, [2], 2],
    ['synthetic.blobs', 500, [2], 3],
  ] as const)('%s has its default shape and classes', (type, samples, shape, classes) => {
    const { value, diagnostics } = gen(type);
    expect(diagnostics).toEqual([]);
    expect(value!.count).toBe(samples);
    expect(value!.featureShape).toEqual(shape);
    expect(value!.features.length).toBe(samples * shape[0]);
    expect(value!.task).toBe('classification');
    expect(value!.classNames!.length).toBe(classes);
    expect(value!.features.every(Number.isFinite)).toBe(true);
  });

  it('splits samples evenly among classes, remainder to the first', () => {
    expect(classCounts(gen('synthetic.spirals', { samples: 10, classes: 3 }).value!.labels)).toEqual([4, 3, 3]);
  });

  it('blobs honour classes and features', () => {
    const { value } = gen('synthetic.blobs', { samples: 40, classes: 4, features: 5, noise: 0.5 });
    expect(value!.featureShape).toEqual([5]);
    expect(value!.features.length).toBe(200);
    expect(value!.classNames).toEqual(['0', '1', '2', '3']);
  });

  it('sine is a regression around sin(x)', () => {
    const { value } = gen('synthetic.sine', { samples: 100, noise: 0 });
    expect(value!.task).toBe('regression');
    expect(value!.classNames).toBeNull();
    expect(value!.featureShape).toEqual([1]);
    for (let i = 0; i < 100; i++) expect(value!.labels[i]).toBeCloseTo(Math.sin(value!.features[i]), 5);
  });

  it('noise 0 puts circles exactly on their radii and xor labels follow the quadrant', () => {
    const circles = gen('synthetic.circles', { samples: 20, noise: 0 }).value!;
    for (let i = 0; i < 20; i++) {
      const r = Math.hypot(circles.features[2 * i], circles.features[2 * i + 1]);
      expect(r).toBeCloseTo(circles.labels[i] === 0 ? 1 : 0.5, 5);
    }
    const xor = gen('synthetic.xor', { samples: 100, noise: 0 }).value!;
    for (let i = 0; i < 100; i++) expect(xor.labels[i]).toBe(xor.features[2 * i] > 0 !== xor.features[2 * i + 1] > 0 ? 1 : 0);
  });

  it('is deterministic: same seed same data, other seed other data, params.seed overrides the run seed', () => {
    const a = gen('synthetic.moons', {}, 1).value!;
    expect(gen('synthetic.moons', {}, 1).value!.features).toEqual(a.features);
    expect(gen('synthetic.moons', {}, 2).value!.features).not.toEqual(a.features);
    expect(gen('synthetic.moons', { seed: 5 }, 1).value!.features).toEqual(gen('synthetic.moons', { seed: 5 }, 2).value!.features);
  });

  it('reports bad parameters as NN4702', () => {
    const { value, diagnostics } = gen('synthetic.spirals', { samples: 0, classes: 1.5, noise: -1 });
    expect(value).toBeUndefined();
    expect(diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['NN4702', '`samples` of `synthetic.spirals` must be at least 1, got 0'],
      ['NN4702', '`noise` of `synthetic.spirals` must be at least 0, got -1'],
      ['NN4702', '`classes` of `synthetic.spirals` must be a whole number, got 1.5'],
    ]);
    expect(gen('synthetic.blobs', { samples: 2, classes: 3 }).diagnostics[0].message).toBe(
      '`synthetic.blobs` needs at least one sample per class: `samples` is 2 for 3 classes',
    );
  });
});
