import type { DiagnosticCodeInfo } from './code-info.js';
import { defineCodes } from './define-codes.js';

/** NN5100-NN5199: the input of `nnspec predict` and `nnspec evaluate` (rows, images, JSON lines). */
export const PREDICT_FAMILY = defineCodes({ family: 'predict', first: 5100, last: 5199 }, {});

/** Predict codes by name. */
export const PREDICT_CODE = PREDICT_FAMILY.codes;
/** Every predict code with its explanation. */
export const PREDICT_CODES: readonly DiagnosticCodeInfo[] = PREDICT_FAMILY.infos;
