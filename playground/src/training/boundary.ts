/**
 * The decision boundary of a 2-D classifier, as TensorFlow Playground draws it: the model's class
 * and confidence on a grid over the data's raw coordinates, under the training and test points.
 * The grid is normalised with the statistics the run fitted (the report's preprocessing), so the
 * model sees grid points exactly as it saw the data.
 */
import * as tf from '@tensorflow/tfjs';
import type { Dataset, PreparedData } from '../../../src/train/data/dataset.js';
import { applyNormalization } from '../../../src/train/data/normalize.js';
import { normalizationFromRecord, type Preprocessing } from '../../../src/train/data/preprocessing.js';
import type { BoundaryCells, BoundaryFrame, BoundaryGrid, BoundaryPoint } from './protocol.js';

/** The synthetic sources whose two features are a plane's coordinates. */
export const BOUNDARY_SOURCES: readonly string[] = ['synthetic.spirals', 'synthetic.moons', 'synthetic.circles', 'synthetic.xor'];

/** Cells across the grid (and down: the grid is square in cells). */
export const BOUNDARY_CELLS = 64;

/** How far the grid reaches past the points, as a fraction of their extent on each side. */
const MARGIN = 0.1;

/**
 * The features of `dataset` in raw coordinates: the inverse of the run's normalisation. (A
 * constant feature, normalised to 0, comes back as its training value.)
 */
export function rawFeatures(dataset: Pick<Dataset, 'features' | 'count' | 'featureShape'>, preprocessing: Pick<Preprocessing, 'normalization'>): Float64Array {
  const width = dataset.featureShape.reduce((size, axis) => size * axis, 1);
  const raw = Float64Array.from(dataset.features);
  const record = preprocessing.normalization;
  if (record.kind === 'none') return raw;
  for (let row = 0; row < dataset.count; row++) {
    for (let j = 0; j < width; j++) {
      const at = row * width + j;
      if (record.kind === 'minmax') raw[at] = record.min[j]! + raw[at]! * (record.max[j]! - record.min[j]!);
      else raw[at] = record.mean[j]! + raw[at]! * record.std[j]!;
    }
  }
  return raw;
}

function pointsOf(dataset: Dataset, preprocessing: Preprocessing): BoundaryPoint[] {
  const raw = rawFeatures(dataset, preprocessing);
  return Array.from({ length: dataset.count }, (_, row) => ({ x: raw[row * 2]!, y: raw[row * 2 + 1]!, label: dataset.labels[row]! }));
}

/** A grid of `cells` x `cells` over the points' extent, widened by a margin on every side. */
export function gridAround(points: readonly BoundaryPoint[], cells = BOUNDARY_CELLS): BoundaryGrid {
  const xs = points.map((point) => point.x);
  const ys = points.map((point) => point.y);
  const span = (low: number, high: number): [number, number] => {
    const pad = high > low ? (high - low) * MARGIN : 1;
    return [low - pad, high + pad];
  };
  const [xMin, xMax] = span(Math.min(...xs), Math.max(...xs));
  const [yMin, yMax] = span(Math.min(...ys), Math.max(...ys));
  return { xMin, xMax, yMin, yMax, columns: cells, rows: cells };
}

/**
 * The raw coordinates of each cell's centre, row-major from the top-left (the highest y first,
 * as a canvas draws), two values a cell.
 */
export function gridCoordinates(grid: BoundaryGrid): Float32Array {
  const coordinates = new Float32Array(grid.columns * grid.rows * 2);
  const width = (grid.xMax - grid.xMin) / grid.columns;
  const height = (grid.yMax - grid.yMin) / grid.rows;
  for (let row = 0; row < grid.rows; row++) {
    for (let column = 0; column < grid.columns; column++) {
      const at = (row * grid.columns + column) * 2;
      coordinates[at] = grid.xMin + (column + 0.5) * width;
      coordinates[at + 1] = grid.yMax - (row + 0.5) * height;
    }
  }
  return coordinates;
}

/**
 * The boundary's frame for a run, or null when there is no plane to draw: the source is not a
 * 2-D synthetic one, or the task is not a classification.
 */
export function boundaryFrame(sourceType: string, data: PreparedData): BoundaryFrame | null {
  if (!BOUNDARY_SOURCES.includes(sourceType) || data.task !== 'classification' || data.classNames === null) return null;
  if (data.featureShape.length !== 1 || data.featureShape[0] !== 2) return null;
  const train = pointsOf(data.train, data.preprocessing);
  const test = pointsOf(data.test, data.preprocessing);
  return {
    grid: gridAround([...train, ...pointsOf(data.validation, data.preprocessing), ...test]),
    classes: data.classNames.length,
    classNames: data.classNames,
    train,
    test,
  };
}

/** The grid's cells normalised as the run's data was: what the model takes. */
export function normalizedGrid(grid: BoundaryGrid, preprocessing: Pick<Preprocessing, 'normalization'>): Float32Array {
  const count = grid.columns * grid.rows;
  const dataset: Dataset = {
    features: gridCoordinates(grid),
    featureShape: [2],
    labels: new Float32Array(count),
    task: 'classification',
    classNames: null,
    count,
  };
  return applyNormalization(normalizationFromRecord(preprocessing.normalization), dataset).features;
}

/** The model's class and confidence on every cell of the grid (`inputs` from {@link normalizedGrid}). */
export function predictCells(model: tf.LayersModel, inputs: Float32Array): BoundaryCells {
  const count = inputs.length / 2;
  const probabilities = tf.tidy(() => (model.predict(tf.tensor2d(inputs, [count, 2])) as tf.Tensor).dataSync());
  const classCount = probabilities.length / count;
  const classes = new Uint8Array(count);
  const confidence = new Float32Array(count);
  for (let cell = 0; cell < count; cell++) {
    if (classCount === 1) {
      // One sigmoid output (binary cross-entropy): the probability of class 1.
      const p = probabilities[cell]!;
      classes[cell] = p >= 0.5 ? 1 : 0;
      confidence[cell] = Math.max(p, 1 - p);
      continue;
    }
    let best = 0;
    for (let k = 1; k < classCount; k++) if (probabilities[cell * classCount + k]! > probabilities[cell * classCount + best]!) best = k;
    classes[cell] = best;
    confidence[cell] = probabilities[cell * classCount + best]!;
  }
  return { classes, confidence };
}
