import type { DiagnosticCodeInfo } from './code-info.js';

/** NN1xxx: syntax (owned by the parser). */
export const SYNTAX_CODES: readonly DiagnosticCodeInfo[] = [];
