/** The PyTorch project generators (browser-safe): `model.py`, `train.py`, the README and `nnspec-run.json`. */
export * from './project.js';
export { generateModelPy, type ModelPyOptions } from './model-py.js';
export { generateTrainPy, generatePytorchReadme, type TrainPyOptions } from './train-py.js';
export { createRunFile, type RunFileFacts } from './run-file.js';
export { modelDifference } from './same-model.js';
