import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.js';
import { applyNormalization, fitNormalization } from '../../src/train/data/normalize.js';
import { normalizationRecord } from '../../src/train/data/preprocessing.js';
import type { Dataset } from '../../src/train/data/dataset.js';
import { boundaryFrame, gridAround, gridCoordinates, normalizedGrid, predictCells, rawFeatures } from '../../playground/src/training/boundary.js';
import { cellIntensity } from '../../playground/src/training/boundary-view.js';
import { repoDataLoader } from './helpers.js';
import { checkSource } from '../../src/check/index.js';
import { lower } from '../../src/lower/index.js';

beforeAll(async () => {
  await initBackend('cpu');
});

const points: Dataset = {
  features: Float32Array.from([0, 10, 2, 20, 4, 60]),
  featureShape: [2],
  labels: Float32Array.from([0, 1, 1]),
  task: 'classification',
  classNames: ['a', 'b'],
  count: 3,
};

describe('the decision boundary grid', () => {
  it('spans the points with a 10% margin on each side', () => {
    const grid = gridAround(
      [
        { x: 0, y: 10, label: 0 },
        { x: 4, y: 60, label: 1 },
      ],
      4,
    );
    expect(grid).toEqual({ xMin: -0.4, xMax: 4.4, yMin: 5, yMax: 65, columns: 4, rows: 4 });
  });

  it('lists cell centres row by row from the top-left, the highest y first', () => {
    const coordinates = gridCoordinates({ xMin: 0, xMax: 4, yMin: 0, yMax: 2, columns: 2, rows: 2 });
    expect(Array.from(coordinates)).toEqual([1, 1.5, 3, 1.5, 1, 0.5, 3, 0.5]);
  });

  it.each(['standard', 'minmax'] as const)('normalises the grid as training normalised the data (%s), and inverts it for the points', (kind) => {
    const fitted = fitNormalization(kind, points);
    const preprocessing = { normalization: normalizationRecord(fitted) };
    const normalized = applyNormalization(fitted, points);
    expect(Array.from(rawFeatures(normalized, preprocessing)).map((value) => Number(value.toFixed(4)))).toEqual([0, 10, 2, 20, 4, 60]);
    const grid = { xMin: 0, xMax: 4, yMin: 0, yMax: 2, columns: 2, rows: 2 };
    const expected = applyNormalization(fitted, { ...points, features: gridCoordinates(grid), count: 4, labels: new Float32Array(4) }).features;
    expect(normalizedGrid(grid, preprocessing)).toEqual(expected);
  });

  it("gives each cell the model's class and that class's probability (softmax and one sigmoid unit)", () => {
    // A fixed softmax model: class 1 where x > 0, sure in proportion to |x|.
    const softmax = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [2], activation: 'softmax' })] });
    softmax.setWeights([
      tf.tensor2d([
        [-1, 1],
        [0, 0],
      ]),
      tf.tensor1d([0, 0]),
    ]);
    const cells = predictCells(softmax, Float32Array.from([-2, 0, 0.5, 0, 3, 5]));
    expect(Array.from(cells.classes)).toEqual([0, 1, 1]);
    expect(Array.from(cells.confidence).map((value) => Number(value.toFixed(4)))).toEqual([0.982, 0.7311, 0.9975]);
    const sigmoid = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2], activation: 'sigmoid' })] });
    sigmoid.setWeights([tf.tensor2d([[1], [0]]), tf.tensor1d([0])]);
    const binary = predictCells(sigmoid, Float32Array.from([-1, 0, 2, 0]));
    expect(Array.from(binary.classes)).toEqual([0, 1]);
    expect(Array.from(binary.confidence).map((value) => Number(value.toFixed(4)))).toEqual([0.7311, 0.8808]);
    softmax.dispose();
    sigmoid.dispose();
  });

  it('tints a cell from nothing at chance to 0.8 when certain', () => {
    expect([cellIntensity(0.5, 2), cellIntensity(0.75, 2), cellIntensity(1, 2), cellIntensity(1 / 3, 3), cellIntensity(0.2, 3)]).toEqual([0, 0.4, 0.8, 0, 0]);
  });

  it('exists for 2-D synthetic classifications only, with every training and test point in raw coordinates', async () => {
    const text = (source: string, input: number, classes: number) =>
      `data d {\n  source: ${source}\n  normalize: standard\n  split: { train: 0.6, validation: 0.2, test: 0.2 }\n}\nmodel m {\n  input(shape: [${input}])\n  dense(${classes}, activation: softmax)\n}\ntrain m on d {\n  loss: categorical_crossentropy\n  optimizer: adam(learning_rate: 0.01)\n  epochs: 1\n  seed: 2\n}\n`;
    const prepared = async (spec: string) => {
      const training = lower(checkSource(spec).value).value[0]!.training!;
      return { type: training.data.source.type, data: (await repoDataLoader(training.data, { baseDir: '.', seed: 2, specText: spec })).value! };
    };
    const circles = await prepared(text('synthetic.circles(samples: 100, noise: 0.05)', 2, 2));
    const frame = boundaryFrame(circles.type, circles.data)!;
    expect(frame.classNames).toEqual(['0', '1']);
    expect([frame.train.length, frame.test.length]).toEqual([60, 20]);
    // Circles lie within radius ~1.1 of the origin in raw units, whatever the normalisation did.
    expect(Math.max(...frame.train.map((point) => Math.hypot(point.x, point.y)))).toBeLessThan(1.3);
    expect(frame.grid.xMin).toBeLessThan(Math.min(...frame.train.map((point) => point.x)));
    const blobs = await prepared(text('synthetic.blobs(samples: 90, classes: 3, features: 2)', 2, 3));
    expect(boundaryFrame(blobs.type, blobs.data)).toBeNull();
    const iris = await prepared(text('builtin.iris', 4, 3));
    expect(boundaryFrame('synthetic.spirals', iris.data)).toBeNull();
  });
});
