/**
 * The front end of a playground run: the spec text checked and lowered as `nnspec train` and
 * `nnspec study` do it, and the options the run gets, which are `nnspec train SPEC [--seed S]`'s
 * (one thread, the WASM backend), so that the page's numbers equal the command line's.
 */
import { checkSource } from '../../../src/check/index.js';
import { hasErrors, type Diagnostic } from '../../../src/diagnostics/diagnostic.js';
import { lower, lowerStudy } from '../../../src/lower/index.js';
import type { StudyPlan } from '../../../src/ir/study-plan.js';
import { CliUsageError } from '../../../src/cli/io.js';
import { pickTrainingDocument, type TrainableDocument } from '../../../src/cli/pick-training.js';
import type { RunOptions } from '../../../src/train/runner/run-training.js';
import type { ShownDiagnostic } from './protocol.js';

/** The name runs from the page carry in their reports (the spec has no file name there). */
export const PLAYGROUND_SPEC_NAME = 'playground.nn';

/** The diagnostics as the page shows them. */
export function shownDiagnostics(diagnostics: readonly Diagnostic[]): ShownDiagnostic[] {
  return diagnostics.map((diagnostic) => ({
    code: diagnostic.code,
    severity: diagnostic.severity,
    line: diagnostic.range.start.line,
    column: diagnostic.range.start.column,
    message: diagnostic.message,
    ...(diagnostic.help !== undefined ? { help: diagnostic.help } : {}),
  }));
}

/** A spec-level problem that is no diagnostic of the checker (no `train` declaration), at the spec's start. */
function usageProblem(message: string): ShownDiagnostic {
  return { code: 'usage', severity: 'error', line: 1, column: 1, message };
}

/**
 * The document `nnspec train` would train: the first with a `train` declaration. Errors (the
 * spec's diagnostics, or no `train` declaration) come back instead, and nothing trains.
 */
export function compileTraining(text: string): { document: TrainableDocument } | { problems: ShownDiagnostic[] } {
  const checked = checkSource(text);
  if (hasErrors(checked.diagnostics)) return { problems: shownDiagnostics(checked.diagnostics) };
  const lowered = lower(checked.value);
  if (hasErrors(lowered.diagnostics)) return { problems: shownDiagnostics(lowered.diagnostics) };
  try {
    return { document: pickTrainingDocument(lowered.value, undefined) };
  } catch (error) {
    if (error instanceof CliUsageError) return { problems: [usageProblem(error.message)] };
    throw error;
  }
}

/** The study `nnspec study` would run (the spec's only one), or why there is none. */
export function compileStudy(text: string): { plan: StudyPlan } | { problems: ShownDiagnostic[] } {
  const checked = checkSource(text);
  if (hasErrors(checked.diagnostics)) return { problems: shownDiagnostics(checked.diagnostics) };
  if (checked.value.studies.length === 0) return { problems: [usageProblem('the spec has no `study`: add one to compare settings over seeds')] };
  const lowered = lowerStudy(checked.value);
  if (hasErrors(lowered.diagnostics) || lowered.value === undefined) {
    return { problems: lowered.diagnostics.length > 0 ? shownDiagnostics(lowered.diagnostics) : [usageProblem('the study is not complete')] };
  }
  return { plan: lowered.value };
}

/** Whether the spec declares a study (and checks without errors): the page then offers "Run study". */
export function hasStudy(text: string): boolean {
  const checked = checkSource(text);
  return !hasErrors(checked.diagnostics) && checked.value.studies.some((study) => study.complete);
}

/**
 * The options of `nnspec train SPEC [--seed S]`: the WASM backend, one thread, the spec's own
 * epochs, and the seed when one is given (undefined: the spec's `seed:` applies).
 */
export function playgroundRunOptions(text: string, seed: number | undefined): RunOptions {
  return { baseDir: '.', specName: PLAYGROUND_SPEC_NAME, specText: text, backend: 'wasm', threads: 1, ...(seed !== undefined ? { seed } : {}) };
}
