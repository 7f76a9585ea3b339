/**
 * IR metrics as the trainer takes them. Means of per-sample values (accuracy, top-k accuracy,
 * MSE, MAE) are per-sample functions; the others are accumulators of sums over a whole split
 * (see train/trainer/metric-accumulator.ts), so their value is exact whatever the batching:
 * - precision, recall, F1: per-class true positives, predicted and actual counts;
 * - AUC: true/false positives and negatives at 200 thresholds, as Keras's `AUC`;
 * - RMSE: the sum of squared errors; R²: per target, the squared errors, the sum and the sum of
 *   squares of the targets.
 */
import * as tf from '@tensorflow/tfjs';
import type { IrCall, IrDocument, IrValue } from '../ir/schema.js';
import type { Metric, MetricAccumulator, MetricFn } from './training-types.js';
import { mae, mse } from './losses.js';
import { numberParam } from '../ir/read-params.js';

/**
 * Thresholds of `auc`, as Keras's `AUC(num_thresholds=200)`: 198 evenly spaced inside (0, 1),
 * plus one just below 0 and one just above 1, so every prediction lies between two of them.
 * Predictions closer than 1/199 fall in the same bin and count as ties.
 */
export const AUC_THRESHOLDS = 200;
const AUC_EPSILON = 1e-7;

/** How a loss gives labels, which decides how a prediction becomes a class. */
type LabelKind = 'one-hot' | 'index' | 'binary';

function labelKind(loss: IrCall): LabelKind {
  if (loss.type === 'binary_crossentropy') return 'binary';
  return loss.type === 'sparse_categorical_crossentropy' ? 'index' : 'one-hot';
}

/** True class indices `[n]` of a batch. */
function trueClasses(kind: LabelKind, yTrue: tf.Tensor): tf.Tensor1D {
  return (kind === 'index' ? tf.cast(tf.reshape(yTrue, [-1]), 'int32') : tf.argMax(yTrue, -1)) as tf.Tensor1D;
}

/** Labels of a binary loss shaped as its predictions (one 0/1 value per output unit). */
function binaryTruth(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  return yTrue.size === yPred.size ? tf.reshape(yTrue, yPred.shape) : tf.add(tf.zerosLike(yPred), yTrue);
}

/** Accuracy that fits the loss: class match for (sparse) categorical, 0.5 threshold for binary. */
function accuracyFor(kind: LabelKind): MetricFn {
  if (kind === 'binary') {
    return (yTrue, yPred) => tf.mean(tf.cast(tf.equal(tf.greater(yPred, 0.5), tf.greater(binaryTruth(yTrue, yPred), 0.5)), 'float32'), -1);
  }
  return (yTrue, yPred) => tf.cast(tf.equal(tf.argMax(yPred, -1), trueClasses(kind, yTrue)), 'float32');
}

/**
 * Whether the true class is among the `k` most probable: fewer than `k` classes score strictly
 * higher (TF's `in_top_k`: classes tied at the boundary all count as in the top `k`).
 */
function topKAccuracy(kind: LabelKind, k: number): MetricFn {
  return (yTrue, yPred) => {
    const classes = yPred.shape[yPred.shape.length - 1]!;
    const trueScore = tf.sum(tf.mul(yPred, tf.oneHot(trueClasses(kind, yTrue), classes)), -1, true);
    const above = tf.sum(tf.cast(tf.greater(yPred, trueScore), 'float32'), -1);
    return tf.cast(tf.less(above, k), 'float32');
  };
}

/**
 * Per-class counts `[truePositives(C), predicted(C), actual(C)]`; for a binary loss the one
 * "class" is the positive one (prediction above 0.5).
 */
