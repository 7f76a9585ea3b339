/** The runner: `runTraining` turns an IR document into a trained model and its report. */
export { runTraining } from './run-training.js';
export type { BatchTick, EpochLook, RunOptions, RunStart, TrainingRun } from './run-training.js';
export { targetEncoding, splitTensors, disposeSplit } from './tensors.js';
export type { SplitTensors, TargetEncoding } from './tensors.js';
export { WeightSnapshot } from './best-weights.js';
