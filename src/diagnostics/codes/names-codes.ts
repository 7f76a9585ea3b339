import type { DiagnosticCodeInfo } from './code-info.js';

/** NN2xxx: names, parameters and types. */
export const NAME_CODES: readonly DiagnosticCodeInfo[] = [];
