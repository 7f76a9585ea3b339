/**
 * `nnspec evaluate DIR --split NAME`: the run's own data, reloaded through the IR's data block
 * with the run's seed (so the split is the same), checked against the manifest's SHA-256 of each
 * data file, then the chosen split evaluated. The test split reproduces the report's test numbers
 * exactly. Node-only.
 */
import path from 'node:path';
import type { Diagnostic, StageResult } from '../diagnostics/diagnostic.js';
import { hasErrors } from '../diagnostics/diagnostic.js';
import { PREDICT_CODE } from '../diagnostics/codes/predict-codes.js';
import type { LoadedBundle } from '../bundle/loaded-bundle.js';
import { loadData } from '../train/data/load-data.js';
import { FILE_START } from '../train/data/data-diagnostic.js';
import { dataFilesDifference } from '../train/data/data-files-difference.js';
import { evaluate, type EvaluateResult } from './evaluate.js';

/** A split of the run's data. */
export type SplitName = 'train' | 'validation' | 'test';

/**
 * Reloads the run's data and evaluates `split`. `bundleDir` is the bundle's folder: the
 * manifest's spec path is relative to it, and data paths to the spec's folder.
 */
export async function evaluateSplit(bundle: LoadedBundle, bundleDir: string, split: SplitName): Promise<StageResult<EvaluateResult | undefined>> {
  const { json } = bundle;
  const training = json.ir.training;
  if (training === null || training === undefined) throw new Error('nnspec evaluate: the bundle IR has no training block');
  const baseDir = path.dirname(path.resolve(bundleDir, json.manifest.spec.path));
  const loaded = await loadData(training.data, { baseDir, seed: training.splitSeed ?? training.seed });
  const diagnostics: Diagnostic[] = [...loaded.diagnostics];
  if (loaded.value === undefined || hasErrors(diagnostics)) return { value: undefined, diagnostics };
  const changed = dataFilesDifference(json.manifest.dataFiles, loaded.value.files ?? [], 'when the model was trained');
  if (changed !== undefined) {
    diagnostics.push({
      code: PREDICT_CODE.dataChanged,
      severity: 'error',
      message: `the training data changed since the model was trained, so the ${split} split cannot be rebuilt: ${changed}`,
      range: FILE_START,
      help: 'restore the files the model was trained on, or evaluate on a labelled file: `nnspec evaluate DIR DATA`',
    });
    return { value: undefined, diagnostics };
  }
  const data = loaded.value[split];
  if (data.count === 0) {
    diagnostics.push({
      code: PREDICT_CODE.emptyInput,
      severity: 'error',
      message: `the run's ${split} split is empty`,
      range: FILE_START,
      help: 'evaluate another split',
    });
    return { value: undefined, diagnostics };
  }
  const result = evaluate(bundle, { features: data.features, count: data.count, shape: [...json.input.shape], labels: data.labels });
  return { value: result.value, diagnostics: [...diagnostics, ...result.diagnostics] };
}
