import type { DiagnosticCodeInfo } from './code-info.js';

/** NN40xx-NN44xx: training rules. */
export const TRAINING_CODES: readonly DiagnosticCodeInfo[] = [];
