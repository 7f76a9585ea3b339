/** The ONNX export of a loaded bundle: its IR, saved weights, fitted normalization and target scaling. */
import type { StageResult } from '../diagnostics/diagnostic.js';
import type { LoadedBundle } from '../bundle/loaded-bundle.js';
import { collectOnnxWeights } from './collect-weights.js';
import { exportOnnx } from './export-onnx.js';

/**
 * Exports a bundle (`loadBundle`, `readBundleFolder`) as ONNX: the graph takes raw features, as
 * `predict` does, since the bundle's normalization is folded in, and gives outputs in the
 * target's units; the task, class names and feature names go into the file's metadata. The
 * bundle stays the caller's to dispose.
 */
export function exportBundleOnnx(bundle: LoadedBundle): StageResult<Uint8Array | undefined> {
  const ir = bundle.json.ir.model;
  return exportOnnx({
    model: ir,
    weights: collectOnnxWeights(bundle.model, ir),
    normalization: bundle.json.preprocessing.normalization,
    target: bundle.json.preprocessing.target,
    metadata: bundleMetadata(bundle),
  });
}

/**
 * What a reader of the ONNX file needs to use its output and feed its input: the task, the class
 * names in output order, the input's feature names in order, as JSON text under `nnspec.` keys.
 */
function bundleMetadata(bundle: LoadedBundle): Record<string, string> {
  const { json } = bundle;
  const metadata: Record<string, string> = { 'nnspec.task': json.task };
  if (json.classNames !== null) metadata['nnspec.classNames'] = JSON.stringify(json.classNames);
  if (json.input.featureNames !== null) metadata['nnspec.featureNames'] = JSON.stringify(json.input.featureNames);
  return metadata;
}
