/**
 * The loss of a batch and its gradient with respect to the model's output, for the losses the
 * fused step computes, in the formulas of src/backend/losses.ts: predictions clipped to
 * [1e-7, 1 - 1e-7] for the cross-entropies (the clip passes no gradient outside it), a mean over
 * units for binary cross-entropy and squared error, and the batch mean that the trainer takes.
 */
import type { StepLoss } from './chain-plan.js';

const EPSILON = Math.fround(1e-7);
const ONE_MINUS_EPSILON = Math.fround(1 - 1e-7);

/** `p` clipped into [1e-7, 1 - 1e-7] (a NaN stays NaN). */
const clip = (p: number) => Math.min(Math.max(p, EPSILON), ONE_MINUS_EPSILON);

/** The targets of a batch: rows of `y` (one-hot or values; class indices for the sparse loss). */
export interface BatchTargets {
  values: Float32Array | Int32Array;
  /** Values per row of `values`. */
  rowSize: number;
  /** Row of the `i`-th batch example in `values`. */
  row(i: number): number;
}

/**
 * Writes `d loss / d output` for `rows x units` predictions at `output` into `gradient`, and
 * returns the sum over the batch's examples of each one's loss (the trainer divides by the count).
 * `scale` is the gradient's factor for the batch mean: 1 / rows.
 */
export function lossAndGradient(
  loss: StepLoss,
  heap: Float32Array,
  output: number,
  gradient: number,
  rows: number,
  units: number,
  targets: BatchTargets,
): number {
  const scale = 1 / rows;
  let total = 0;
  const { values, rowSize } = targets;
  for (let i = 0; i < rows; i++) {
    const p0 = output + i * units;
    const g0 = gradient + i * units;
    const y0 = targets.row(i) * rowSize;
    let sampleLoss = 0;
    switch (loss) {
      case 'categorical_crossentropy':
      case 'sparse_categorical_crossentropy': {
        const label = loss === 'sparse_categorical_crossentropy' ? Math.round(values[y0]!) : -1;
        for (let u = 0; u < units; u++) {
          const y = label >= 0 ? (u === label ? 1 : 0) : values[y0 + u]!;
          const p = heap[p0 + u]!;
          // A zero target's term is 0 * log(clip(p)), which adds nothing unless p is NaN: skipping
          // its logarithm (9 of 10 for digits) leaves every bit of the sum, and a NaN still spreads.
          if (y !== 0 || Number.isNaN(p)) sampleLoss -= y * Math.log(clip(p));
          heap[g0 + u] = p >= EPSILON && p <= ONE_MINUS_EPSILON ? (-y / p) * scale : 0;
        }
        break;
      }
      case 'binary_crossentropy': {
        for (let u = 0; u < units; u++) {
          const y = values[y0 + u]!;
          const p = heap[p0 + u]!;
          const clipped = clip(p);
          sampleLoss -= y * Math.log(clipped) + (1 - y) * Math.log(1 - clipped);
          heap[g0 + u] = p >= EPSILON && p <= ONE_MINUS_EPSILON ? (-(y / p - (1 - y) / (1 - p)) * scale) / units : 0;
        }
        sampleLoss /= units;
        break;
      }
      case 'mean_squared_error': {
        for (let u = 0; u < units; u++) {
          const error = heap[p0 + u]! - values[y0 + u]!;
          sampleLoss += error * error;
          heap[g0 + u] = ((2 * error) / units) * scale;
        }
        sampleLoss /= units;
        break;
      }
    }
    total += Math.fround(sampleLoss);
  }
  return total;
}

/** The per-example losses' sum of `rows` predictions, without a gradient (evaluation). */
export function lossSum(loss: StepLoss, heap: Float32Array, output: number, rows: number, units: number, targets: BatchTargets, scratch: number): number {
  return lossAndGradient(loss, heap, output, scratch, rows, units, targets);
}
