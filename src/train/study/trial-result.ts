/**
 * What a study keeps of one trial: its status and full training report. The plain shape the
 * study report reads (its zod schema is `src/report/study/study-report-schema.ts`).
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { TrainingReport } from '../../report/report-schema.js';

/**
 * How a trial ended. `completed`: it trained to its own end (all epochs or early stopping);
 * `pruned`: the median rule stopped it; `diverged`: its loss became non-finite; `interrupted`:
 * Ctrl-C stopped it (or it never started), so a resumed study runs it again; `failed`: an error
 * other than divergence (the message says which).
 */
export type TrialStatus = 'completed' | 'pruned' | 'diverged' | 'interrupted' | 'failed';

/** One trial of a study, as run (or read back from the study's folder). */
export interface TrialResult {
  /** The trial's id (`s1-seed2`, from `studyTrials`). */
  id: string;
  /** The setting's index in the plan. */
  setting: number;
  seed: number;
  status: TrialStatus;
  /** The training report; null when the trial never produced one (failed before training, never started). */
  report: TrainingReport | null;
  /** The epoch the median rule pruned it at; null unless `pruned`. */
  prunedAtEpoch: number | null;
  /** Why it diverged, failed or was interrupted, in one sentence; null otherwise. */
  message: string | null;
}

/** The statuses a study writes to its folder: results of the experiment, which a resumed study keeps. */
export function isFinishedStatus(status: TrialStatus): boolean {
  return status === 'completed' || status === 'pruned' || status === 'diverged';
}

/**
 * A trial's result from what its run returned: the report (absent when training never started)
 * and the run's diagnostics (the divergence's or the failure's message).
 */
export function trialResultOf(
  trial: { id: string; setting: number; seed: number },
  report: TrainingReport | null,
  diagnostics: readonly Diagnostic[],
): TrialResult {
  const base = { id: trial.id, setting: trial.setting, seed: trial.seed, report, prunedAtEpoch: null, message: null };
  const firstError = diagnostics.find((diagnostic) => diagnostic.severity === 'error');
  if (report === null) {
    const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 'error').map((diagnostic) => `${diagnostic.code}: ${diagnostic.message}`);
    return { ...base, status: 'failed', message: errors.length > 0 ? errors.join('; ') : 'the trial produced no report' };
  }
  const summary = report.summary;
  switch (summary.stopReason) {
    case 'pruned':
      return { ...base, status: 'pruned', prunedAtEpoch: summary.stopEpoch, message: summary.stopMessage };
    case 'diverged':
      return { ...base, status: 'diverged', message: firstError?.message ?? summary.stopMessage };
    case 'interrupted':
      return { ...base, status: 'interrupted', message: summary.stopMessage };
    default:
      return { ...base, status: 'completed' };
  }
}

/** A trial that did not run to a result: `failed` (an exception, a worker that died) or `interrupted`. */
export function trialWithoutResult(trial: { id: string; setting: number; seed: number }, status: 'failed' | 'interrupted', message: string): TrialResult {
  return { id: trial.id, setting: trial.setting, seed: trial.seed, status, report: null, prunedAtEpoch: null, message };
}
