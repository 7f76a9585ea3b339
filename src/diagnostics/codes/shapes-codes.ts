import type { DiagnosticCodeInfo } from './code-info.js';

/** NN3xxx: tensor shapes. */
export const SHAPE_CODES: readonly DiagnosticCodeInfo[] = [];
