/**
 * `predict`: a loaded bundle's model applied to model-ready input (see the input parsers), one
 * result per example in order: the predicted class and every class's probability, or the
 * regression output(s) in the target's units (a standardised target's model ends with its
 * `target_scale` layer). With `mc`, Monte Carlo dropout: that many stochastic passes, reported as
 * the mean and the (population) standard deviation of each output, and for classes the
 * predictive entropy of the mean probabilities. Browser-safe.
 */
import * as tf from '@tensorflow/tfjs';
import type { Diagnostic, StageResult } from '../diagnostics/diagnostic.js';
import { PREDICT_CODE } from '../diagnostics/codes/predict-codes.js';
import type { BundleJson } from '../bundle/bundle-schema.js';
import type { LoadedBundle } from '../bundle/loaded-bundle.js';
import { FILE_START } from '../train/data/data-diagnostic.js';
import type { ModelInput } from './model-input.js';
import { createMcModel, type McModel } from './mc-forward.js';

/** Options of {@link predict}. */
export interface PredictOptions {
  /** Monte Carlo dropout: the number of stochastic passes (absent or 0: one deterministic pass). */
  mc?: number;
  /** Seeds the dropout masks of `mc` passes; default: the bundle's seed (`manifest.seed`). */
  seed?: number;
  /** Examples per forward pass (default 256): bounds memory, not the results of a deterministic pass. */
  batchSize?: number;
}

/** One example's result. */
export interface PredictionRow {
  /** The predicted class (classification): the most probable, the first of equals. */
  className: string | null;
  /** Each output's value in {@link PredictResult.outputNames} order: class probabilities, or regression outputs; the mean under MC. */
  values: number[];
  /** Under MC: each output's standard deviation over the passes (population: divided by N); null otherwise. */
  std: number[] | null;
  /** Under MC, for classes: the entropy of the mean probabilities, in nats (natural log); null otherwise. */
  entropy: number | null;
}

/** What {@link predict} gives. */
export interface PredictResult {
  task: BundleJson['task'];
  /** The outputs' names: the class names, or the regression target's (`price`, or `y[0]`, `y[1]`, ...). */
  outputNames: string[];
  rows: PredictionRow[];
  /** The Monte Carlo setup when `mc` was asked, else null. */
  mc: { passes: number; seed: number; hasDropout: boolean } | null;
}

/** The names of a bundle's outputs, as {@link PredictResult.outputNames}. */
export function outputNamesOf(json: BundleJson): string[] {
  if (json.classNames !== null) return [...json.classNames];
  const shape = json.ir.model.outputShape;
  const units = (shape[shape.length - 1] as number | null) ?? 1;
  const target = json.input.label ?? 'value';
  return units === 1 ? [target] : Array.from({ length: units }, (_, index) => `${target}[${index}]`);
}

/**
 * The model's raw outputs of one example as the result's values: for classes, one probability a
 * class (a single sigmoid unit of two classes gives `[1 - p, p]`).
 */
function outputValues(json: BundleJson, raw: Float32Array, row: number, units: number): number[] {
  const values = Array.from(raw.subarray(row * units, (row + 1) * units));
  if (json.classNames !== null && units === 1 && json.classNames.length === 2) return [1 - values[0]!, values[0]!];
  return values;
}

function argMax(values: readonly number[]): number {
  let best = 0;
  for (let index = 1; index < values.length; index++) if (values[index]! > values[best]!) best = index;
  return best;
}

/** Entropy in nats of a probability vector (0 log 0 = 0). */
export function entropyOf(probabilities: readonly number[]): number {
  let sum = 0;
  for (const p of probabilities) if (p > 0) sum -= p * Math.log(p);
  return sum;
}

/** The batches of `input` as tensors, each disposed once the loop moves on. */
function* batches(input: ModelInput, batchSize: number): Generator<{ start: number; x: tf.Tensor }> {
  const size = input.shape.reduce((product, dim) => product * dim, 1);
  for (let start = 0; start < input.count; start += batchSize) {
    const count = Math.min(batchSize, input.count - start);
    const x = tf.tensor(input.features.subarray(start * size, (start + count) * size), [count, ...input.shape], 'float32');
    try {
      yield { start, x };
    } finally {
      x.dispose();
    }
  }
}

/**
 * The outputs of `apply` (inference mode: `model.predict`, or the trainer's forward pass) on all
 * of `input`, batch by batch, flat, with the units per example.
 */
