/** What the browser page and the Node comparison run share: the spec and a data loader without files. */
import type { BackendInfo } from '../../../../src/backend/init.js';
import type { IrDocument } from '../../../../src/index.js';
import type {
  createBundleJson,
  exportBundleOnnx,
  exportModel,
  generateSynthetic,
  isSyntheticSource,
  loadBundle,
  parseJsonLinesInput,
  predict,
  predictionsJson,
  prepareData,
  TrainingRun,
} from '../../../../src/train-entry.js';
import { sha256Hex } from '../../../../src/util/sha256.js';

/** The `window` property where the page leaves its {@link BundlePageResult} (a promise). */
export const BUNDLE_PAGE_RESULT = 'nnspecBundlePageResult';

/** What the browser page did, as plain JSON for the test to compare with Node: all absent when it failed (`error`). */
export interface BundlePageResult {
  error?: string;
  userAgent?: string;
  /** TF.js's active backend by its own account. */
  tfBackend?: string;
  backend?: BackendInfo;
  checkErrors?: string[];
  runDiagnostics?: string[];
  epochsRun?: number;
  bestEpoch?: number | null;
  stopReason?: string;
  testAccuracy?: number;
  valLosses?: (number | null)[];
  bestValLoss?: number | null;
  /** Whether nnspec's fused SIMD Adam step is available on the page's wasm memory. */
  simdAdam?: boolean;
  /** The conv net's loss after each of its epochs (nnspec's wasm conv kernels at work). */
  convLosses?: number[];
  use?: TrainedModelUse | null;
  seconds?: number;
}

/** What {@link useTrainedModel} returns: outputs as text, so equality is to the last digit. */
export interface TrainedModelUse {
  predictions: string;
  mc: string;
  onnxSha256: string | null;
  problems: string[];
}

/** The data functions a loader needs, from whichever build of `nnspec/train` the caller uses. */
export interface DataApi {
  generateSynthetic: typeof generateSynthetic;
  isSyntheticSource: typeof isSyntheticSource;
  prepareData: typeof prepareData;
}

/** The spec both sides train: small spirals, with dropout (so Monte Carlo dropout has something to sample). */
export const BUNDLE_PAGE_SPEC = `data d {
  source: synthetic.spirals(samples: 900, classes: 3, noise: 0.03, seed: 1)
  split: { train: 0.6, validation: 0.2, test: 0.2, stratify: true }
}
model m {
  input(shape: [2])
  dense(64, activation: relu)
  dropout(0.1)
  dense(64, activation: relu)
  dense(3, activation: softmax)
}
train m on d {
  loss: categorical_crossentropy
  metrics: [accuracy]
  optimizer: adam(learning_rate: 0.01)
  epochs: 150
  batch_size: 32
  early_stopping: { monitor: val_loss, patience: 20, restore_best_weights: true }
  seed: 3
}
`;

/** A browser's data loader: synthetic sources only (reading files is Node's job). */
export function syntheticLoader({ generateSynthetic, isSyntheticSource, prepareData }: DataApi) {
  return async (data: NonNullable<IrDocument['training']>['data'], options: { seed: number }) => {
    const type = data.source.type;
    if (!isSyntheticSource(type)) throw new Error(`only synthetic data here, not ${type}`);
    const generated = generateSynthetic(type, data.source.params, options.seed, { data });
    if (!generated.value) return { value: undefined, diagnostics: generated.diagnostics };
    const split = data.split;
    return prepareData(generated.value, {
      split: { train: split.train, validation: split.validation, test: typeof split.test === 'number' ? split.test : 0 },
      stratify: split.stratify,
      normalize: data.normalize,
      limit: data.limit,
      seed: options.seed,
    });
  };
}

/** The bundle functions {@link useTrainedModel} needs, from whichever build of `nnspec/train` the caller uses. */
export interface BundleApi {
  exportModel: typeof exportModel;
  createBundleJson: typeof createBundleJson;
  loadBundle: typeof loadBundle;
  parseJsonLinesInput: typeof parseJsonLinesInput;
  predict: typeof predict;
  predictionsJson: typeof predictionsJson;
  exportBundleOnnx: typeof exportBundleOnnx;
}

/** Points of the spirals' plane (raw, as a user would give them) to predict. */
const POINTS = [
  [0, 0],
  [0.5, -0.3],
  [-0.8, 0.6],
  [1.1, 0.2],
  [-0.2, -1],
];

/**
 * Uses a trained run as a user of the library would, in memory: its bundle (the TF.js artefacts
 * and `nnspec.json`) loaded back with `loadBundle`, JSON-lines input, a prediction, Monte Carlo
 * dropout and the ONNX file. The page and Node both run it, and their outputs must be equal.
 */
export async function useTrainedModel(api: BundleApi, run: TrainingRun): Promise<TrainedModelUse> {
  const { modelJson, weights } = await api.exportModel(run.model);
  const bundleJson = api.createBundleJson(run.report, {
    nnspecVersion: 'smoke',
    files: { model: 'model.json', weights: 'weights.bin' },
    weights: { bytes: weights.byteLength, sha256: (await sha256Hex(weights)) ?? '0'.repeat(64) },
    date: new Date(0),
  });
  const loaded = await api.loadBundle({ bundleJson: JSON.stringify(bundleJson), modelJson: JSON.stringify(modelJson), weights, origin: 'smoke' });
  const bundle = loaded.value;
  if (!bundle) return { predictions: '', mc: '', onnxSha256: null, problems: loaded.diagnostics.map((d) => `${d.code} ${d.message}`) };
  try {
    const input = api.parseJsonLinesInput(POINTS.map((point) => JSON.stringify(point)).join('\n'), bundle.json);
    if (!input.value) return { predictions: '', mc: '', onnxSha256: null, problems: input.diagnostics.map((d) => `${d.code} ${d.message}`) };
    const plain = api.predict(bundle, input.value);
    const mc = api.predict(bundle, input.value, { mc: 20, seed: 7 });
    const onnx = api.exportBundleOnnx(bundle);
    return {
      predictions: api.predictionsJson(plain.value),
      mc: api.predictionsJson(mc.value),
      onnxSha256: onnx.value ? await sha256Hex(onnx.value) : null,
      problems: onnx.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message}`),
    };
  } finally {
    bundle.dispose();
  }
}
