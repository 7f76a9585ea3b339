/**
 * Lowers a checked study to a study plan (./study-plan.ts): each setting's checked program
 * lowered to the IR document of the model the study varies, with the train block's seed kept
 * as the split seed so every trial trains on the same split.
 */
import { DOCUMENT_START, type Diagnostic, type StageResult } from '../diagnostics/diagnostic.js';
import type { CheckedProgram, CheckedStudy } from '../check/program.js';
import type { CatalogueView } from '../catalogue/types.js';
import { TRAINING_CODE } from '../diagnostics/codes/training-codes.js';
import { lower } from './lower.js';
import { STUDY_PLAN_VERSION, studyPlanSchema, type StudyPlan, type StudySetting } from '../ir/study-plan.js';

/** Which study to lower: by name; the file's only study when left out. */
export interface LowerStudyOptions {
  name?: string;
  /** The catalogue the program was checked with; the default catalogue when left out. */
  catalogue?: CatalogueView;
}

/**
 * Picks a study of a checked program and lowers it. A missing or ambiguous name is an error
 * diagnostic at the start of the file (the CLI says it as `--name`); a study the checker could
 * not finish has already been reported and gives no plan.
 */
export function lowerStudy(program: CheckedProgram, options: LowerStudyOptions = {}): StageResult<StudyPlan | undefined> {
  const picked = pickStudy(program.studies, options.name);
  if ('error' in picked) return { value: undefined, diagnostics: [picked.error] };
  const study = picked.study;
  if (!study.complete) return { value: undefined, diagnostics: [] };
  const diagnostics: Diagnostic[] = [];
  const settings: StudySetting[] = [];
  for (const setting of study.settings) {
    const lowered = lower(setting.program!, { model: study.model, ...(options.catalogue ? { catalogue: options.catalogue } : {}) });
    diagnostics.push(...lowered.diagnostics);
    const document = lowered.value[0];
    if (!document?.training) return { value: undefined, diagnostics };
    settings.push({
      index: setting.index,
      values: setting.values,
      label: setting.label,
      document: { ...document, training: { ...document.training, splitSeed: document.training.seed } },
    });
  }
  const plan: StudyPlan = {
    format: 'nnspec-study-plan',
    version: STUDY_PLAN_VERSION,
    name: study.name,
    model: study.model,
    kind: study.kind,
    params: study.params,
    settings,
    seeds: study.seeds,
    prune: study.prune,
  };
  // Every document was validated by `lower` (against the given catalogue); the plan's own check
  // uses the default one, so a custom catalogue's plan is returned as built.
  return { value: options.catalogue ? plan : studyPlanSchema.parse(plan), diagnostics };
}

function pickStudy(studies: readonly CheckedStudy[], name: string | undefined): { study: CheckedStudy } | { error: Diagnostic } {
  const names = studies.map((study) => `\`${study.name}\``).join(', ');
  if (name !== undefined) {
    const study = studies.find((candidate) => candidate.name === name);
    if (study) return { study };
    return {
      error: {
        code: TRAINING_CODE.nothingToLower,
        severity: 'error',
        message: `no study \`${name}\` in the spec`,
        range: DOCUMENT_START,
        help: studies.length > 0 ? `studies: ${names}` : 'declare one: `study NAME { grid: { ... } }`',
      },
    };
  }
  if (studies.length === 1) return { study: studies[0]! };
  return {
    error: {
      code: TRAINING_CODE.nothingToLower,
      severity: 'error',
      message: studies.length === 0 ? 'the spec declares no study' : `the spec declares ${studies.length} studies; say which one`,
      range: DOCUMENT_START,
      help: studies.length === 0 ? 'declare one: `study NAME { grid: { param: [values] } }`' : `pick one with \`--name\`: ${names}`,
    },
  };
}
