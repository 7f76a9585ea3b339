/**
 * What the worker does for "Run study": the spec's study lowered as `nnspec study` lowers it, its
 * data loaded once (`loadStudyDataWith`), then its trials one after the other in run order, each
 * trained by `runTraining` like a trial of `nnspec study --jobs 1`, with the median pruning rule
 * on the same board. After every trial the study report so far is posted; at the end, the whole.
 */
import { studyTrials, trialDocument, type StudyPlan } from '../../../src/ir/study-plan.js';
import { buildStudyReport } from '../../../src/report/study/build-study-report.js';
import type { StudyReport } from '../../../src/report/study/study-report-schema.js';
import { monitoredValue, runMonitor } from '../../../src/train/monitor.js';
import { runTraining } from '../../../src/train/runner/run-training.js';
import { PruneBoard, pruneReason } from '../../../src/train/study/prune-board.js';
import { loadStudyDataWith } from '../../../src/train/study/study-data.js';
import { trialResultOf, trialWithoutResult, type TrialResult } from '../../../src/train/study/trial-result.js';
import { compileStudy, PLAYGROUND_SPEC_NAME, shownDiagnostics } from './compile-spec.js';
import { holdIfPaused, type WorkerHost } from './train-core.js';

/**
 * Runs the spec's study and posts its progress (`study-start`, `trial-start`, `trial-epoch`,
 * `study-progress`, `study-done`), or `problems` when the spec, the study or its data has
 * errors. Stop ends the running trial as `interrupted` and starts no other. Returns the report.
 */
export async function runSpecStudy(text: string, host: WorkerHost): Promise<StudyReport | undefined> {
  const compiled = compileStudy(text);
  if ('problems' in compiled) {
    host.post({ kind: 'problems', diagnostics: compiled.problems });
    return undefined;
  }
  const plan: StudyPlan = compiled.plan;
  const loaded = await loadStudyDataWith(plan, { baseDir: '.', specText: text, loadData: host.loadData });
  if (!loaded.value) {
    host.post({ kind: 'problems', diagnostics: shownDiagnostics(loaded.diagnostics) });
    return undefined;
  }
  const data = loaded.value;
  const trials = studyTrials(plan);
  const dataOf = (setting: number) => data.byKey.get(data.keyOfSetting[setting]!)!;
  const monitors = trials.map((trial) =>
    runMonitor(plan.settings[trial.setting]!.document.training?.earlyStopping, dataOf(trial.setting).validation.count > 0),
  );
  const board = plan.prune ? new PruneBoard(monitors) : undefined;
  host.post({
    kind: 'study-start',
    name: plan.name,
    settings: plan.settings.map((setting) => setting.label),
    trials: trials.length,
    epochs: plan.settings[0]!.document.training?.epochs ?? 0,
  });
  const results: TrialResult[] = [];
  const report = () => buildStudyReport(plan, results, { spec: PLAYGROUND_SPEC_NAME });
  for (const trial of trials) {
    if (host.control.shouldStop()) break;
    host.post({ kind: 'trial-start', index: trial.index, id: trial.id, setting: trial.setting, seed: trial.seed });
    const monitor = monitors[trial.index]!;
    const pruneAfter = plan.prune?.after;
    let result: TrialResult;
    try {
      const run = await runTraining(trialDocument(plan, trial), {
        baseDir: '.',
        specName: PLAYGROUND_SPEC_NAME,
        specText: text,
        backend: 'wasm',
        threads: 1,
        loadData: async () => ({ value: dataOf(trial.setting), diagnostics: [] }),
        shouldStop: () => host.control.shouldStop(),
        onEpoch: (record) => {
          if (board && !record.partial) board.record(trial.index, record.epoch, monitoredValue(record, monitor.monitor));
          host.post({ kind: 'trial-epoch', index: trial.index, setting: trial.setting, record });
        },
        afterEpoch: async (record) => {
          await holdIfPaused(host);
          if (!board || pruneAfter === undefined || record.epoch < pruneAfter) return false;
          // Every earlier trial has ended (they run one after the other): the board answers at once.
          const decision = board.decide(trial.index, record.epoch);
          if (!decision?.prune) return false;
          return pruneReason(decision, monitor.monitor);
        },
      });
      run.value?.model.dispose();
      result = trialResultOf(trial, run.value?.report ?? null, run.diagnostics);
    } catch (error) {
      result = trialWithoutResult(trial, 'failed', error instanceof Error ? error.message : String(error));
    }
    board?.end(trial.index, result.status === 'interrupted');
    results.push(result);
    host.post({ kind: 'study-progress', report: report(), done: results.length, total: trials.length });
  }
  const final = report();
  host.post({ kind: 'study-done', report: final, interrupted: results.length < trials.length || results.some((result) => result.status === 'interrupted') });
  return final;
}
