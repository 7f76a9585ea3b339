import type { DiagnosticCodeInfo } from './code-info.js';

/** NN45xx-NN49xx: data loading and training at run time. */
export const DATA_CODES: readonly DiagnosticCodeInfo[] = [];
