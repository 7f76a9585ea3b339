/**
 * A study, lowered: the concrete settings it trains (every grid combination, or the sampled
 * random settings), each as a complete IR document, and the seeds each setting is trained with.
 * The checker has checked every setting; runners read only this.
 */
import { z } from 'zod';
import { irValueSchema, type IrDocument, type IrValue } from './schema.js';
import { irDocumentSchema } from './document-schema.js';

/** The format version of a study plan (and of the manifest a study run keeps). */
export const STUDY_PLAN_VERSION = 1;

/** The median stopping rule: see docs/studies.md, "Pruning". */
export const irPruneSchema = z.object({
  rule: z.literal('median'),
  /** The first epoch at which a trial may be pruned (1-based). */
  after: z.number().int().positive(),
});

export const studySettingSchema = z.object({
  /** 0-based, in grid order (the first list's values vary slowest) or sampling order. */
  index: z.number().int().nonnegative(),
  /** The varied params' values, by param name, in the study's param order. */
  values: z.record(z.string(), irValueSchema),
  /** The values in words, as the spec writes them: `rate = 0.5`, `rate = 0.5, units = 128`. */
  label: z.string(),
  /**
   * The document this setting trains: `training.seed` is the train block's seed and
   * `training.splitSeed` is set to it; each trial replaces `seed` with its own.
   */
  document: irDocumentSchema,
});

export const studyPlanSchema = z.object({
  format: z.literal('nnspec-study-plan'),
  version: z.literal(STUDY_PLAN_VERSION),
  /** The study's name. */
  name: z.string().min(1),
  /** The model whose train declaration the study varies. */
  model: z.string().min(1),
  /** `grid` or `random`. */
  kind: z.enum(['grid', 'random']),
  /** The varied params, in the order the study lists them. */
  params: z.array(z.string().min(1)),
  settings: z.array(studySettingSchema).min(1),
  /** The seeds every setting is trained with (paired across settings), in order. */
  seeds: z.array(z.number().int().nonnegative()).min(1),
  prune: irPruneSchema.nullable(),
});

export type IrPrune = z.infer<typeof irPruneSchema>;
export type StudySetting = z.infer<typeof studySettingSchema>;
export type StudyPlan = z.infer<typeof studyPlanSchema>;

/** One trial: a setting trained with one seed. */
export interface StudyTrial {
  /** 0-based position in run order (seed-major: every setting with the first seed, then the next seed). */
  index: number;
  setting: number;
  seed: number;
  /** Stable file-name-safe id: `s03-seed5` (setting index zero-padded to the settings' width). */
  id: string;
}

/**
 * The trials of a plan in run order: seed-major, so the first trials cover every setting once
 * (early results compare settings) and the median pruning rule sees every setting early.
 */
export function studyTrials(plan: Pick<StudyPlan, 'settings' | 'seeds'>): StudyTrial[] {
  const width = String(Math.max(0, plan.settings.length - 1)).length;
  const trials: StudyTrial[] = [];
  for (const seed of plan.seeds) {
    for (const setting of plan.settings) {
      trials.push({ index: trials.length, setting: setting.index, seed, id: `s${String(setting.index).padStart(width, '0')}-seed${seed}` });
    }
  }
  return trials;
}

/** The document trial `trial` trains: its setting's, with the trial's seed (the split keeps the block's). */
export function trialDocument(plan: Pick<StudyPlan, 'settings'>, trial: Pick<StudyTrial, 'setting' | 'seed'>): IrDocument {
  const setting = plan.settings[trial.setting];
  if (!setting) throw new Error(`nnspec study: no setting ${trial.setting}`);
  const training = setting.document.training;
  if (!training) throw new Error('nnspec study: a setting document has no training');
  return { ...setting.document, training: { ...training, seed: trial.seed, splitSeed: training.splitSeed ?? training.seed } };
}

/** A value as the spec would write it, for labels (`0.5`, `relu`, `gl(alpha: 2)`, `[1, 2]`). */
export function formatStudyValue(value: IrValue): string {
  if (value === null) return 'none';
  if (Array.isArray(value)) return `[${value.map(formatStudyValue).join(', ')}]`;
  if (typeof value === 'object') {
    const type = typeof value.type === 'string' ? value.type : undefined;
    const params = type !== undefined && value.params !== null && typeof value.params === 'object' && !Array.isArray(value.params) ? value.params : undefined;
    if (type !== undefined && params !== undefined) {
      const args = Object.entries(params).map(([key, inner]) => `${key}: ${formatStudyValue(inner)}`);
      return args.length > 0 ? `${type}(${args.join(', ')})` : type;
    }
    return `{ ${Object.entries(value)
      .map(([key, inner]) => `${key}: ${formatStudyValue(inner)}`)
      .join(', ')} }`;
  }
  if (typeof value === 'string') return value;
  return String(value);
}
