/** Using a trained bundle: input parsers, `predict` (with Monte Carlo dropout) and `evaluate`. Browser-safe. */
export { parseCsvInput } from './csv-input.js';
export { parseJsonLinesInput } from './jsonl-input.js';
export { parseIdxInput, type IdxInputOptions } from './idx-input.js';
export type { ModelInput, InputOptions } from './model-input.js';
export { predict, outputNamesOf, entropyOf, type PredictOptions, type PredictResult, type PredictionRow } from './predict.js';
export { evaluate, type EvaluateResult, type ClassScores } from './evaluate.js';
export { isDropoutNode } from './mc-forward.js';
export { predictionsCsv, predictionsJson, predictionsHeader, evaluationText, evaluationJson } from './format-output.js';
