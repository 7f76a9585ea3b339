import type { DiagnosticCodeInfo } from './code-info.js';
import { DATA_CODES } from './data-codes.js';
import { GRAPH_CODES } from './graph-codes.js';
import { NAME_CODES } from './names-codes.js';
import { SHAPE_CODES } from './shapes-codes.js';
import { SYNTAX_CODES } from './syntax-codes.js';
import { TRAINING_CODES } from './training-codes.js';

export type { DiagnosticCodeInfo } from './code-info.js';

/** Every diagnostic code nnspec can report, in code order. */
export const DIAGNOSTIC_CODES: readonly DiagnosticCodeInfo[] = [...SYNTAX_CODES, ...NAME_CODES, ...GRAPH_CODES, ...SHAPE_CODES, ...TRAINING_CODES, ...DATA_CODES].sort(
  (a, b) => a.code.localeCompare(b.code),
);

const byCode = new Map(DIAGNOSTIC_CODES.map((info) => [info.code, info]));

/** Looks a code up (`NN2001`, case-insensitive); undefined when there is no such code. */
export function describeCode(code: string): DiagnosticCodeInfo | undefined {
  return byCode.get(code.toUpperCase());
}
