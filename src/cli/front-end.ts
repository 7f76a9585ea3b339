import type { CliIo } from './io.js';
import type { SourceFile } from './read-source.js';
import { checkSource } from '../check/index.js';
import { lower } from '../ir/lower.js';
import type { IrDocument } from '../ir/schema.js';
import type { StudyPlan } from '../ir/study-plan.js';
import { lowerStudy } from '../ir/lower-study.js';
import { hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { renderDiagnostics } from '../diagnostics/render-terminal.js';
import { escapeControlChars } from '../util/terminal-text.js';

/**
 * Checks and lowers a spec for `compile` and `train`, printing its diagnostics (warnings too)
 * on stderr. Returns the IR documents, or undefined when the spec has errors: those stop the
 * command with exit code 1 before anything is written or trained.
 */
export function compileSourceForCli(source: SourceFile, io: CliIo, color: boolean, options: { mentionStudies?: boolean } = {}): IrDocument[] | undefined {
  const checked = checkSource(source.text);
  const studies = checked.value.studies.map((study) => `\`${study.name}\``);
  // `nnspec train` on a spec with a study trains one setting (the defaults): say how to run the study.
  if (options.mentionStudies && studies.length > 0 && !hasErrors(checked.diagnostics)) {
    io.stderr(`note: ${escapeControlChars(source.displayName)} declares ${studies.length === 1 ? 'a study' : 'studies'} (${escapeControlChars(studies.join(', '))}); this trains each param at its default, \`nnspec study ${escapeControlChars(source.displayName)}\` runs ${studies.length === 1 ? 'it' : 'one'}\n`);
  }
  const diagnostics: Diagnostic[] = [...checked.diagnostics];
  let documents: IrDocument[] | undefined;
  if (!hasErrors(checked.diagnostics)) {
    const lowered = lower(checked.value);
    diagnostics.push(...lowered.diagnostics);
    if (!hasErrors(lowered.diagnostics)) documents = lowered.value;
  }
  if (diagnostics.length > 0) io.stderr(renderDiagnostics(diagnostics, source.text, { fileName: source.displayName, color }));
  if (documents === undefined) {
    const count = diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length;
    io.stderr(`${escapeControlChars(source.displayName)}: ${count} error${count === 1 ? '' : 's'}; nothing was compiled or trained\n`);
  }
  return documents;
}

/**
 * Checks a spec and lowers the study `name` (the only one when undefined) for `nnspec study`,
 * printing the diagnostics on stderr. Undefined when the spec or a setting has errors, or the
 * study cannot be told: nothing has trained then.
 */
export function compileStudyForCli(source: SourceFile, io: CliIo, color: boolean, name: string | undefined): StudyPlan | undefined {
  const checked = checkSource(source.text);
  const diagnostics: Diagnostic[] = [...checked.diagnostics];
  let plan: StudyPlan | undefined;
  if (!hasErrors(checked.diagnostics)) {
    const lowered = lowerStudy(checked.value, name === undefined ? {} : { name });
    diagnostics.push(...lowered.diagnostics);
    if (!hasErrors(lowered.diagnostics)) plan = lowered.value;
  }
  if (diagnostics.length > 0) io.stderr(renderDiagnostics(diagnostics, source.text, { fileName: source.displayName, color }));
  if (plan === undefined) {
    const count = diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length;
    io.stderr(`${escapeControlChars(source.displayName)}: ${count} error${count === 1 ? '' : 's'}; no trial was run\n`);
  }
  return plan;
}
