import type { Severity } from '../diagnostic.js';

/**
 * One entry of the diagnostic-code catalogue. `explanation` is Markdown: what the code means,
 * a small spec that triggers it, and how to fix it. `docs/errors/` and `nnspec explain` are made from it.
 */
export interface DiagnosticCodeInfo {
  code: string;
  /** Short lowercase title, e.g. `unknown layer`. */
  title: string;
  severity: Severity;
  explanation: string;
}
