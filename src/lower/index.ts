/**
 * Lowering: a checked program (or study) to IR documents, with the checker's catalogue. The one
 * stage that fills parameter defaults; front end only (no Node built-ins, no TF.js).
 */
export { lower } from './lower.js';
export type { LowerOptions } from './lower.js';
export { lowerStudy } from './lower-study.js';
export type { LowerStudyOptions } from './lower-study.js';
export { completeCall, completeEntryParams, completeLayerParams, completeMetricParams } from './complete-params.js';
export type { CallKind } from './complete-params.js';
