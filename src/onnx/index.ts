/**
 * ONNX export: an IR model with its weights, normalization and target scaling as an ONNX model
 * (opset 17) written with `onnx-proto`; see docs/export.md.
 */
export {
  exportOnnx,
  ONNX_OPSET,
  ONNX_IR_VERSION,
  ONNX_INPUT_NAME,
  ONNX_OUTPUT_NAME,
  ONNX_BATCH_AXIS,
  type OnnxExportInput,
  type OnnxWeights,
} from './export-onnx.js';
export type { LayerWeight } from './emit-context.js';
export { collectOnnxWeights } from './collect-weights.js';
export { exportBundleOnnx } from './export-bundle.js';
