import type { DiagnosticCodeInfo } from './code-info.js';
import { defineCodes } from './define-codes.js';

/** NN5200-NN5299: exporting a model to ONNX (`nnspec export`). */
export const EXPORT_FAMILY = defineCodes({ family: 'export', first: 5200, last: 5299 }, {});

/** Export codes by name. */
export const EXPORT_CODE = EXPORT_FAMILY.codes;
/** Every export code with its explanation. */
export const EXPORT_CODES: readonly DiagnosticCodeInfo[] = EXPORT_FAMILY.infos;
