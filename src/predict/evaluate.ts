/**
 * `evaluate`: a loaded bundle's model measured on labelled, model-ready input. The loss and the
 * metrics are the run's own (the bundle's loss and `training.metrics`, computed by the trainer's
 * own evaluation: the fused step's for a chain it takes, else `evaluateModel`, with the trainer's
 * forward pass and batch size), so
 * evaluating the run's test split reproduces the report's test numbers exactly. Beside them: a
 * confusion matrix with per-class precision, recall and F1 (classification), or MSE, MAE and R²
 * (regression). Browser-safe.
 */
import type { StageResult } from '../diagnostics/diagnostic.js';
import { PREDICT_CODE } from '../diagnostics/codes/predict-codes.js';
import type { LoadedBundle } from '../bundle/loaded-bundle.js';
import type { BundleJson } from '../bundle/bundle-schema.js';
import { createDocumentMetrics, createLoss } from '../backend/index.js';
import { evaluateModel, evaluationBatchSize } from '../train/trainer/train-loop.js';
import { makeForward } from '../train/trainer/forward.js';
import { fusedEvaluation } from '../train/trainer/fused-evaluation.js';
import { statsLayout } from '../train/trainer/metric-accumulator.js';
import { splitTensors, targetEncoding } from '../train/runner/tensors.js';
import { FILE_START } from '../train/data/data-diagnostic.js';
import type { ModelInput } from './model-input.js';
import { outputNamesOf, rawOutputs } from './predict.js';

/** Precision, recall and F1 of one class (0 where the ratio's denominator is 0, as scikit-learn's `zero_division=0`). */
export interface ClassScores {
  name: string;
  precision: number;
  recall: number;
  f1: number;
  /** Examples whose true class it is. */
  support: number;
}

/** What {@link evaluate} measures. */
export interface EvaluateResult {
  task: BundleJson['task'];
  /** Examples evaluated. */
  count: number;
  /** The bundle's loss (`training.loss`), regularisation included as in training. */
  lossName: string;
  loss: number;
  /** The bundle's metrics (`training.metrics`), by name. */
  metrics: Record<string, number>;
  classification: {
    classNames: string[];
    /** `confusion[true][predicted]`: counts, rows the true class, columns the predicted one. */
    confusion: number[][];
    perClass: ClassScores[];
    accuracy: number;
  } | null;
  regression: {
    outputNames: string[];
    /** Over every example and output. */
    mse: number;
    mae: number;
    /** Per output `1 - SSE/SST`, averaged over outputs (a constant target: 1 when predicted exactly, else 0). */
    r2: number;
  } | null;
}

/** Evaluates the bundle's model on labelled input (NN5109 when it has no labels). */
export function evaluate(bundle: LoadedBundle, input: ModelInput): StageResult<EvaluateResult | undefined> {
  const { json, model } = bundle;
  const labels = input.labels;
  if (labels === null) {
    return {
      value: undefined,
      diagnostics: [
        {
          code: PREDICT_CODE.missingLabels,
          severity: 'error',
          message: 'evaluation needs labelled input, and this input was read without its labels',
          range: FILE_START,
          help: "read the input with `labels: 'require'`",
        },
      ],
    };
  }
  const document = json.ir;
  const training = document.training;
  if (training === null || training === undefined) throw new Error('nnspec evaluate: the bundle IR has no training block');
  const dataset = { features: input.features, featureShape: input.shape, labels, task: json.task, classNames: json.classNames, count: input.count };
  const tensors = splitTensors(dataset, document, targetEncoding(document));
  try {
    const { forward } = makeForward(model);
    const loss = createLoss(training.loss);
    const metrics = createDocumentMetrics(document);
    // The trainer's own evaluation batch size, so sums add up in the same order as the report's.
    const batchSize = evaluationBatchSize(training.batchSize);
    // A chain trained on the fused step, and reported its evaluations: the same code here.
    const measured =
      fusedEvaluation(model, loss, metrics, tensors.x, tensors.y, batchSize) ??
      evaluateModel(forward, model, loss, statsLayout(metrics), tensors.x, tensors.y, batchSize);
    const outputs = rawOutputs((x) => forward(x, false), input, batchSize);
    const result: EvaluateResult = {
      task: json.task,
      count: input.count,
      lossName: training.loss.type,
      loss: measured.loss,
      metrics: measured.metrics,
      classification: json.classNames !== null ? classificationScores(json.classNames, labels, outputs) : null,
      regression: json.classNames === null ? regressionScores(outputNamesOf(json), labels, outputs) : null,
    };
    return { value: result, diagnostics: [] };
  } finally {
    tensors.x.dispose();
    tensors.y.dispose();
  }
}

/** The confusion matrix and per-class scores; a class is predicted as the metrics' accuracy does (argmax, or p > 0.5 for one sigmoid unit). */
export function classificationScores(
  classNames: readonly string[],
  labels: Float32Array,
  outputs: { values: Float32Array; units: number },
): NonNullable<EvaluateResult['classification']> {
  const k = classNames.length;
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const { values, units } = outputs;
  let correct = 0;
  for (let row = 0; row < labels.length; row++) {
    let predicted = 0;
    if (units === 1) predicted = values[row]! > 0.5 ? 1 : 0;
    else for (let c = 1; c < units; c++) if (values[row * units + c]! > values[row * units + predicted]!) predicted = c;
    const truth = labels[row]!;
    confusion[truth]![predicted]! += 1;
    if (truth === predicted) correct += 1;
  }
  const perClass = classNames.map((name, c): ClassScores => {
    const tp = confusion[c]![c]!;
    const actual = confusion[c]!.reduce((sum, count) => sum + count, 0);
    const predicted = confusion.reduce((sum, row) => sum + row[c]!, 0);
    return {
      name,
      precision: predicted === 0 ? 0 : tp / predicted,
      recall: actual === 0 ? 0 : tp / actual,
      f1: predicted + actual === 0 ? 0 : (2 * tp) / (predicted + actual),
      support: actual,
    };
  });
  return { classNames: [...classNames], confusion, perClass, accuracy: labels.length === 0 ? 0 : correct / labels.length };
}

/** MSE, MAE and R² of regression outputs against one target a row (a multi-output model's targets are `labels` as a row-major matrix). */
export function regressionScores(
  outputNames: string[],
  labels: Float32Array,
  outputs: { values: Float32Array; units: number },
): NonNullable<EvaluateResult['regression']> {
  const { values, units } = outputs;
  const n = values.length / units;
  let squared = 0;
  let absolute = 0;
  let r2 = 0;
  for (let j = 0; j < units; j++) {
    const truth = (row: number) => (labels.length === n ? labels[row]! : labels[row * units + j]!);
    let mean = 0;
    for (let row = 0; row < n; row++) mean += truth(row) / n;
    let sse = 0;
    let sst = 0;
    for (let row = 0; row < n; row++) {
      const error = values[row * units + j]! - truth(row);
      sse += error * error;
      absolute += Math.abs(error);
      sst += (truth(row) - mean) ** 2;
    }
    squared += sse;
    r2 += sst > 0 ? 1 - sse / sst : sse === 0 ? 1 : 0;
  }
  return { outputNames, mse: squared / (n * units), mae: absolute / (n * units), r2: r2 / units };
}
