/**
 * The TF.js backend: IR in, executable `tf.LayersModel` on WASM (or cpu) out, with the
 * optimizer, loss and metrics the IR names, and export to TF.js's Layers format.
 */
export { initBackend } from './init.js';
export type { BackendInfo, BackendName, InitBackendOptions } from './init.js';
export { buildModel, TARGET_SCALE_LAYER } from './build-model.js';
export type { BuildModelOptions } from './build-model.js';
export { applyNode, createLayer, activationOf, NEGATE_SUFFIX } from './layers.js';
export { deriveSeed } from '../util/seeds.js';
export { createInitializer, createRegularizer } from './initializers.js';
export { createOptimizer, setLearningRate, getLearningRate } from './optimizers.js';
export { createLoss, scaleLossGradient, targetGradientScale } from './losses.js';
export { AUC_THRESHOLDS, createDocumentMetrics, createMetrics, metricSetupOf, type MetricSetup } from './metrics.js';
export { exportModel } from './export.js';
export type { LossFn, Metric, MetricAccumulator, MetricFn } from './training-types.js';
export type { ExportedModel, ExportModelOptions } from './export.js';
export {
  SeededDropout,
  SeededSpatialDropout1D,
  SeededSpatialDropout2D,
  SeededGaussianDropout,
  SeededGaussianNoise,
  SeededAlphaDropout,
  NOISE_EXPORT_CLASS,
} from './seeded-noise.js';
export type { SeededNoiseConfig } from './seeded-noise.js';
export { registerMissingWasmKernels, FusedAdamOptimizer } from './kernels/index.js';
export { convFusedMultiplyAdd, useConvFusedMultiplyAdd } from './kernels/wasm-conv.js';
