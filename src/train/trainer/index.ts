/** nnspec's training loop: single-thread `createTrainer`, and the data-parallel trainer across worker threads. */
export * from './train-loop.js';
export { makeForward, layerChain, denseOp, type ForwardFn, type ForwardMode } from './forward.js';
export { epochPermutation } from '../../util/seeds.js';
export { hostTensor, batchTensor, fromArray, type HostTensor, type HostArray } from './host-data.js';
export {
  createParallelTrainer,
  createTrainingLoop,
  chooseThreads,
  explainThreadChoice,
  type ThreadChoice,
  type ParallelOptions,
  type TrainingLoopOptions,
  type PartsSpec,
  type ReplicaModel,
} from './parallel.js';
export { stepCost, parallelPays, MIN_PARALLEL_FLOPS, MIN_USES_PER_WEIGHT } from './step-cost.js';
export { ThreadGovernor, GOVERNOR_LIMITS, describeThreadUse, type GovernorLimits, type ThreadUse } from './thread-governor.js';
