/**
 * `nnspec/node`: what only Node can do: read data files and the bundled data sets, write model
 * files and reports atomically, run data-parallel training on worker threads, and run the CLI.
 */
export * from './train/data/node.js';
export { writeFileAtomic } from './util/atomic-write.js';
export { exportModelFiles, MODEL_FILE, WEIGHTS_FILE } from './node/model-files.js';
export type { ExportModelFilesOptions, ModelFileFacts } from './node/model-files.js';
export { readBundleFolder } from './bundle/read-bundle-node.js';
export { exportBundleFolderOnnx } from './node/write-onnx.js';
export { writeCompiledOutput } from './node/write-compiled.js';
export type { WriteCompiledOptions } from './node/write-compiled.js';
export { writeTrainingOutputs } from './node/write-training-outputs.js';
export type { TrainingOutputs } from './node/write-training-outputs.js';
export { trainingPartsSpec } from './train/trainer/parts-spec-node.js';
export {
  measureThreadChoice,
  chooseFromTimings,
  medianOf,
  MEASUREMENT_LIMITS,
  type MeasurementLimits,
  type MeasuredThreadChoice,
  type StepTiming,
} from './train/trainer/thread-choice.js';
export { runStudy, trialMonitor } from './train/study/run-study-node.js';
export type { StudyOptions, StudyRun } from './train/study/run-study-node.js';
export type { TrialResult, TrialStatus } from './train/study/trial-result.js';
export { runCli } from './cli/main.js';
export type { CliIo } from './cli/io.js';
export { readModelInput, parseTextInput, type ReadInputOptions } from './predict/read-input-node.js';
export { evaluateSplit, type SplitName } from './predict/evaluate-split-node.js';
export { exportPytorchProject, type PytorchExportOptions } from './node/write-pytorch.js';
export { exportPytorchData, type PytorchData, type PytorchDataOptions } from './node/pytorch-data.js';
export { writeFolderAtomic, type FolderFile } from './util/atomic-folder.js';