function confusionCounts(kind: LabelKind, classes: number): (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor1D {
  return (yTrue, yPred) => {
    let predicted: tf.Tensor2D;
    let actual: tf.Tensor2D;
    if (kind === 'binary') {
      predicted = tf.reshape(tf.cast(tf.greater(yPred, 0.5), 'float32'), [-1, 1]);
      actual = tf.reshape(tf.cast(tf.greater(binaryTruth(yTrue, yPred), 0.5), 'float32'), [-1, 1]);
    } else {
      predicted = tf.oneHot(tf.argMax(yPred, -1), classes).toFloat() as tf.Tensor2D;
      actual = tf.oneHot(trueClasses(kind, yTrue), classes).toFloat() as tf.Tensor2D;
    }
    return tf.concat([tf.sum(tf.mul(predicted, actual), 0), tf.sum(predicted, 0), tf.sum(actual, 0)]) as tf.Tensor1D;
  };
}

/** Which of precision, recall and F1 a confusion-count accumulator finalises to, per class. */
const PER_CLASS = {
  precision: (truePositives: number, predicted: number) => (predicted === 0 ? 0 : truePositives / predicted),
  recall: (truePositives: number, _predicted: number, actual: number) => (actual === 0 ? 0 : truePositives / actual),
  f1: (truePositives: number, predicted: number, actual: number) => (predicted + actual === 0 ? 0 : (2 * truePositives) / (predicted + actual)),
} as const;

/**
 * Macro average over the classes present in the split's labels or predictions (scikit-learn's
 * `average='macro'`; a class absent from both has no precision to average). A ratio with a zero
 * denominator counts 0 (scikit-learn's `zero_division=0`); no class present gives 0.
 */
function classAverage(kind: LabelKind, classes: number, perClass: (tp: number, predicted: number, actual: number) => number): MetricAccumulator {
  const width = kind === 'binary' ? 1 : classes;
  return {
    size: 3 * width,
    statistics: confusionCounts(kind, classes),
    finalize: (sums) => {
      let total = 0;
      let present = 0;
      for (let c = 0; c < width; c++) {
        const [tp, predicted, actual] = [sums[c]!, sums[width + c]!, sums[2 * width + c]!];
        if (predicted + actual === 0) continue;
        total += perClass(tp, predicted, actual);
        present += 1;
      }
      return present === 0 ? 0 : total / present;
    },
  };
}

/** Keras's ROC AUC: `[TP(T), FP(T), TN(T), FN(T)]` at the thresholds, then a trapezoid sum. */
function auc(): MetricAccumulator {
  const thresholds = Float32Array.from({ length: AUC_THRESHOLDS }, (_, i) =>
    i === 0 ? -AUC_EPSILON : i === AUC_THRESHOLDS - 1 ? 1 + AUC_EPSILON : i / (AUC_THRESHOLDS - 1),
  );
  const count = AUC_THRESHOLDS;
  return {
    size: 4 * count,
    statistics: (yTrue, yPred) => {
      const scores = tf.reshape(yPred, [-1, 1]);
      const positive = tf.reshape(tf.cast(tf.greater(binaryTruth(yTrue, yPred), 0.5), 'float32'), [-1, 1]);
      const negative = tf.sub(1, positive);
      const above = tf.cast(tf.greater(scores, tf.tensor2d(thresholds, [1, count])), 'float32');
      const below = tf.sub(1, above);
      return tf.concat([
        tf.sum(tf.mul(above, positive), 0),
        tf.sum(tf.mul(above, negative), 0),
        tf.sum(tf.mul(below, negative), 0),
        tf.sum(tf.mul(below, positive), 0),
      ]) as tf.Tensor1D;
    },
    finalize: (sums) => {
      const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
      const tp = (i: number) => sums[i]!;
      const fp = (i: number) => sums[count + i]!;
      const tn = (i: number) => sums[2 * count + i]!;
      const fn = (i: number) => sums[3 * count + i]!;
      let area = 0;
      // Thresholds rise, so the false-positive rate falls from one to the next.
      for (let i = 0; i < count - 1; i++) {
        const recall = (j: number) => ratio(tp(j), tp(j) + fn(j));
        const falsePositiveRate = (j: number) => ratio(fp(j), fp(j) + tn(j));
        area += (falsePositiveRate(i) - falsePositiveRate(i + 1)) * ((recall(i) + recall(i + 1)) / 2);
      }
      return area;
    },
  };
}

/** RMSE over the split: the root of the mean of the per-sample mean squared errors. */
function rmse(): MetricAccumulator {
  return {
    size: 1,
    statistics: (yTrue, yPred) => tf.reshape(tf.sum(mse(yTrue, yPred)), [1]) as tf.Tensor1D,
    finalize: (sums, samples) => Math.sqrt(sums[0]! / samples),
  };
}

/**
 * R² per target `1 - SSE / (Σy² - (Σy)²/n)`, averaged over the targets (scikit-learn's
 * `uniform_average`). A constant target gives 1 when predicted exactly, else 0 (scikit-learn's
 * `force_finite`).
 */
function r2(targets: number): MetricAccumulator {
  return {
    size: 3 * targets,
    statistics: (yTrue, yPred) => {
      const truth = tf.reshape(yTrue, [-1, targets]);
      const errors = tf.sub(tf.reshape(yPred, [-1, targets]), truth);
      return tf.concat([tf.sum(tf.square(errors), 0), tf.sum(truth, 0), tf.sum(tf.square(truth), 0)]) as tf.Tensor1D;
    },
    finalize: (sums, samples) => {
      let total = 0;
      for (let j = 0; j < targets; j++) {
        const sse = sums[j]!;
        const sst = sums[2 * targets + j]! - sums[targets + j]! ** 2 / samples;
        total += sst > 0 ? 1 - sse / sst : sse === 0 ? 1 : 0;
      }
      return total / targets;
    },
  };
}

/** What {@link createMetrics} needs besides the names and the loss. */
export interface MetricSetup {
  /** Parameters by metric name, as the IR's `training.metricParams` (defaults when absent). */
  params?: Readonly<Record<string, Readonly<Record<string, IrValue>>>>;
  /** Output units of the model: classes of a categorical loss, targets of a regression (default 1). */
  outputUnits?: number;
}

/**
 * The metrics for the names a spec lists, by name: per-sample functions, or accumulators over a
 * whole split for those that are not means (`precision`, `recall`, `f1`, `auc`, `rmse`, `r2`).
 *
 * @throws Error for a metric the catalogue does not have (a bug: the checker rejects them).
 */
export function createMetrics(names: readonly string[], loss: IrCall, setup: MetricSetup = {}): Record<string, Metric> {
  const kind = labelKind(loss);
  const units = setup.outputUnits ?? 1;
  const metrics: Record<string, Metric> = {};
  for (const name of names) {
    const params = setup.params?.[name] ?? {};
    switch (name) {
      case 'accuracy':
        metrics[name] = accuracyFor(kind);
        break;
      case 'top_k_accuracy':
        metrics[name] = topKAccuracy(kind, numberParam({ type: name, params }, 'k'));
        break;
      case 'precision':
      case 'recall':
      case 'f1':
        metrics[name] = classAverage(kind, units, PER_CLASS[name]);
        break;
      case 'auc':
        metrics[name] = auc();
        break;
      case 'mse':
      case 'mean_squared_error':
        metrics[name] = mse;
        break;
      case 'mae':
      case 'mean_absolute_error':
        metrics[name] = mae;
        break;
      case 'rmse':
        metrics[name] = rmse();
        break;
      case 'r2':
        metrics[name] = r2(units);
        break;
      default:
        throw new Error(`nnspec backend: unknown metric '${name}'`);
    }
  }
  return metrics;
}

/** The metrics of a document's training, set up for its model (parameters, output units). */
export function createDocumentMetrics(document: IrDocument): Record<string, Metric> {
  const training = document.training;
  if (!training) throw new Error('nnspec backend: createDocumentMetrics needs a document with training');
  return createMetrics(training.metrics, training.loss, metricSetupOf(document));
}

/** The setup {@link createMetrics} needs from a document, as plain data a worker can be sent. */
export function metricSetupOf(document: IrDocument): MetricSetup {
  const last = document.model.outputShape[document.model.outputShape.length - 1];
  return { params: document.training?.metricParams, outputUnits: typeof last === 'number' ? last : 1 };
}
