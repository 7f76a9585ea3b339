/**
 * The study report: every trial of a study (its seed, status and full training report) and,
 * per setting, the mean and 95% confidence interval of each figure over its completed trials;
 * the best setting by validation and the paired comparisons with the control. `nnspec study
 * --json FILE` writes exactly this shape; docs/report.md, "Study reports", documents each field.
 */
import { z } from 'zod';
import { irValueSchema } from '../../ir/schema.js';
import { irPruneSchema } from '../../ir/study-plan.js';
import { trainingReportSchema } from '../report-schema.js';

/** The study report format's version. */
export const STUDY_REPORT_VERSION = 1;

/**
 * How a trial ended. `completed`: it trained to its own stop (early stopping or its last epoch);
 * `pruned`: the median rule stopped it; `diverged`: its loss became NaN or infinite;
 * `interrupted`: Ctrl-C stopped it (or the study stopped before it started); `failed`: an error other than divergence.
 */
export const trialStatusSchema = z.enum(['completed', 'pruned', 'diverged', 'interrupted', 'failed']);

/** One trial's result, as the study runner writes it (one file per trial). */
export const trialResultSchema = z.object({
  /** The trial's id, `s03-seed5` (studyTrials in src/ir/study-plan.ts). */
  id: z.string(),
  /** The index of its setting. */
  setting: z.number().int().nonnegative(),
  seed: z.number().int().nonnegative(),
  status: trialStatusSchema,
  /** The full training report (what `nnspec train --json` writes); null when the trial produced none: `failed`, or `interrupted` before it started. */
  report: trainingReportSchema.nullable(),
  /** The epoch at which the median rule stopped it; null unless `pruned`. */
  prunedAtEpoch: z.number().int().nonnegative().nullable(),
  /** Why it was pruned, diverged, interrupted or failed, in one sentence; null for `completed`. */
  message: z.string().nullable(),
});

/** Mean, sample standard deviation and 95% CI (Student's t) of one figure; see statistics.ts. */
export const figureStatsSchema = z.object({
  n: z.number().int().nonnegative(),
  mean: z.number().nullable(),
  std: z.number().nullable(),
  ci95: z.tuple([z.number(), z.number()]).nullable(),
  halfWidth: z.number().nullable(),
});

/** A median over trials, and over how many of them (the overfitting onset is not seen in every trial). */
export const medianStatsSchema = z.object({
  /** The completed trials it could come from. */
  n: z.number().int().nonnegative(),
  /** The completed trials that have it (an onset was seen). */
  seen: z.number().int().nonnegative(),
  /** The median over those; null when none has it. */
  median: z.number().nullable(),
});

export const trialCountsSchema = z.object({
  total: z.number().int().nonnegative(),
  completed: z.number().int().nonnegative(),
  pruned: z.number().int().nonnegative(),
  diverged: z.number().int().nonnegative(),
  interrupted: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
});

/** A setting's figures, over its completed trials only (pruned, diverged, interrupted and failed ones are counted, never averaged). */
export const settingSummarySchema = z.object({
  counts: trialCountsSchema,
  /** The epoch whose weights the final model has (mean). */
  bestEpoch: figureStatsSchema,
  /** The monitored value at the best epoch (`summary.bestValue`), or the final model's validation value when the monitor is not a validation one: what `best` ranks by. */
  monitored: figureStatsSchema,
  /** The final model's clean training loss (`summary.train.loss`, inference mode). */
  trainLoss: figureStatsSchema,
  validationLoss: figureStatsSchema,
  testLoss: figureStatsSchema,
  /** Validation minus clean training loss of the final model. */
  valGap: figureStatsSchema,
  /** Test minus clean training loss of the final model (`summary.testMinusTrainGap`). */
  testGap: figureStatsSchema,
  /** The study's `metric` on the test split. */
  testMetric: figureStatsSchema,
  overfittingOnset: medianStatsSchema,
  epochsRun: figureStatsSchema,
  stopEpoch: figureStatsSchema,
  seconds: figureStatsSchema,
});

export const studySettingReportSchema = z.object({
  index: z.number().int().nonnegative(),
  values: z.record(z.string(), irValueSchema),
  label: z.string(),
  /** Its trials in seed order, one per seed that has a result. */
  trials: z.array(trialResultSchema),
  summary: settingSummarySchema,
});

/** The best setting: the best mean monitored value on validation (never test). */
export const bestSettingSchema = z.object({
  setting: z.number().int().nonnegative(),
  label: z.string(),
  /** The validation quantity ranked: the monitor (`val_loss`, `val_accuracy`), or `val_loss` without early stopping. */
  by: z.string(),
  mode: z.enum(['min', 'max']),
  value: figureStatsSchema,
});

/** One setting against the control (setting 0), over the seeds where both completed. */
export const pairedComparisonSchema = z.object({
  setting: z.number().int().nonnegative(),
  label: z.string(),
  control: z.number().int().nonnegative(),
  /** The seeds where both trials completed. */
  seeds: z.array(z.number().int().nonnegative()),
  /** Mean of (this setting's test gap - the control's) over the paired seeds, with its CI. */
  testGap: figureStatsSchema,
  valGap: figureStatsSchema,
  testMetric: figureStatsSchema,
  /** The comparison in words: "rate = 0.5 shrinks the test-train gap by 0.041 ± 0.012 against rate = 0 (5 paired seeds)". */
  sentence: z.string(),
  /** The validation gap and the test metric in words: "validation gap: shrinks by 0.030 ± 0.010; test accuracy: rises by 0.004 ± 0.020, no clear difference". */
  details: z.string(),
});

export const studyReportSchema = z.object({
  format: z.literal('nnspec-study-report'),
  version: z.literal(STUDY_REPORT_VERSION),
  /** The spec file, as the user named it. */
  spec: z.string(),
  /** The study's name. */
  study: z.string(),
  /** The model the study trains. */
  model: z.string(),
  kind: z.enum(['grid', 'random']),
  params: z.array(z.string()),
  seeds: z.array(z.number().int().nonnegative()),
  prune: irPruneSchema.nullable(),
  /** The figure `testMetric` holds (the run's headline metric, `accuracy`); null when the loss is the only figure. */
  metric: z.string().nullable(),
  settings: z.array(studySettingReportSchema),
  /** Null when no setting has a completed trial with a validation value. */
  best: bestSettingSchema.nullable(),
  /** Every setting but the control, in order. */
  comparisons: z.array(pairedComparisonSchema),
  /** The seconds of every trial with a report, pruned, diverged and interrupted ones included. */
  seconds: z.number().nonnegative(),
});

export type TrialStatus = z.infer<typeof trialStatusSchema>;
export type TrialResult = z.infer<typeof trialResultSchema>;
export type FigureStatsJson = z.infer<typeof figureStatsSchema>;
export type MedianStats = z.infer<typeof medianStatsSchema>;
export type TrialCounts = z.infer<typeof trialCountsSchema>;
export type SettingSummary = z.infer<typeof settingSummarySchema>;
export type StudySettingReport = z.infer<typeof studySettingReportSchema>;
export type BestSetting = z.infer<typeof bestSettingSchema>;
export type PairedComparison = z.infer<typeof pairedComparisonSchema>;
export type StudyReport = z.infer<typeof studyReportSchema>;

/** The study report as `--json` writes it, validated against its schema (a failure is a bug). */
export function toStudyReportJson(report: StudyReport): StudyReport {
  return studyReportSchema.parse(report);
}
