/** The ONNX export of a loaded bundle: its IR, saved weights, fitted normalization and target scaling. */
import type { StageResult } from '../diagnostics/diagnostic.js';
import type { LoadedBundle } from '../bundle/loaded-bundle.js';
import { collectOnnxWeights } from './collect-weights.js';
import { exportOnnx } from './export-onnx.js';

/**
 * Exports a bundle (`loadBundle`, `readBundleFolder`) as ONNX: the graph takes raw features, as
 * `predict` does, since the bundle's normalization is folded in, and gives outputs in the
 * target's units. The bundle stays the caller's to dispose.
 */
export function exportBundleOnnx(bundle: LoadedBundle): StageResult<Uint8Array | undefined> {
  const ir = bundle.json.ir.model;
  return exportOnnx({
    model: ir,
    weights: collectOnnxWeights(bundle.model, ir),
    normalization: bundle.json.preprocessing.normalization,
    target: bundle.json.preprocessing.target,
  });
}
