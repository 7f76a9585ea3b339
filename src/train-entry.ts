/**
 * `nnspec/train`: compiling IR to TF.js models and training them, in Node or a browser. Uses
 * TF.js and its wasm backend. Loading data files is Node's job (`nnspec/node`); in a browser,
 * pass `loadData` to {@link runTraining} or use the synthetic sources.
 */
export * from './backend/index.js';
export * from './train/runner/index.js';
export * from './train/data/index.js';
export { createTrainer, createTrainingLoop } from './train/trainer/index.js';
export type { Trainer, TrainerOptions, EpochResult } from './train/trainer/index.js';
export { ThreadGovernor, GOVERNOR_LIMITS, describeThreadUse } from './train/trainer/index.js';
export type { GovernorLimits, ThreadUse } from './train/trainer/index.js';
export { createEarlyStopping } from './train/early-stopping.js';
export type { EarlyStopping, EarlyStoppingDecision } from './train/early-stopping.js';
export { generalizationLoss, progressQuotient, trainingProgress } from './train/stopping-rules.js';
export { createSchedule } from './train/schedules.js';
export type { LearningRateSchedule } from './train/schedules.js';
export { findOverfittingOnset } from './train/overfitting.js';
export * from './report/index.js';
export { loadBundle, parseBundleJson } from './bundle/load-bundle.js';
export type { BundleFiles, LoadedBundle } from './bundle/loaded-bundle.js';
export { createBundleJson } from './bundle/create-bundle.js';
export * from './onnx/index.js';
export * from './pytorch/index.js';
export type { BundleFacts } from './bundle/create-bundle.js';
export {
  BUNDLE_FILE,
  BUNDLE_FORMAT,
  BUNDLE_VERSION,
  bundleInputSchema,
  bundleManifestSchema,
  bundleMetricsSchema,
  bundleSchema,
} from './bundle/bundle-schema.js';
export type { BundleInput, BundleJson, BundleManifest } from './bundle/bundle-schema.js';
export * from './predict/index.js';
