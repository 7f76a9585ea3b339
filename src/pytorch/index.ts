/** The PyTorch project generators (browser-safe): `model.py`, `data.py`, `train.py`, the README, `nnspec-run.json` and `.npy` arrays. */
export * from './project.js';
export { generateModelPy, type ModelPyOptions } from './model-py.js';
export { generateTrainPy, generatePytorchReadme, type TrainPyOptions } from './train-py.js';
export { createRunFile, type RunFileFacts } from './run-file.js';
export { modelDifference } from './same-model.js';
export { pythonLiteral } from './python-text.js';
export {
  PYTORCH_CLASSES_FILE,
  PYTORCH_DATA_DIR,
  PYTORCH_PREPROCESSING_FILE,
  PYTORCH_ROWS_FILES,
  classLabels,
  generateDataPy,
  type ClassLabels,
  type DataPyFacts,
  type PyBlock,
  type PySource,
} from './data-py.js';
export { encodeNpy, type NpyType } from './npy.js';
