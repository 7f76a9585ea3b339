/**
 * The type checker: parsed spec in, checked program (or diagnostics) out. Front end only:
 * no Node built-ins, no TF.js.
 */
import type { StageResult } from '../diagnostics/diagnostic.js';
import { sortDiagnostics } from '../diagnostics/diagnostic.js';
import type { SpecFile } from '../syntax/ast.js';
import { parse } from '../syntax/index.js';
import { check } from './check.js';
import type { CheckOptions } from './check.js';
import type { CheckedProgram } from './program.js';

export { check } from './check.js';
export type { CheckOptions } from './check.js';
export { ModelCheckCache } from './model-check-cache.js';
export type * from './program.js';
export type { CatalogueView } from '../catalogue/types.js';
export { summarizeModel, renderSummary, formatShape, formatCount, formatBytes, isChain } from './summary.js';
export type { ModelSummary, SummaryRow, SummaryData, RenderSummaryOptions } from './summary.js';
export { studySize, renderStudySize, forwardMacsPerExample, trainExamples } from './study-summary.js';
export type { StudySize } from './study-summary.js';
export { paramUses, valueNames, describeParamUse } from './param-use.js';
export type { ParamUse } from './param-use.js';
export { valueText, valueToIr } from './study.js';

/** Parses and checks a source text: the parser's and the checker's diagnostics, sorted by position. */
export function checkSource(text: string, options: CheckOptions = {}): StageResult<CheckedProgram> & { spec: SpecFile } {
  const parsed = parse(text);
  const checked = check(parsed.value, options);
  return { value: checked.value, diagnostics: sortDiagnostics([...parsed.diagnostics, ...checked.diagnostics]), spec: parsed.value };
}
