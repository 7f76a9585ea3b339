import type { CliIo } from './io.js';
import type { SourceFile } from './read-source.js';
import { checkSource, type CheckedProgram } from '../check/index.js';
import { lower, lowerStudy } from '../lower/index.js';
import type { IrDocument } from '../ir/schema.js';
import type { StudyPlan } from '../ir/study-plan.js';
import { hasErrors, type Diagnostic, type StageResult } from '../diagnostics/diagnostic.js';
import { renderDiagnostics } from '../diagnostics/render-terminal.js';
import { escapeControlChars } from '../util/terminal-text.js';

/**
 * Checks a spec and, when it has no errors, lowers it with `lowerChecked`, printing every
 * diagnostic (warnings too) on stderr. Undefined when the spec or the lowering has errors:
 * the command stops with exit code 1, and the last line says `nothingDone`.
 */
function checkAndLowerForCli<T>(
  source: SourceFile,
  io: CliIo,
  color: boolean,
  lowerChecked: (program: CheckedProgram) => StageResult<T | undefined>,
  nothingDone: string,
  beforeLowering?: (program: CheckedProgram) => void,
): T | undefined {
  const checked = checkSource(source.text);
  const diagnostics: Diagnostic[] = [...checked.diagnostics];
  let value: T | undefined;
  if (!hasErrors(checked.diagnostics)) {
    beforeLowering?.(checked.value);
    const lowered = lowerChecked(checked.value);
    diagnostics.push(...lowered.diagnostics);
    if (!hasErrors(lowered.diagnostics)) value = lowered.value;
  }
  if (diagnostics.length > 0) io.stderr(renderDiagnostics(diagnostics, source.text, { fileName: source.displayName, color }));
  if (value === undefined) {
    const count = diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length;
    io.stderr(`${escapeControlChars(source.displayName)}: ${count} error${count === 1 ? '' : 's'}; ${nothingDone}\n`);
  }
  return value;
}

/**
 * Checks and lowers a spec for `compile` and `train`. Returns the IR documents, or undefined when
 * the spec has errors: those stop the command before anything is written or trained.
 */
export function compileSourceForCli(source: SourceFile, io: CliIo, color: boolean, options: { mentionStudies?: boolean } = {}): IrDocument[] | undefined {
  // `nnspec train` on a spec with a study trains one setting (the defaults): say how to run the study.
  const mentionStudies = (program: CheckedProgram): void => {
    const studies = program.studies.map((study) => `\`${study.name}\``);
    if (!options.mentionStudies || studies.length === 0) return;
    io.stderr(
      `note: ${escapeControlChars(source.displayName)} declares ${studies.length === 1 ? 'a study' : 'studies'} (${escapeControlChars(studies.join(', '))}); this trains each param at its default, \`nnspec study ${escapeControlChars(source.displayName)}\` runs ${studies.length === 1 ? 'it' : 'one'}\n`,
    );
  };
  return checkAndLowerForCli(source, io, color, (program) => lower(program), 'nothing was compiled or trained', mentionStudies);
}

/**
 * Checks a spec and lowers the study `name` (the only one when undefined) for `nnspec study`.
 * Undefined when the spec or a setting has errors, or the study cannot be told: nothing has
 * trained then.
 */
export function compileStudyForCli(source: SourceFile, io: CliIo, color: boolean, name: string | undefined): StudyPlan | undefined {
  return checkAndLowerForCli(source, io, color, (program) => lowerStudy(program, name === undefined ? {} : { name }), 'no trial was run');
}
