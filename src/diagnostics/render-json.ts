import type { Diagnostic } from './diagnostic.js';

/** The JSON form of one document's diagnostics, as `nnspec check --format json` prints it. */
export interface JsonFileDiagnostics {
  file: string;
  errors: number;
  warnings: number;
  diagnostics: Diagnostic[];
}

/**
 * The machine-readable form of a document's diagnostics: the diagnostics themselves are
 * already plain data (ranges carry both offsets and 1-based line/column), so this only adds
 * the file name and counts.
 */
export function toJsonDiagnostics(file: string, diagnostics: readonly Diagnostic[]): JsonFileDiagnostics {
  return {
    file,
    errors: diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length,
    warnings: diagnostics.filter((diagnostic) => diagnostic.severity === 'warning').length,
    diagnostics: [...diagnostics],
  };
}
