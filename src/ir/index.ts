/** The IR contract: its schema (typed by the catalogue), validation of documents, and study plans. Lowering is src/lower. */
export * from './schema.js';
export { irDocumentSchema, irDocumentSchemaFor } from './document-schema.js';
export { irParamSchema, paramsSchema, callSchemas, defaultCallSchemas } from './param-schemas.js';
export type { CallSchemas } from './param-schemas.js';
export { graphProblems } from './graph-checks.js';
export type { IrProblem } from './graph-checks.js';
export { validateIr, formatIrPath } from './validate.js';
export { booleanParam, nullableNumberParam, numberParam, stringParam } from './read-params.js';
export type { ParamsHolder } from './read-params.js';
export type { ValidateIrOptions } from './validate.js';
export { STUDY_PLAN_VERSION, irPruneSchema, studySettingSchema, studyPlanSchema, studyTrials, trialDocument, formatStudyValue } from './study-plan.js';
export type { IrPrune, StudySetting, StudyPlan, StudyTrial } from './study-plan.js';
