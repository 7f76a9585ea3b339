import type { DiagnosticCodeInfo } from './code-info.js';
import { BUNDLE_FAMILY } from './bundle-codes.js';
import { DATA_FAMILY } from './data-codes.js';
import { DATA_FILE_FAMILY } from './data-file-codes.js';
import { type CodeEntry, type CodeFamily, collectCodes } from './define-codes.js';
import { EXPORT_FAMILY } from './export-codes.js';
import { NAME_FAMILY } from './names-codes.js';
import { PREDICT_FAMILY } from './predict-codes.js';
import { SHAPE_FAMILY } from './shapes-codes.js';
import { STUDY_RUN_FAMILY } from './study-codes.js';
import { SYNTAX_FAMILY } from './syntax-codes.js';
import { TRAINING_FAMILY } from './training-codes.js';

export type { DiagnosticCodeInfo } from './code-info.js';
export type { CodeEntry, CodeFamily, CodeNumber, CodeRange } from './define-codes.js';

/**
 * Every family of diagnostic codes, each declared once with `defineCodes` in its own
 * `*-codes.ts` file. A new family (a new `*-codes.ts`) must be added here, or its codes
 * have no page in docs/errors and `nnspec explain` does not know them.
 */
export const CODE_FAMILIES: readonly CodeFamily<Readonly<Record<string, CodeEntry>>>[] = [
  SYNTAX_FAMILY,
  NAME_FAMILY,
  SHAPE_FAMILY,
  TRAINING_FAMILY,
  DATA_FILE_FAMILY,
  DATA_FAMILY,
  STUDY_RUN_FAMILY,
  BUNDLE_FAMILY,
  PREDICT_FAMILY,
  EXPORT_FAMILY,
];

/** Every diagnostic code nnspec can report, in code order. */
export const DIAGNOSTIC_CODES: readonly DiagnosticCodeInfo[] = collectCodes(CODE_FAMILIES);

const byCode = new Map(DIAGNOSTIC_CODES.map((info) => [info.code, info]));

/** Looks a code up (`NN2001`, case-insensitive); undefined when there is no such code. */
export function describeCode(code: string): DiagnosticCodeInfo | undefined {
  return byCode.get(code.toUpperCase());
}
