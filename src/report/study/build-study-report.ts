/**
 * Builds the study report from a study plan and its trials' results: the trials grouped by
 * setting, each setting's figures over its completed trials, the best setting by validation,
 * and the paired comparisons with the control. Pure; the CLI writes the result as `--json`.
 */
import type { StudyPlan } from '../../ir/study-plan.js';
import type { BestSetting, SettingSummary, StudyReport, StudySettingReport, TrialCounts, TrialResult } from './study-report-schema.js';
import { STUDY_REPORT_VERSION } from './study-report-schema.js';
import { describeValues, median, type FigureStats } from './statistics.js';
import { rankingOf, studyMetricOf, trialFigures, type Ranking, type TrialFigures } from './trial-figures.js';
import { comparePaired } from './paired-comparison.js';

/** Options for {@link buildStudyReport}. */
export interface BuildStudyReportOptions {
  /** The spec file as the user named it. */
  spec: string;
}

/**
 * The study report of `plan` and the results of its trials so far (any order; a trial not yet
 * run is simply absent). Throws only on a bug: a result for a setting or seed the plan does not
 * have, or two results for one trial.
 */
export function buildStudyReport(plan: StudyPlan, trials: readonly TrialResult[], options: BuildStudyReportOptions): StudyReport {
  const first = plan.settings[0]!.document;
  const metric = studyMetricOf(first);
  const ranking = rankingOf(first);
  const seedOrder = new Map(plan.seeds.map((seed, position) => [seed, position]));
  const seen = new Set<string>();
  for (const trial of trials) {
    if (!plan.settings.some((setting) => setting.index === trial.setting))
      throw new Error(`nnspec study: trial ${trial.id} is of setting ${trial.setting}, which the plan does not have`);
    if (!seedOrder.has(trial.seed)) throw new Error(`nnspec study: trial ${trial.id} has seed ${trial.seed}, which the plan does not have`);
    const key = `${trial.setting}/${trial.seed}`;
    if (seen.has(key)) throw new Error(`nnspec study: two results for setting ${trial.setting}, seed ${trial.seed}`);
    seen.add(key);
  }
  // Each setting's completed trials' figures by seed: the means and the pairing both read them.
  const completed = new Map<number, Map<number, TrialFigures>>();
  const settings: StudySettingReport[] = plan.settings.map((setting) => {
    const own = trials.filter((trial) => trial.setting === setting.index).sort((a, b) => seedOrder.get(a.seed)! - seedOrder.get(b.seed)!);
    const bySeed = new Map<number, TrialFigures>();
    for (const trial of own) if (trial.status === 'completed' && trial.report !== null) bySeed.set(trial.seed, trialFigures(trial.report, metric, ranking));
    completed.set(setting.index, bySeed);
    return { index: setting.index, values: setting.values, label: setting.label, trials: own, summary: summarize(own, [...bySeed.values()]) };
  });
  const control = settings[0]!;
  const comparisons = settings
    .slice(1)
    .map((setting) =>
      comparePaired(
        { index: setting.index, label: setting.label, bySeed: completed.get(setting.index)! },
        { index: control.index, label: control.label, bySeed: completed.get(control.index)! },
        plan.seeds,
        metric,
      ),
    );
  return {
    format: 'nnspec-study-report',
    version: STUDY_REPORT_VERSION,
    spec: options.spec,
    study: plan.name,
    model: plan.model,
    kind: plan.kind,
    params: plan.params,
    seeds: plan.seeds,
    prune: plan.prune,
    metric,
    settings,
    best: bestSetting(settings, ranking),
    comparisons,
    seconds: trials.reduce((sum, trial) => sum + (trial.report?.summary.seconds ?? 0), 0),
  };
}

/** A setting's counts and figures; only completed trials enter the figures. */
function summarize(trials: readonly TrialResult[], figures: readonly TrialFigures[]): SettingSummary {
  const counts: TrialCounts = { total: trials.length, completed: 0, pruned: 0, diverged: 0, interrupted: 0, failed: 0 };
  for (const trial of trials) counts[trial.status]++;
  const stats = (figure: Exclude<keyof TrialFigures, 'overfittingOnset'>): FigureStats =>
    describeValues(figures.map((entry) => entry[figure]).filter((value): value is number => value !== null));
  const onsets = figures.map((entry) => entry.overfittingOnset).filter((value): value is number => value !== null);
  return {
    counts,
    bestEpoch: stats('bestEpoch'),
    monitored: stats('monitored'),
    trainLoss: stats('trainLoss'),
    validationLoss: stats('validationLoss'),
    testLoss: stats('testLoss'),
    valGap: stats('valGap'),
    testGap: stats('testGap'),
    testMetric: stats('testMetric'),
    overfittingOnset: { n: figures.length, seen: onsets.length, median: median(onsets) },
    epochsRun: stats('epochsRun'),
    stopEpoch: stats('stopEpoch'),
    seconds: stats('seconds'),
  };
}

/** The setting with the best mean monitored validation value (the first of equals); null when none has one. */
function bestSetting(settings: readonly StudySettingReport[], ranking: Ranking): BestSetting | null {
  let best: StudySettingReport | null = null;
  for (const setting of settings) {
    const value = setting.summary.monitored.mean;
    if (value === null) continue;
    const current = best?.summary.monitored.mean ?? null;
    if (current === null || (ranking.mode === 'min' ? value < current : value > current)) best = setting;
  }
  return best === null ? null : { setting: best.index, label: best.label, by: ranking.by, mode: ranking.mode, value: best.summary.monitored };
}