export function rawOutputs(apply: (x: tf.Tensor) => tf.Tensor, input: ModelInput, batchSize = 256): { values: Float32Array; units: number } {
  const parts: Float32Array[] = [];
  let units = 1;
  for (const { x } of batches(input, batchSize)) {
    const out = tf.tidy(() => apply(x));
    units = out.shape[out.shape.length - 1] ?? 1;
    parts.push(out.dataSync() as Float32Array);
    out.dispose();
  }
  const values = new Float32Array(input.count * units);
  let at = 0;
  for (const part of parts) {
    values.set(part, at);
    at += part.length;
  }
  return { values, units };
}

/** Applies the bundle's model to `input` (see the module's comment). */
export function predict(bundle: LoadedBundle, input: ModelInput, options: PredictOptions = {}): StageResult<PredictResult> {
  const { json } = bundle;
  const batchSize = options.batchSize ?? 256;
  const outputNames = outputNamesOf(json);
  const classes = json.classNames;
  const passes = options.mc ?? 0;
  if (!Number.isInteger(passes) || passes < 0) throw new Error(`nnspec predict: mc must be a whole number >= 0, not ${passes}`);
  if (passes === 0) {
    const { values, units } = rawOutputs((x) => bundle.model.predict(x) as tf.Tensor, input, batchSize);
    const rows = Array.from({ length: input.count }, (_, row): PredictionRow => {
      const outputs = outputValues(json, values, row, units);
      return { className: classes !== null ? classes[argMax(outputs)]! : null, values: outputs, std: null, entropy: null };
    });
    return { value: { task: json.task, outputNames, rows, mc: null }, diagnostics: [] };
  }

  const seed = options.seed ?? json.manifest.seed;
  const mc = createMcModel(json.ir, bundle.model, seed, json.preprocessing.target);
  const diagnostics: Diagnostic[] = [];
  if (!mc.hasDropout) {
    diagnostics.push({
      code: PREDICT_CODE.mcWithoutDropout,
      severity: 'info',
      message: `model \`${json.ir.model.name}\` has no dropout, so the ${passes} Monte Carlo passes are all the same prediction: every standard deviation is 0`,
      range: FILE_START,
      help: 'MC dropout estimates uncertainty from the spread that dropout makes; train a model with `dropout` layers to get one',
    });
  }
  let rows: PredictionRow[];
  try {
    rows = monteCarloRows(json, mc, input, passes, batchSize);
  } finally {
    mc.dispose();
  }
  return { value: { task: json.task, outputNames, rows, mc: { passes, seed, hasDropout: mc.hasDropout } }, diagnostics };
}

/**
 * The Monte Carlo rows: for each batch, `passes` stochastic passes folded into a running mean and
 * sum of squared deviations per output (Welford's method, in float64: identical passes give
 * exactly 0), then each example's mean, population standard deviation and, for classes, entropy.
 */
function monteCarloRows(json: BundleJson, mc: McModel, input: ModelInput, passes: number, batchSize: number): PredictionRow[] {
  const classes = json.classNames;
  const rows: PredictionRow[] = [];
  for (const { x } of batches(input, batchSize)) {
    const count = x.shape[0]!;
    let mean = new Float64Array(0);
    let squares = new Float64Array(0);
    for (let pass = 1; pass <= passes; pass++) {
      const out = tf.tidy(() => mc.forward(x));
      const raw = out.dataSync() as Float32Array;
      const units = out.shape[out.shape.length - 1] ?? 1;
      out.dispose();
      const values = Array.from({ length: count }, (_, row) => outputValues(json, raw, row, units)).flat();
      if (pass === 1) {
        mean = new Float64Array(values.length);
        squares = new Float64Array(values.length);
      }
      for (let k = 0; k < values.length; k++) {
        const delta = values[k]! - mean[k]!;
        mean[k] = mean[k]! + delta / pass;
        squares[k] = squares[k]! + delta * (values[k]! - mean[k]!);
      }
    }
    const width = mean.length / count;
    for (let row = 0; row < count; row++) {
      const values = Array.from(mean.subarray(row * width, (row + 1) * width));
      const std = Array.from(squares.subarray(row * width, (row + 1) * width), (sum) => Math.sqrt(Math.max(sum, 0) / passes));
      rows.push({ className: classes !== null ? classes[argMax(values)]! : null, values, std, entropy: classes !== null ? entropyOf(values) : null });
    }
  }
  return rows;
}
