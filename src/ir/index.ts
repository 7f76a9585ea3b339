/** The IR: its schema, lowering from a checked program, and validation of documents read back. */
export * from './schema.js';
export { lower } from './lower.js';
export type { LowerOptions } from './lower.js';
export { validateIr, formatIrPath } from './validate.js';
export { stoppingRuleProblems } from './stopping-rule-ir.js';
export type { RuleProblem } from './stopping-rule-ir.js';
export { STUDY_PLAN_VERSION, irPruneSchema, studySettingSchema, studyPlanSchema, studyTrials, trialDocument, formatStudyValue } from './study-plan.js';
export type { IrPrune, StudySetting, StudyPlan, StudyTrial } from './study-plan.js';
export { lowerStudy } from './lower-study.js';
export type { LowerStudyOptions } from './lower-study.js';
